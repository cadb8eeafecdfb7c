// Who helps a household (一帮一), for other domains' policy facts (course enrollment on a resident's behalf).
import { db, type Queryable } from "#db/client.server";
import { helperIdsForHousehold } from "./linkage.server";

/** The household's active primary helper (or its only helper), or null when it has none. */
export async function pairedVolunteerId(householdId: number, q: Queryable = db()): Promise<number | null> {
  const [first] = await helperIdsForHousehold(householdId, q);
  return first ?? null;
}
