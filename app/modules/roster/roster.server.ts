// The roster as organizers and cadres read it: the volunteer table with its filters (compound, tier, load,
// skill), one volunteer's profile with their pairings, profile edits, suggestions of helpers for a household,
// the coverage list of unpaired hardship households, and the reassignment list. Every list is limited by the
// reader's reach (auth/scope.server.ts); every household shown is read through the households reader.
import { and, asc, desc, eq, inArray, isNotNull, isNull, or, sql, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/sqlite-core";
import { db, getDatabase, schema, type Queryable } from "#db/client.server";
import { audit } from "#app/modules/audit/audit.server";
import { can, type Actor } from "#app/modules/auth/policy";
import { compoundsOf, householdCondition, reachOf, type Reach } from "#app/modules/auth/scope.server";
import type { RequestMeta } from "#app/modules/auth/sign-in.server";
import type { HardshipLevel } from "#app/modules/households/codes";
import {
  householdsByLevel,
  recordHouseholdBriefs,
  type HouseholdBrief,
  type ReadContext,
} from "#app/modules/households/reader.server";
import { defaultCapacity, type LoadFilter, type PairingRole, type PairingStatus, type Skill } from "./codes";
import { householdsPairedWith } from "./linkage.server";
import { volunteerLoad } from "./pairings.server";
import { volunteerScope } from "./reach.server";

export const ROSTER_PAGE_SIZE = 50;

export interface VolunteerFilter {
  compoundId?: number;
  tier?: number;
  load?: LoadFilter;
  skill?: Skill;
  /** Only these volunteers. */
  within?: readonly number[];
  /** Only the volunteers this reach covers: staff by home or extra compound, a volunteer their subtree. */
  reach?: Reach;
  /** Serving now (the default), those who left (disabled accounts), or both. */
  status?: "active" | "left" | "any";
  page?: number;
}

const u = schema.users;
const vp = schema.volunteerProfiles;
const loadSql = sql<number>`(SELECT count(*) FROM pairings p WHERE p.volunteer_id = ${u.id} AND p.status = 'active')`;
const capacitySql = sql<number>`coalesce(${vp.capacity}, ${defaultCapacity})`;

function volunteerConditions(filter: VolunteerFilter): SQL[] {
  const conditions: SQL[] = [sql`${u.role} = 'volunteer'`];
  const status = filter.status ?? "active";
  if (status !== "any") conditions.push(status === "active" ? isNull(u.disabledAt) : isNotNull(u.disabledAt));
  if (filter.compoundId)
    conditions.push(
      sql`(${u.compoundId} = ${filter.compoundId} OR EXISTS (SELECT 1 FROM volunteer_compounds vc WHERE vc.user_id = ${u.id} AND vc.compound_id = ${filter.compoundId}))`,
    );
  if (filter.tier) conditions.push(eq(u.volunteerTier, filter.tier));
  if (filter.skill)
    conditions.push(sql`EXISTS (SELECT 1 FROM json_each(${vp.skills}) s WHERE s.value = ${filter.skill})`);
  if (filter.load === "idle") conditions.push(sql`${loadSql} = 0`);
  if (filter.load === "spare") conditions.push(sql`${loadSql} < ${capacitySql}`);
  if (filter.load === "full") conditions.push(sql`${loadSql} >= ${capacitySql}`);
  if (filter.within) conditions.push(inArray(u.id, [...filter.within]));
  const scope = filter.reach ? volunteerScope(filter.reach) : undefined;
  if (scope) conditions.push(scope);
  return conditions;
}

const supervisor = alias(schema.users, "supervisor");
const volunteerColumns = {
  id: u.id,
  name: u.name,
  email: u.email,
  phone: u.phone,
  tier: u.volunteerTier,
  compoundId: u.compoundId,
  compoundName: schema.compounds.name,
  supervisorId: u.supervisorId,
  supervisorName: supervisor.name,
  disabledAt: u.disabledAt,
  skills: sql<string>`coalesce(${vp.skills}, '[]')`,
  availability: vp.availability,
  capacity: capacitySql,
  load: loadSql,
  extraCompounds: sql<
    string | null
  >`(SELECT group_concat(c2.name, '、') FROM volunteer_compounds vc JOIN compounds c2 ON c2.id = vc.compound_id WHERE vc.user_id = ${u.id})`,
};

function volunteerQuery(q: Queryable, filter: VolunteerFilter) {
  return q
    .select(volunteerColumns)
    .from(u)
    .leftJoin(vp, eq(vp.userId, u.id))
    .leftJoin(schema.compounds, eq(schema.compounds.id, u.compoundId))
    .leftJoin(supervisor, eq(supervisor.id, u.supervisorId))
    .where(and(...volunteerConditions(filter)))
    .orderBy(asc(u.volunteerTier), asc(u.name), asc(u.id));
}

function parseSkills(json: string): Skill[] {
  const value: unknown = JSON.parse(json);
  return Array.isArray(value) ? value.filter((s): s is Skill => typeof s === "string") : [];
}

export async function listVolunteers(filter: VolunteerFilter, q: Queryable = db()) {
  const page = Math.max(1, filter.page ?? 1);
  const [rows, [total]] = await Promise.all([
    volunteerQuery(q, filter)
      .limit(ROSTER_PAGE_SIZE)
      .offset((page - 1) * ROSTER_PAGE_SIZE),
    q
      .select({ n: sql<number>`count(*)` })
      .from(u)
      .leftJoin(vp, eq(vp.userId, u.id))
      .where(and(...volunteerConditions(filter))),
  ]);
  const n = total?.n ?? 0;
  return {
    rows: rows.map((r) => ({ ...r, skills: parseSkills(r.skills) })),
    total: n,
    page,
    pageCount: Math.max(1, Math.ceil(n / ROSTER_PAGE_SIZE)),
  };
}

/** Every volunteer the filter selects, for the CSV export. */
export async function allVolunteers(filter: Omit<VolunteerFilter, "page">, q: Queryable = db()) {
  const rows = await volunteerQuery(q, filter);
  return rows.map((r) => ({ ...r, skills: parseSkills(r.skills) }));
}

export async function getVolunteer(id: number, q: Queryable = db()) {
  const [row] = await volunteerQuery(q, { within: [id], status: "any" });
  if (!row) return null;
  const extra = await q
    .select({ compoundId: schema.volunteerCompounds.compoundId })
    .from(schema.volunteerCompounds)
    .where(eq(schema.volunteerCompounds.userId, id));
  const extraCompoundIds = extra.map((e) => e.compoundId);
  return {
    ...row,
    skills: parseSkills(row.skills),
    extraCompoundIds,
    /** Every compound they serve, their own first: what an organizer's reach over them depends on. */
    compoundIds: [...(row.compoundId === null ? [] : [row.compoundId]), ...extraCompoundIds],
  };
}

export interface PairingRow {
  id: number;
  role: PairingRole;
  status: PairingStatus;
  startedAt: Date;
  endedAt: Date | null;
  overrideReason: string | null;
  endReason: string | null;
  volunteerId: number;
  volunteerName: string;
  household: HouseholdBrief;
}

/**
 * The pairings `reach` lets one read (the policy's `pairing.read`): staff by the household's compound, a
 * volunteer those of anyone in their subtree and those of the households paired with them, a resident their
 * household's.
 */
export function pairingScope(reach: Reach): SQL | undefined {
  const p = schema.pairings;
  if (reach.kind !== "linkage") return householdCondition(reach, { householdId: p.householdId });
  return or(
    inArray(p.volunteerId, [...reach.volunteerIds]),
    inArray(p.householdId, householdsPairedWith(reach.volunteerIds)),
  );
}

export async function withHouseholds<T extends { householdId: number }>(
  actor: Actor,
  rows: T[],
  ctx: ReadContext,
): Promise<(T & { household: HouseholdBrief })[]> {
  const briefs = await recordHouseholdBriefs(
    actor.id,
    rows.map((r) => r.householdId),
    ctx,
  );
  const byId = new Map(briefs.map((b) => [b.id, b]));
  return rows.flatMap((r) => {
    const household = byId.get(r.householdId);
    return household ? [{ ...r, household }] : [];
  });
}

export const pairingColumns = {
  id: schema.pairings.id,
  householdId: schema.pairings.householdId,
  role: schema.pairings.role,
  status: schema.pairings.status,
  startedAt: schema.pairings.startedAt,
  endedAt: schema.pairings.endedAt,
  overrideReason: schema.pairings.overrideReason,
  endReason: schema.pairings.endReason,
  volunteerId: schema.pairings.volunteerId,
  volunteerName: u.name,
};

/** Pairings matching `where` that `actor` may read, current first, then history. */
async function pairingsWhere(actor: Actor, where: SQL, ctx: ReadContext): Promise<PairingRow[]> {
  const rows = await db()
    .select(pairingColumns)
    .from(schema.pairings)
    .innerJoin(u, eq(u.id, schema.pairings.volunteerId))
    .where(and(where, pairingScope(await reachOf(actor))))
    .orderBy(sql`${schema.pairings.status} = 'active' DESC`, desc(schema.pairings.startedAt));
  return withHouseholds(actor, rows, ctx);
}

/** A volunteer's pairings as `actor` may read them. */
export function pairingsOfVolunteer(actor: Actor, volunteerId: number, ctx: ReadContext) {
  return pairingsWhere(actor, eq(schema.pairings.volunteerId, volunteerId), ctx);
}

/** Every pairing a household has had that `actor` may read: who helped when. */
export function pairingsOfHousehold(actor: Actor, householdId: number, ctx: ReadContext) {
  return pairingsWhere(actor, eq(schema.pairings.householdId, householdId), ctx);
}

export interface ProfileInput {
  phone: string | null;
  skills: Skill[];
  availability: string | null;
  capacity: number;
  extraCompoundIds: number[];
}

export async function updateProfile(
  actor: Actor,
  volunteerId: number,
  input: ProfileInput,
  meta: RequestMeta,
): Promise<"ok" | "notFound" | "forbidden" | { belowLoad: number }> {
  return getDatabase().write(async (tx) => {
    const volunteer = await tx.query.users.findFirst({
      where: and(eq(u.id, volunteerId), eq(u.role, "volunteer")),
      columns: { id: true, compoundId: true },
    });
    if (!volunteer) return "notFound";
    if (!can(actor, "volunteer.manage", { compoundId: volunteer.compoundId })) return "forbidden";
    // A capacity below the households already paired would read "3/1": end or move pairings first.
    const { load } = await volunteerLoad(tx, volunteerId);
    if (input.capacity < load) return { belowLoad: load };
    // Compounds beyond the actor's own are neither added nor taken away: serving a compound is that
    // compound's organizers' to decide.
    const covered = compoundsOf(await reachOf(actor));
    const mine = (id: number) => covered === "all" || covered.includes(id);
    const current = await tx
      .select({ compoundId: schema.volunteerCompounds.compoundId })
      .from(schema.volunteerCompounds)
      .where(eq(schema.volunteerCompounds.userId, volunteerId));
    const extraCompoundIds = [
      ...new Set([
        ...current.map((c) => c.compoundId).filter((id) => !mine(id)),
        ...input.extraCompoundIds.filter(mine),
      ]),
    ];
    await tx.update(u).set({ phone: input.phone }).where(eq(u.id, volunteerId));
    const profile = { skills: input.skills, availability: input.availability, capacity: input.capacity };
    await tx
      .insert(vp)
      .values({ userId: volunteerId, ...profile })
      .onConflictDoUpdate({ target: vp.userId, set: { ...profile, updatedAt: new Date() } });
    await tx.delete(schema.volunteerCompounds).where(eq(schema.volunteerCompounds.userId, volunteerId));
    if (extraCompoundIds.length > 0)
      await tx
        .insert(schema.volunteerCompounds)
        .values(extraCompoundIds.map((compoundId) => ({ userId: volunteerId, compoundId })));
    await audit(tx, {
      actorId: actor.id,
      action: "roster.profileUpdated",
      targetType: "user",
      targetId: volunteerId,
      ip: meta.ip,
      details: { capacity: input.capacity, skills: input.skills },
    });
    return "ok";
  });
}

export { suggestHelpers, type Suggestion } from "./suggestions.server";

const coveredLevels: Exclude<HardshipLevel, "none">[] = ["extreme", "hardship"];

/** The households with an active primary helper, as a subquery. */
function householdsWithPrimaryHelper() {
  const p = schema.pairings;
  return db()
    .select({ id: p.householdId })
    .from(p)
    .where(and(eq(p.role, "primary"), eq(p.status, "active")));
}

/**
 * Extreme-hardship and hardship households without an active primary helper in `actor`'s reach, counted by
 * compound, and a page of them, extreme first. The coverage page is for staff: every household on it is one
 * they may pair.
 */
export async function coverage(
  actor: Actor,
  options: { compoundId?: number; page?: number },
  ctx: ReadContext,
) {
  const page = Math.max(1, options.page ?? 1);
  const { byCompound, households } = await householdsByLevel(
    actor,
    {
      levels: coveredLevels,
      without: householdsWithPrimaryHelper(),
      compoundId: options.compoundId,
      page,
      pageSize: ROSTER_PAGE_SIZE,
    },
    ctx,
  );
  const total = byCompound
    .filter((c) => !options.compoundId || c.compoundId === options.compoundId)
    .reduce((n, c) => n + c.extreme + c.hardship, 0);
  return {
    byCompound,
    households,
    levels: coveredLevels,
    page,
    pageCount: Math.max(1, Math.ceil(total / ROSTER_PAGE_SIZE)),
  };
}

/** Pairings in `actor`'s reach whose volunteer left or was disabled, oldest first, each waiting for a helper. */
export async function reassignmentList(actor: Actor, ctx: ReadContext): Promise<PairingRow[]> {
  const rows = await db()
    .select(pairingColumns)
    .from(schema.pairings)
    .innerJoin(u, eq(u.id, schema.pairings.volunteerId))
    .where(
      and(
        eq(schema.pairings.status, "needs_reassignment"),
        householdCondition(await reachOf(actor), { householdId: schema.pairings.householdId }),
      ),
    )
    .orderBy(asc(schema.pairings.updatedAt), asc(schema.pairings.id))
    .limit(200);
  return withHouseholds(actor, rows, ctx);
}

/** Active pairings of every volunteer under `userId` (and their own) that `actor` may read. */
export async function pairingsUnder(actor: Actor, userId: number, ctx: ReadContext): Promise<PairingRow[]> {
  const rows = await db()
    .select(pairingColumns)
    .from(schema.pairings)
    .innerJoin(u, eq(u.id, schema.pairings.volunteerId))
    .where(
      and(
        eq(schema.pairings.status, "active"),
        sql`${schema.pairings.volunteerId} IN (
          WITH RECURSIVE below(id) AS (
            SELECT ${userId} UNION ALL SELECT x.id FROM users x JOIN below b ON x.supervisor_id = b.id
          ) SELECT id FROM below)`,
        pairingScope(await reachOf(actor)),
      ),
    )
    .orderBy(asc(u.name), asc(schema.pairings.id))
    .limit(500);
  return withHouseholds(actor, rows, ctx);
}

/** Tier-1 cadres `actor` may see, with the number of people under each: the roots of the linkage tree. */
export async function linkageRoots(actor: Actor, q: Queryable = db()) {
  const scope = volunteerScope(await reachOf(actor)) ?? sql`1`;
  return q.all<{ id: number; name: string; compoundName: string | null; below: number }>(sql`
    WITH RECURSIVE t(root, id) AS (
      SELECT id, id FROM users WHERE role = 'volunteer' AND volunteer_tier = 1 AND disabled_at IS NULL AND ${scope}
      UNION ALL
      SELECT t.root, u.id FROM users u JOIN t ON u.supervisor_id = t.id WHERE u.disabled_at IS NULL
    )
    SELECT r.id, r.name, c.name AS compoundName, count(*) - 1 AS below
    FROM t JOIN users r ON r.id = t.root LEFT JOIN compounds c ON c.id = r.compound_id
    GROUP BY r.id ORDER BY r.compound_id, r.name, r.id`);
}

export async function listCompoundOptions(q: Queryable = db()) {
  return q
    .select({ id: schema.compounds.id, code: schema.compounds.code, name: schema.compounds.name })
    .from(schema.compounds)
    .orderBy(asc(schema.compounds.code));
}

/** The compounds `actor` covers as a whole, for the selectors of their pages (none for a volunteer). */
export async function compoundOptionsFor(actor: Actor) {
  const covered = compoundsOf(await reachOf(actor));
  const all = await listCompoundOptions();
  return covered === "all" ? all : all.filter((c) => covered.includes(c.id));
}
