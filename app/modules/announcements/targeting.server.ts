// Who an audience reaches, in SQL: the recipients of a broadcast (for one INSERT … SELECT into the outbox),
// the reach shown before publishing, and whether one announcement is aimed at one reader (for the feed).
// Resident accounts are reached through their household (household_members.user_id); volunteers by tier.
import { sql, type SQL } from "drizzle-orm";
import { getDatabase, type Queryable } from "#db/client.server";
import type { Audience } from "./audience";

const list = (values: readonly (string | number)[]) =>
  sql.join(
    values.map((v) => sql`${v}`),
    sql`, `,
  );

/** The household `h` matches every filter of the audience. */
function householdFilter(audience: Audience): SQL {
  const parts: SQL[] = [sql`1 = 1`];
  if (audience.compoundIds.length) parts.push(sql`h.compound_id IN (${list(audience.compoundIds)})`);
  if (audience.levels.length) parts.push(sql`h.hardship_level IN (${list(audience.levels)})`);
  if (audience.zeroEmployment) parts.push(sql`h.zero_employment = 1`);
  if (audience.categories.length)
    parts.push(
      sql`EXISTS (SELECT 1 FROM household_categories c WHERE c.household_id = h.id AND c.category IN (${list(audience.categories)}))`,
    );
  if (audience.needs.length)
    parts.push(
      sql`EXISTS (SELECT 1 FROM household_needs n WHERE n.household_id = h.id AND n.need IN (${list(audience.needs)}))`,
    );
  return sql.join(parts, sql` AND `);
}

/** Rows (id, email, locale) of every active account the audience reaches; never the same account twice. */
export function recipientsQuery(audience: Audience): SQL {
  const parts: SQL[] = [];
  if (audience.residents)
    parts.push(sql`SELECT u.id, u.email, u.locale FROM households h
      JOIN household_members m ON m.household_id = h.id
      JOIN users u ON u.id = m.user_id
      WHERE ${householdFilter(audience)} AND h.status = 'active' AND m.removed_at IS NULL
      AND u.role = 'resident' AND u.disabled_at IS NULL`);
  if (audience.volunteerTiers.length) {
    const compound = audience.compoundIds.length
      ? sql`AND u.compound_id IN (${list(audience.compoundIds)})`
      : sql``;
    // Only volunteers who accepted their invitation (set a password): an invited address has agreed to nothing.
    parts.push(sql`SELECT u.id, u.email, u.locale FROM users u
      WHERE u.role = 'volunteer' AND u.volunteer_tier IN (${list(audience.volunteerTiers)})
      AND u.disabled_at IS NULL AND u.password_hash IS NOT NULL ${compound}`);
  }
  if (parts.length === 0) return sql`SELECT 0 AS id, '' AS email, 'zh-CN' AS locale WHERE 0`;
  return sql.join(parts, sql` UNION ALL `);
}

/** How many accounts the audience reaches: one query, answered from the household and user indexes. */
export async function countReach(audience: Audience, q: Queryable = getDatabase().db): Promise<number> {
  const [row] = await q.all<{ n: number }>(sql`SELECT count(*) AS n FROM (${recipientsQuery(audience)})`);
  return row?.n ?? 0;
}

/** How many active households the audience's household filters match (a programme's scope, its live count). */
export async function countHouseholdsMatching(
  audience: Audience,
  q: Queryable = getDatabase().db,
): Promise<number> {
  const [row] = await q.all<{ n: number }>(
    sql`SELECT count(*) AS n FROM households h WHERE h.status = 'active' AND ${householdFilter(audience)}`,
  );
  return row?.n ?? 0;
}

/** Whether one household matches the audience's household filters. */
export async function householdMatches(
  audience: Audience,
  householdId: number,
  q: Queryable = getDatabase().db,
): Promise<boolean> {
  const rows = await q.all<{ one: number }>(
    sql`SELECT 1 AS one FROM households h WHERE h.id = ${householdId} AND ${householdFilter(audience)}`,
  );
  return rows.length > 0;
}

/** Facts about a household that an audience may filter on. */
export interface HouseholdTraits {
  compoundId: number;
  hardshipLevel: string;
  zeroEmployment: boolean;
  categories: string[];
  needs: string[];
}

/** What decides whether an announcement reaches a reader: their household, or their tier as a volunteer. */
export interface ReaderTraits {
  /** The reader's own household (residents) or the households they are paired with (volunteers). */
  households: HouseholdTraits[];
  volunteer: { tier: number; compoundId: number | null } | null;
}

const hasAny = (audience: SQL, path: string, values: readonly (string | number)[]) =>
  values.length === 0
    ? sql`0`
    : sql`EXISTS (SELECT 1 FROM json_each(${audience}, ${path}) WHERE value IN (${list(values)}))`;
const unfiltered = (audience: SQL, path: string) =>
  sql`coalesce(json_array_length(${audience}, ${path}), 0) = 0`;

/** The announcement's audience (the JSON column `audience`) reaches this reader. */
export function aimedAt(audience: SQL, reader: ReaderTraits): SQL {
  const parts: SQL[] = reader.households.map(
    (h) => sql`(json_extract(${audience}, '$.residents') = 1
      AND (${unfiltered(audience, "$.compoundIds")} OR ${hasAny(audience, "$.compoundIds", [h.compoundId])})
      AND (${unfiltered(audience, "$.levels")} OR ${hasAny(audience, "$.levels", [h.hardshipLevel])})
      AND (json_extract(${audience}, '$.zeroEmployment') = 0 OR ${h.zeroEmployment ? sql`1` : sql`0`})
      AND (${unfiltered(audience, "$.categories")} OR ${hasAny(audience, "$.categories", h.categories)})
      AND (${unfiltered(audience, "$.needs")} OR ${hasAny(audience, "$.needs", h.needs)}))`,
  );
  if (reader.volunteer) {
    const { tier, compoundId } = reader.volunteer;
    parts.push(sql`(${hasAny(audience, "$.volunteerTiers", [tier])}
      AND (${unfiltered(audience, "$.compoundIds")} OR ${compoundId === null ? sql`0` : hasAny(audience, "$.compoundIds", [compoundId])}))`);
  }
  return parts.length ? sql`(${sql.join(parts, sql` OR `)})` : sql`0`;
}
