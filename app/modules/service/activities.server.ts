// Service organizers record beyond visits: an activity (a clean-up day, a market) with its attendees, and the
// volunteers who taught or helped at a course session (courses name a provider, not a volunteer). The
// organizer's record is itself the confirmation, so these entries are confirmed as written.
import { and, desc, eq, gte, inArray, lte } from "drizzle-orm";
import { db, getDatabase, schema, type Tx } from "#db/client.server";
import { audit } from "#app/modules/audit/audit.server";
import { can, coversCompound, type Actor } from "#app/modules/auth/policy";
import type { RequestMeta } from "#app/modules/auth/sign-in.server";
import type { ServiceSource } from "./codes";
import { awardStars, upsertEntries, type ServiceResult } from "./hours.server";

const sh = schema.serviceHours;

export interface ActivityInput {
  compoundId: number | null;
  title: string;
  description: string | null;
  startsAt: Date;
  minutes: number;
  volunteerIds: number[];
}

/** Active volunteers among `ids`. */
async function volunteersAmong(tx: Tx, ids: readonly number[]): Promise<number[]> {
  if (ids.length === 0) return [];
  const rows = await tx
    .select({ id: schema.users.id })
    .from(schema.users)
    .where(and(inArray(schema.users.id, [...ids]), eq(schema.users.role, "volunteer")));
  return rows.map((r) => r.id);
}

async function confirmAll(
  tx: Tx,
  actor: Actor,
  source: ServiceSource,
  sourceId: number,
  volunteerIds: readonly number[],
  now: Date,
): Promise<void> {
  await tx
    .update(sh)
    .set({ status: "confirmed", decidedById: actor.id, decidedAt: now, updatedAt: now })
    .where(and(eq(sh.source, source), eq(sh.sourceId, sourceId), inArray(sh.status, ["pending"])));
  for (const volunteerId of volunteerIds) await awardStars(tx, volunteerId, now);
}

export async function recordActivity(
  actor: Actor,
  input: ActivityInput,
  meta: RequestMeta,
  now = new Date(),
): Promise<ServiceResult<{ id: number }>> {
  // An activity of no compound is the whole community's: only staff of every compound record it.
  const allowed =
    input.compoundId === null
      ? actor.role === "admin" || (actor.role === "organizer" && actor.compoundId === null)
      : coversCompound(actor, input.compoundId);
  if (!can(actor, "service.manage") || !allowed) return { ok: false, error: "forbidden" };
  return getDatabase().write(async (tx) => {
    const [row] = await tx
      .insert(schema.serviceActivities)
      .values({
        compoundId: input.compoundId,
        title: input.title,
        description: input.description,
        startsAt: input.startsAt,
        minutes: input.minutes,
        createdById: actor.id,
      })
      .returning({ id: schema.serviceActivities.id });
    if (!row) throw new Error("activity not written");
    const volunteerIds = await volunteersAmong(tx, input.volunteerIds);
    await upsertEntries(tx, "activity", row.id, volunteerIds, {
      compoundId: input.compoundId,
      servedAt: input.startsAt,
      minutes: input.minutes,
      now,
    });
    await confirmAll(tx, actor, "activity", row.id, volunteerIds, now);
    await audit(tx, {
      actorId: actor.id,
      action: "service.activityRecorded",
      targetType: "service_activity",
      targetId: row.id,
      ip: meta.ip,
      details: { title: input.title, minutes: input.minutes, volunteerIds },
    });
    return { ok: true, value: { id: row.id } } as const;
  });
}

/** Recent activities, newest first, with how many volunteers each counted. */
export function recentActivities(actor: Actor, limit = 30) {
  const a = schema.serviceActivities;
  const mine =
    actor.role === "admin" || actor.compoundId === null ? undefined : eq(a.compoundId, actor.compoundId);
  return db()
    .select({
      id: a.id,
      title: a.title,
      startsAt: a.startsAt,
      minutes: a.minutes,
      compoundId: a.compoundId,
      attendees: db().$count(sh, and(eq(sh.source, "activity"), eq(sh.sourceId, a.id))),
    })
    .from(a)
    .where(mine)
    .orderBy(desc(a.startsAt))
    .limit(limit);
}

/** Volunteers who taught or helped at a course session get its length as hours. */
export async function recordSessionHelpers(
  actor: Actor,
  sessionId: number,
  volunteerIds: readonly number[],
  meta: RequestMeta,
  now = new Date(),
): Promise<ServiceResult<{ recorded: number }>> {
  const [session] = await db()
    .select({
      id: schema.courseSessions.id,
      startsAt: schema.courseSessions.startsAt,
      endsAt: schema.courseSessions.endsAt,
      compoundId: schema.courses.compoundId,
    })
    .from(schema.courseSessions)
    .innerJoin(schema.courses, eq(schema.courses.id, schema.courseSessions.courseId))
    .where(eq(schema.courseSessions.id, sessionId));
  if (!session) return { ok: false, error: "notFound" };
  if (!can(actor, "service.manage") || !can(actor, "course.manage", { compoundId: session.compoundId }))
    return { ok: false, error: "forbidden" };
  const minutes = Math.min(1440, Math.max(1, Math.round((+session.endsAt - +session.startsAt) / 60_000)));
  return getDatabase().write(async (tx) => {
    const ids = await volunteersAmong(tx, volunteerIds);
    await upsertEntries(tx, "course_session", sessionId, ids, {
      compoundId: session.compoundId,
      servedAt: session.startsAt,
      minutes,
      now,
    });
    await confirmAll(tx, actor, "course_session", sessionId, ids, now);
    await audit(tx, {
      actorId: actor.id,
      action: "service.helpersRecorded",
      targetType: "course_session",
      targetId: sessionId,
      ip: meta.ip,
      details: { volunteerIds: ids, minutes },
    });
    return { ok: true, value: { recorded: ids.length } } as const;
  });
}

/** Course sessions of the last three months and the coming week whose course `actor` manages, newest first. */
export async function sessionOptions(actor: Actor, now = new Date()) {
  const rows = await db()
    .select({
      id: schema.courseSessions.id,
      startsAt: schema.courseSessions.startsAt,
      title: schema.courses.title,
      compoundId: schema.courses.compoundId,
    })
    .from(schema.courseSessions)
    .innerJoin(schema.courses, eq(schema.courses.id, schema.courseSessions.courseId))
    .where(
      and(
        gte(schema.courseSessions.startsAt, new Date(now.getTime() - 92 * 86_400_000)),
        lte(schema.courseSessions.startsAt, new Date(now.getTime() + 7 * 86_400_000)),
      ),
    )
    .orderBy(desc(schema.courseSessions.startsAt))
    .limit(200);
  return rows.filter((r) => can(actor, "course.manage", { compoundId: r.compoundId }));
}
