// Frozen provider requests (decision 018): the exact bytes sent under an Idempotency-Key, stored before they
// first leave and sent again unchanged. Shared by every channel's worker and by the outbox's staff actions.
import { createHash } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import { schema, type Tx } from "#db/client.server";
import type { OutboxChannel } from "#db/schema/email";

/** A request as it is stored and sent: `body` is the exact bytes, `endpoint` where they go. */
export interface EncodedRequest {
  endpoint: string;
  body: string;
}

/** Resend remembers a key for 24 h; past 23 h a frozen request is not sent again (it could arrive twice). */
export const idempotencyWindowMs = 23 * 60 * 60_000;

/**
 * Named by its bytes: one key can only ever carry one body, and the same messages frozen twice (a row retried
 * unchanged) are the same request to the provider, which answers it once.
 */
export function requestKeyFor(channel: OutboxChannel, encoded: EncodedRequest): string {
  const digest = createHash("sha256").update(`${encoded.endpoint}\n${encoded.body}`).digest("base64url");
  return `lianxin-${channel}-${digest}`;
}

/** Stores a request's bytes under its key (once: the same key always holds the same bytes). */
export async function storeRequest(
  tx: Tx,
  channel: OutboxChannel,
  key: string,
  encoded: EncodedRequest,
  at: Date,
): Promise<void> {
  await tx
    .insert(schema.outboxRequests)
    .values({ key, channel, endpoint: encoded.endpoint, body: encoded.body, createdAt: at })
    .onConflictDoNothing();
}

/** Drops a request's bytes once none of its rows may be sent again under its key. */
export async function forgetSettledRequest(tx: Tx, key: string): Promise<void> {
  const t = schema.emailOutbox;
  await tx
    .delete(schema.outboxRequests)
    .where(
      and(
        eq(schema.outboxRequests.key, key),
        sql`not exists (select 1 from ${t} where ${t.requestKey} = ${key} and ${t.status} in ('queued', 'sending', 'unconfirmed'))`,
      ),
    );
}
