// The email outbox. An email is a row written inside the transaction of the change that causes it, so it is
// sent if and only if that change commits; the worker delivers it later (see worker.server.ts). Also the
// operator's side of it: counts, failed rows, retry and cancel.
import { and, asc, count, desc, eq, inArray, sql } from "drizzle-orm";
import { startsWith } from "#db/like";
import { getDatabase, schema, type Queryable } from "#db/client.server";
import type { EmailAttachment, EmailStatus } from "#db/schema/email";
import type { Locale } from "#app/modules/i18n/i18n";
import { audit } from "#app/modules/audit/audit.server";

export interface EmailRequest {
  to: string;
  /** A template name registered in emails/registry.ts (e.g. "auth.verifyEmail"). */
  template: string;
  data: Record<string, unknown>;
  locale: Locale;
  /** Not before this time (reminders); now when absent. */
  sendAfter?: Date;
  /** Unique per cause: the same action repeated does not enqueue twice. */
  key: string;
  /** Files sent with the email (an .ics invitation); content is base64. */
  attachments?: EmailAttachment[];
}

/**
 * The account that holds `to` now, inside the caller's transaction: the in-app copy belongs to it even if the
 * address later passes to someone else.
 */
function recipientOf(to: string) {
  return sql<
    number | null
  >`(SELECT ${schema.users.id} FROM ${schema.users} WHERE ${schema.users.email} = ${to})`;
}

/** Writes the email into the outbox within `tx`. Returns false when an email with this key already exists. */
export async function enqueueEmail(tx: Queryable, email: EmailRequest): Promise<boolean> {
  const rows = await tx
    .insert(schema.emailOutbox)
    .values({
      key: email.key,
      to: email.to,
      userId: recipientOf(email.to),
      template: email.template,
      data: email.data,
      attachments: email.attachments ?? null,
      locale: email.locale,
      nextAttemptAt: email.sendAfter ?? new Date(),
    })
    .onConflictDoNothing({ target: schema.emailOutbox.key })
    .returning({ id: schema.emailOutbox.id });
  return rows.length > 0;
}

/**
 * Enqueues `email`, or puts its cancelled row of the same key back in the queue with the new content: a visit
 * moved away and back keeps its reminder, while one already sent is never sent again. Returns false when a row
 * with this key is queued, sending or sent.
 */
export async function enqueueOrRequeueEmail(tx: Queryable, email: EmailRequest): Promise<boolean> {
  if (await enqueueEmail(tx, email)) return true;
  const rows = await tx
    .update(schema.emailOutbox)
    .set({
      status: "queued",
      to: email.to,
      userId: recipientOf(email.to),
      data: email.data,
      locale: email.locale,
      attempts: 0,
      nextAttemptAt: email.sendAfter ?? new Date(),
      requestKey: null,
      updatedAt: new Date(),
    })
    .where(and(eq(schema.emailOutbox.key, email.key), eq(schema.emailOutbox.status, "cancelled")))
    .returning({ id: schema.emailOutbox.id });
  return rows.length > 0;
}

/** Cancels every still-queued email whose key starts with `prefix` (a cancelled visit cancels its reminders). */
export async function cancelQueuedEmails(tx: Queryable, prefix: string): Promise<number> {
  const rows = await tx
    .update(schema.emailOutbox)
    .set({ status: "cancelled", updatedAt: new Date() })
    .where(and(eq(schema.emailOutbox.status, "queued"), startsWith(schema.emailOutbox.key, prefix)))
    .returning({ id: schema.emailOutbox.id });
  return rows.length;
}

export async function outboxCounts(): Promise<Record<EmailStatus, number>> {
  const rows = await getDatabase()
    .db.select({ status: schema.emailOutbox.status, n: count() })
    .from(schema.emailOutbox)
    .groupBy(schema.emailOutbox.status);
  const counts: Record<EmailStatus, number> = { queued: 0, sending: 0, sent: 0, failed: 0, cancelled: 0 };
  for (const row of rows) counts[row.status] = row.n;
  return counts;
}

const listColumns = {
  id: schema.emailOutbox.id,
  to: schema.emailOutbox.to,
  template: schema.emailOutbox.template,
  attempts: schema.emailOutbox.attempts,
  lastError: schema.emailOutbox.lastError,
  nextAttemptAt: schema.emailOutbox.nextAttemptAt,
  updatedAt: schema.emailOutbox.updatedAt,
};

export async function listOutbox(status: "failed" | "queued", limit = 50) {
  return getDatabase()
    .db.select(listColumns)
    .from(schema.emailOutbox)
    .where(eq(schema.emailOutbox.status, status))
    .orderBy(status === "failed" ? desc(schema.emailOutbox.updatedAt) : asc(schema.emailOutbox.nextAttemptAt))
    .limit(limit);
}

/**
 * Puts a failed email back in the queue with fresh attempts and a new provider request, due now.
 * Returns false when the row is not failed (someone else handled it first).
 */
export async function retryFailedEmail(id: number, actorId: number): Promise<boolean> {
  return getDatabase().write(async (tx) => {
    const now = new Date();
    const rows = await tx
      .update(schema.emailOutbox)
      .set({
        status: "queued",
        attempts: 0,
        nextAttemptAt: now,
        requestKey: null,
        leaseOwner: null,
        leaseUntil: null,
        updatedAt: now,
      })
      .where(and(eq(schema.emailOutbox.id, id), eq(schema.emailOutbox.status, "failed")))
      .returning({ id: schema.emailOutbox.id });
    if (rows.length === 0) return false;
    await audit(tx, { actorId, action: "email.retry", targetType: "email", targetId: id });
    return true;
  });
}

/** Cancels one failed or queued email. Returns false when it is in neither state. */
export async function cancelEmail(id: number, actorId: number): Promise<boolean> {
  return getDatabase().write(async (tx) => {
    const rows = await tx
      .update(schema.emailOutbox)
      .set({ status: "cancelled", updatedAt: new Date() })
      .where(and(eq(schema.emailOutbox.id, id), inArray(schema.emailOutbox.status, ["failed", "queued"])))
      .returning({ id: schema.emailOutbox.id });
    if (rows.length === 0) return false;
    await audit(tx, { actorId, action: "email.cancel", targetType: "email", targetId: id });
    return true;
  });
}
