// What the feed needs to know about a reader to match audiences: a resident's own household, a volunteer's
// tier and paired households. Read with one indexed query per request.
import { pairedHouseholdIds } from "#app/modules/roster/linkage.server";
import { sql, type SQL } from "drizzle-orm";
import { getDatabase } from "#db/client.server";
import type { Actor } from "#app/modules/auth/policy";
import type { HouseholdTraits, ReaderTraits } from "./targeting.server";

/** The traits of the households matching `where` (on `h` and `m`), categories and needs folded in: one query. */
async function householdTraits(where: SQL): Promise<HouseholdTraits[]> {
  const rows = await getDatabase().db.all<{
    compoundId: number;
    hardshipLevel: string;
    zeroEmployment: number;
    categories: string;
    needs: string;
  }>(sql`SELECT DISTINCT h.compound_id AS compoundId, h.hardship_level AS hardshipLevel,
      h.zero_employment AS zeroEmployment,
      (SELECT json_group_array(c.category) FROM household_categories c WHERE c.household_id = h.id) AS categories,
      (SELECT json_group_array(n.need) FROM household_needs n WHERE n.household_id = h.id) AS needs
    FROM households h LEFT JOIN household_members m ON m.household_id = h.id
    WHERE ${where}`);
  return rows.map((r) => ({
    compoundId: r.compoundId,
    hardshipLevel: r.hardshipLevel,
    zeroEmployment: r.zeroEmployment === 1,
    categories: stringArray(r.categories),
    needs: stringArray(r.needs),
  }));
}

function stringArray(json: string): string[] {
  const value: unknown = JSON.parse(json);
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [];
}

export async function readerTraits(actor: Actor): Promise<ReaderTraits> {
  if (actor.role === "resident")
    return { households: await householdTraits(sql`m.user_id = ${actor.id}`), volunteer: null };
  if (actor.role === "volunteer") {
    const paired = await pairedHouseholdIds(actor.id);
    return {
      households: paired.length
        ? await householdTraits(
            sql`h.id IN (${sql.join(
              paired.map((id) => sql`${id}`),
              sql`, `,
            )})`,
          )
        : [],
      volunteer: actor.volunteerTier ? { tier: actor.volunteerTier, compoundId: actor.compoundId } : null,
    };
  }
  return { households: [], volunteer: null };
}
