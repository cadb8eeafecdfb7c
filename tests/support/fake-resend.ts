// A local HTTP server that speaks the part of Resend's API the worker uses (POST /emails/batch and /emails),
// for tests and the email.drain benchmark. It keeps Idempotency-Key like Resend does (a repeated key gets the
// first answer and sends nothing), enforces a request rate, and can be told to answer the next requests with a
// 429 + Retry-After, a 500, or a dropped connection (before or after it has taken the emails).
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export type Fault =
  | { kind: "429"; retryAfterSeconds: number }
  | { kind: "500" }
  /** The connection closes before the server takes anything. */
  | { kind: "drop" }
  /** The server takes the emails, then the connection closes before the answer: the client cannot know. */
  | { kind: "dropAfter" };

export interface ReceivedRequest {
  at: number;
  path: string;
  idempotencyKey: string | null;
  emails: number;
  status: number | "dropped";
}

export interface FakeResendOptions {
  /** Requests per second allowed; Resend's default is 2. */
  ratePerSecond?: number;
  /** Time source for the rate limit and the record (tests pass the worker's clock). */
  now?: () => number;
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

const validAddress = /^[^@\s<>]+@[^@\s<>]+\.[^@\s<>]+$/;

export class FakeResend {
  readonly requests: ReceivedRequest[] = [];
  /** Every email taken, in order. */
  readonly delivered: ApiEmail[] = [];
  private readonly answered = new Map<string, { status: number; body: string }>();
  private readonly faults: Fault[] = [];
  private readonly server: Server;
  private readonly now: () => number;
  private readonly rate: number;
  private tokens: number;
  private refilledAt: number;
  private nextId = 1;
  url = "";

  constructor(options: FakeResendOptions = {}) {
    this.now = options.now ?? Date.now;
    this.rate = options.ratePerSecond ?? 2;
    this.tokens = this.rate;
    this.refilledAt = this.now();
    this.server = createServer((req, res) => {
      void this.handle(req).then((answer) => {
        if (answer === "drop") {
          req.socket.destroy();
          return;
        }
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

  private takeToken(): boolean {
    const now = this.now();
    this.tokens = Math.min(this.rate, this.tokens + ((now - this.refilledAt) / 1000) * this.rate);
    this.refilledAt = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }

  private async handle(
    req: IncomingMessage,
  ): Promise<"drop" | { status: number; body: string; headers?: Record<string, string> }> {
    const raw = await readBody(req);
    const path = req.url ?? "";
    const key = header(req, "idempotency-key");
    const record = (status: number | "dropped", emails: number) =>
      this.requests.push({ at: this.now(), path, idempotencyKey: key, emails, status });
    if (req.method !== "POST" || (path !== "/emails" && path !== "/emails/batch")) {
      record(404, 0);
      return json(404, { statusCode: 404, name: "not_found", message: "Not found" });
    }
    if (!header(req, "authorization")?.startsWith("Bearer ")) {
      record(401, 0);
      return json(401, { statusCode: 401, name: "missing_api_key", message: "Missing API key" });
    }
    if (!this.takeToken()) {
      record(429, 0);
      return json(
        429,
        { statusCode: 429, name: "rate_limit_exceeded", message: "Too many requests" },
        { "retry-after": "1" },
      );
    }
    const fault = this.faults.shift();
    if (fault?.kind === "drop") {
      record("dropped", 0);
      return "drop";
    }
    if (fault?.kind === "429") {
      record(429, 0);
      return json(
        429,
        { statusCode: 429, name: "rate_limit_exceeded", message: "Too many requests" },
        { "retry-after": String(fault.retryAfterSeconds) },
      );
    }
    if (fault?.kind === "500") {
      record(500, 0);
      return json(500, { statusCode: 500, name: "internal_server_error", message: "Internal error" });
    }
    if (key) {
      const earlier = this.answered.get(key);
      if (earlier) {
        record(earlier.status, 0);
        return { status: earlier.status, body: earlier.body };
      }
    }
    const parsed: unknown = JSON.parse(raw || "null");
    const batch = path === "/emails/batch";
    const emails = (batch ? parsed : [parsed]) as ApiEmail[];
    const permissive = header(req, "x-batch-validation") === "permissive";
    const ids: { id: string }[] = [];
    const errors: { index: number; message: string }[] = [];
    emails.forEach((email, index) => {
      const to = Array.isArray(email.to) ? email.to[0] : email.to;
      if (!to || !validAddress.test(to)) errors.push({ index, message: `Invalid \`to\` field: ${to}` });
    });
    let answer: { status: number; body: string };
    if (errors.length > 0 && (!batch || !permissive)) {
      answer = {
        status: 422,
        body: JSON.stringify({ statusCode: 422, name: "validation_error", message: errors[0]?.message }),
      };
    } else {
      emails.forEach((email, index) => {
        if (errors.some((e) => e.index === index)) return;
        this.delivered.push(email);
        ids.push({ id: `fake-${this.nextId++}` });
      });
      answer = {
        status: 200,
        body: JSON.stringify(batch ? (permissive ? { data: ids, errors } : { data: ids }) : ids[0]),
      };
    }
    if (key) this.answered.set(key, answer);
    record(answer.status, emails.length);
    if (fault?.kind === "dropAfter") return "drop";
    return answer;
  }
}

function header(req: IncomingMessage, name: string): string | null {
  const value = req.headers[name];
  return typeof value === "string" ? value : null;
}

function json(status: number, body: unknown, headers?: Record<string, string>) {
  return { status, body: JSON.stringify(body), headers };
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}
