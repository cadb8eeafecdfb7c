// Household rows the roster shows beside its pairings (address, level, head of household, needs).
// These read the households tables directly because the households module has no such functions yet;
// they should move behind the households module when it offers them.
import { and, eq, inArray, sql } from "drizzle-orm";
import { db, schema, type Queryable } from "#db/client.server";
import type { HardshipLevel, Need } from "#app/modules/households/codes";

export interface HouseholdBrief {
  id: number;
  compoundId: number;
  compoundName: string;
  building: string;
  unit: string;
  room: string;
  hardshipLevel: HardshipLevel;
  headName: string | null;
  headPhone: string | null;
}

const headName = sql<
  string | null
>`(SELECT m.name FROM household_members m WHERE m.household_id = ${schema.households.id} AND m.relation = 'head' LIMIT 1)`;
const headPhone = sql<
  string | null
>`(SELECT m.phone FROM household_members m WHERE m.household_id = ${schema.households.id} AND m.relation = 'head' LIMIT 1)`;

const briefColumns = {
  id: schema.households.id,
  compoundId: schema.households.compoundId,
  compoundName: schema.compounds.name,
  building: schema.households.building,
  unit: schema.households.unit,
  room: schema.households.room,
  hardshipLevel: schema.households.hardshipLevel,
  headName,
  headPhone,
};

export async function householdBriefs(
  ids: readonly number[],
  q: Queryable = db(),
): Promise<HouseholdBrief[]> {
  if (ids.length === 0) return [];
  return q
    .select(briefColumns)
    .from(schema.households)
    .innerJoin(schema.compounds, eq(schema.compounds.id, schema.households.compoundId))
    .where(inArray(schema.households.id, [...ids]));
}

/** Where each household lives ("石油新村 3-2-501"), for lists that show no more of it than that. */
export async function householdAddresses(
  ids: readonly number[],
  q: Queryable = db(),
): Promise<Map<number, string>> {
  if (ids.length === 0) return new Map();
  const rows = await q
    .select({
      id: schema.households.id,
      compoundName: schema.compounds.name,
      building: schema.households.building,
      unit: schema.households.unit,
      room: schema.households.room,
    })
    .from(schema.households)
    .innerJoin(schema.compounds, eq(schema.compounds.id, schema.households.compoundId))
    .where(inArray(schema.households.id, [...ids]));
  return new Map(rows.map((r) => [r.id, `${r.compoundName} ${addressLine(r)}`]));
}

export async function householdBrief(id: number, q: Queryable = db()): Promise<HouseholdBrief | null> {
  const [row] = await householdBriefs([id], q);
  return row ?? null;
}

export async function householdNeeds(id: number, q: Queryable = db()): Promise<Need[]> {
  const rows = await q
    .select({ need: schema.householdNeeds.need })
    .from(schema.householdNeeds)
    .where(eq(schema.householdNeeds.householdId, id));
  return rows.map((r) => r.need);
}

/** Households of a compound, in address order, for a batch of connection cards. */
export async function householdIdsOfCompound(
  compoundId: number,
  levels: readonly HardshipLevel[],
  q: Queryable = db(),
): Promise<number[]> {
  const rows = await q
    .select({ id: schema.households.id })
    .from(schema.households)
    .where(
      and(
        eq(schema.households.compoundId, compoundId),
        inArray(schema.households.hardshipLevel, [...levels]),
      ),
    )
    .orderBy(
      sql`cast(${schema.households.building} AS integer)`,
      sql`cast(${schema.households.unit} AS integer)`,
      sql`cast(${schema.households.room} AS integer)`,
    );
  return rows.map((r) => r.id);
}

/** "3-2-501": building, unit, room, as addresses are written on the estate. */
export function addressLine(h: Pick<HouseholdBrief, "building" | "unit" | "room">): string {
  return `${h.building}-${h.unit}-${h.room}`;
}

/** The hardship level of each household among `ids`: a light read for lists that page before they show. */
export async function householdLevels(
  ids: readonly number[],
  q: Queryable = db(),
): Promise<{ id: number; hardshipLevel: HardshipLevel }[]> {
  if (ids.length === 0) return [];
  return q
    .select({ id: schema.households.id, hardshipLevel: schema.households.hardshipLevel })
    .from(schema.households)
    .where(inArray(schema.households.id, [...ids]));
}
