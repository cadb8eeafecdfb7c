// Home visits from scheduling to outcome: who may plan a visit for which household (the policy, through the
// roster's linkage), rescheduling and cancelling with their invitations and reminders, recording what was found
// (with progress on agreement goals and an optional follow-up in the same transaction), and overlap warnings.
// Every change is one transaction with its audit entry. What a person reads of visits is in reads.server.ts.
import { and, eq, gt, inArray, lt, ne, or, sql } from "drizzle-orm";
import { db, getDatabase, schema, type Queryable, type Tx } from "#db/client.server";
import { audit } from "#app/modules/audit/audit.server";
import { can, type Actor } from "#app/modules/auth/policy";
import type { RequestMeta } from "#app/modules/auth/sign-in.server";
import type { Need } from "#app/modules/households/codes";
import { getReminderLeadMinutes } from "#app/modules/notifications/preferences.server";
import { noteGoalProgress } from "#app/modules/roster/agreements.server";
import { recordVisitHours } from "#app/modules/service/hours.server";
import type { VisitOutcome } from "./codes";
import {
  auditRefusal,
  invalid,
  loadVisit,
  planFacts,
  type NewVisit,
  type VisitResult,
  type VisitTimes,
} from "./access.server";
import {
  cancelReminders,
  communityClock,
  enqueueInvitations,
  enqueueReminders,
  householdAddress,
  visitorsByIds,
  type CommunityClock,
  type NoticeVisit,
  type Visitor,
} from "./notices.server";
import { zonedInstant } from "./time";
import { dayOutOfRange, todayIn } from "#app/modules/dates/range";

export type { NewVisit, VisitResult, VisitTimes } from "./access.server";

function resolveTimes(input: VisitTimes, zone: string, now: Date, prefix = "") {
  const start = zonedInstant(input.date, input.startTime, zone);
  const end = zonedInstant(input.date, input.endTime, zone);
  if (!start) return invalid(prefix ? `${prefix}StartTime` : "startTime", "visits:validation.timeInvalid");
  if (!end) return invalid(prefix ? `${prefix}EndTime` : "endTime", "visits:validation.timeInvalid");
  if (end <= start)
    return invalid(prefix ? `${prefix}EndTime` : "endTime", "visits:validation.endBeforeStart");
  if (start <= now) return invalid(prefix ? `${prefix}Date` : "date", "visits:validation.inPast");
  const outOfRange = dayOutOfRange(input.date, "visit", todayIn(zone, now));
  if (outOfRange) return invalid(prefix ? `${prefix}Date` : "date", outOfRange);
  return { ok: true, start, end } as const;
}

/** Active volunteers among `ids`; the rest are refused. */
async function activeVolunteerIds(ids: readonly number[], q: Queryable): Promise<number[]> {
  if (ids.length === 0) return [];
  const rows = await q
    .select({ id: schema.users.id })
    .from(schema.users)
    .where(
      and(
        inArray(schema.users.id, [...ids]),
        eq(schema.users.role, "volunteer"),
        sql`${schema.users.disabledAt} IS NULL`,
      ),
    );
  return rows.map((r) => r.id);
}

/** Each visitor's reminder lead times, read before the write transaction (preferences are another domain). */
async function leadTimes(ids: readonly number[]): Promise<Map<number, number[]>> {
  const entries = await Promise.all(ids.map(async (id) => [id, await getReminderLeadMinutes(id)] as const));
  return new Map(entries);
}

