// The visits part of a volunteer's home, what needs doing first: their own visits waiting to be recorded
// (escalated ones first), their own next visits, and their paired households due a visit that nobody has
// booked. Only visits they lead or go on are listed; two indexed reads (by lead, by co-visitor).
import { and, asc, eq } from "drizzle-orm";
import { db, schema, type Queryable } from "#db/client.server";
import type { Actor } from "#app/modules/auth/policy";
import { fullAddress } from "#app/modules/households/brief";
import { recordHouseholdBriefs, type ReadContext } from "#app/modules/households/reader.server";
import { pairedHouseholdIds } from "#app/modules/roster/linkage.server";
import { cadenceOf, type CadenceState } from "./cadence.server";

export interface AgendaVisit {
  id: number;
  householdId: number;
  address: string;
  headName: string | null;
  headPhone: string | null;
  startsAt: Date;
  endsAt: Date;
  place: string;
  arrivedAt: Date | null;
  leftAt: Date | null;
  escalationLevel: number;
  lead: boolean;
}

export interface AgendaDue {
  householdId: number;
  address: string;
  headName: string | null;
  headPhone: string | null;
  state: Exclude<CadenceState, "ok">;
  dueAt: Date;
  never: boolean;
}

/** How many of the volunteer's scheduled visits the home reads, and how many upcoming ones it shows. */
const scheduledRead = 60;
export const upcomingShown = 5;

/** The volunteer's own scheduled visits (lead or co-visitor), oldest first. */
async function ownScheduled(volunteerId: number, q: Queryable) {
  const v = schema.visits;
  const columns = {
    id: v.id,
    householdId: v.householdId,
    leadVolunteerId: v.leadVolunteerId,
    startsAt: v.startsAt,
    endsAt: v.endsAt,
    place: v.place,
    arrivedAt: v.arrivedAt,
    leftAt: v.leftAt,
    escalationLevel: v.escalationLevel,
  };
  const [led, joined] = await Promise.all([
    q
      .select(columns)
      .from(v)
      .where(and(eq(v.leadVolunteerId, volunteerId), eq(v.status, "scheduled")))
      .orderBy(asc(v.startsAt))
      .limit(scheduledRead),
    q
      .select(columns)
      .from(schema.visitCoVisitors)
      .innerJoin(v, eq(v.id, schema.visitCoVisitors.visitId))
      .where(and(eq(schema.visitCoVisitors.volunteerId, volunteerId), eq(v.status, "scheduled")))
      .orderBy(asc(v.startsAt))
      .limit(scheduledRead),
  ]);
  const byId = new Map([...led, ...joined].map((r) => [r.id, r]));
  return [...byId.values()].sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime() || a.id - b.id);
}

/**
 * What the volunteer's home leads with. A visit is "to record" once it has begun or they pressed "arrived";
 * escalated ones (48 h and 96 h unrecorded) come first. A paired household is "due" when its cadence has run
 * out or soon will and no visit of it is booked.
 */
export async function volunteerAgenda(actor: Actor, ctx: ReadContext, now = new Date(), q: Queryable = db()) {
  const [scheduled, cadence] = await Promise.all([
    ownScheduled(actor.id, q),
    pairedHouseholdIds(actor.id, q).then((ids) => cadenceOf(ids, now, q)),
  ]);
  const begun = scheduled.filter((r) => r.startsAt <= now || r.arrivedAt !== null);
  const toCome = scheduled.filter((r) => r.startsAt > now && r.arrivedAt === null).slice(0, upcomingShown);
  const booked = new Set(scheduled.map((r) => r.householdId));
  const due = cadence.filter(
    (c) => c.state !== "ok" && c.nextScheduledAt === null && !booked.has(c.householdId),
  );
  const briefs = new Map(
    (
      await recordHouseholdBriefs(
        actor.id,
        [...new Set([...begun, ...toCome].map((r) => r.householdId).concat(due.map((d) => d.householdId)))],
        ctx,
      )
    ).map((b) => [b.id, b]),
  );
  const visit = (r: (typeof scheduled)[number]): AgendaVisit[] => {
    const b = briefs.get(r.householdId);
    if (!b) return [];
    const { leadVolunteerId, ...rest } = r;
    return [
      {
        ...rest,
        address: fullAddress(b),
        headName: b.headName,
        headPhone: b.headPhone,
        lead: leadVolunteerId === actor.id,
      },
    ];
  };
  const toRecord = begun
    .sort((a, b) => b.escalationLevel - a.escalationLevel || a.startsAt.getTime() - b.startsAt.getTime())
    .flatMap(visit);
  return {
    toRecord,
    upcoming: toCome.flatMap(visit),
    due: due.flatMap((c): AgendaDue[] => {
      const b = briefs.get(c.householdId);
      if (!b || c.state === "ok") return [];
      return [
        {
          householdId: c.householdId,
          address: fullAddress(b),
          headName: b.headName,
          headPhone: b.headPhone,
          state: c.state,
          dueAt: c.dueAt,
          never: c.lastDoneAt === null,
        },
      ];
    }),
  };
}
