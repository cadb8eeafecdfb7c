// Home visits from scheduling to outcome: who may plan a visit for which household (the policy, through the
// roster's linkage), rescheduling and cancelling with their invitations and reminders, recording what was found
// (with progress on agreement goals and an optional follow-up in the same transaction), overlap warnings, and
// the lists a volunteer, a cadre or an organizer sees. Every change is one transaction with its audit entry.
import { and, asc, desc, eq, gt, gte, inArray, lt, ne, or, sql, type SQL } from "drizzle-orm";
import { db, getDatabase, schema, type Queryable, type Tx } from "#db/client.server";
import { audit } from "#app/modules/audit/audit.server";
import {
  can,
  isCadre,
  isStaff,
  type Actor,
  type VisitFacts,
  type VisitPlanFacts,
} from "#app/modules/auth/policy";
import type { RequestMeta } from "#app/modules/auth/sign-in.server";
import type { Need } from "#app/modules/households/codes";
import { getReminderLeadMinutes } from "#app/modules/notifications/preferences.server";
import { noteGoalProgress } from "#app/modules/roster/agreements.server";
import { addressLine, householdBriefs } from "#app/modules/roster/household-reads.server";
import { chainUp, householdFacts, subtreeIds } from "#app/modules/roster/linkage.server";
import type { VisitOutcome, VisitStatus } from "./codes";
import {
  cancelReminders,
  communityClock,
  enqueueInvitations,
  enqueueReminders,
  householdAddress,
  visitCalendar,
  visitorsByIds,
  type CommunityClock,
  type NoticeVisit,
  type Visitor,
} from "./notices.server";
import { zonedInstant } from "./time";

export type VisitRow = typeof schema.visits.$inferSelect;

/** A field the module refused (a time in the past, an unknown co-visitor): the route shows it beside the field. */
export interface FieldProblem {
  field: string;
  message: string;
}

export type VisitResult<T> =
  | { ok: true; value: T }
  | { ok: false; error: "notFound" | "forbidden" | "conflict" }
  | { ok: false; error: "invalid"; problem: FieldProblem };

export interface VisitTimes {
  date: string;
  startTime: string;
  endTime: string;
  place: string;
  purpose: string;
}

export interface NewVisit extends VisitTimes {
  householdId: number;
  volunteerId: number;
  coVisitorIds: readonly number[];
}

const invalid = (field: string, message: string) =>
  ({ ok: false, error: "invalid", problem: { field, message } }) as const;

async function coVisitorIdsOf(visitId: number, q: Queryable): Promise<number[]> {
  const rows = await q
    .select({ id: schema.visitCoVisitors.volunteerId })
    .from(schema.visitCoVisitors)
    .where(eq(schema.visitCoVisitors.visitId, visitId));
  return rows.map((r) => r.id);
}

async function factsOf(row: VisitRow, q: Queryable): Promise<VisitFacts | null> {
  const facts = await householdFacts(row.householdId, q);
  if (!facts) return null;
  const [volunteerChain, coVisitorIds] = await Promise.all([
    chainUp([row.leadVolunteerId], q),
    coVisitorIdsOf(row.id, q),
  ]);
  return { ...facts, volunteerId: row.leadVolunteerId, volunteerChain, coVisitorIds };
}

/** A visit with the facts its access depends on; null when there is no such visit. */
export async function loadVisit(id: number, q: Queryable = db()) {
  const [row] = await q.select().from(schema.visits).where(eq(schema.visits.id, id));
  if (!row) return null;
  const facts = await factsOf(row, q);
  return facts ? { row, facts } : null;
}

/** What deciding a new visit of `volunteerId` to `householdId` needs; null when the household is unknown. */
export async function planFacts(
  householdId: number,
  volunteerId: number,
  q: Queryable = db(),
): Promise<VisitPlanFacts | null> {
  const facts = await householdFacts(householdId, q);
  if (!facts) return null;
  return { ...facts, volunteerId, volunteerChain: await chainUp([volunteerId], q) };
}

/** Logs a refused attempt on a visit or a household's visits: somebody tried what the policy forbids. */
export async function auditRefusal(
  actor: Actor,
  action: string,
  target: { type: "visit" | "household"; id: number },
  meta: RequestMeta,
  details?: Record<string, unknown>,
): Promise<void> {
  await getDatabase().writeAtomic((d) =>
    audit(d, {
      actorId: actor.id,
      action: `${action}.denied`,
      targetType: target.type,
      targetId: target.id,
      ip: meta.ip,
      details,
    }),
  );
}

