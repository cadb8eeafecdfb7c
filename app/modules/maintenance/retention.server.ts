// Rows that have served their purpose are removed, so that tables which grow with every request (rate-limit
// counters, sessions, one-time codes, browsers unused for a year) or every email (outbox, local mailbox) do
// not grow forever. A sweep runs hourly wherever the email worker runs; each delete is one statement over an
// expiry, so sweeps may overlap.
import { and, inArray, lt, or, sql } from "drizzle-orm";
import { getDatabase, schema, type Database } from "#db/client.server";
import { audit } from "#app/modules/audit/audit.server";
import { deviceRules } from "#app/modules/auth/devices.server";
import { SESSION_ABSOLUTE_MS, SESSION_IDLE_MS } from "#app/modules/auth/session.server";

const day = 24 * 60 * 60 * 1000;

/** How long each kind of row is kept after it stops mattering. */
export const retention = {
  /** A used or expired code stays a week, for questions about it. */
  authTokensAfterExpiry: 7 * day,
  /**
   * Sent, cancelled and failed emails stay half a year: their keys keep a repeated cause (a reminder, a
   * broadcast) from sending twice, and operators look back at failures.
   */
  outboxDone: 180 * day,
  /** The local mailbox is for reading recent mail in the app. */
  mailbox: 90 * day,
  /**
   * A frozen provider request nothing will send again (decision 018): past the provider's 24 h memory of its
   * key, only rows a worker still holds keep it.
   */
  outboxRequests: 2 * day,
  /** A person's messages stay as long as the outbox rows they came from. */
  messages: 180 * day,
} as const;

export interface SweepCounts {
  rateLimits: number;
  sessions: number;
  authTokens: number;
  outbox: number;
  mailbox: number;
  outboxRequests: number;
  messages: number;
  signInDevices: number;
}

export async function sweepExpired(
  now = new Date(),
  database: Database = getDatabase(),
): Promise<SweepCounts> {
  const t = now.getTime();
  const s = schema;
  const results = await database.writeAtomic((db) =>
    db.batch([
      db.delete(s.rateLimits).where(lt(s.rateLimits.resetAt, now)),
      db
        .delete(s.sessions)
        .where(
          or(
            lt(s.sessions.createdAt, new Date(t - SESSION_ABSOLUTE_MS)),
            lt(s.sessions.lastVerifiedAt, new Date(t - SESSION_IDLE_MS)),
          ),
        ),
      db
        .delete(s.authTokens)
        .where(lt(s.authTokens.expiresAt, new Date(t - retention.authTokensAfterExpiry))),
      db
        .delete(s.emailOutbox)
        .where(
          and(
            inArray(s.emailOutbox.status, ["sent", "cancelled", "failed", "unconfirmed"]),
            lt(s.emailOutbox.updatedAt, new Date(t - retention.outboxDone)),
          ),
        ),
      db.delete(s.emailMailbox).where(lt(s.emailMailbox.receivedAt, new Date(t - retention.mailbox))),
      db
        .delete(s.outboxRequests)
        .where(
          and(
            lt(s.outboxRequests.createdAt, new Date(t - retention.outboxRequests)),
            sql`not exists (select 1 from ${s.emailOutbox} where ${s.emailOutbox.requestKey} = ${s.outboxRequests.key} and ${s.emailOutbox.status} in ('queued', 'sending'))`,
          ),
        ),
      db.delete(s.messages).where(lt(s.messages.createdAt, new Date(t - retention.messages))),
      db.delete(s.signInDevices).where(lt(s.signInDevices.lastUsedAt, new Date(t - deviceRules.idleMs))),
    ]),
  );
  const [rateLimits, sessions, authTokens, outbox, mailbox, outboxRequests, messages, signInDevices] =
    results.map((r) => r.rowsAffected);
  const counts: SweepCounts = {
    rateLimits: rateLimits ?? 0,
    sessions: sessions ?? 0,
    authTokens: authTokens ?? 0,
    outbox: outbox ?? 0,
    mailbox: mailbox ?? 0,
    outboxRequests: outboxRequests ?? 0,
    messages: messages ?? 0,
    signInDevices: signInDevices ?? 0,
  };
  if (Object.values(counts).some((n) => n > 0))
    await database.writeAtomic((db) =>
      audit(db, { actorId: null, action: "maintenance.sweep", details: { ...counts } }),
    );
  return counts;
}

export const sweepIntervalMs = 60 * 60 * 1000;

/** Sweeps now and then hourly; returns the stop function. */
export function startSweeper(database: Database, intervalMs = sweepIntervalMs): () => void {
  const tick = () =>
    void sweepExpired(new Date(), database).catch((error: unknown) =>
      console.error("lianxin: sweeping expired rows failed", error),
    );
  const timer = setInterval(tick, intervalMs);
  timer.unref();
  tick();
  return () => clearInterval(timer);
}
