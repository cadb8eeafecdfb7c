// Cadence (走访周期): when each household is next due a visit, from its last done visit and its hardship
// level (settings: extreme monthly, hardship quarterly by default), and the due lists for a volunteer, a
// cadre's subtree and an organizer's compounds. Households never visited are due at once.
import { and, eq, gte, inArray, max, min } from "drizzle-orm";
import { DateTime } from "luxon";
import { db, schema, type Queryable } from "#db/client.server";
import { isCadre, isStaff, type Actor } from "#app/modules/auth/policy";
import { listCompounds } from "#app/modules/people/people.server";
import {
  householdBriefs,
  householdIdsOfCompound,
  householdLevels,
  type HouseholdBrief,
} from "#app/modules/roster/household-reads.server";
import { householdIdsHelpedBy, pairedHouseholdIds } from "#app/modules/roster/linkage.server";
import { dueSoonDays } from "./codes";
import { communityClock, type CommunityClock } from "./notices.server";

export type CadenceState = "overdue" | "dueSoon" | "ok";

export interface CadenceFact {
  householdId: number;
  level: "extreme" | "hardship";
  lastDoneAt: Date | null;
  dueAt: Date;
  state: CadenceState;
  nextScheduledAt: Date | null;
}

export type CadenceRow = CadenceFact & { household: HouseholdBrief };

/** When a household of `level` is next due, in the community's calendar (months, not 30-day blocks). */
export function cadenceDueAt(
  level: "extreme" | "hardship",
  lastDoneAt: Date | null,
  clock: Pick<CommunityClock, "timeZone" | "visitExtremeMonths" | "visitHardshipMonths">,
  now: Date,
): Date {
  if (!lastDoneAt) return now;
  const months = level === "extreme" ? clock.visitExtremeMonths : clock.visitHardshipMonths;
  return DateTime.fromJSDate(lastDoneAt, { zone: clock.timeZone }).plus({ months }).toJSDate();
}

export function cadenceState(dueAt: Date, now: Date): CadenceState {
  if (dueAt.getTime() <= now.getTime()) return "overdue";
  return dueAt.getTime() - now.getTime() <= dueSoonDays * 86_400_000 ? "dueSoon" : "ok";
}

/**
 * Cadence of each household with a hardship level among `ids`, soonest due first. Three indexed reads and no
 * household details, so that a list of thousands can be ordered before one page of it is shown.
 */
export async function cadenceOf(
  ids: readonly number[],
  now: Date,
  q: Queryable = db(),
): Promise<CadenceFact[]> {
  if (ids.length === 0) return [];
  const v = schema.visits;
  const unique = [...new Set(ids)];
  const [levels, lastDone, nextScheduled, clock] = await Promise.all([
    householdLevels(unique, q),
    q
      .select({ householdId: v.householdId, at: max(v.startsAt) })
      .from(v)
      .where(and(inArray(v.householdId, unique), eq(v.status, "done")))
      .groupBy(v.householdId),
    q
      .select({ householdId: v.householdId, at: min(v.startsAt) })
      .from(v)
      .where(and(inArray(v.householdId, unique), eq(v.status, "scheduled"), gte(v.startsAt, now)))
      .groupBy(v.householdId),
    communityClock(q),
  ]);
  const lastOf = new Map(lastDone.map((r) => [r.householdId, r.at]));
  const nextOf = new Map(nextScheduled.map((r) => [r.householdId, r.at]));
  const rows: CadenceFact[] = [];
  for (const { id, hardshipLevel: level } of levels) {
    if (level === "none") continue;
    const lastDoneAt = lastOf.get(id) ?? null;
    const dueAt = cadenceDueAt(level, lastDoneAt, clock, now);
    rows.push({
      householdId: id,
      level,
      lastDoneAt,
      dueAt,
      state: cadenceState(dueAt, now),
      nextScheduledAt: nextOf.get(id) ?? null,
    });
  }
  return rows.sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime() || a.householdId - b.householdId);
}

/** The rows with their households' details (address, head of household), in the same order. */
export async function withHouseholds(
  rows: readonly CadenceFact[],
  q: Queryable = db(),
): Promise<CadenceRow[]> {
  const briefs = new Map(
    (
      await householdBriefs(
        rows.map((r) => r.householdId),
        q,
      )
    ).map((b) => [b.id, b]),
  );
  return rows.flatMap((r) => {
    const household = briefs.get(r.householdId);
    return household ? [{ ...r, household }] : [];
  });
}

/** The households whose visits `actor` answers for: their own, a cadre's subtree's, an organizer's compounds'. */
export async function householdsOverseenBy(actor: Actor): Promise<number[]> {
  if (isStaff(actor)) {
    const compoundIds =
      actor.role === "admin" || actor.compoundId === null
        ? (await listCompounds()).map((c) => c.id)
        : [actor.compoundId];
    const lists = await Promise.all(
      compoundIds.map((id) => householdIdsOfCompound(id, ["extreme", "hardship"])),
    );
    return lists.flat();
  }
  return isCadre(actor) ? householdIdsHelpedBy(actor) : pairedHouseholdIds(actor.id);
}

/** The due and overdue households `actor` answers for, a page at a time. */
export async function dueList(actor: Actor, now: Date, page = 0, pageSize = 25) {
  const rows = (await cadenceOf(await householdsOverseenBy(actor), now)).filter((r) => r.state !== "ok");
  return {
    items: await withHouseholds(rows.slice(page * pageSize, (page + 1) * pageSize)),
    overdue: rows.filter((r) => r.state === "overdue").length,
    total: rows.length,
    hasMore: rows.length > (page + 1) * pageSize,
  };
}

/** For the volunteer home: each paired household's visit cadence, by household id. */
export async function visitDueByHousehold(volunteerId: number, now: Date) {
  const rows = await cadenceOf(await pairedHouseholdIds(volunteerId), now);
  return Object.fromEntries(
    rows.map((r) => [
      r.householdId,
      { state: r.state, dueAt: r.dueAt, nextScheduledAt: r.nextScheduledAt, never: r.lastDoneAt === null },
    ]),
  );
}