function resolveTimes(input: VisitTimes, zone: string, now: Date, prefix = "") {
  const start = zonedInstant(input.date, input.startTime, zone);
  const end = zonedInstant(input.date, input.endTime, zone);
  if (!start) return invalid(prefix ? `${prefix}StartTime` : "startTime", "visits:validation.timeInvalid");
  if (!end) return invalid(prefix ? `${prefix}EndTime` : "endTime", "visits:validation.timeInvalid");
  if (end <= start)
    return invalid(prefix ? `${prefix}EndTime` : "endTime", "visits:validation.endBeforeStart");
  if (start <= now) return invalid(prefix ? `${prefix}Date` : "date", "visits:validation.inPast");
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

interface NoticeContext {
  address: string;
  visitors: Visitor[];
  clock: CommunityClock;
}

async function noticeContext(visit: NoticeVisit, coVisitorIds: readonly number[], tx: Queryable) {
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
  if (visit.startsAt > now) return invalid("outcome", "visits:validation.notYetBegun");
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

export interface VisitView {
  visit: VisitRow;
  address: string;
  hardshipLevel: string | null;
  lead: { id: number; name: string; phone: string | null } | null;
  coVisitors: { id: number; name: string; phone: string | null }[];
  overlaps: { id: number; startsAt: Date; endsAt: Date }[];
  followUpOf: number | null;
  canManage: boolean;
  canRecord: boolean;
}

/** One visit as `actor` may see it, with overlaps flagged while it is still to come. Every read is audited. */
export async function getVisit(actor: Actor, id: number, meta: RequestMeta): Promise<VisitResult<VisitView>> {
  const loaded = await loadVisit(id);
  if (!loaded) return { ok: false, error: "notFound" };
  const { row, facts } = loaded;
  if (!can(actor, "visit.read", facts)) {
    await auditRefusal(actor, "visit.read", { type: "visit", id }, meta);
    return { ok: false, error: "forbidden" };
  }
  const people = await db()
    .select({ id: schema.users.id, name: schema.users.name, phone: schema.users.phone })
    .from(schema.users)
    .where(inArray(schema.users.id, [row.leadVolunteerId, ...facts.coVisitorIds]));
  const [brief] = await householdBriefs([row.householdId]);
  const overlaps =
    row.status === "scheduled"
      ? await overlappingVisits(
          [row.leadVolunteerId, ...facts.coVisitorIds],
          row.startsAt,
          row.endsAt,
          row.id,
        )
      : [];
  const [parent] = await db()
    .select({ id: schema.visits.id })
    .from(schema.visits)
    .where(eq(schema.visits.followUpVisitId, id))
    .limit(1);
  // Visit notes describe a household's situation: every read is logged.
  await getDatabase().writeAtomic((d) =>
    audit(d, { actorId: actor.id, action: "visit.read", targetType: "visit", targetId: id, ip: meta.ip }),
  );
  return {
    ok: true,
    value: {
      visit: row,
      address: brief ? `${brief.compoundName} ${addressLine(brief)}` : "",
      hardshipLevel: brief?.hardshipLevel ?? null,
      lead: people.find((p) => p.id === row.leadVolunteerId) ?? null,
      coVisitors: facts.coVisitorIds.flatMap((cid) => people.filter((p) => p.id === cid)),
      overlaps,
      followUpOf: parent?.id ?? null,
      canManage: can(actor, "visit.manage", facts),
      canRecord: can(actor, "visit.record", facts),
    },
  };
}

export interface VisitListItem {
  id: number;
  startsAt: Date;
  endsAt: Date;
  status: VisitStatus;
  place: string;
  purpose: string;
  address: string;
  leadName: string;
  escalationLevel: number;
}

export const visitPageSize = 20;

/** Whose visits a list shows: one volunteer's own (lead or co-visitor), some leads', or compounds'. */
export type VisitScope =
  | { kind: "own"; userId: number }
  | { kind: "leads"; userIds: number[] }
  | { kind: "compounds"; compoundIds: number[] | "all" };

function scopeCondition(scope: VisitScope): SQL | undefined {
  const v = schema.visits;
  switch (scope.kind) {
    case "own":
      return or(
        eq(v.leadVolunteerId, scope.userId),
        inArray(
          v.id,
          db()
            .select({ id: schema.visitCoVisitors.visitId })
            .from(schema.visitCoVisitors)
            .where(eq(schema.visitCoVisitors.volunteerId, scope.userId)),
        ),
      );
    case "leads":
      return inArray(v.leadVolunteerId, scope.userIds);
    case "compounds":
      return scope.compoundIds === "all" ? undefined : inArray(v.compoundId, scope.compoundIds);
  }
}

/** The scope of the oversight lists: a cadre's subtree, an organizer's compounds, else the volunteer alone. */
export async function oversightScope(actor: Actor): Promise<VisitScope> {
  if (isStaff(actor))
    return {
      kind: "compounds",
      compoundIds: actor.role === "admin" || actor.compoundId === null ? "all" : [actor.compoundId],
    };
  if (isCadre(actor)) return { kind: "leads", userIds: await subtreeIds(actor.id) };
  return { kind: "leads", userIds: [actor.id] };
}

/** The visit list a tab shows, a page at a time (one row more than a page tells whether there is more). */
export async function listVisits(
  scope: VisitScope,
  which: "upcoming" | "toRecord" | "past" | "escalated",
  now: Date,
  page = 0,
  pageSize = visitPageSize,
): Promise<{ items: VisitListItem[]; hasMore: boolean }> {
  const v = schema.visits;
  const filters: Record<typeof which, { where: SQL | undefined; order: SQL[] }> = {
    upcoming: {
      where: and(eq(v.status, "scheduled"), gte(v.startsAt, now)),
      order: [asc(v.startsAt), asc(v.id)],
    },
    toRecord: {
      where: and(eq(v.status, "scheduled"), lt(v.startsAt, now)),
      order: [desc(v.startsAt), desc(v.id)],
    },
    past: { where: ne(v.status, "scheduled"), order: [desc(v.startsAt), desc(v.id)] },
    escalated: {
      where: and(eq(v.status, "scheduled"), gte(v.escalationLevel, 1)),
      order: [asc(v.endsAt), asc(v.id)],
    },
  };
  const filter = filters[which];
  const rows = await db()
    .select({
      id: v.id,
      householdId: v.householdId,
      leadVolunteerId: v.leadVolunteerId,
      startsAt: v.startsAt,
      endsAt: v.endsAt,
      status: v.status,
      place: v.place,
      purpose: v.purpose,
      escalationLevel: v.escalationLevel,
    })
    .from(v)
    .where(and(scopeCondition(scope), filter.where))
    .orderBy(...filter.order)
    .limit(pageSize + 1)
    .offset(page * pageSize);
  const shown = rows.slice(0, pageSize);
  const [briefs, leads] = await Promise.all([
    householdBriefs([...new Set(shown.map((r) => r.householdId))]),
    shown.length
      ? db()
          .select({ id: schema.users.id, name: schema.users.name })
          .from(schema.users)
          .where(inArray(schema.users.id, [...new Set(shown.map((r) => r.leadVolunteerId))]))
      : Promise.resolve([]),
  ]);
  const addressOf = new Map(briefs.map((b) => [b.id, `${b.compoundName} ${addressLine(b)}`]));
  const nameOf = new Map(leads.map((l) => [l.id, l.name]));
  return {
    items: shown.map((r) => ({
      id: r.id,
      startsAt: r.startsAt,
      endsAt: r.endsAt,
      status: r.status,
      place: r.place,
      purpose: r.purpose,
      address: addressOf.get(r.householdId) ?? "",
      leadName: nameOf.get(r.leadVolunteerId) ?? "",
      escalationLevel: r.escalationLevel,
    })),
    hasMore: rows.length > pageSize,
  };
}

/**
 * Volunteers a visit by `volunteerId` may take along: their supervisor and those they supervise, the
 * neighbours in the linkage who most often visit together. Reads the users table, as roster has no such query.
 */
export async function coVisitorOptions(volunteerId: number, q: Queryable = db()) {
  const u = schema.users;
  return q
    .select({ id: u.id, name: u.name })
    .from(u)
    .where(
      and(
        eq(u.role, "volunteer"),
        sql`${u.disabledAt} IS NULL`,
        ne(u.id, volunteerId),
        or(
          eq(u.supervisorId, volunteerId),
          sql`${u.id} = (SELECT supervisor_id FROM users WHERE id = ${volunteerId})`,
        ),
      ),
    )
    .orderBy(asc(u.volunteerTier), asc(u.name))
    .limit(30);
}

/** One visit as a calendar file (METHOD:PUBLISH), for whoever may read it. */
export async function visitDownload(
  actor: Actor,
  id: number,
  meta: RequestMeta,
): Promise<VisitResult<string>> {
  const loaded = await loadVisit(id);
  if (!loaded) return { ok: false, error: "notFound" };
  if (!can(actor, "visit.read", loaded.facts)) {
    await auditRefusal(actor, "visit.read", { type: "visit", id }, meta);
    return { ok: false, error: "forbidden" };
  }
  const context = await noticeContext(loaded.row, loaded.facts.coVisitorIds, db());
  const locale = (await visitorsByIds([actor.id], db()))[0]?.locale ?? "zh-CN";
  return { ok: true, value: visitCalendar(loaded.row, context, locale, "publish") };
}
