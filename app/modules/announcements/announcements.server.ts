// Announcements: drafting, scheduling and publishing; the broadcast into the email outbox (one INSERT … SELECT,
// idempotent by key, honouring each recipient's email preferences); its progress; and the reader's side —
// the feed of what is aimed at them, unread marks, and one announcement with its expiry.
import { and, count, desc, eq, inArray, lte, sql, type SQLWrapper } from "drizzle-orm";
import { DateTime } from "luxon";
import { getDatabase, schema, type Database, type Queryable, type Tx } from "#db/client.server";
import type { AnnouncementStatus } from "#db/schema/announcements";
import type { EmailKind, EmailStatus } from "#db/schema/email";
import { appOrigin } from "#app/config.server";
import { audit } from "#app/modules/audit/audit.server";
import { can, isStaff, type Actor } from "#app/modules/auth/policy";
import type { AnnouncementKind } from "./audience";
import { audienceOf, type AnnouncementForm } from "./form";
import { renderMarkdown, summarize } from "./markdown.server";
import { readerTraits } from "./readers.server";
import { aimedAt, recipientsQuery } from "./targeting.server";
import { getSettings } from "#app/modules/settings/settings.server";

export type Announcement = typeof schema.announcements.$inferSelect;

/** The kind of email an announcement goes out as, which its recipients may turn off. */
export function emailKindOf(kind: AnnouncementKind): EmailKind {
  void kind;
  return "announcements";
}

function startOfDay(isoDate: string | undefined, timeZone: string): Date | null {
  return isoDate ? DateTime.fromISO(isoDate, { zone: timeZone }).startOf("day").toJSDate() : null;
}

/** An expiry date means "still shown that whole day". */
function endOfDay(isoDate: string | undefined, timeZone: string): Date | null {
  return isoDate ? DateTime.fromISO(isoDate, { zone: timeZone }).endOf("day").toJSDate() : null;
}

function columnsOf(form: AnnouncementForm, timeZone: string) {
  const job = form.kind === "job";
  return {
    kind: form.kind,
    title: form.title,
    body: form.body,
    employer: job ? (form.employer ?? null) : null,
    positions: job ? (form.positions ?? null) : null,
    payMin: job ? (form.payMin ?? null) : null,
    payMax: job ? (form.payMax ?? null) : null,
    requirements: job ? (form.requirements ?? null) : null,
    contact: form.contact ?? null,
    deadline: startOfDay(form.deadline, timeZone),
    courseId: form.kind === "training" ? (form.courseId ?? null) : null,
    expiresAt: endOfDay(form.expiresOn, timeZone),
    audience: audienceOf(form),
    isPublic: form.isPublic,
  };
}

export async function createAnnouncement(
  actorId: number,
  form: AnnouncementForm,
  timeZone: string,
): Promise<number> {
  return getDatabase().write(async (tx) => {
    const [row] = await tx
      .insert(schema.announcements)
      .values({ ...columnsOf(form, timeZone), authorId: actorId })
      .returning({ id: schema.announcements.id });
    if (!row) throw new Error("announcement insert returned no row");
    await audit(tx, { actorId, action: "announcement.create", targetType: "announcement", targetId: row.id });
    return row.id;
  });
}

/** Edits a draft or scheduled announcement; false when it is published (what went out stays as it was). */
export async function updateAnnouncement(
  id: number,
  actorId: number,
  form: AnnouncementForm,
  timeZone: string,
): Promise<boolean> {
  return getDatabase().write(async (tx) => {
    const rows = await tx
      .update(schema.announcements)
      .set(columnsOf(form, timeZone))
      .where(
        and(eq(schema.announcements.id, id), inArray(schema.announcements.status, ["draft", "scheduled"])),
      )
      .returning({ id: schema.announcements.id });
    if (rows.length === 0) return false;
    await audit(tx, { actorId, action: "announcement.update", targetType: "announcement", targetId: id });
    return true;
  });
}

export async function getAnnouncement(id: number): Promise<Announcement | undefined> {
  return getDatabase().db.query.announcements.findFirst({ where: eq(schema.announcements.id, id) });
}

