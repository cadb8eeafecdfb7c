// Who may help a household, and which households a volunteer may help (issue 17 items 8 and 12): the ranked
// suggestions, a search over every volunteer the actor may pair, and the households an organizer may pair from
// a volunteer's page. The pairing itself, and every rule that refuses one, stays in pairings.server.ts.
//
// Ranking reads the volunteer's own profile (/volunteer/profile): the compounds they cover, their languages or
// dialects, their skills and the days they gave. A household record names no language nor preferred times of
// its own, so a language counts when the household's notes name it ("只会说粤语"), and availability counts as
// given or not (decision 033).
import { and, eq, inArray, sql, type SQL, type SQLWrapper } from "drizzle-orm";
import { db, schema, type Queryable } from "#db/client.server";
import { can, type Actor } from "#app/modules/auth/policy";
import { reachOf } from "#app/modules/auth/scope.server";
import type { RequestMeta } from "#app/modules/auth/sign-in.server";
import { findHouseholds, type ReadContext } from "#app/modules/households/reader.server";
import type { HardshipLevel } from "#app/modules/households/codes";
import { weekdays, type Weekday } from "#app/modules/service/codes";
import { defaultCapacity } from "./codes";
import { createPairing, type NewPairing, type PairingResult } from "./pairings.server";
import { volunteerInReach, volunteerScope } from "./reach.server";

export interface Suggestion {
  id: number;
  name: string;
  phone: string | null;
  tier: number | null;
  compoundName: string | null;
  /** They serve the household's compound, as their home compound or one listed in their profile. */
  sameCompound: boolean;
  /** How: "home", "listed" (in their profile), or null for another compound. */
  covers: "home" | "listed" | null;
  load: number;
  capacity: number;
  matchedSkills: number;
  /** Their languages or dialects that the household's notes name. */
  matchedLanguages: string[];
  /** The days of the week they said they can serve, Monday first. */
  availableDays: Weekday[];
}

interface Row {
  id: number;
  name: string;
  phone: string | null;
  tier: number | null;
  compoundName: string | null;
  home: number;
  listed: number;
  load: number;
  capacity: number;
  matchedSkills: number;
  matchedLanguages: string;
  availableDays: string;
}

function parseList(json: string): unknown[] {
  const value: unknown = JSON.parse(json);
  return Array.isArray(value) ? value : [];
}

/** Whether `q` looks like the start of a phone number rather than a name. */
const isPhone = (q: string) => /^\+?[0-9]+$/.test(q);

/**
 * Volunteers `actor` may pair with the household (active, on the actor's roster, not already helping it),
 * best first: serving its compound, then with room to spare, then speaking a language its notes name, then
 * with the most skills that meet its needs, then having given their days, then the least loaded. With `query`,
 * only those whose name contains it or whose phone starts with it.
 */
