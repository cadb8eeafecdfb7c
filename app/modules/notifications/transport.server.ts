// Where the worker hands emails over: Resend (batch endpoint, Idempotency-Key per request) when RESEND_API_KEY
// is set, else the app itself: each recipient's messages, whole, and the local mailbox that staff read at
// /admin/mailbox, masked (decision 015). A transport first encodes a request (the bytes the worker freezes
// under its key), then sends those bytes, as often as needed; each answers in the same terms, so the worker's
// retry rules do not depend on which one it has.
import { Resend } from "resend";
import { z } from "zod";
import { getDatabase, schema, type Database } from "#db/client.server";
import type { EmailAttachment } from "#db/schema/email";
import type { EncodedRequest } from "./requests.server";

export interface OutgoingEmail {
  /** The outbox row's key. */
  key: string;
  from: string;
  to: string;
  replyTo?: string;
  subject: string;
  html: string;
  text: string;
  headers: Record<string, string>;
  attachments?: EmailAttachment[];
  /** The recipient's account (the outbox row's `userId`): their messages get the whole email. */
  recipientId: number | null;
  /** What staff may see of it: subject, bodies and headers with every secret masked (made on demand). */
  masked(): { subject: string; html: string; text: string; headers: Record<string, string> };
}

export type EmailResult = { ok: true; providerId: string | null } | { ok: false; error: string };

export type DeliveryOutcome =
  /** The request was taken; `results` lines up with the emails sent (one may be refused on its own). */
  | { kind: "accepted"; results: EmailResult[] }
  | { kind: "rateLimited"; retryAfterMs: number | null; error: string }
  /** Worth trying again under the same key: a 5xx, a timeout, or a dropped connection (`dropped`). */
  | { kind: "transient"; error: string; dropped: boolean }
  /** 409 concurrent_idempotent_requests: the first request under this key is still being worked on. */
  | { kind: "inFlight"; error: string }
  /**
   * 409 invalid_idempotent_request: the provider already took a request under this key with another body.
   * Whatever it sent then went out; trying again is useless.
   */
  | { kind: "keyTaken"; error: string }
  /** 422 for the request as a whole (one address it cannot take fails the batch): split it to find the row. */
  | { kind: "invalid"; error: string }
  /** Refused for good (another 4xx): trying again would get the same answer. */
  | { kind: "rejected"; error: string }
  /**
   * Not now for these recipients (a provider's limit per number): the rows wait `retryAfterMs` without using
   * an attempt, and the channel's other messages go on.
   */
  | { kind: "deferred"; retryAfterMs: number; error: string }
  /** The account cannot send (balance exhausted): the rows wait, and the channel pauses until staff resume it. */
  | { kind: "paused"; error: string };

/** What the provider's own record says of a request that may have left: sent, certainly not, or unknown (null). */
export type Confirmation = { sent: true; providerIds: (string | null)[] } | { sent: false } | null;

/** Where a channel's worker hands its messages over (`M`: an email, a text). */
export interface Transport<M> {
  name: string;
  /** Whether the worker must keep to the configured request rate. */
  rateLimited: boolean;
  /** One request for these messages: the bytes frozen under its key and sent, as often as needed. */
  encode(messages: M[]): EncodedRequest;
  send(request: EncodedRequest, idempotencyKey: string): Promise<DeliveryOutcome>;
  /** How many messages a request carries. */
  size(request: EncodedRequest): number;
  /** The request's two halves, the same messages in the same order and bytes; null for a single one. */
  split(request: EncodedRequest): [EncodedRequest, EncodedRequest] | null;
  /**
   * For providers without idempotency keys (SMS): asks the provider's record whether a request that may have
   * left did, before it is sent again. Without it, a request is sent again under its key.
   */
  confirm?(request: EncodedRequest): Promise<Confirmation>;
}

/** One request: a batch, or a single email when it has attachments (the batch endpoint takes none). */
export type EmailTransport = Transport<OutgoingEmail>;