export async function listAnnouncementsForStaff(status?: AnnouncementStatus, limit = 100) {
  return getDatabase()
    .db.select({
      id: schema.announcements.id,
      kind: schema.announcements.kind,
      title: schema.announcements.title,
      status: schema.announcements.status,
      publishAt: schema.announcements.publishAt,
      publishedAt: schema.announcements.publishedAt,
      expiresAt: schema.announcements.expiresAt,
      updatedAt: schema.announcements.updatedAt,
    })
    .from(schema.announcements)
    .where(status ? eq(schema.announcements.status, status) : undefined)
    .orderBy(desc(schema.announcements.updatedAt), desc(schema.announcements.id))
    .limit(limit);
}

const keyPrefix = (id: number) => `announcement:${id}:`;

/**
 * Records every account the audience reaches now as a recipient (they keep the announcement whatever their
 * household or tier becomes) and queues its email to those who still receive its kind: two statements in the
 * caller's transaction. Keys are `announcement:<id>:<userId>`, so running it again queues only those not
 * queued before.
 */
export async function enqueueBroadcast(
  tx: Queryable,
  announcement: Announcement,
  now: Date,
): Promise<number> {
  const { timeZone } = await getSettings(tx);
  const deadline = announcement.deadline
    ? DateTime.fromJSDate(announcement.deadline, { zone: timeZone }).toISODate()
    : null;
  // The whole notice travels with the email: the body as Markdown (rendered and sanitised when the email is
  // made) and the job's facts, so that pay, deadline and contact are in the email itself.
  const data = JSON.stringify({
    title: announcement.title,
    summary: summarize(announcement.body),
    url: `${appOrigin()}/announcements/${announcement.id}`,
    body: announcement.body,
    facts: {
      employer: announcement.employer,
      positions: announcement.positions,
      payMin: announcement.payMin,
      payMax: announcement.payMax,
      requirements: announcement.requirements,
      deadline,
      contact: announcement.contact,
    },
  });
  const at = now.getTime();
  await tx.run(sql`
    INSERT INTO announcement_recipients (announcement_id, user_id, delivered_at)
    SELECT ${announcement.id}, r.id, ${at} FROM (${recipientsQuery(announcement.audience)}) r WHERE 1
    ON CONFLICT (announcement_id, user_id) DO NOTHING`);
  const result = await tx.run(sql`
    INSERT INTO email_outbox (key, "to", user_id, template, data, locale, status, attempts, next_attempt_at, created_at, updated_at)
    SELECT ${keyPrefix(announcement.id)} || r.id, r.email, r.id, 'announcements.new', ${data}, r.locale, 'queued', 0, ${at}, ${at}, ${at}
    FROM (${recipientsQuery(announcement.audience)}) r
    WHERE NOT EXISTS (
      SELECT 1 FROM email_preferences p, json_each(p.disabled_kinds) k
      WHERE p.user_id = r.id AND k.value = ${emailKindOf(announcement.kind)}
    )
    ON CONFLICT (key) DO NOTHING`);
  return result.rowsAffected;
}

export type PublishOutcome =
  { status: "published"; queued: number } | { status: "scheduled"; at: Date } | { status: "notFound" };

/**
 * Publishes now (queuing its emails in the same transaction) or schedules for `at`. Publishing what is
 * already published only queues mail for accounts that have none yet — nobody gets it twice.
 */
export async function publishAnnouncement(
  id: number,
  actorId: number,
  options: { at?: Date; now?: Date; database?: Database } = {},
): Promise<PublishOutcome> {
  const now = options.now ?? new Date();
  const database = options.database ?? getDatabase();
  return database.write(async (tx) => {
    const { at } = options;
    if (at && at > now) {
      const rows = await tx
        .update(schema.announcements)
        .set({ status: "scheduled", publishAt: at })
        .where(
          and(eq(schema.announcements.id, id), inArray(schema.announcements.status, ["draft", "scheduled"])),
        )
        .returning({ id: schema.announcements.id });
      if (rows.length === 0) return { status: "notFound" } as const;
      await audit(tx, {
        actorId,
        action: "announcement.schedule",
        targetType: "announcement",
        targetId: id,
        details: { at: at.toISOString() },
      });
      return { status: "scheduled", at } as const;
    }
    const [row] = await tx
      .update(schema.announcements)
      .set({
        status: "published",
        publishAt: sql`coalesce(${schema.announcements.publishAt}, ${now.getTime()})`,
        publishedAt: sql`coalesce(${schema.announcements.publishedAt}, ${now.getTime()})`,
      })
      .where(eq(schema.announcements.id, id))
      .returning();
    if (!row) return { status: "notFound" } as const;
    const queued = await enqueueBroadcast(tx, row, now);
    await audit(tx, {
      actorId,
      action: "announcement.publish",
      targetType: "announcement",
      targetId: id,
      details: { queued },
    });
    return { status: "published", queued } as const;
  });
}