export async function pairingCandidates(
  actor: Actor,
  householdId: number,
  options: { query?: string; volunteerId?: number; limit?: number } = {},
  q: Queryable = db(),
): Promise<Suggestion[]> {
  // Only volunteers on the actor's own roster: a pairing opens the household to the helper and their chain.
  const scope = volunteerScope(await reachOf(actor)) ?? sql`1`;
  const query = options.query?.trim() ?? "";
  const search = !query
    ? sql`1`
    : isPhone(query)
      ? sql`substr(coalesce(u.phone, ''), 1, ${query.length}) = ${query}`
      : sql`instr(u.name, ${query}) > 0`;
  const rows = await q.all<Row>(sql`
    WITH h AS (
      SELECT id, compound_id,
        -- What the household's record says in words; a medical need's note is health information and not read.
        coalesce(note, '') || ' ' || coalesce((SELECT group_concat(n.note, ' ') FROM household_needs n
          WHERE n.household_id = households.id AND n.need <> 'medical'), '') AS notes
      FROM households WHERE id = ${householdId}
    ),
    candidates AS (
      SELECT u.id, u.name, u.phone, u.volunteer_tier AS tier, c.name AS compoundName,
        (u.compound_id IS h.compound_id) AS home,
        EXISTS (SELECT 1 FROM volunteer_compounds vc WHERE vc.user_id = u.id AND vc.compound_id = h.compound_id)
          AS listed,
        (SELECT count(*) FROM pairings p WHERE p.volunteer_id = u.id AND p.status = 'active') AS load,
        coalesce(vp.capacity, ${defaultCapacity}) AS capacity,
        (SELECT count(*) FROM json_each(coalesce(vp.skills, '[]')) s
          WHERE s.value IN (SELECT need FROM household_needs n WHERE n.household_id = h.id)) AS matchedSkills,
        (SELECT json_group_array(l.value) FROM json_each(coalesce(vp.languages, '[]')) l
          WHERE length(trim(l.value)) > 0 AND instr(h.notes, trim(l.value)) > 0) AS matchedLanguages,
        (SELECT json_group_array(DISTINCT json_extract(s.value, '$.day'))
          FROM json_each(coalesce(vp.availability_slots, '[]')) s) AS availableDays
      FROM users u
      CROSS JOIN h
      LEFT JOIN volunteer_profiles vp ON vp.user_id = u.id
      LEFT JOIN compounds c ON c.id = u.compound_id
      WHERE u.role = 'volunteer' AND u.disabled_at IS NULL
        AND u.id IN (SELECT ${schema.users.id} FROM ${schema.users} WHERE ${scope})
        AND u.id NOT IN (SELECT volunteer_id FROM pairings WHERE household_id = h.id AND status = 'active')
        AND ${search}
        AND ${options.volunteerId === undefined ? sql`1` : sql`u.id = ${options.volunteerId}`}
    )
    SELECT * FROM candidates
    ORDER BY (home OR listed) DESC, load < capacity DESC, json_array_length(matchedLanguages) DESC,
      matchedSkills DESC, json_array_length(availableDays) > 0 DESC, capacity - load DESC, tier DESC, id
    LIMIT ${options.limit ?? 8}`);
  return rows.map((r) => {
    const days = new Set(parseList(r.availableDays));
    return {
      id: r.id,
      name: r.name,
      phone: r.phone,
      tier: r.tier,
      compoundName: r.compoundName,
      sameCompound: r.home === 1 || r.listed === 1,
      covers: r.home === 1 ? "home" : r.listed === 1 ? "listed" : null,
      load: r.load,
      capacity: r.capacity,
      matchedSkills: r.matchedSkills,
      matchedLanguages: parseList(r.matchedLanguages).filter((l): l is string => typeof l === "string"),
      availableDays: weekdays.filter((d) => days.has(d)),
    };
  });
}

/** The top suggestions shown first on the pairing page. */
export function suggestHelpers(
  actor: Actor,
  householdId: number,
  limit = 8,
  q: Queryable = db(),
): Promise<Suggestion[]> {
  return pairingCandidates(actor, householdId, { limit }, q);
}

/** The search over every volunteer `actor` may pair with the household: name contains, or phone starts with. */
export function searchVolunteersToPair(
  actor: Actor,
  householdId: number,
  query: string,
  limit = 20,
): Promise<Suggestion[]> {
  const q = query.trim().slice(0, 40);
  if (!q) return Promise.resolve([]);
  return pairingCandidates(actor, householdId, { query: q, limit });
}

