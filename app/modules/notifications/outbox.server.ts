// The email outbox. An email is a row written inside the transaction of the change that causes it, so it is
// sent if and only if that change commits; the worker delivers it later (see worker.server.ts). Also the
// operator's side of it: counts, the filtered list paged by id, retry (one row or many) and cancel.
import { and, count, desc, eq, gte, inArray, isNull, lt, sql, type SQL } from "drizzle-orm";
import { contains, startsWith } from "#db/like";
import { getDatabase, schema, type Queryable, type Tx } from "#db/client.server";
import type { EmailAttachment, EmailStatus, OutboxChannel } from "#db/schema/email";
import { emailStatuses } from "#db/schema/email";
import type { Locale } from "#app/modules/i18n/i18n";
import { audit } from "#app/modules/audit/audit.server";
import { forgetSettledRequest, idempotencyWindowMs } from "./requests.server";

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

const notStarted = and(eq(schema.emailOutbox.status, "queued"), isNull(schema.emailOutbox.requestKey));

/**
 * Cancels every still-queued email whose key starts with `prefix` (a cancelled visit cancels its reminders).
 * An email already frozen into a provider request is on its way and goes with it.
 */
export async function cancelQueuedEmails(tx: Queryable, prefix: string): Promise<number> {
  const rows = await tx
    .update(schema.emailOutbox)
    .set({ status: "cancelled", updatedAt: new Date() })
    .where(and(notStarted, startsWith(schema.emailOutbox.key, prefix)))
    .returning({ id: schema.emailOutbox.id });
  return rows.length;
}

/** Rows by state, of one channel when given. */
export async function outboxCounts(channel?: OutboxChannel): Promise<Record<EmailStatus, number>> {
  const rows = await getDatabase()
    .db.select({ status: schema.emailOutbox.status, n: count() })
    .from(schema.emailOutbox)
    .where(channel ? eq(schema.emailOutbox.channel, channel) : undefined)
    .groupBy(schema.emailOutbox.status);
  const counts = Object.fromEntries(emailStatuses.map((s) => [s, 0])) as Record<EmailStatus, number>;
  for (const row of rows) counts[row.status] = row.n;
  return counts;
}

/** What the staff list is narrowed to; every part optional. Dates bound `createdAt` (from inclusive). */
export interface OutboxFilter {
  channel?: OutboxChannel;
  status?: EmailStatus;
  template?: string;
  /** Words in the last error. */
  error?: string;
  from?: Date;
  until?: Date;
}

export const outboxPageSize = 25;
/** States a staff retry applies to: failed rows start afresh, unconfirmed ones ask the provider again. */
export const retryableStatuses = ["failed", "unconfirmed"] as const satisfies readonly EmailStatus[];

function matching(filter: OutboxFilter): SQL | undefined {
  const t = schema.emailOutbox;
  const error = filter.error?.trim();
  return and(
    filter.channel ? eq(t.channel, filter.channel) : undefined,
    filter.status ? eq(t.status, filter.status) : undefined,
    filter.template ? eq(t.template, filter.template) : undefined,
    error ? contains(t.lastError, error) : undefined,
    filter.from ? gte(t.createdAt, filter.from) : undefined,
    filter.until ? lt(t.createdAt, filter.until) : undefined,
  );
}

/**
 * One page of the outbox, newest first, after the row `before` (keyset by id: a page costs the same at any
 * depth and however large the outbox). `nextBefore` is set when there are older rows.
 */
export async function listOutbox(filter: OutboxFilter, before?: number) {
  const t = schema.emailOutbox;
  const rows = await getDatabase()
    .db.select({
      id: t.id,
      channel: t.channel,
      to: t.to,
      template: t.template,
      status: t.status,
      attempts: t.attempts,
      lastError: t.lastError,
      nextAttemptAt: t.nextAttemptAt,
      createdAt: t.createdAt,
      updatedAt: t.updatedAt,
      requestKey: t.requestKey,
    })
    .from(t)
    .where(and(matching(filter), before ? lt(t.id, before) : undefined))
    .orderBy(desc(t.id))
    .limit(outboxPageSize + 1);
  const page = rows.slice(0, outboxPageSize).map(({ requestKey, ...row }) => ({
    ...row,
    /** Whether staff may cancel it: not yet frozen into a request, or failed for certain. */
    cancellable: row.status === "failed" || (row.status === "queued" && requestKey === null),
    retryable: (retryableStatuses as readonly EmailStatus[]).includes(row.status),
  }));
  return { rows: page, nextBefore: rows.length > outboxPageSize ? page.at(-1)?.id : undefined };
}

/** How many rows the filter selects that a retry would take up (the count a bulk retry confirms). */
export async function countRetryable(filter: OutboxFilter): Promise<number> {
  const t = schema.emailOutbox;
  const [row] = await getDatabase()
    .db.select({ n: count() })
    .from(t)
    .where(and(matching(filter), inArray(t.status, [...retryableStatuses])));
  return row?.n ?? 0;
}

