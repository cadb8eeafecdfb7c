// A resident's own love card for `/me`: the household's card, what it holds and its latest entries. Reading it
// is a read of the household's record, so it is checked by the policy and audited like any other.
import type { Actor } from "#app/modules/auth/policy";
import { can } from "#app/modules/auth/policy";
import { householdIdOfResident } from "#app/modules/households/facts.server";
import { myCard } from "./cards.server";
import { householdPolicyFacts, readHouseholds } from "./households.server";

export async function myLoveCard(actor: Actor) {
  if (actor.role !== "resident") return null;
  const householdId = await householdIdOfResident(actor.id);
  if (householdId === null) return null;
  const facts = await householdPolicyFacts(householdId);
  if (!facts || !can(actor, "card.read", { ...facts, duties: [] })) return null;
  const card = await myCard(householdId);
  if (card) await readHouseholds([householdId], { actorId: actor.id, purpose: "material.myCard" });
  return card;
}
