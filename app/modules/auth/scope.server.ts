// The one source of "which compounds and which households may this person see": as data (a Reach) and as
// SQL conditions that every list a person gets is filtered by. The policy's record rules (policy.ts,
// `household.read`) say the same thing about one household; scope.test.ts checks they agree for every actor
// and household of a generated community. Admins and organizers of no compound see every compound, an
// organizer their own; a volunteer the households paired with them or with anyone under them in the linkage
// (any depth, any tier); a resident their own household.
import { and, eq, inArray, sql, type SQL } from "drizzle-orm";
import type { SQLiteColumn } from "drizzle-orm/sqlite-core";
import { db, schema } from "#db/client.server";
import { householdIdOfResident, householdsInCompounds } from "#app/modules/households/facts.server";
import { householdsPairedWith, subtreeIds } from "#app/modules/roster/linkage.server";
import { perRequest } from "#app/modules/security/request-scope.server";
import type { HardshipLevel } from "#app/modules/households/codes";
import type { Actor } from "./policy";

export type Reach =
  | { kind: "all" }
  | { kind: "compounds"; compoundIds: readonly number[] }
  /** A volunteer: themself and everyone under them, whose paired households they see. */
  | { kind: "linkage"; userId: number; volunteerIds: readonly number[] }
  | { kind: "household"; householdId: number }
  | { kind: "none" };

/** `actor`'s reach, worked out once per request. */
export function reachOf(actor: Actor): Promise<Reach> {
  return perRequest(`reach:${actor.id}:${actor.role}:${actor.compoundId}`, () => lookUpReach(actor));
}

async function lookUpReach(actor: Actor): Promise<Reach> {
  switch (actor.role) {
    case "admin":
      return { kind: "all" };
    case "organizer":
      return actor.compoundId === null
        ? { kind: "all" }
        : { kind: "compounds", compoundIds: [actor.compoundId] };
    case "volunteer":
      return { kind: "linkage", userId: actor.id, volunteerIds: await subtreeIds(actor.id) };
    case "resident": {
      const householdId = await householdIdOfResident(actor.id);
      return householdId === null ? { kind: "none" } : { kind: "household", householdId };
    }
  }
}

/** A condition no row meets. */
export const nothing = sql`0`;

export interface HouseholdColumns {
  householdId: SQLiteColumn;
  /** The table's own copy of the household's compound, when it keeps one (visits, help requests). */
  compoundId?: SQLiteColumn;
}

const householdTable: HouseholdColumns = {
  householdId: schema.households.id,
  compoundId: schema.households.compoundId,
};

/**
 * The households `reach` covers, as a condition over a table's household column (the households table by
 * default); `undefined` when it covers every household, so that `and(…)` leaves it out.
 */
export function householdCondition(
  reach: Reach,
  columns: HouseholdColumns = householdTable,
): SQL | undefined {
  switch (reach.kind) {
    case "all":
      return undefined;
    case "compounds":
      return columns.compoundId
        ? inArray(columns.compoundId, [...reach.compoundIds])
        : inArray(columns.householdId, householdsInCompounds(reach.compoundIds));
    case "linkage":
      return inArray(columns.householdId, householdsPairedWith(reach.volunteerIds));
    case "household":
      return eq(columns.householdId, reach.householdId);
    case "none":
      return nothing;
  }
}

/** The compounds `reach` covers as a whole: every one, some, or none (a volunteer's reach is by pairing). */
export function compoundsOf(reach: Reach): "all" | readonly number[] {
  if (reach.kind === "all") return "all";
  return reach.kind === "compounds" ? reach.compoundIds : [];
}

/** Whether `reach` covers the whole of compound `compoundId`. */
export function coversWholeCompound(reach: Reach, compoundId: number): boolean {
  const compounds = compoundsOf(reach);
  return compounds === "all" || compounds.includes(compoundId);
}

/** Those of `ids` in `actor`'s reach, in the order given: one query. */
export async function householdsInReach(actor: Actor, ids: readonly number[]): Promise<number[]> {
  if (ids.length === 0) return [];
  const reach = await reachOf(actor);
  if (reach.kind === "all") return [...ids];
  const rows = await db()
    .select({ id: schema.households.id })
    .from(schema.households)
    .where(and(inArray(schema.households.id, [...new Set(ids)]), householdCondition(reach)));
  const kept = new Set(rows.map((r) => r.id));
  return ids.filter((id) => kept.has(id));
}

/** The ids of the households in `actor`'s reach at some hardship levels (due lists order them before paging). */
export async function reachedHouseholdIds(actor: Actor, levels: readonly HardshipLevel[]): Promise<number[]> {
  const reach = await reachOf(actor);
  const rows = await db()
    .select({ id: schema.households.id })
    .from(schema.households)
    .where(
      and(
        inArray(schema.households.hardshipLevel, [...levels]),
        eq(schema.households.status, "active"),
        householdCondition(reach),
      ),
    );
  return rows.map((r) => r.id);
}