/** Other scheduled visits of any of these volunteers (lead or co-visitor) that overlap [start, end). */
export async function overlappingVisits(
  volunteerIds: readonly number[],
  start: Date,
  end: Date,
  exceptVisitId: number | null,
  q: Queryable = db(),
): Promise<{ id: number; startsAt: Date; endsAt: Date }[]> {
  if (volunteerIds.length === 0) return [];
  const v = schema.visits;
  return q
    .select({ id: v.id, startsAt: v.startsAt, endsAt: v.endsAt })
    .from(v)
    .where(
      and(
        or(
          inArray(v.leadVolunteerId, [...volunteerIds]),
          inArray(
            v.id,
            q
              .select({ id: schema.visitCoVisitors.visitId })
              .from(schema.visitCoVisitors)
              .where(inArray(schema.visitCoVisitors.volunteerId, [...volunteerIds])),
          ),
        ),
        eq(v.status, "scheduled"),
        lt(v.startsAt, end),
        gt(v.endsAt, start),
        exceptVisitId === null ? undefined : ne(v.id, exceptVisitId),
      ),
    )
    .orderBy(v.startsAt)
    .limit(10);
}

export interface NoticeContext {
  address: string;
  visitors: Visitor[];
  clock: CommunityClock;
}

export async function noticeContext(visit: NoticeVisit, coVisitorIds: readonly number[], tx: Queryable) {
  const [address, visitors, clock] = await Promise.all([
    householdAddress(visit.householdId, tx),
    visitorsByIds([visit.leadVolunteerId, ...coVisitorIds], tx),
    communityClock(tx),
  ]);
  return { address, visitors, clock } satisfies NoticeContext;
}

/** Writes a visit with its co-visitors, invitations and reminders inside `tx`; returns its id. */
async function insertVisit(
  tx: Tx,
  actor: Actor,
  plan: { householdId: number; compoundId: number; volunteerId: number; coVisitorIds: readonly number[] },
  times: { start: Date; end: Date; place: string; purpose: string },
  leads: ReadonlyMap<number, readonly number[]>,
  meta: RequestMeta,
  now: Date,
): Promise<number> {
  const [row] = await tx
    .insert(schema.visits)
    .values({
      householdId: plan.householdId,
      compoundId: plan.compoundId,
      leadVolunteerId: plan.volunteerId,
      scheduledById: actor.id,
      startsAt: times.start,
      endsAt: times.end,
      place: times.place,
      purpose: times.purpose,
      createdAt: now,
      updatedAt: now,
    })
    .returning();
  if (!row) throw new Error("visit insert returned nothing");
  if (plan.coVisitorIds.length > 0)
    await tx
      .insert(schema.visitCoVisitors)
      .values(plan.coVisitorIds.map((volunteerId) => ({ visitId: row.id, volunteerId })));
  await audit(tx, {
    actorId: actor.id,
    action: "visit.schedule",
    targetType: "visit",
    targetId: row.id,
    ip: meta.ip,
    details: {
      householdId: plan.householdId,
      volunteerId: plan.volunteerId,
      coVisitorIds: plan.coVisitorIds,
      startsAt: times.start.toISOString(),
    },
  });
  const context = await noticeContext(row, plan.coVisitorIds, tx);
  await enqueueInvitations(tx, "invitation", row, context);
  await enqueueReminders(tx, row, context, leads, now);
  return row.id;
}

/** Schedules a visit; returns its id and the overlapping visits of its visitors (a warning, not a refusal). */
export async function scheduleVisit(
  actor: Actor,
  input: NewVisit,
  meta: RequestMeta,
  now = new Date(),
): Promise<VisitResult<{ id: number; overlaps: number[] }>> {
  const facts = await planFacts(input.householdId, input.volunteerId);
  if (!facts) return { ok: false, error: "notFound" };
  if (!can(actor, "visit.schedule", facts)) {
    await auditRefusal(actor, "visit.schedule", { type: "household", id: input.householdId }, meta, {
      volunteerId: input.volunteerId,
    });
    return { ok: false, error: "forbidden" };
  }
  const clock = await communityClock(db());
  const times = resolveTimes(input, clock.timeZone, now);
  if (!times.ok) return times;
  const wanted = [...new Set(input.coVisitorIds)].filter((id) => id !== input.volunteerId);
  const coVisitorIds = await activeVolunteerIds(wanted, db());
  if (coVisitorIds.length !== wanted.length)
    return invalid("coVisitors", "visits:validation.coVisitorUnknown");
  const visitors = [input.volunteerId, ...coVisitorIds];
  const leads = await leadTimes(visitors);
  return getDatabase().write(async (tx) => {
    const id = await insertVisit(
      tx,
      actor,
      { ...input, compoundId: facts.compoundId, coVisitorIds },
      { start: times.start, end: times.end, place: input.place, purpose: input.purpose },
      leads,
      meta,
      now,
    );
    const overlaps = await overlappingVisits(visitors, times.start, times.end, id, tx);
    return { ok: true, value: { id, overlaps: overlaps.map((o) => o.id) } } as const;
  });
}

