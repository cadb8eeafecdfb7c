// A local HTTP server that speaks the part of Resend's API the worker uses (POST /emails/batch and /emails),
// for tests and the email.drain benchmark. It keeps Idempotency-Key the way Resend documents it: the same key
// with the same body gets the first answer and sends nothing; the same key with another body gets
// 409 invalid_idempotent_request; a key whose first request is still being processed gets
// 409 concurrent_idempotent_requests. A batch holding an address it cannot take fails as a whole with 422,
// whatever the validation mode. It enforces a request rate, and can be told to answer the next requests with a
// 429 + Retry-After, a 500, or a dropped connection (before or after it has taken the emails), or to meet such
// faults at random rates.
import { createHash } from "node:crypto";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export type Fault =
  | { kind: "429"; retryAfterSeconds: number }
  | { kind: "500" }
  /** The connection closes before the server takes anything. */
  | { kind: "drop" }
  /** The server takes the emails, then the connection closes before the answer: the client cannot know. */
  | { kind: "dropAfter" }
  /** The server takes the emails and never answers (the client is killed while it waits). */
  | { kind: "hangAfter" }
  /** The server works on the request for `ms` (its key is in flight meanwhile), then takes the emails and answers. */
  | { kind: "slow"; ms: number };

/** Faults met at random, each request drawing once (the email.drain benchmark's "provider under faults"). */
export interface RandomFaults {
  /** Share of requests answered 500 (they count against the rate limit, as Resend's do). */
  serverErrors: number;
  /** Share of connections dropped: half before the server reads the request, half after it took the emails. */
  drops: number;
  /** Share of requests answered 429 with a Retry-After of one second, beyond the rate limit's own. */
  rateLimited: number;
  random: () => number;
}

export interface ReceivedRequest {
  at: number;
  path: string;
  idempotencyKey: string | null;
  emails: number;
  status: number | "dropped";
  /** The error's name for a refused request (e.g. `invalid_idempotent_request`). */
  error?: string;
  /** sha256 of the exact body received. */
  bodyHash: string;
}

export interface FakeResendOptions {
  /** Requests per second allowed; Resend's default is 2. */
  ratePerSecond?: number;
  /** Time source for the rate limit and the record (tests pass the worker's clock). */
  now?: () => number;
  /**
   * Addresses the provider cannot take: a batch holding one is refused whole (422). The default is RFC 5321's
   * shape and lengths; tests pass a rule of the provider's that Lianxin does not know.
   */
  refusesAddress?: (to: string) => boolean;
  faults?: RandomFaults;
  /**
   * How the rate is counted: a token bucket (a burst of `ratePerSecond`, then a steady rate), or fixed
   * one-second windows as Resend's ratelimit-reset headers describe, whose 429 says how long until the next.
   */
  limiter?: "bucket" | "window";
}

interface ApiEmail {
  from?: string;
  to?: string | string[];
  subject?: string;
  html?: string;
  text?: string;
  headers?: Record<string, string>;
  attachments?: { filename?: string; content?: string }[];
}

interface Answer {
  status: number;
  body: string;
  headers?: Record<string, string>;
}

type Remembered = { bodyHash: string; answer: Answer | null };

const validAddress = /^[^@\s<>]+@[^@\s<>]+\.[^@\s<>]+$/;

export function refusedByDefault(to: string): boolean {
  const local = to.split("@")[0] ?? "";
  return !validAddress.test(to) || local.length > 64 || to.length > 254;
}

export class FakeResend {
  readonly requests: ReceivedRequest[] = [];
  /** Every email taken, in order. */
  readonly delivered: ApiEmail[] = [];
  /** Idempotency keys: the first body's hash, and its answer once it has one (null while in flight). */
  private readonly keys = new Map<string, Remembered>();
  private readonly faults: Fault[] = [];
  private readonly server: Server;
  private readonly now: () => number;
  private readonly rate: number;
  private readonly refuses: (to: string) => boolean;
  private readonly randomFaults: RandomFaults | null;
  private readonly limiter: "bucket" | "window";
  private tokens: number;
  private refilledAt: number;
  private windowStart = 0;
  private windowCount = 0;
  private nextId = 1;
  private downUntil = 0;
  url = "";

