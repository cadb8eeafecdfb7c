// Service hours (志愿服务记录): entries written from done visits (in the visit's own transaction), confirmed or
// rejected by someone above the volunteer or their staff, disputed by the volunteer, and the star levels they
// reach (a level is written once; writing it sends the thank-you). Reads are scoped by the roster's reach.
import { and, desc, eq, inArray, notInArray, sql, type SQL } from "drizzle-orm";
import { appOrigin } from "#app/config.server";
import { db, getDatabase, schema, type Queryable, type Tx } from "#db/client.server";
import { audit } from "#app/modules/audit/audit.server";
import { can, type Actor, type ServiceFacts } from "#app/modules/auth/policy";
import { reachOf } from "#app/modules/auth/scope.server";
import type { RequestMeta } from "#app/modules/auth/sign-in.server";
import { sendInApp } from "#app/modules/notifications/inapp.server";
import { chainUp } from "#app/modules/roster/linkage.server";
import { volunteerScope } from "#app/modules/roster/reach.server";
import type { ServiceSource, ServiceStatus } from "./codes";
import { visitDurationMinutes } from "#app/modules/visits/duration";
import { hoursOf, starLevelFor } from "./stars";

const sh = schema.serviceHours;

/**
 * Writes or refreshes the entries of a done visit for its lead volunteer and co-visitors, inside the visit's
 * write transaction. An entry whose minutes change goes back to pending: what was confirmed was another figure.
 */
export async function recordVisitHours(tx: Tx, visitId: number, now = new Date()): Promise<void> {
  const [visit] = await tx.select().from(schema.visits).where(eq(schema.visits.id, visitId));
  if (!visit || visit.status !== "done") return;
  const coVisitors = await tx
    .select({ id: schema.visitCoVisitors.volunteerId })
    .from(schema.visitCoVisitors)
    .where(eq(schema.visitCoVisitors.visitId, visitId));
  const minutes = visitDurationMinutes(visit);
  const volunteerIds = [...new Set([visit.leadVolunteerId, ...coVisitors.map((c) => c.id)])];
  await upsertEntries(tx, "visit", visitId, volunteerIds, {
    compoundId: visit.compoundId,
    servedAt: visit.arrivedAt ?? visit.startsAt,
    minutes,
    now,
  });
}

/** One entry per volunteer for a source: new ones pending, changed ones back to pending. */
export async function upsertEntries(
  tx: Tx,
  source: ServiceSource,
  sourceId: number,
  volunteerIds: readonly number[],
  facts: { compoundId: number | null; servedAt: Date; minutes: number; now: Date },
): Promise<void> {
  if (volunteerIds.length === 0) return;
  await tx
    .insert(sh)
    .values(
      volunteerIds.map((volunteerId) => ({
        volunteerId,
        source,
        sourceId,
        compoundId: facts.compoundId,
        servedAt: facts.servedAt,
        minutes: facts.minutes,
      })),
    )
    .onConflictDoUpdate({
      target: [sh.source, sh.sourceId, sh.volunteerId],
      set: {
        status: sql`CASE WHEN ${sh.minutes} = excluded.minutes THEN ${sh.status} ELSE 'pending' END`,
        decidedById: sql`CASE WHEN ${sh.minutes} = excluded.minutes THEN ${sh.decidedById} ELSE NULL END`,
        decidedAt: sql`CASE WHEN ${sh.minutes} = excluded.minutes THEN ${sh.decidedAt} ELSE NULL END`,
        minutes: sql`excluded.minutes`,
        servedAt: sql`excluded.served_at`,
        compoundId: sql`excluded.compound_id`,
        updatedAt: facts.now,
      },
    });
}

/** The facts the policy needs about whose hours these are. */
export async function serviceFacts(volunteerId: number, q: Queryable = db()): Promise<ServiceFacts | null> {
  const [user] = await q
    .select({ id: schema.users.id, role: schema.users.role, compoundId: schema.users.compoundId })
    .from(schema.users)
    .where(eq(schema.users.id, volunteerId));
  if (!user || user.role !== "volunteer") return null;
  const [chain, extra] = await Promise.all([
    chainUp([volunteerId], q),
    q
      .select({ compoundId: schema.volunteerCompounds.compoundId })
      .from(schema.volunteerCompounds)
      .where(eq(schema.volunteerCompounds.userId, volunteerId)),
  ]);
  return {
    volunteerId,
    chain,
    compoundId: user.compoundId,
    compoundIds: [...(user.compoundId === null ? [] : [user.compoundId]), ...extra.map((e) => e.compoundId)],
  };
}

export type Decision = "confirm" | "reject";
export type ServiceResult<T = null> =
  { ok: true; value: T } | { ok: false; error: "notFound" | "forbidden" | "conflict" | "invalid" };

