// A household's state as one piece: read for the history to compare and the reader to show, and the writes
// of its categories and needs and of its zero-employment flag that the edit, the import and the verification
// share.
import { and, asc, eq, isNull } from "drizzle-orm";
import { schema, type Queryable, type Tx } from "#db/client.server";
import { isZeroEmployment, type Category, type Need } from "./codes";
import type { HouseholdState } from "./history.server";

/** The household's current state, as the history compares it. */
export async function loadState(q: Queryable, householdId: number, withMembers = false) {
  const household = await q.query.households.findFirst({ where: eq(schema.households.id, householdId) });
  if (!household) return null;
  const categories = await q
    .select({ category: schema.householdCategories.category })
    .from(schema.householdCategories)
    .where(eq(schema.householdCategories.householdId, householdId));
  const needs = await q
    .select({ need: schema.householdNeeds.need, note: schema.householdNeeds.note })
    .from(schema.householdNeeds)
    .where(eq(schema.householdNeeds.householdId, householdId));
  const members = withMembers
    ? await q
        .select({
          name: schema.householdMembers.name,
          relation: schema.householdMembers.relation,
          birthYear: schema.householdMembers.birthYear,
          phone: schema.householdMembers.phone,
        })
        .from(schema.householdMembers)
        .where(
          and(
            eq(schema.householdMembers.householdId, householdId),
            isNull(schema.householdMembers.removedAt),
          ),
        )
        .orderBy(asc(schema.householdMembers.id))
    : undefined;
  const state: HouseholdState = {
    building: household.building,
    unit: household.unit,
    room: household.room,
    hardshipLevel: household.hardshipLevel,
    note: household.note,
    healthNote: household.healthNote,
    categories: categories.map((c) => c.category),
    needs,
    consent:
      household.consentGivenBy && household.consentScopes
        ? { givenBy: household.consentGivenBy, scopes: household.consentScopes }
        : null,
    nextVerificationDue: household.nextVerificationDue,
    members,
  };
  return { household, state };
}

export async function replaceCategoriesAndNeeds(
  tx: Tx,
  householdId: number,
  categories: readonly Category[],
  needs: readonly { need: Need; note: string | null }[],
): Promise<void> {
  await tx.delete(schema.householdCategories).where(eq(schema.householdCategories.householdId, householdId));
  await tx.delete(schema.householdNeeds).where(eq(schema.householdNeeds.householdId, householdId));
  if (categories.length)
    await tx
      .insert(schema.householdCategories)
      .values([...new Set(categories)].map((category) => ({ householdId, category })));
  if (needs.length) await tx.insert(schema.householdNeeds).values(needs.map((n) => ({ householdId, ...n })));
}

/** Recomputes 零就业家庭 from the current members (not those removed), after they change. */
export async function refreshZeroEmployment(tx: Tx, householdId: number, year: number): Promise<void> {
  const members = await tx
    .select({
      birthYear: schema.householdMembers.birthYear,
      employed: schema.householdMembers.employed,
      inSchool: schema.householdMembers.inSchool,
    })
    .from(schema.householdMembers)
    .where(
      and(eq(schema.householdMembers.householdId, householdId), isNull(schema.householdMembers.removedAt)),
    );
  await tx
    .update(schema.households)
    .set({ zeroEmployment: isZeroEmployment(members, year) })
    .where(eq(schema.households.id, householdId));
}
