// Where the worker hands emails over: Resend (batch endpoint, Idempotency-Key per request) when RESEND_API_KEY
// is set, else the app itself: each recipient's messages, whole, and the local mailbox that staff read at
// /admin/mailbox, masked (decision 015). Each answers in the same terms, so the worker's retry rules do not
// depend on which one it has.
import { Resend } from "resend";
import { getDatabase, schema, type Database } from "#db/client.server";
import type { EmailAttachment } from "#db/schema/email";

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
  /** Worth trying again: a 5xx, a dropped connection, a timeout. */
  | { kind: "transient"; error: string }
  /** Refused for good (4xx other than 429): trying again would get the same answer. */
  | { kind: "rejected"; error: string };

export interface EmailTransport {
  name: "resend" | "mailbox";
  /** Whether the worker must keep to the configured request rate. */
  rateLimited: boolean;
  /** One request: a batch, or a single email when it has attachments (the batch endpoint takes none). */
  deliver(emails: OutgoingEmail[], idempotencyKey: string): Promise<DeliveryOutcome>;
}

const requestTimeoutMs = 30_000;

export function resendTransport(apiKey: string, baseUrl?: string): EmailTransport {
  const resend = new Resend(apiKey, baseUrl ? { baseUrl } : undefined);
  return {
    name: "resend",
    rateLimited: true,
    async deliver(emails, idempotencyKey) {
      const signal = AbortSignal.timeout(requestTimeoutMs);
      const payload = emails.map((e) => ({
        from: e.from,
        to: e.to,
        replyTo: e.replyTo,
        subject: e.subject,
        html: e.html,
        text: e.text,
        headers: e.headers,
      }));
      const only = emails[0];
      if (emails.length === 1 && only?.attachments?.length) {
        const response = await resend.emails.send(
          {
            ...payload[0]!,
            attachments: only.attachments.map((a) => ({
              filename: a.filename,
              content: a.content,
              contentType: a.contentType,
            })),
          },
          { idempotencyKey, signal },
        );
        if (response.error) return classify(response.error, response.headers);
        return { kind: "accepted", results: [{ ok: true, providerId: response.data.id }] };
      }
      // Permissive: an email the provider refuses (a bad address) fails alone and the rest go out.
      const response = await resend.batch.send(payload, {
        idempotencyKey,
        batchValidation: "permissive",
        signal,
      });
      if (response.error) return classify(response.error, response.headers);
      const refused = new Map((response.data.errors ?? []).map((e) => [e.index, e.message]));
      const ids = response.data.data.map((d) => d.id);
      const results = emails.map((_, index): EmailResult => {
        const error = refused.get(index);
        return error === undefined ? { ok: true, providerId: ids.shift() ?? null } : { ok: false, error };
      });
      return { kind: "accepted", results };
    },
  };
}

/** The SDK never throws: it returns the status (null for a network failure) and the response headers. */
function classify(
  error: { message: string; statusCode: number | null; name: string },
  headers: Record<string, string> | null,
): DeliveryOutcome {
  const status = typeof error.statusCode === "number" ? error.statusCode : null;
  const message = status ? `${status} ${error.name}: ${error.message}` : `${error.name}: ${error.message}`;
  if (status === 429)
    return { kind: "rateLimited", retryAfterMs: retryAfterMs(headers?.["retry-after"]), error: message };
  // 409: the same key is still being processed, or was used for another payload; waiting settles the first.
  if (status === null || status >= 500 || status === 409 || status === 408)
    return { kind: "transient", error: message };
  return { kind: "rejected", error: message };
}

/** Retry-After in seconds or as an HTTP date (RFC 9110). */
export function retryAfterMs(value: string | undefined, now = Date.now()): number | null {
  if (!value) return null;
  if (/^\d+(\.\d+)?$/.test(value.trim())) return Math.ceil(Number(value) * 1000);
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

/**
 * The embedded default: each email once (by its outbox key) in its recipient's messages, whole, and in the
 * staff mailbox, masked, with its attachments by name only. An address without an account has no messages:
 * only its masked copy is kept.
 */
export function mailboxTransport(database: Database = getDatabase()): EmailTransport {
  return {
    name: "mailbox",
    rateLimited: false,
    async deliver(emails) {
      const owned = emails.flatMap((e) => (e.recipientId === null ? [] : [{ ...e, userId: e.recipientId }]));
      await database.writeAtomic(async (d) => {
        const staffCopies = d
          .insert(schema.emailMailbox)
          .values(
            emails.map((e) => {
              const masked = e.masked();
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