/** Moves a visit or changes its place or purpose: SEQUENCE up, an update to every visitor, reminders anew. */
export async function rescheduleVisit(
  actor: Actor,
  id: number,
  input: VisitTimes,
  meta: RequestMeta,
  now = new Date(),
): Promise<VisitResult<{ overlaps: number[] }>> {
  const loaded = await loadVisit(id);
  if (!loaded) return { ok: false, error: "notFound" };
  if (!can(actor, "visit.manage", loaded.facts)) {
    await auditRefusal(actor, "visit.reschedule", { type: "visit", id }, meta);
    return { ok: false, error: "forbidden" };
  }
  if (loaded.row.status !== "scheduled") return { ok: false, error: "conflict" };
  const clock = await communityClock(db());
  const times = resolveTimes(input, clock.timeZone, now);
  if (!times.ok) return times;
  const visitors = [loaded.row.leadVolunteerId, ...loaded.facts.coVisitorIds];
  const leads = await leadTimes(visitors);
  return getDatabase().write(async (tx) => {
    const [row] = await tx
      .update(schema.visits)
      .set({
        startsAt: times.start,
        endsAt: times.end,
        place: input.place,
        purpose: input.purpose,
        sequence: sql`${schema.visits.sequence} + 1`,
        escalationLevel: 0,
        updatedAt: now,
      })
      .where(and(eq(schema.visits.id, id), eq(schema.visits.status, "scheduled")))
      .returning();
    if (!row) return { ok: false, error: "conflict" } as const;
    await audit(tx, {
      actorId: actor.id,
      action: "visit.reschedule",
      targetType: "visit",
      targetId: id,
      ip: meta.ip,
      details: {
        from: loaded.row.startsAt.toISOString(),
        to: times.start.toISOString(),
        placeChanged: loaded.row.place !== input.place,
        sequence: row.sequence,
      },
    });
    await cancelReminders(tx, id);
    const context = await noticeContext(row, loaded.facts.coVisitorIds, tx);
    await enqueueInvitations(tx, "update", row, context);
    await enqueueReminders(tx, row, context, leads, now);
    const overlaps = await overlappingVisits(visitors, times.start, times.end, id, tx);
    return { ok: true, value: { overlaps: overlaps.map((o) => o.id) } } as const;
  });
}

/** Cancels a scheduled visit with a reason: its reminders go, every visitor gets METHOD:CANCEL. */
export async function cancelVisit(
  actor: Actor,
  id: number,
  reason: string,
  meta: RequestMeta,
  now = new Date(),
): Promise<VisitResult<null>> {
  const loaded = await loadVisit(id);
  if (!loaded) return { ok: false, error: "notFound" };
  if (!can(actor, "visit.manage", loaded.facts)) {
    await auditRefusal(actor, "visit.cancel", { type: "visit", id }, meta);
    return { ok: false, error: "forbidden" };
  }
  return getDatabase().write(async (tx) => {
    const [row] = await tx
      .update(schema.visits)
      .set({
        status: "cancelled",
        cancelReason: reason,
        cancelledAt: now,
        sequence: sql`${schema.visits.sequence} + 1`,
        updatedAt: now,
      })
      .where(and(eq(schema.visits.id, id), eq(schema.visits.status, "scheduled")))
      .returning();
    if (!row) return { ok: false, error: "conflict" } as const;
    await audit(tx, {
      actorId: actor.id,
      action: "visit.cancel",
      targetType: "visit",
      targetId: id,
      ip: meta.ip,
      details: { reason, sequence: row.sequence },
    });
    await cancelReminders(tx, id);
    const context = await noticeContext(row, loaded.facts.coVisitorIds, tx);
    await enqueueInvitations(tx, "cancel", row, { ...context, reason });
    return { ok: true, value: null } as const;
  });
}

