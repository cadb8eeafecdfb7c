// The roster as organizers and cadres read it: the volunteer table with its filters (compound, tier, load,
// skill), one volunteer's profile with their pairings, profile edits, suggestions of helpers for a household,
// the coverage list of unpaired hardship households, and the reassignment list.
import { and, asc, desc, eq, inArray, sql, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/sqlite-core";
import { db, getDatabase, schema, type Queryable } from "#db/client.server";
import { audit } from "#app/modules/audit/audit.server";
import type { Actor } from "#app/modules/auth/policy";
import type { RequestMeta } from "#app/modules/auth/sign-in.server";
import type { HardshipLevel } from "#app/modules/households/codes";
import { defaultCapacity, type LoadFilter, type PairingRole, type PairingStatus, type Skill } from "./codes";
import { householdBriefs, type HouseholdBrief } from "./household-reads.server";

export const ROSTER_PAGE_SIZE = 50;

export interface VolunteerFilter {
  compoundId?: number;
  tier?: number;
  load?: LoadFilter;
  skill?: Skill;
  /** Only these volunteers (a cadre's subtree). */
  within?: readonly number[];
  page?: number;
}

const u = schema.users;
const vp = schema.volunteerProfiles;
const loadSql = sql<number>`(SELECT count(*) FROM pairings p WHERE p.volunteer_id = ${u.id} AND p.status = 'active')`;
const capacitySql = sql<number>`coalesce(${vp.capacity}, ${defaultCapacity})`;

function volunteerConditions(filter: VolunteerFilter): SQL[] {
  const conditions: SQL[] = [sql`${u.role} = 'volunteer'`];
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
  const [row] = await volunteerQuery(q, { within: [id] });
  if (!row) return null;
  const extra = await q
    .select({ compoundId: schema.volunteerCompounds.compoundId })
    .from(schema.volunteerCompounds)
    .where(eq(schema.volunteerCompounds.userId, id));
  return { ...row, skills: parseSkills(row.skills), extraCompoundIds: extra.map((e) => e.compoundId) };
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

async function withHouseholds<T extends { householdId: number }>(
  rows: T[],
  q: Queryable,
): Promise<(T & { household: HouseholdBrief })[]> {
  const briefs = await householdBriefs([...new Set(rows.map((r) => r.householdId))], q);
  const byId = new Map(briefs.map((b) => [b.id, b]));
  return rows.flatMap((r) => {
    const household = byId.get(r.householdId);
    return household ? [{ ...r, household }] : [];
  });
}

const pairingColumns = {
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

/** A volunteer's pairings, current first, then history. */
export async function pairingsOfVolunteer(volunteerId: number, q: Queryable = db()): Promise<PairingRow[]> {
  const rows = await q
    .select(pairingColumns)
    .from(schema.pairings)
    .innerJoin(u, eq(u.id, schema.pairings.volunteerId))
    .where(eq(schema.pairings.volunteerId, volunteerId))
    .orderBy(sql`${schema.pairings.status} = 'active' DESC`, desc(schema.pairings.startedAt));
  return withHouseholds(rows, q);
}

/** Every pairing a household has had: who helped when. */
export async function pairingsOfHousehold(householdId: number, q: Queryable = db()): Promise<PairingRow[]> {
  const rows = await q
    .select(pairingColumns)
    .from(schema.pairings)
    .innerJoin(u, eq(u.id, schema.pairings.volunteerId))
    .where(eq(schema.pairings.householdId, householdId))
    .orderBy(sql`${schema.pairings.status} = 'active' DESC`, desc(schema.pairings.startedAt));
  return withHouseholds(rows, q);
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
): Promise<"ok" | "notFound"> {
  return getDatabase().write(async (tx) => {
    const volunteer = await tx.query.users.findFirst({
      where: and(eq(u.id, volunteerId), eq(u.role, "volunteer")),
      columns: { id: true },
    });
    if (!volunteer) return "notFound";
    await tx.update(u).set({ phone: input.phone }).where(eq(u.id, volunteerId));
    const profile = { skills: input.skills, availability: input.availability, capacity: input.capacity };
    await tx
      .insert(vp)
      .values({ userId: volunteerId, ...profile })
      .onConflictDoUpdate({ target: vp.userId, set: { ...profile, updatedAt: new Date() } });
    await tx.delete(schema.volunteerCompounds).where(eq(schema.volunteerCompounds.userId, volunteerId));
    if (input.extraCompoundIds.length > 0)
      await tx
        .insert(schema.volunteerCompounds)
        .values(input.extraCompoundIds.map((compoundId) => ({ userId: volunteerId, compoundId })));
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

export interface Suggestion {
  id: number;
  name: string;
  phone: string | null;
  tier: number | null;
  compoundName: string | null;
  sameCompound: boolean;
  load: number;
  capacity: number;
  matchedSkills: number;
}

/**
 * Helpers for a household, best first: serving its compound, then with room to spare, then with the most
 * skills that meet its needs, then the least loaded. Volunteers already helping it are left out.
 */
export async function suggestHelpers(
  householdId: number,
  limit = 8,
  q: Queryable = db(),
): Promise<Suggestion[]> {
  const rows = await q.all<Omit<Suggestion, "sameCompound"> & { sameCompound: number }>(sql`
    WITH h AS (SELECT id, compound_id FROM households WHERE id = ${householdId}),
    candidates AS (
      SELECT u.id, u.name, u.phone, u.volunteer_tier AS tier, c.name AS compoundName,
        (u.compound_id = h.compound_id OR EXISTS (
          SELECT 1 FROM volunteer_compounds vc WHERE vc.user_id = u.id AND vc.compound_id = h.compound_id
        )) AS sameCompound,
        (SELECT count(*) FROM pairings p WHERE p.volunteer_id = u.id AND p.status = 'active') AS load,
        coalesce(vp.capacity, ${defaultCapacity}) AS capacity,
        (SELECT count(*) FROM json_each(coalesce(vp.skills, '[]')) s
          WHERE s.value IN (SELECT need FROM household_needs n WHERE n.household_id = h.id)) AS matchedSkills
      FROM users u
      CROSS JOIN h
      LEFT JOIN volunteer_profiles vp ON vp.user_id = u.id
      LEFT JOIN compounds c ON c.id = u.compound_id
      WHERE u.role = 'volunteer' AND u.disabled_at IS NULL
        AND u.id NOT IN (SELECT volunteer_id FROM pairings WHERE household_id = h.id AND status = 'active')
    )
    SELECT * FROM candidates
    ORDER BY sameCompound DESC, load < capacity DESC, matchedSkills DESC, capacity - load DESC, tier DESC, id
    LIMIT ${limit}`);
  return rows.map((r) => ({ ...r, sameCompound: r.sameCompound === 1 }));
}

const coveredLevels: HardshipLevel[] = ["extreme", "hardship"];

/**
 * Extreme-hardship and hardship households without an active primary helper, by compound (counts), and a
 * page of them, extreme first. Reads the households tables: should move behind the households module.
 */
export async function coverage(options: { compoundId?: number; page?: number }, q: Queryable = db()) {
  const unpaired = sql`h.hardship_level IN ('extreme', 'hardship') AND NOT EXISTS (
    SELECT 1 FROM pairings p WHERE p.household_id = h.id AND p.role = 'primary' AND p.status = 'active')`;
  const byCompound = await q.all<{
    compoundId: number;
    compoundName: string;
    extreme: number;
    hardship: number;
  }>(sql`
    SELECT c.id AS compoundId, c.name AS compoundName,
      sum(h.hardship_level = 'extreme') AS extreme, sum(h.hardship_level = 'hardship') AS hardship
    FROM households h JOIN compounds c ON c.id = h.compound_id
    WHERE ${unpaired}
    GROUP BY c.id ORDER BY c.id`);
  const page = Math.max(1, options.page ?? 1);
  const compound = options.compoundId ? sql`AND h.compound_id = ${options.compoundId}` : sql``;
  const ids = await q.all<{ id: number }>(sql`
    SELECT h.id FROM households h WHERE ${unpaired} ${compound}
    ORDER BY h.hardship_level = 'extreme' DESC, h.compound_id, h.id
    LIMIT ${ROSTER_PAGE_SIZE} OFFSET ${(page - 1) * ROSTER_PAGE_SIZE}`);
  const briefs = await householdBriefs(
    ids.map((r) => r.id),
    q,
  );
  const order = new Map(ids.map((r, i) => [r.id, i]));
  const total = byCompound
    .filter((c) => !options.compoundId || c.compoundId === options.compoundId)
    .reduce((n, c) => n + c.extreme + c.hardship, 0);
  return {
    byCompound,
    households: briefs.sort((a, b) => (order.get(a.id) ?? 0) - (order.get(b.id) ?? 0)),
    levels: coveredLevels,
    page,
    pageCount: Math.max(1, Math.ceil(total / ROSTER_PAGE_SIZE)),
  };
}

/** Pairings whose volunteer left or was disabled, oldest first, each waiting for a new helper. */
export async function reassignmentList(q: Queryable = db()): Promise<PairingRow[]> {
  const rows = await q
    .select(pairingColumns)
    .from(schema.pairings)
    .innerJoin(u, eq(u.id, schema.pairings.volunteerId))
    .where(eq(schema.pairings.status, "needs_reassignment"))
    .orderBy(asc(schema.pairings.updatedAt), asc(schema.pairings.id))
    .limit(200);
  return withHouseholds(rows, q);
}

/** Active pairings of every volunteer under `userId` (and their own): what a cadre oversees. */
export async function pairingsUnder(userId: number, q: Queryable = db()): Promise<PairingRow[]> {
  const rows = await q
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
      ),
    )
    .orderBy(asc(u.name), asc(schema.pairings.id))
    .limit(500);
  return withHouseholds(rows, q);
}

/** Tier-1 cadres with the number of people under each, the roots of the linkage tree. */
export async function linkageRoots(q: Queryable = db()) {
  return q.all<{ id: number; name: string; compoundName: string | null; below: number }>(sql`
    WITH RECURSIVE t(root, id) AS (
      SELECT id, id FROM users WHERE role = 'volunteer' AND volunteer_tier = 1
      UNION ALL
      SELECT t.root, u.id FROM users u JOIN t ON u.supervisor_id = t.id
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