  constructor(options: FakeResendOptions = {}) {
    this.now = options.now ?? Date.now;
    this.rate = options.ratePerSecond ?? 2;
    this.refuses = options.refusesAddress ?? refusedByDefault;
    this.randomFaults = options.faults ?? null;
    this.limiter = options.limiter ?? "bucket";
    this.tokens = this.rate;
    this.refilledAt = this.now();
    this.server = createServer((req, res) => {
      void this.handle(req).then((answer) => {
        if (answer === "drop") {
          req.socket.destroy();
          return;
        }
        if (answer === "hang") return;
        res.writeHead(answer.status, { "content-type": "application/json", ...answer.headers });
        res.end(answer.body);
      });
    });
  }

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, "127.0.0.1", resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** Every request until `until` (on the server's clock) is answered 500: the provider is down. */
  outage(until: number): void {
    this.downUntil = until;
  }

  /** The next requests meet these faults, one each, in order. */
  inject(...faults: Fault[]): void {
    this.faults.push(...faults);
  }

  /** How many times each email (by its X-Lianxin-Email-Key header) was taken. */
  deliveriesByEmailKey(): Map<string, number> {
    const counts = new Map<string, number>();
    for (const email of this.delivered) {
      const key = email.headers?.["X-Lianxin-Email-Key"] ?? "";
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    return counts;
  }

  /** Whether the request is within the rate; otherwise the seconds to wait, for Retry-After. */
  private admit(): true | number {
    if (this.limiter === "bucket") return this.takeToken() || 1;
    const now = this.now();
    const start = now - (now % 1000);
    if (start !== this.windowStart) {
      this.windowStart = start;
      this.windowCount = 0;
    }
    if (this.windowCount >= this.rate) return Math.max(1, Math.ceil((start + 1000 - now) / 1000));
    this.windowCount += 1;
    return true;
  }

  private takeToken(): boolean {
    const now = this.now();
    this.tokens = Math.min(this.rate, this.tokens + ((now - this.refilledAt) / 1000) * this.rate);
    this.refilledAt = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }

  private nextFault(): Fault | undefined {
    if (this.now() < this.downUntil) return { kind: "500" };
    const injected = this.faults.shift();
    if (injected || !this.randomFaults) return injected;
    const { serverErrors, drops, rateLimited, random } = this.randomFaults;
    const draw = random();
    if (draw < serverErrors) return { kind: "500" };
    if (draw < serverErrors + drops / 2) return { kind: "drop" };
    if (draw < serverErrors + drops) return { kind: "dropAfter" };
    if (draw < serverErrors + drops + rateLimited) return { kind: "429", retryAfterSeconds: 1 };
    return undefined;
  }

  private async handle(req: IncomingMessage): Promise<"drop" | "hang" | Answer> {
    const raw = await readBody(req);
    const path = req.url ?? "";
    const key = header(req, "idempotency-key");
    const bodyHash = createHash("sha256").update(raw).digest("hex");
    const record = (status: number | "dropped", emails: number, error?: string) =>
      this.requests.push({ at: this.now(), path, idempotencyKey: key, emails, status, error, bodyHash });
    if (req.method !== "POST" || (path !== "/emails" && path !== "/emails/batch")) {
      record(404, 0, "not_found");
      return errorAnswer(404, "not_found", "Not found");
    }
    if (!header(req, "authorization")?.startsWith("Bearer ")) {
      record(401, 0, "missing_api_key");
      return errorAnswer(401, "missing_api_key", "Missing API key");
    }
    const fault = this.nextFault();
    // A connection dropped on the way never reached the API, so it counts against no limit.
    if (fault?.kind === "drop") {
      record("dropped", 0);
      return "drop";
    }
    const admitted = this.admit();
    if (admitted !== true) {
      record(429, 0, "rate_limit_exceeded");
      return errorAnswer(429, "rate_limit_exceeded", "Too many requests", {
        "retry-after": String(admitted),
      });
    }
    if (fault?.kind === "429") {
      record(429, 0, "rate_limit_exceeded");
      return errorAnswer(429, "rate_limit_exceeded", "Too many requests", {
        "retry-after": String(fault.retryAfterSeconds),
      });
    }
    if (fault?.kind === "500") {
      record(500, 0, "internal_server_error");
      return errorAnswer(500, "internal_server_error", "Internal error");
    }
    if (key) {
      const earlier = this.keys.get(key);
      if (earlier && earlier.bodyHash !== bodyHash) {
        record(409, 0, "invalid_idempotent_request");
        return errorAnswer(
          409,
          "invalid_idempotent_request",
          "This idempotency key has already been used on a request that had a different payload. Retrying this request is useless without changing the idempotency key or payload.",
        );
      }
      if (earlier && !earlier.answer) {
        record(409, 0, "concurrent_idempotent_requests");
        return errorAnswer(
          409,
          "concurrent_idempotent_requests",
          "Same idempotency key used while original request is still in progress. Try the request again later.",
        );
      }
      if (earlier?.answer) {
        record(earlier.answer.status, 0);
        return earlier.answer;
      }
      this.keys.set(key, { bodyHash, answer: null });
    }
    if (fault?.kind === "slow") await new Promise((resolve) => setTimeout(resolve, fault.ms));
    const answer = this.process(path === "/emails/batch", raw, header(req, "x-batch-validation"));
    if (key) this.keys.set(key, { bodyHash, answer: answer.result });
    record(answer.result.status, answer.emails, answer.error);
    if (fault?.kind === "dropAfter") return "drop";
    if (fault?.kind === "hangAfter") return "hang";
    return answer.result;
  }

  /** Takes the emails of one request, or refuses it whole. */
  private process(batch: boolean, raw: string, validation: string | null) {
    const parsed: unknown = JSON.parse(raw || "null");
    const emails = (batch ? parsed : [parsed]) as ApiEmail[];
    const permissive = batch && validation === "permissive";
    const refused = emails.find((email) => this.refuses(recipient(email)));
    if (refused) {
      const error = "validation_error";
      const message = `Invalid \`to\` field. The email address needs to follow the \`email@example.com\` or \`Name <email@example.com>\` format. Received: ${recipient(refused)}`;
      return { result: errorAnswer(422, error, message), emails: emails.length, error };
    }
    const errors: { index: number; message: string }[] = [];
    emails.forEach((email, index) => {
      if (!email.subject) errors.push({ index, message: "Missing `subject` field." });
    });
    if (errors.length > 0 && !permissive) {
      const error = "missing_required_field";
      return { result: errorAnswer(422, error, errors[0]!.message), emails: emails.length, error };
    }
    const ids: { id: string }[] = [];
    emails.forEach((email, index) => {
      if (errors.some((e) => e.index === index)) return;
      this.delivered.push(email);
      ids.push({ id: `fake-${this.nextId++}` });
    });
    const body = batch ? (permissive ? { data: ids, errors } : { data: ids }) : ids[0];
    return { result: { status: 200, body: JSON.stringify(body) }, emails: emails.length };
  }
}

function recipient(email: ApiEmail): string {
  return (Array.isArray(email.to) ? email.to[0] : email.to) ?? "";
}

function header(req: IncomingMessage, name: string): string | null {
  const value = req.headers[name];
  return typeof value === "string" ? value : null;
}

function errorAnswer(
  status: number,
  name: string,
  message: string,
  headers?: Record<string, string>,
): Answer {
  return { status, body: JSON.stringify({ statusCode: status, name, message }), headers };
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}
