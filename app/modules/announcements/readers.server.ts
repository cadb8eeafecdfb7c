// What the feed needs to know about a reader to match audiences: a resident's own household, a volunteer's
// tier and paired households. Read with three small indexed queries per request.
import { eq, inArray } from "drizzle-orm";
import { getDatabase, schema } from "#db/client.server";
import type { Actor } from "#app/modules/auth/policy";
import type { HouseholdTraits, ReaderTraits } from "./targeting.server";

/**
 * The households a volunteer is paired with (一帮一). Pairings belong to the roster, which has not landed
 * on this branch: until it has, a volunteer is paired with no household and sees only what is aimed at
 * their tier. The roster replaces this body with its own query.
 */
export async function pairedHouseholdIds(volunteerId: number): Promise<number[]> {
  void volunteerId;
  return [];
}

async function householdTraits(householdIds: number[]): Promise<HouseholdTraits[]> {
  if (householdIds.length === 0) return [];
  const { db } = getDatabase();
  const [households, categories, needs] = await Promise.all([
    db
      .select({
        id: schema.households.id,
        compoundId: schema.households.compoundId,
        hardshipLevel: schema.households.hardshipLevel,
        zeroEmployment: schema.households.zeroEmployment,
      })
      .from(schema.households)
      .where(inArray(schema.households.id, householdIds)),
    db
      .select()
      .from(schema.householdCategories)
      .where(inArray(schema.householdCategories.householdId, householdIds)),
    db
      .select({ householdId: schema.householdNeeds.householdId, need: schema.householdNeeds.need })
      .from(schema.householdNeeds)
      .where(inArray(schema.householdNeeds.householdId, householdIds)),
  ]);
  return households.map((h) => ({
    compoundId: h.compoundId,
    hardshipLevel: h.hardshipLevel,
    zeroEmployment: h.zeroEmployment,
    categories: categories.filter((c) => c.householdId === h.id).map((c) => c.category),
    needs: needs.filter((n) => n.householdId === h.id).map((n) => n.need),
  }));
}

export async function readerTraits(actor: Actor): Promise<ReaderTraits> {
  if (actor.role === "resident") {
    const [member] = await getDatabase()
      .db.select({ householdId: schema.householdMembers.householdId })
      .from(schema.householdMembers)
      .where(eq(schema.householdMembers.userId, actor.id))
      .limit(1);
    return { households: await householdTraits(member ? [member.householdId] : []), volunteer: null };
  }
  if (actor.role === "volunteer")
    return {
      households: await householdTraits(await pairedHouseholdIds(actor.id)),
      volunteer: actor.volunteerTier ? { tier: actor.volunteerTier, compoundId: actor.compoundId } : null,
    };
  return { households: [], volunteer: null };
}