function arrayOf(request: EncodedRequest): unknown[] | null {
  const parsed: unknown = JSON.parse(request.body);
  return Array.isArray(parsed) ? parsed : null;
}

function sizeOf(request: EncodedRequest): number {
  return arrayOf(request)?.length ?? 1;
}

function halves(request: EncodedRequest): [EncodedRequest, EncodedRequest] | null {
  const emails = arrayOf(request);
  if (!emails || emails.length < 2) return null;
  const middle = Math.ceil(emails.length / 2);
  const part = (list: unknown[]) => ({ endpoint: request.endpoint, body: JSON.stringify(list) });
  return [part(emails.slice(0, middle)), part(emails.slice(middle))];
}

const requestTimeoutMs = 30_000;
const batchPath = "/emails/batch";
const singlePath = "/emails";

/** Resend's request shape (snake_case), built here so that the bytes frozen are the bytes the SDK posts. */
function apiEmail(e: OutgoingEmail) {
  return {
    from: e.from,
    to: e.to,
    reply_to: e.replyTo,
    subject: e.subject,
    html: e.html,
    text: e.text,
    headers: e.headers,
    attachments: e.attachments?.map((a) => ({
      filename: a.filename,
      content: a.content,
      content_type: a.contentType,
    })),
  };
}

const batchAnswer = z.object({
  data: z.array(z.object({ id: z.string() })),
  errors: z.array(z.object({ index: z.number(), message: z.string() })).optional(),
});
const singleAnswer = z.object({ id: z.string() });

export function resendTransport(apiKey: string, baseUrl?: string): EmailTransport {
  const resend = new Resend(apiKey, baseUrl ? { baseUrl } : undefined);
  return {
    name: "resend",
    rateLimited: true,
    encode(emails) {
      const only = emails[0];
      if (emails.length === 1 && only?.attachments?.length)
        return { endpoint: singlePath, body: JSON.stringify(apiEmail(only)) };
      return { endpoint: batchPath, body: JSON.stringify(emails.map(apiEmail)) };
    },
    size: sizeOf,
    split: halves,
    async send(request, idempotencyKey) {
      // The SDK posts JSON.stringify(entity): parsing the frozen bytes gives them back unchanged (they hold
      // only strings, arrays and objects keyed by names), and its own request shaping is bypassed.
      const entity: unknown = JSON.parse(request.body);
      const batch = request.endpoint === batchPath;
      const response = await resend.post<unknown>(request.endpoint, entity, {
        idempotencyKey,
        // Permissive: an email the provider refuses on its own fails alone and the rest go out.
        headers: batch ? { "x-batch-validation": "permissive" } : undefined,
        signal: AbortSignal.timeout(requestTimeoutMs),
      });
      // The SDK never throws: it returns the status (null for a network failure) and the response headers.
      if (response.error) return classify(response.error, response.headers);
      if (!batch) {
        const answer = singleAnswer.safeParse(response.data);
        return { kind: "accepted", results: [{ ok: true, providerId: answer.data?.id ?? null }] };
      }
      const count = Array.isArray(entity) ? entity.length : 0;
      const answer = batchAnswer.safeParse(response.data);
      const refused = new Map((answer.data?.errors ?? []).map((e) => [e.index, e.message]));
      const ids = (answer.data?.data ?? []).map((d) => d.id);
      const results = Array.from({ length: count }, (_, index): EmailResult => {
        const error = refused.get(index);
        return error === undefined ? { ok: true, providerId: ids.shift() ?? null } : { ok: false, error };
      });
      return { kind: "accepted", results };
    },
  };
}