/** A volunteer `actor` may pair households with from their page: active and on the actor's roster. */
export async function pairableVolunteer(actor: Actor, volunteerId: number) {
  if (!(await volunteerInReach(actor, volunteerId))) return null;
  const u = schema.users;
  const [volunteer] = await db()
    .select({ id: u.id, name: u.name, compoundId: u.compoundId, disabledAt: u.disabledAt })
    .from(u)
    .where(and(eq(u.id, volunteerId), eq(u.role, "volunteer")));
  if (!volunteer || volunteer.disabledAt) return null;
  const extra = await db()
    .select({ compoundId: schema.volunteerCompounds.compoundId })
    .from(schema.volunteerCompounds)
    .where(eq(schema.volunteerCompounds.userId, volunteerId));
  const served = [
    ...new Set([
      ...(volunteer.compoundId === null ? [] : [volunteer.compoundId]),
      ...extra.map((e) => e.compoundId),
    ]),
  ];
  // The compounds the volunteer serves that the actor may pair in.
  const compoundIds = served.filter((compoundId) => can(actor, "pairing.write", { compoundId }));
  return { id: volunteer.id, name: volunteer.name, compoundIds };
}

/** Which households a volunteer may serve from their page: active, in a compound they serve, not theirs yet. */
function servable(volunteerId: number, compoundIds: readonly number[], householdId: SQLWrapper): SQL {
  const h = schema.households;
  return sql`${householdId} IN (SELECT ${h.id} FROM ${h} WHERE ${and(
    eq(h.status, "active"),
    inArray(h.compoundId, compoundIds.length > 0 ? [...compoundIds] : [-1]),
  )}) AND ${householdId} NOT IN (SELECT household_id FROM pairings WHERE volunteer_id = ${volunteerId} AND status = 'active')`;
}

export interface HouseholdToPair {
  id: number;
  compoundName: string;
  address: string;
  headName: string | null;
  hardshipLevel: HardshipLevel;
  /** Whether it has an active primary helper already (so the pairing would be a secondary one). */
  hasPrimary: boolean;
}

/**
 * Households `actor` may see and pair whose members' names start with `query` (or whose phones start with its
 * digits), among those the volunteer may serve. Read through the households reader, so each is logged as listed.
 */
export async function searchHouseholdsToPair(
  actor: Actor,
  volunteerId: number,
  query: string,
  ctx: ReadContext,
  limit = 20,
): Promise<HouseholdToPair[]> {
  const volunteer = await pairableVolunteer(actor, volunteerId);
  const q = query.trim().slice(0, 40);
  if (!volunteer || volunteer.compoundIds.length === 0 || !q) return [];
  const found = await findHouseholds(actor, q, limit, ctx, (householdId) =>
    servable(volunteer.id, volunteer.compoundIds, householdId),
  );
  if (found.length === 0) return [];
  const primaries = await db()
    .select({ householdId: schema.pairings.householdId })
    .from(schema.pairings)
    .where(
      and(
        inArray(
          schema.pairings.householdId,
          found.map((f) => f.id),
        ),
        eq(schema.pairings.status, "active"),
        eq(schema.pairings.role, "primary"),
      ),
    );
  const withPrimary = new Set(primaries.map((p) => p.householdId));
  return found.map((f) => ({
    id: f.id,
    compoundName: f.compoundName,
    address: f.address,
    headName: f.headName,
    hardshipLevel: f.hardshipLevel,
    hasPrimary: withPrimary.has(f.id),
  }));
}

export type VolunteerPairingResult = PairingResult | { ok: false; error: "householdUnavailable" };

/**
 * A pairing started from the volunteer's page: the household picked must be one the search would offer (never
 * the form's word for it), then the same rules as the household's own page (`createPairing`).
 */
export async function pairFromVolunteer(
  actor: Actor,
  input: NewPairing,
  meta: RequestMeta,
): Promise<VolunteerPairingResult> {
  const volunteer = await pairableVolunteer(actor, input.volunteerId);
  if (!volunteer) return { ok: false, error: "volunteerUnavailable" };
  const [row] = await db()
    .select({ id: schema.households.id })
    .from(schema.households)
    .where(
      and(
        eq(schema.households.id, input.householdId),
        servable(volunteer.id, volunteer.compoundIds, schema.households.id),
      ),
    );
  if (!row) return { ok: false, error: "householdUnavailable" };
  return createPairing(actor, input, meta);
}
