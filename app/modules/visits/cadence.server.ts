// Cadence (走访周期): when each household is next due a visit, from its last done visit and its hardship
// level (settings: extreme monthly, hardship quarterly by default), and the due lists for a volunteer, a
// cadre's subtree and an organizer's compounds. Households never visited are due at once.
import { and, eq, gte, inArray, max, min } from "drizzle-orm";
import { DateTime } from "luxon";
import { db, schema, type Queryable } from "#db/client.server";
import type { Actor } from "#app/modules/auth/policy";
import { reachedHouseholdIds } from "#app/modules/auth/scope.server";
import { hardshipLevelsOf } from "#app/modules/households/facts.server";
import {
  householdAddresses,
  recordHouseholdBriefs,
  type HouseholdBrief,
  type ReadContext,
} from "#app/modules/households/reader.server";
import { pairedHouseholdIds } from "#app/modules/roster/linkage.server";
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
    hardshipLevelsOf(unique, q),
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

/** The rows with their households' details (address, head of household) as `readerId` reads them, in order. */
async function withHouseholds(
  readerId: number,
  rows: readonly CadenceFact[],
  ctx: ReadContext,
): Promise<CadenceRow[]> {
  const briefs = new Map(
    (
      await recordHouseholdBriefs(
        readerId,
        rows.map((r) => r.householdId),
        ctx,
      )
    ).map((b) => [b.id, b]),
  );
  return rows.flatMap((r) => {
    const household = briefs.get(r.householdId);
    return household ? [{ ...r, household }] : [];
  });
}

/** The rows with their households' addresses, for the notices the system writes (the weekly digest). */
export async function withAddresses(rows: readonly CadenceFact[], q: Queryable = db()) {
  const addresses = await householdAddresses(
    rows.map((r) => r.householdId),
    q,
  );
  return rows.flatMap((r) => {
    const address = addresses.get(r.householdId);
    return address === undefined ? [] : [{ ...r, address }];
  });
}

/**
 * The due and overdue households `actor` answers for — their reach: staff their compounds', a volunteer
 * those paired with them or anyone under them — a page at a time.
 */
export async function dueList(actor: Actor, ctx: ReadContext, now: Date, page = 0, pageSize = 25) {
  const ids = await reachedHouseholdIds(actor, ["extreme", "hardship"]);
  const rows = (await cadenceOf(ids, now)).filter((r) => r.state !== "ok");
  return {
    items: await withHouseholds(actor.id, rows.slice(page * pageSize, (page + 1) * pageSize), ctx),
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