/**
 * Confirms or rejects entries, each only if `actor` may decide for its volunteer; a confirmation may reach a
 * star level. Returns how many were decided.
 */
export async function decideHours(
  actor: Actor,
  entryIds: readonly number[],
  decision: Decision,
  meta: RequestMeta,
  now = new Date(),
): Promise<ServiceResult<{ decided: number; starsReached: number }>> {
  if (entryIds.length === 0) return { ok: false, error: "invalid" };
  const entries = await db()
    .select({ id: sh.id, volunteerId: sh.volunteerId, status: sh.status })
    .from(sh)
    .where(inArray(sh.id, [...entryIds]));
  if (entries.length === 0) return { ok: false, error: "notFound" };
  const facts = new Map<number, ServiceFacts | null>();
  for (const volunteerId of new Set(entries.map((e) => e.volunteerId)))
    facts.set(volunteerId, await serviceFacts(volunteerId));
  const allowed = entries.filter((e) => {
    const f = facts.get(e.volunteerId);
    return f && can(actor, "service.decide", f);
  });
  if (allowed.length === 0) {
    await getDatabase().write((tx) =>
      audit(tx, {
        actorId: actor.id,
        action: "service.refused",
        targetType: "service_hours",
        targetId: entries.map((e) => e.id).join(","),
        ip: meta.ip,
        details: { decision },
      }),
    );
    return { ok: false, error: "forbidden" };
  }
  const status: ServiceStatus = decision === "confirm" ? "confirmed" : "rejected";
  return getDatabase().write(async (tx) => {
    const decided = await tx
      .update(sh)
      .set({ status, decidedById: actor.id, decidedAt: now, updatedAt: now })
      .where(
        and(
          inArray(
            sh.id,
            allowed.map((e) => e.id),
          ),
          notInArray(sh.status, [status]),
        ),
      )
      .returning({ id: sh.id, volunteerId: sh.volunteerId, minutes: sh.minutes });
    for (const entry of decided)
      await audit(tx, {
        actorId: actor.id,
        action: decision === "confirm" ? "service.confirmed" : "service.rejected",
        targetType: "service_hours",
        targetId: entry.id,
        ip: meta.ip,
        details: { volunteerId: entry.volunteerId, minutes: entry.minutes },
      });
    let starsReached = 0;
    for (const volunteerId of new Set(decided.map((d) => d.volunteerId)))
      starsReached += await awardStars(tx, volunteerId, now);
    return { ok: true, value: { decided: decided.length, starsReached } } as const;
  });
}

/** The volunteer disputes an entry of their own (pending or confirmed), saying why; it no longer counts. */
export async function disputeHours(
  actor: Actor,
  entryId: number,
  reason: string,
  meta: RequestMeta,
  now = new Date(),
): Promise<ServiceResult> {
  const [entry] = await db().select().from(sh).where(eq(sh.id, entryId));
  if (!entry) return { ok: false, error: "notFound" };
  if (!can(actor, "service.dispute", { volunteerId: entry.volunteerId }))
    return { ok: false, error: "forbidden" };
  return getDatabase().write(async (tx) => {
    const [row] = await tx
      .update(sh)
      .set({ status: "disputed", disputeReason: reason, disputedAt: now, updatedAt: now })
      .where(and(eq(sh.id, entryId), inArray(sh.status, ["pending", "confirmed"])))
      .returning({ id: sh.id });
    if (!row) return { ok: false, error: "conflict" } as const;
    await audit(tx, {
      actorId: actor.id,
      action: "service.disputed",
      targetType: "service_hours",
      targetId: entryId,
      ip: meta.ip,
      details: { previous: entry.status },
    });
    return { ok: true, value: null } as const;
  });
}

/** Confirmed minutes of a volunteer, optionally within [from, to). */
export async function confirmedMinutes(
  volunteerId: number,
  range: { from?: Date; to?: Date } = {},
  q: Queryable = db(),
): Promise<number> {
  const conditions: SQL[] = [eq(sh.volunteerId, volunteerId), eq(sh.status, "confirmed")];
  if (range.from) conditions.push(sql`${sh.servedAt} >= ${range.from.getTime()}`);
  if (range.to) conditions.push(sql`${sh.servedAt} < ${range.to.getTime()}`);
  const [row] = await q
    .select({ minutes: sql<number>`coalesce(sum(${sh.minutes}), 0)` })
    .from(sh)
    .where(and(...conditions));
  return row?.minutes ?? 0;
}

/**
 * Writes each star level the volunteer's confirmed hours reach and they do not hold yet, and thanks them for
 * each in their messages. Levels are never taken back. Returns how many were reached now.
 */