export interface VisitOutcomeInput {
  outcome: VisitOutcome;
  notes: string | null;
  needsFound: Need[];
  goalNotes: { goalId: number; note: string }[];
  followUp: { date: string; startTime: string; endTime: string } | null;
}

/**
 * Records what happened once the visit has begun: done or missed, notes, needs found, progress on the
 * household's agreement goals, and a follow-up visit by the same volunteer, all in one transaction.
 */
export async function recordVisitOutcome(
  actor: Actor,
  id: number,
  input: VisitOutcomeInput,
  meta: RequestMeta,
  now = new Date(),
): Promise<VisitResult<{ followUpVisitId: number | null }>> {
  const loaded = await loadVisit(id);
  if (!loaded) return { ok: false, error: "notFound" };
  if (!can(actor, "visit.record", loaded.facts)) {
    await auditRefusal(actor, "visit.record", { type: "visit", id }, meta);
    return { ok: false, error: "forbidden" };
  }
  const { row: visit } = loaded;
  if (visit.status !== "scheduled") return { ok: false, error: "conflict" };
  if (visit.startsAt > now && visit.arrivedAt === null)
    return invalid("outcome", "visits:validation.notYetBegun");
  let followUp: { start: Date; end: Date; leads: Map<number, number[]> } | null = null;
  if (input.followUp) {
    const plan = await planFacts(visit.householdId, visit.leadVolunteerId);
    if (!plan || !can(actor, "visit.schedule", plan))
      return invalid("followUpDate", "visits:validation.followUpNotAllowed");
    const clock = await communityClock(db());
    const times = resolveTimes(
      { ...input.followUp, place: visit.place, purpose: visit.purpose },
      clock.timeZone,
      now,
      "followUp",
    );
    if (!times.ok) return times;
    followUp = { start: times.start, end: times.end, leads: await leadTimes([visit.leadVolunteerId]) };
  }
  return getDatabase()
    .write(async (tx) => {
      const followUpVisitId = followUp
        ? await insertVisit(
            tx,
            actor,
            {
              householdId: visit.householdId,
              compoundId: visit.compoundId,
              volunteerId: visit.leadVolunteerId,
              coVisitorIds: [],
            },
            { start: followUp.start, end: followUp.end, place: visit.place, purpose: visit.purpose },
            followUp.leads,
            meta,
            now,
          )
        : null;
      const [row] = await tx
        .update(schema.visits)
        .set({
          status: input.outcome,
          notes: input.notes,
          needsFound: input.needsFound,
          followUpVisitId,
          recordedById: actor.id,
          recordedAt: now,
          updatedAt: now,
        })
        .where(and(eq(schema.visits.id, id), eq(schema.visits.status, "scheduled")))
        .returning({ id: schema.visits.id });
      // Someone recorded it first: roll back the follow-up with it.
      if (!row) throw new ConflictError();
      const goalsNoted = await noteGoalProgress(tx, actor, visit.householdId, input.goalNotes, now, meta);
      // A done visit is service for its visitors: their hours entries wait for confirmation (decision 026).
      if (input.outcome === "done") await recordVisitHours(tx, id, now);
      await cancelReminders(tx, id);
      await audit(tx, {
        actorId: actor.id,
        action: "visit.record",
        targetType: "visit",
        targetId: id,
        ip: meta.ip,
        details: { outcome: input.outcome, needsFound: input.needsFound, goalsNoted, followUpVisitId },
      });
      return { ok: true, value: { followUpVisitId } } as const;
    })
    .catch((e: unknown) => {
      if (e instanceof ConflictError) return { ok: false, error: "conflict" } as const;
      throw e;
    });
}

class ConflictError extends Error {
  constructor() {
    super("visit already recorded");
  }
}