/** Sorts the provider's answer by what the worker should do, by status and then by the error's name. */
export function classify(
  error: { message: string; statusCode: number | null; name: string },
  headers: Record<string, string> | null,
): DeliveryOutcome {
  const status = typeof error.statusCode === "number" ? error.statusCode : null;
  const message = status ? `${status} ${error.name}: ${error.message}` : `${error.name}: ${error.message}`;
  if (status === 429) {
    // Quotas do not lift by waiting a second; they are refusals until staff act.
    if (error.name === "daily_quota_exceeded" || error.name === "monthly_quota_exceeded")
      return { kind: "rejected", error: message };
    return { kind: "rateLimited", retryAfterMs: retryAfterMs(headers?.["retry-after"]), error: message };
  }
  if (status === 409 && error.name === "invalid_idempotent_request")
    return { kind: "keyTaken", error: message };
  if (status === 409) return { kind: "inFlight", error: message };
  if (status === null) return { kind: "transient", error: message, dropped: true };
  if (status >= 500 || status === 408) return { kind: "transient", error: message, dropped: false };
  if (status === 422 && splittable.has(error.name)) return { kind: "invalid", error: message };
  return { kind: "rejected", error: message };
}

/** 422s that one email can cause for a whole batch; an invalid sender or key fails every part alike. */
const splittable = new Set(["validation_error", "missing_required_field", "invalid_attachment"]);

/** Retry-After in seconds or as an HTTP date (RFC 9110). */
export function retryAfterMs(value: string | undefined, now = Date.now()): number | null {
  if (!value) return null;
  if (/^\d+(\.\d+)?$/.test(value.trim())) return Math.ceil(Number(value) * 1000);
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

const storedEmails = z.array(
  z.object({
    key: z.string(),
    from: z.string(),
    to: z.string(),
    replyTo: z.string().optional(),
    subject: z.string(),
    html: z.string(),
    text: z.string(),
    headers: z.record(z.string(), z.string()),
    attachments: z
      .array(z.object({ filename: z.string(), content: z.string(), contentType: z.string() }))
      .optional(),
    recipientId: z.number().nullable(),
    masked: z.object({
      subject: z.string(),
      html: z.string(),
      text: z.string(),
      headers: z.record(z.string(), z.string()),
    }),
  }),
);

/**
 * The embedded default: each email once (by its outbox key) in its recipient's messages, whole, and in the
 * staff mailbox, masked, with its attachments by name only. An address without an account has no messages:
 * only its masked copy is kept.
 */
export function mailboxTransport(database: Database = getDatabase()): EmailTransport {
  return {
    name: "mailbox",
    rateLimited: false,
    // The masked copy is frozen with the request, so a replay stores exactly what the first try would have.
    encode(emails) {
      return {
        endpoint: "mailbox",
        body: JSON.stringify(emails.map(({ masked, ...email }) => ({ ...email, masked: masked() }))),
      };
    },
    size: sizeOf,
    split: halves,
    async send(request) {
      const emails = storedEmails.parse(JSON.parse(request.body));
      const owned = emails.flatMap((e) => (e.recipientId === null ? [] : [{ ...e, userId: e.recipientId }]));
      await database.writeAtomic(async (d) => {
        const staffCopies = d
          .insert(schema.emailMailbox)
          .values(
            emails.map((e) => {
              const masked = e.masked;
              return {
                outboxKey: e.key,
                from: e.from,
                to: e.to,
                userId: e.recipientId,
                masked: true,
                replyTo: e.replyTo ?? null,
                subject: masked.subject,
                html: masked.html,
                text: masked.text,
                headers: masked.headers,
                attachments:
                  e.attachments?.map((a) => ({
                    filename: a.filename,
                    contentType: a.contentType,
                    bytes: Buffer.from(a.content, "base64").length,
                  })) ?? null,
              };
            }),
          )
          .onConflictDoNothing({ target: schema.emailMailbox.outboxKey });
        if (owned.length === 0) return staffCopies;
        return d.batch([
          staffCopies,
          d
            .insert(schema.messages)
            .values(
              owned.map((e) => ({
                userId: e.userId,
                sourceKey: e.key,
                channel: "email" as const,
                subject: e.subject,
                text: e.text,
              })),
            )
            .onConflictDoNothing({ target: schema.messages.sourceKey }),
        ]);
      });
      return { kind: "accepted", results: emails.map(() => ({ ok: true, providerId: null })) };
    },
  };
}
