// What the policy needs to know about a household (its compound, its member accounts, its helpers and their
// chains), which household a resident account belongs to, and the registry's half of the scope's queries.
// Deciding access is the policy's; reading household data for a person is the reader's (reader.server.ts).
import { and, eq, inArray, isNotNull } from "drizzle-orm";
import { db, schema, type Queryable } from "#db/client.server";
import type { HouseholdFacts } from "#app/modules/auth/policy";
import type { HardshipLevel } from "./codes";
import { householdLinkage } from "#app/modules/roster/linkage.server";

export async function householdFacts(
  householdId: number,
  q: Queryable = db(),
): Promise<HouseholdFacts | null> {
  const [row] = await q
    .select({ compoundId: schema.households.compoundId })
    .from(schema.households)
    .where(eq(schema.households.id, householdId));
  if (!row) return null;
  const [members, linkage] = await Promise.all([
    memberUserIds(householdId, q),
    householdLinkage(householdId, q),
  ]);
  return { compoundId: row.compoundId, memberUserIds: members, ...linkage };
}

/** Member accounts of a household. */
export async function memberUserIds(householdId: number, q: Queryable = db()): Promise<number[]> {
  const rows = await q
    .select({ userId: schema.householdMembers.userId })
    .from(schema.householdMembers)
    .where(
      and(eq(schema.householdMembers.householdId, householdId), isNotNull(schema.householdMembers.userId)),
    );
  return rows.flatMap((r) => (r.userId === null ? [] : [r.userId]));
}

/** The household of a resident's own account, if the registry links them to one. */
export async function householdIdOfResident(userId: number, q: Queryable = db()): Promise<number | null> {
  const [row] = await q
    .select({ householdId: schema.householdMembers.householdId })
    .from(schema.householdMembers)
    .where(eq(schema.householdMembers.userId, userId));
  return row?.householdId ?? null;
}

/** The households of some compounds, as a subquery for `inArray` (tables that keep no compound of their own). */
export function householdsInCompounds(compoundIds: readonly number[]) {
  return db()
    .select({ id: schema.households.id })
    .from(schema.households)
    .where(inArray(schema.households.compoundId, [...compoundIds]));
}

/** The hardship level of each household among `ids`: a light read for lists that page before they show. */
export async function hardshipLevelsOf(
  ids: readonly number[],
  q: Queryable = db(),
): Promise<{ id: number; hardshipLevel: HardshipLevel }[]> {
  if (ids.length === 0) return [];
  return q
    .select({ id: schema.households.id, hardshipLevel: schema.households.hardshipLevel })
    .from(schema.households)
    .where(inArray(schema.households.id, [...ids]));
}

/** Every household at one of `levels`, with its compound: the weekly digest finds the unpaired among them. */
export async function householdsAtLevels(
  levels: readonly HardshipLevel[],
  q: Queryable = db(),
): Promise<{ id: number; compoundId: number }[]> {
  if (levels.length === 0) return [];
  return q
    .select({ id: schema.households.id, compoundId: schema.households.compoundId })
    .from(schema.households)
    .where(inArray(schema.households.hardshipLevel, [...levels]));
}
