// A household's history: every change, field by field, before and after, written by the code that makes
// the change inside its own transaction. A household's state is flattened to text so that one diff serves
// the edit form, the import and the verification alike.
import { desc, eq } from "drizzle-orm";
import { schema, type Queryable, type Tx } from "#db/client.server";
import type { Category, ConsentScope, HardshipLevel, HistorySource, Need } from "./codes";

export interface HouseholdState {
  building: string;
  unit: string;
  room: string;
  hardshipLevel: HardshipLevel;
  note: string | null;
  healthNote: string | null;
  categories: readonly Category[];
  needs: readonly { need: Need; note: string | null }[];
  consent: { givenBy: string; scopes: readonly ConsentScope[] } | null;
  nextVerificationDue: Date | null;
  /** Members as "name/relation/birth year"; only compared when a change replaces the members. */
  members?: readonly { name: string; relation: string; birthYear: number; phone: string | null }[];
}

export interface FieldChange {
  field: string;
  before: string | null;
  after: string | null;
}

function flatten(state: HouseholdState): Record<string, string | null> {
  return {
    building: state.building,
    unit: state.unit,
    room: state.room,
    hardshipLevel: state.hardshipLevel,
    note: state.note || null,
    healthNote: state.healthNote || null,
    categories: [...state.categories].sort().join(",") || null,
    needs:
      [...state.needs]
        .sort((a, b) => a.need.localeCompare(b.need))
        .map((n) => (n.note ? `${n.need}: ${n.note}` : n.need))
        .join("; ") || null,
    consent: state.consent
      ? `${state.consent.givenBy} (${[...state.consent.scopes].sort().join(",")})`
      : null,
    nextVerificationDue: state.nextVerificationDue?.toISOString() ?? null,
    ...(state.members
      ? {
          members:
            state.members
              .map((m) => `${m.name}/${m.relation}/${m.birthYear}${m.phone ? `/${m.phone}` : ""}`)
              .join("; ") || null,
        }
      : {}),
  };
}

/** The fields that differ between two states; members only when both sides carry them. */
export function diffStates(before: HouseholdState, after: HouseholdState): FieldChange[] {
  const a = flatten(before);
  const b = flatten(after);
  return Object.keys(b)
    .filter((field) => field in a && a[field] !== b[field])
    .map((field) => ({ field, before: a[field] ?? null, after: b[field] ?? null }));
}

export async function recordHistory(
  tx: Tx,
  householdId: number,
  actorId: number | null,
  source: HistorySource,
  changes: readonly FieldChange[],
  at = new Date(),
): Promise<void> {
  if (changes.length === 0) return;
  await tx
    .insert(schema.householdHistory)
    .values(changes.map((c) => ({ householdId, actorId, source, at, ...c })));
}

export async function listHistory(q: Queryable, householdId: number, limit = 100) {
  return q
    .select({
      id: schema.householdHistory.id,
      at: schema.householdHistory.at,
      source: schema.householdHistory.source,
      field: schema.householdHistory.field,
      before: schema.householdHistory.before,
      after: schema.householdHistory.after,
      actorName: schema.users.name,
    })
    .from(schema.householdHistory)
    .leftJoin(schema.users, eq(schema.users.id, schema.householdHistory.actorId))
    .where(eq(schema.householdHistory.householdId, householdId))
    .orderBy(desc(schema.householdHistory.at), desc(schema.householdHistory.id))
    .limit(limit);
}