export async function awardStars(tx: Tx, volunteerId: number, now = new Date()): Promise<number> {
  const minutes = await confirmedMinutes(volunteerId, {}, tx);
  const level = starLevelFor(minutes);
  if (level === 0) return 0;
  const levels = Array.from({ length: level }, (_, i) => i + 1);
  const written = await tx
    .insert(schema.volunteerStars)
    .values(levels.map((l) => ({ userId: volunteerId, level: l, reachedAt: now })))
    .onConflictDoNothing()
    .returning({ level: schema.volunteerStars.level });
  if (written.length === 0) return 0;
  const [person] = await tx
    .select({ name: schema.users.name, locale: schema.users.locale })
    .from(schema.users)
    .where(eq(schema.users.id, volunteerId));
  for (const { level: reached } of written) {
    if (person)
      await sendInApp(tx, {
        userId: volunteerId,
        key: `service:star:${volunteerId}:${reached}`,
        template: "service.starReached",
        data: {
          name: person.name,
          level: reached,
          hours: Math.floor(hoursOf(minutes)),
          url: `${appOrigin()}/service`,
        },
        locale: person.locale,
      });
    await audit(tx, {
      actorId: null,
      action: "service.starReached",
      targetType: "user",
      targetId: volunteerId,
      details: { level: reached, minutes },
    });
  }
  return written.length;
}

/** The star levels a volunteer holds, highest first. */
export async function starsOf(volunteerId: number, q: Queryable = db()) {
  return q
    .select({ level: schema.volunteerStars.level, reachedAt: schema.volunteerStars.reachedAt })
    .from(schema.volunteerStars)
    .where(eq(schema.volunteerStars.userId, volunteerId))
    .orderBy(desc(schema.volunteerStars.level));
}

export interface ServiceEntry {
  id: number;
  volunteerId: number;
  volunteerName: string;
  source: ServiceSource;
  sourceId: number;
  /** An activity's or a course's title; null for a visit (the household is not named here). */
  title: string | null;
  servedAt: Date;
  minutes: number;
  status: ServiceStatus;
  disputeReason: string | null;
}

const entryColumns = {
  id: sh.id,
  volunteerId: sh.volunteerId,
  volunteerName: schema.users.name,
  source: sh.source,
  sourceId: sh.sourceId,
  title: sql<
    string | null
  >`CASE ${sh.source} WHEN 'activity' THEN (SELECT title FROM service_activities a WHERE a.id = ${sh.sourceId}) WHEN 'course_session' THEN (SELECT c.title FROM course_sessions s JOIN courses c ON c.id = s.course_id WHERE s.id = ${sh.sourceId}) END`,
  servedAt: sh.servedAt,
  minutes: sh.minutes,
  status: sh.status,
  disputeReason: sh.disputeReason,
};

function entriesWhere(where: SQL | undefined, limit: number, q: Queryable = db()): Promise<ServiceEntry[]> {
  return q
    .select(entryColumns)
    .from(sh)
    .innerJoin(schema.users, eq(schema.users.id, sh.volunteerId))
    .where(where)
    .orderBy(desc(sh.servedAt), desc(sh.id))
    .limit(limit);
}

/** The volunteers whose hours `actor` reads, as a condition over service_hours. */
async function entryScope(actor: Actor): Promise<SQL | undefined> {
  const scope = volunteerScope(await reachOf(actor));
  if (!scope) return undefined;
  return inArray(sh.volunteerId, db().select({ id: schema.users.id }).from(schema.users).where(scope));
}

/** One volunteer's entries, newest first (the caller has checked `service.read`). */
export function entriesOf(volunteerId: number, limit = 500): Promise<ServiceEntry[]> {
  return entriesWhere(eq(sh.volunteerId, volunteerId), limit);
}

/**
 * Entries waiting for `actor` to decide: pending and disputed, of the volunteers in their reach, never their
 * own; oldest first so nothing waits for ever.
 */
export async function reviewQueue(actor: Actor, limit = 200): Promise<ServiceEntry[]> {
  const rows = await entriesWhere(
    and(
      await entryScope(actor),
      inArray(sh.status, ["pending", "disputed"]),
      sql`${sh.volunteerId} <> ${actor.id}`,
    ),
    limit,
  );
  return rows.reverse();
}

/** Every entry `actor` may read within [from, to), of one volunteer when given, for the export. */
export async function entriesInReach(
  actor: Actor,
  range: { from: Date; to: Date },
  volunteerId?: number,
): Promise<ServiceEntry[]> {
  return entriesWhere(
    and(
      await entryScope(actor),
      volunteerId === undefined ? undefined : eq(sh.volunteerId, volunteerId),
      sql`${sh.servedAt} >= ${range.from.getTime()}`,
      sql`${sh.servedAt} < ${range.to.getTime()}`,
    ),
    100_000,
  );
}
