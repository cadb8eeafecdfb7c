// The four-tier linkage as data: who is below a volunteer (recursive over users.supervisorId), who is above a
// volunteer, and the linkage half of the facts a household's access depends on (its helpers and their
// chains). Other domains (households, visits) get their helper facts here, never from the pairings table.
import { and, eq, inArray, sql } from "drizzle-orm";
import { db, schema, type Queryable } from "#db/client.server";
import type { HouseholdFacts } from "#app/modules/auth/policy";

/** `userId` and every volunteer under them, at any depth. */
export async function subtreeIds(userId: number, q: Queryable = db()): Promise<number[]> {
  const rows = await q.all<{ id: number }>(sql`
    WITH RECURSIVE below(id) AS (
      SELECT ${userId}
      UNION ALL
      SELECT u.id FROM users u JOIN below b ON u.supervisor_id = b.id
    )
    SELECT id FROM below`);
  return rows.map((r) => r.id);
}

/**
 * The people in `rootId`'s subtree with their depth below it: everyone, or for the tree view the levels that fit
 * on a page. With `maxDepth`, at most that many levels are shown, and one level fewer when they would be more
 * than `maxNodes` people (a tier-1 cadre's first two levels can be eighty); a person on the last level shown
 * says how many report to them, so the page can offer their branch.
 */
export async function subtreeMembers(
  rootId: number,
  {
    maxDepth = 64,
    maxNodes = Number.POSITIVE_INFINITY,
    dropLeft = false,
  }: {
    maxDepth?: number;
    maxNodes?: number;
    /** Leave out those below the root who left and supervise nobody any more: no longer part of the tree. */
    dropLeft?: boolean;
  } = {},
  q: Queryable = db(),
) {
  const rows = await q.all<{
    id: number;
    supervisorId: number | null;
    depth: number;
    name: string;
    tier: number | null;
    compoundName: string | null;
    disabled: number;
    load: number;
    capacity: number;
    directReports: number;
  }>(sql`
    WITH RECURSIVE below(id, depth) AS (
      SELECT ${rootId}, 0
      UNION ALL
      SELECT u.id, b.depth + 1 FROM users u JOIN below b ON u.supervisor_id = b.id WHERE b.depth < ${maxDepth}
    )
    SELECT u.id, u.supervisor_id AS supervisorId, b.depth, u.name, u.volunteer_tier AS tier,
      c.name AS compoundName, u.disabled_at IS NOT NULL AS disabled,
      (SELECT count(*) FROM pairings p WHERE p.volunteer_id = u.id AND p.status = 'active') AS load,
      coalesce(vp.capacity, 5) AS capacity,
      (SELECT count(*) FROM users r WHERE r.supervisor_id = u.id) AS directReports
    FROM below b
    JOIN users u ON u.id = b.id
    LEFT JOIN compounds c ON c.id = u.compound_id
    LEFT JOIN volunteer_profiles vp ON vp.user_id = u.id
    ORDER BY b.depth, u.volunteer_tier, u.name, u.id`);
  const kept = dropLeft ? rows.filter((r) => !(r.depth > 0 && r.disabled && r.directReports === 0)) : rows;
  const deepest = kept.reduce((d, r) => Math.max(d, r.depth), 0);
  const shown = kept.length > maxNodes && deepest > 1 ? deepest - 1 : deepest;
  return kept
    .filter((r) => r.depth <= shown)
    .map(({ directReports, ...r }) => ({ ...r, reportsNotShown: r.depth === shown ? directReports : 0 }));
}

/** `userIds` and everyone above each of them in the linkage, each once. */
export async function chainUp(userIds: readonly number[], q: Queryable = db()): Promise<number[]> {
  if (userIds.length === 0) return [];
  const seeds = sql.join(
    userIds.map((id) => sql`SELECT ${id}`),
    sql` UNION `,
  );
  const rows = await q.all<{ id: number }>(sql`
    WITH RECURSIVE up(id) AS (
      ${seeds}
      UNION
      SELECT u.supervisor_id FROM users u JOIN up ON u.id = up.id WHERE u.supervisor_id IS NOT NULL
    )
    SELECT id FROM up`);
  const above = rows.map((r) => r.id).filter((id) => !userIds.includes(id));
  return [...userIds, ...above];
}

/** The volunteers actively paired with a household, primary first. */
export async function helperIdsForHousehold(householdId: number, q: Queryable = db()): Promise<number[]> {
  const rows = await q
    .select({ volunteerId: schema.pairings.volunteerId })
    .from(schema.pairings)
    .where(and(eq(schema.pairings.householdId, householdId), eq(schema.pairings.status, "active")))
    .orderBy(sql`${schema.pairings.role} = 'primary' DESC`);
  return rows.map((r) => r.volunteerId);
}

/** The households actively paired with this volunteer themself (primary or second helper). */
export async function pairedHouseholdIds(volunteerId: number, q: Queryable = db()): Promise<number[]> {
  const rows = await q
    .selectDistinct({ householdId: schema.pairings.householdId })
    .from(schema.pairings)
    .where(and(eq(schema.pairings.status, "active"), eq(schema.pairings.volunteerId, volunteerId)));
  return rows.map((r) => r.householdId);
}

/**
 * The households actively paired with any of `volunteerIds`, as a subquery for `inArray`: the linkage half of
 * a volunteer's reach (auth/scope.server.ts), kept here because the pairings are the roster's.
 */
export function householdsPairedWith(volunteerIds: readonly number[]) {
  return db()
    .selectDistinct({ householdId: schema.pairings.householdId })
    .from(schema.pairings)
    .where(
      and(eq(schema.pairings.status, "active"), inArray(schema.pairings.volunteerId, [...volunteerIds])),
    );
}

/** The linkage half of HouseholdFacts: the household's helpers and their chains up to tier 1. */
export async function householdLinkage(
  householdId: number,
  q: Queryable = db(),
): Promise<Pick<HouseholdFacts, "helperIds" | "helperChain">> {
  const helperIds = await helperIdsForHousehold(householdId, q);
  return { helperIds, helperChain: await chainUp(helperIds, q) };
}

/** Names and phones of several users at once. */
export async function usersByIds(ids: readonly number[], q: Queryable = db()) {
  if (ids.length === 0) return [];
  return q
    .select({ id: schema.users.id, name: schema.users.name, phone: schema.users.phone })
    .from(schema.users)
    .where(inArray(schema.users.id, [...ids]));
}

/** Every active volunteer with their supervisor: the whole linkage at once, for community-wide digests. */
export async function linkageEdges(q: Queryable = db()) {
  return q
    .select({ id: schema.users.id, supervisorId: schema.users.supervisorId })
    .from(schema.users)
    .where(and(eq(schema.users.role, "volunteer"), sql`${schema.users.disabledAt} IS NULL`));
}

/** Every active pairing as (volunteer, household), for community-wide digests. */
export async function activePairingLinks(q: Queryable = db()) {
  return q
    .select({ volunteerId: schema.pairings.volunteerId, householdId: schema.pairings.householdId })
    .from(schema.pairings)
    .where(eq(schema.pairings.status, "active"));
}