export type RetrySelection = { ids: number[] } | { filter: OutboxFilter };

export interface RetryResult {
  /** Failed rows queued to be rendered and sent afresh. */
  restarted: number;
  /** Unconfirmed rows queued to send their frozen request again, under its key (no second copy). */
  askedAgain: number;
  /** Unconfirmed rows left as they are: their request can no longer be checked with the provider. */
  kept: number;
}

/**
 * Retries the selected rows, by state, in one transaction with one audit entry (with the count and the
 * filter for a bulk retry):
 * - `failed` certainly did not go out: rendered afresh, new request, fresh attempts;
 * - `unconfirmed` may have gone out: its frozen request is queued again as it was, with every other row in it,
 *   so the provider answers from its record instead of sending a second copy. Past the provider's memory of the
 *   key (24 h) that is no longer safe, and such rows are kept;
 * - any other state is left alone.
 */
export async function retryEmails(
  selection: RetrySelection,
  actorId: number,
  now = new Date(),
): Promise<RetryResult> {
  const t = schema.emailOutbox;
  const chosen = "ids" in selection ? inArray(t.id, selection.ids) : matching(selection.filter);
  if ("ids" in selection && selection.ids.length === 0) return { restarted: 0, askedAgain: 0, kept: 0 };
  return getDatabase().write(async (tx) => {
    const refused = await tx
      .selectDistinct({ requestKey: t.requestKey })
      .from(t)
      .where(and(chosen, eq(t.status, "failed")));
    const restarted = await tx
      .update(t)
      .set({
        status: "queued",
        attempts: 0,
        nextAttemptAt: now,
        requestKey: null,
        lastError: null,
        leaseOwner: null,
        leaseUntil: null,
        updatedAt: now,
      })
      .where(and(chosen, eq(t.status, "failed")))
      .returning({ id: t.id });
    const r = schema.outboxRequests;
    const live = tx
      .select({ key: r.key })
      .from(r)
      .where(
        and(
          gte(r.createdAt, new Date(now.getTime() - idempotencyWindowMs)),
          inArray(
            r.key,
            tx
              .select({ key: sql<string>`${t.requestKey}` })
              .from(t)
              .where(and(chosen, eq(t.status, "unconfirmed"))),
          ),
        ),
      );
    const askedAgain = await tx
      .update(t)
      .set({ status: "queued", attempts: 0, nextAttemptAt: now, updatedAt: now })
      .where(and(eq(t.status, "unconfirmed"), inArray(t.requestKey, live)))
      .returning({ id: t.id });
    const [kept] = await tx
      .select({ n: count() })
      .from(t)
      .where(and(chosen, eq(t.status, "unconfirmed")));
    const result = { restarted: restarted.length, askedAgain: askedAgain.length, kept: kept?.n ?? 0 };
    await forgetRequests(tx, refused);
    if ("ids" in selection && selection.ids.length === 1)
      await audit(tx, {
        actorId,
        action: "email.retry",
        targetType: "email",
        targetId: selection.ids[0],
        details: { ...result },
      });
    else
      await audit(tx, {
        actorId,
        action: "email.retry_bulk",
        targetType: "email",
        details: {
          ...result,
          ...("ids" in selection
            ? { selected: selection.ids.length }
            : { filter: describeFilter(selection.filter) }),
        },
      });
    return result;
  });
}

/** A failed row's request (refused whole, say) is no longer needed once the row starts afresh. */
async function forgetRequests(tx: Tx, rows: { requestKey: string | null }[]) {
  const keys = new Set(rows.flatMap((r) => (r.requestKey ? [r.requestKey] : [])));
  for (const key of keys) await forgetSettledRequest(tx, key);
}

function describeFilter(filter: OutboxFilter): Record<string, string> {
  return Object.fromEntries(
    Object.entries(filter).flatMap(([name, value]) =>
      value === undefined || value === ""
        ? []
        : [[name, value instanceof Date ? value.toISOString() : String(value)]],
    ),
  );
}

/**
 * Cancels one email that certainly has not gone out: failed, or queued and not yet frozen into a request.
 * Returns false otherwise (it is on its way, sent, may have been delivered, or was handled first).
 */
export async function cancelEmail(id: number, actorId: number): Promise<boolean> {
  return getDatabase().write(async (tx) => {
    const t = schema.emailOutbox;
    const rows = await tx
      .update(t)
      .set({ status: "cancelled", updatedAt: new Date() })
      .where(and(eq(t.id, id), sql`(${t.status} = 'failed' or (${notStarted}))`))
      .returning({ id: t.id, requestKey: t.requestKey });
    if (rows.length === 0) return false;
    await forgetRequests(tx, rows);
    await audit(tx, { actorId, action: "email.cancel", targetType: "email", targetId: id });
    return true;
  });
}