/** The scheduler's tick: publishes every scheduled announcement that is due, each exactly once. */
export async function publishDueAnnouncements(
  now = new Date(),
  database: Database = getDatabase(),
): Promise<number> {
  return database.write(async (tx: Tx) => {
    const due = await tx
      .update(schema.announcements)
      .set({ status: "published", publishedAt: sql`${schema.announcements.publishAt}` })
      .where(and(eq(schema.announcements.status, "scheduled"), lte(schema.announcements.publishAt, now)))
      .returning();
    for (const announcement of due) {
      const queued = await enqueueBroadcast(tx, announcement, now);
      await audit(tx, {
        actorId: null,
        action: "announcement.publish",
        targetType: "announcement",
        targetId: announcement.id,
        details: { queued, scheduled: true },
      });
    }
    return due.length;
  });
}

export interface BroadcastProgress {
  queued: number;
  sent: number;
  failed: number;
  cancelled: number;
  total: number;
  done: boolean;
}

/** Counts of the broadcast's emails by state, read through the outbox key index (a key range, not LIKE). */
export async function broadcastProgress(id: number): Promise<BroadcastProgress> {
  const from = keyPrefix(id);
  const to = `announcement:${id};`;
  const rows = await getDatabase()
    .db.select({ status: schema.emailOutbox.status, n: count() })
    .from(schema.emailOutbox)
    .where(sql`${schema.emailOutbox.key} >= ${from} AND ${schema.emailOutbox.key} < ${to}`)
    .groupBy(schema.emailOutbox.status);
  const by = (s: EmailStatus) => rows.find((r) => r.status === s)?.n ?? 0;
  const queued = by("queued") + by("sending");
  // An email that may have been delivered needs a look at /admin/outbox, as a failed one does (decision 018).
  const failed = by("failed") + by("unconfirmed");
  const progress = { queued, sent: by("sent"), failed, cancelled: by("cancelled") };
  const total = queued + progress.sent + progress.failed + progress.cancelled;
  return { ...progress, total, done: queued === 0 };
}

export const feedPageSize = 20;

export interface FeedItem {
  id: number;
  kind: AnnouncementKind;
  title: string;
  publishedAt: Date | null;
  unread: boolean;
}

/** What is aimed at the reader, newest first, without expired ones; one page and whether more follow. */
export async function feedFor(
  actor: Actor,
  options: { kind?: AnnouncementKind; page?: number; now?: Date } = {},
): Promise<{ items: FeedItem[]; hasMore: boolean }> {
  const now = options.now ?? new Date();
  const page = Math.max(1, options.page ?? 1);
  const a = schema.announcements;
  const reader = await readerTraits(actor);
  const targeted = isStaff(actor)
    ? sql`1`
    : sql`(${a.isPublic} = 1 OR ${deliveredTo(actor.id, a.id)} OR ${aimedAt(sql`${a.audience}`, reader)})`;
  const rows = await getDatabase()
    .db.select({
      id: a.id,
      kind: a.kind,
      title: a.title,
      publishedAt: a.publishedAt,
      readAt: schema.announcementReads.readAt,
    })
    .from(a)
    .leftJoin(
      schema.announcementReads,
      and(eq(schema.announcementReads.announcementId, a.id), eq(schema.announcementReads.userId, actor.id)),
    )
    .where(
      and(
        eq(a.status, "published"),
        options.kind ? eq(a.kind, options.kind) : undefined,
        sql`(${a.expiresAt} IS NULL OR ${a.expiresAt} > ${now.getTime()})`,
        targeted,
      ),
    )
    .orderBy(desc(a.publishedAt), desc(a.id))
    .limit(feedPageSize + 1)
    .offset((page - 1) * feedPageSize);
  return {
    items: rows.slice(0, feedPageSize).map(({ readAt, ...item }) => ({ ...item, unread: readAt === null })),
    hasMore: rows.length > feedPageSize,
  };
}

/** It was delivered to this account when it went out (announcement_recipients). */
function deliveredTo(userId: number, announcementId: SQLWrapper) {
  const r = schema.announcementRecipients;
  return sql`EXISTS (SELECT 1 FROM ${r} WHERE ${r.announcementId} = ${announcementId} AND ${r.userId} = ${userId})`;
}

/** The announcement is published and aimed at this reader now, or was delivered to them when it went out. */
export async function isAimedAt(actor: Actor, id: number): Promise<boolean> {
  const a = schema.announcements;
  const reader = await readerTraits(actor);
  const [row] = await getDatabase()
    .db.select({ id: a.id })
    .from(a)
    .where(
      and(
        eq(a.id, id),
        eq(a.status, "published"),
        sql`(${deliveredTo(actor.id, a.id)} OR ${aimedAt(sql`${a.audience}`, reader)})`,
      ),
    );
  return row !== undefined;
}

export interface AnnouncementView {
  announcement: Announcement;
  expired: boolean;
}

/**
 * One announcement for a reader, as the policy allows (expired ones included, labelled so). Marks it read.
 * Null when it does not exist or the reader may not see it, so that drafts do not reveal themselves.
 */
export async function readAnnouncement(
  actor: Actor,
  id: number,
  now = new Date(),
): Promise<AnnouncementView | null> {
  const announcement = await getAnnouncement(id);
  if (!announcement) return null;
  const published = announcement.status === "published";
  const aimedAtActor = published && !isStaff(actor) && (await isAimedAt(actor, id));
  if (!can(actor, "announcement.read", { published, aimedAtActor, isPublic: announcement.isPublic }))
    return null;
  if (published)
    await getDatabase().writeAtomic((d) =>
      d
        .insert(schema.announcementReads)
        .values({ userId: actor.id, announcementId: id, readAt: now })
        .onConflictDoNothing(),
    );
  return {
    announcement,
    expired: announcement.expiresAt !== null && announcement.expiresAt <= now,
  };
}

/** The stored row as the editor's text fields, dates in the community's zone. */
export function editorValues(a: Announcement, timeZone: string) {
  const day = (d: Date | null) => (d ? (DateTime.fromJSDate(d, { zone: timeZone }).toISODate() ?? "") : "");
  const num = (n: number | null) => (n === null ? "" : String(n));
  return {
    kind: a.kind,
    title: a.title,
    body: a.body,
    employer: a.employer ?? "",
    positions: num(a.positions),
    payMin: num(a.payMin),
    payMax: num(a.payMax),
    requirements: a.requirements ?? "",
    contact: a.contact ?? "",
    deadline: day(a.deadline),
    courseId: num(a.courseId),
    expiresOn: day(a.expiresAt),
    audience: a.audience,
    isPublic: a.isPublic,
  };
}

/** A `datetime-local` value read in the community's zone. */
export function localDateTime(value: string, timeZone: string): Date {
  return DateTime.fromISO(value, { zone: timeZone }).toJSDate();
}

/** What a reader's page shows of an announcement: its facts formatted, its body rendered. */
export function presentAnnouncement(a: Announcement, locale: string, timeZone: string, now = new Date()) {
  const date = new Intl.DateTimeFormat(locale, { dateStyle: "long", timeZone });
  const dateTime = new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeStyle: "short", timeZone });
  return {
    id: a.id,
    kind: a.kind,
    title: a.title,
    status: a.status,
    html: renderMarkdown(a.body),
    employer: a.employer,
    positions: a.positions,
    payMin: a.payMin,
    payMax: a.payMax,
    requirements: a.requirements,
    contact: a.contact,
    deadline: a.deadline ? date.format(a.deadline) : null,
    courseId: a.courseId,
    publishedAt: a.publishedAt ? dateTime.format(a.publishedAt) : null,
    publishAt: a.publishAt ? dateTime.format(a.publishAt) : null,
    expiresAt: a.expiresAt ? date.format(a.expiresAt) : null,
    expired: a.expiresAt !== null && a.expiresAt <= now,
  };
}
export type PresentedAnnouncement = ReturnType<typeof presentAnnouncement>;
