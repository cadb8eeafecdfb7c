// The household registry: the paginated search at full scale (within the person's scope, every household
// shown logged by the reader), and the edit form's change, kept as history in the same transaction.
import { and, asc, eq, gte, inArray, isNull, lt, ne, sql, type SQL } from "drizzle-orm";
import { db, getDatabase, schema } from "#db/client.server";
import { audit } from "#app/modules/audit/audit.server";
import { can, type Actor, type HouseholdFacts } from "#app/modules/auth/policy";
import { householdCondition, reachOf } from "#app/modules/auth/scope.server";
import { isHealthCategory, type Category, type ConsentScope, type HardshipLevel, type Need } from "./codes";
import { markApplied } from "./corrections.server";
import { householdFacts } from "./facts.server";
import { diffStates, recordHistory, type HouseholdState } from "./history.server";
import { healthAccess, healthVisibleCondition, logListed } from "./reader.server";
import { loadState, replaceCategoriesAndNeeds } from "./state.server";

export const PAGE_SIZE = 20;
/** Counting stops here: "1,000+" is all a person needs, and an exact count of 30k rows costs a scan. */
export const COUNT_CAP = 1000;

export interface RequestMeta {
  ip: string | null;
}

export interface HouseholdFilters {
  compoundId?: number;
  level?: HardshipLevel;
  category?: Category;
  need?: Need;
  overdue?: boolean;
  /** A name prefix, or digits for a phone prefix. */
  q?: string;
  /** Households on the registry now (the default), or those that moved out or dissolved. */
  status?: "active" | "closed";
  sort?: "address" | "due";
  page?: number;
}

/**
 * Address order: by building number, then unit and room. Shorter building names first, so that building
 * 2 comes before 10 without a cast, and the expression index on the same terms serves the sort.
 */
const addressOrder = [
  sql`length(${schema.households.building})`,
  asc(schema.households.building),
  asc(schema.households.unit),
  asc(schema.households.room),
];

/** The end of a prefix range: every string starting with `prefix` sorts below it, so the index serves. */
const prefixEnd = (prefix: string) => `${prefix}\u{10FFFF}`;

/**
 * The condition that picks the households `actor` may see matching `filters` (the list's page and the registry
 * export share it), or `null` when the person sees none.
 */
export async function registryCondition(
  actor: Actor,
  filters: HouseholdFilters,
  now = new Date(),
): Promise<SQL | undefined | null> {
  if (!can(actor, "household.list")) return null;
  const reach = await reachOf(actor);
  if (reach.kind === "none") return null;
  const h = schema.households;
  const m = schema.householdMembers;
  const conditions: (SQL | undefined)[] = [
    householdCondition(reach),
    filters.status === "closed" ? ne(h.status, "active") : eq(h.status, "active"),
  ];
  if (filters.compoundId) conditions.push(eq(h.compoundId, filters.compoundId));
  if (filters.level) conditions.push(eq(h.hardshipLevel, filters.level));
  if (filters.overdue) conditions.push(lt(h.nextVerificationDue, now));
  const c = schema.householdCategories;
  const n = schema.householdNeeds;
  if (filters.category)
    conditions.push(
      sql`exists (select 1 from ${c} where ${c.householdId} = ${h.id} and ${c.category} = ${filters.category})`,
      // A health category only finds the households whose health facts the person may read.
      isHealthCategory(filters.category) ? healthVisibleCondition(actor) : undefined,
    );
  if (filters.need)
    conditions.push(
      sql`exists (select 1 from ${n} where ${n.householdId} = ${h.id} and ${n.need} = ${filters.need})`,
    );
  const q = filters.q?.trim();
  if (q) {
    const column = /^\+?[0-9]+$/.test(q) ? m.phone : m.name;
    conditions.push(
      inArray(
        h.id,
        db()
          .select({ id: m.householdId })
          .from(m)
          .where(and(gte(column, q), lt(column, prefixEnd(q)), isNull(m.removedAt))),
      ),
    );
  }
  return and(...conditions);
}

/** One page of the households `actor` may see that match the filters; every household shown is logged. */
export async function listHouseholds(
  actor: Actor,
  filters: HouseholdFilters,
  ctx: { via: string; ip?: string | null },
  now = new Date(),
) {
  const page = Math.max(1, filters.page ?? 1);
  const empty = { rows: [], hasNext: false, total: 0, capped: false, page, pageSize: PAGE_SIZE };
  const where = await registryCondition(actor, filters, now);
  if (where === null) return empty;
  const h = schema.households;
  const m = schema.householdMembers;
  const order =
    filters.sort === "due" ? [asc(h.nextVerificationDue), asc(h.id)] : [asc(h.compoundId), ...addressOrder];
  // Ids first, then the details of one page: the head's name is looked up for 20 rows, not for every match.
  const pageIds = await db()
    .select({ id: h.id })
    .from(h)
    .where(where)
    .orderBy(...order)
    .limit(PAGE_SIZE + 1)
    .offset((page - 1) * PAGE_SIZE);
  const ids = pageIds.slice(0, PAGE_SIZE).map((r) => r.id);
  const details = ids.length
    ? await db()
        .select({
          id: h.id,
          compoundName: schema.compounds.name,
          building: h.building,
          unit: h.unit,
          room: h.room,
          hardshipLevel: h.hardshipLevel,
          nextVerificationDue: h.nextVerificationDue,
          headName: sql<
            string | null
          >`(select ${m.name} from ${m} where ${m.householdId} = ${h.id} and ${m.relation} = 'head' and ${m.removedAt} is null limit 1)`,
        })
        .from(h)
        .innerJoin(schema.compounds, eq(schema.compounds.id, h.compoundId))
        .where(inArray(h.id, ids))
    : [];
  const byId = new Map(details.map((d) => [d.id, d]));
  const rows = ids.flatMap((id) => {
    const row = byId.get(id);
    return row
      ? [{ ...row, overdue: row.nextVerificationDue !== null && row.nextVerificationDue < now }]
      : [];
  });
  const [counted] = await db().all<{ n: number }>(
    sql`select count(*) as n from (select 1 from ${h} where ${where ?? sql`1`} limit ${COUNT_CAP + 1})`,
  );
  const matches = counted?.n ?? 0;
  logListed(
    actor,
    rows.map((r) => r.id),
    ctx,
  );
  return {
    rows,
    hasNext: pageIds.length > PAGE_SIZE,
    total: Math.min(matches, COUNT_CAP),
    capped: matches > COUNT_CAP,
    page,
    pageSize: PAGE_SIZE,
  };
}

/** The `$id` of a household route; anything but a positive integer is a 404. */
export function householdIdParam(params: { id?: string }): number {
  const id = Number(params.id);
  if (!Number.isSafeInteger(id) || id <= 0) throw new Response("Not found", { status: 404 });
  return id;
}

export interface HouseholdEdit {
  building: string;
  unit: string;
  room: string;
  hardshipLevel: HardshipLevel;
  categories: Category[];
  needs: { need: Need; note: string | null }[];
  note: string | null;
  healthNote: string | null;
  consentGivenBy: string | null;
  consentScopes: ConsentScope[];
}

/** Without consent to `health`, no health detail is kept: neither the note nor a medical need's note. */
function withoutUnconsentedHealth(edit: HouseholdEdit): HouseholdEdit {
  const consented = edit.consentGivenBy !== null && edit.consentScopes.includes("health");
  if (consented) return edit;
  return {
    ...edit,
    healthNote: null,
    needs: edit.needs.map((n) => (n.need === "medical" ? { ...n, note: null } : n)),
  };
}

/**
 * The categories a form leaves: a form shows no health category to someone who may not read them, so those
 * the household has are kept as they are rather than lost by a form that could not show them.
 */
export function keepingWithheldHealth(
  actor: Actor,
  facts: HouseholdFacts,
  consentScopes: readonly ConsentScope[] | null,
  edit: { categories: readonly Category[] },
  state: { categories: readonly Category[] },
): Category[] {
  if (healthAccess(actor, facts, consentScopes).sees) return [...edit.categories];
  return [
    ...edit.categories.filter((c) => !isHealthCategory(c)),
    ...state.categories.filter((c) => isHealthCategory(c)),
  ];
}

export type EditOutcome = { ok: true } | { ok: false; status: 403 | 404 } | { ok: false; addressTaken: true };

/** Saves the edit form; with `correctionId`, the edit applies that resident's request (history: `correction`). */
export async function updateHousehold(
  actor: Actor,
  householdId: number,
  input: HouseholdEdit,
  meta: RequestMeta,
  correctionId: number | null = null,
): Promise<EditOutcome> {
  const edit = withoutUnconsentedHealth(input);
  return getDatabase().write(async (tx) => {
    const facts = await householdFacts(householdId, tx);
    if (!facts) return { ok: false, status: 404 };
    if (!can(actor, "household.write", facts)) return { ok: false, status: 403 };
    const loaded = await loadState(tx, householdId);
    if (!loaded) return { ok: false, status: 404 };
    const { household, state } = loaded;
    const categories = keepingWithheldHealth(actor, facts, household.consentScopes, edit, state);
    const clash = await tx.query.households.findFirst({
      where: and(
        eq(schema.households.compoundId, household.compoundId),
        eq(schema.households.building, edit.building),
        eq(schema.households.unit, edit.unit),
        eq(schema.households.room, edit.room),
        eq(schema.households.status, "active"),
      ),
      columns: { id: true },
    });
    if (clash && clash.id !== householdId) return { ok: false, addressTaken: true };
    const consent = edit.consentGivenBy ? { givenBy: edit.consentGivenBy, scopes: edit.consentScopes } : null;
    const consentChanged =
      JSON.stringify(consent) !==
      JSON.stringify(state.consent ? { givenBy: state.consent.givenBy, scopes: state.consent.scopes } : null);
    const levelChanged = edit.hardshipLevel !== household.hardshipLevel;
    const next: HouseholdState = {
      ...state,
      building: edit.building,
      unit: edit.unit,
      room: edit.room,
      hardshipLevel: edit.hardshipLevel,
      note: edit.note,
      healthNote: edit.healthNote,
      categories,
      needs: edit.needs,
      consent,
      // A level set by hand has no verification behind it yet, so it is due at once; `none` has no due date.
      nextVerificationDue: levelChanged
        ? edit.hardshipLevel === "none"
          ? null
          : new Date()
        : state.nextVerificationDue,
    };
    const changes = diffStates(state, next);
    const applied =
      correctionId !== null && (await markApplied(tx, actor.id, householdId, correctionId, meta));
    if (changes.length === 0) return { ok: true };
    await tx
      .update(schema.households)
      .set({
        building: next.building,
        unit: next.unit,
        room: next.room,
        hardshipLevel: next.hardshipLevel,
        note: next.note,
        healthNote: next.healthNote,
        nextVerificationDue: next.nextVerificationDue,
        ...(consentChanged
          ? {
              consentGivenBy: consent?.givenBy ?? null,
              consentScopes: consent ? [...consent.scopes] : null,
              consentGivenAt: consent ? new Date() : null,
              consentRecordedById: consent ? actor.id : null,
            }
          : {}),
      })
      .where(eq(schema.households.id, householdId));
    await replaceCategoriesAndNeeds(tx, householdId, categories, edit.needs);
    await recordHistory(tx, householdId, actor.id, applied ? "correction" : "form", changes);
    await audit(tx, {
      actorId: actor.id,
      action: "household.updated",
      targetType: "household",
      targetId: householdId,
      ip: meta.ip,
      details: { fields: changes.map((c) => c.field) },
    });
    return { ok: true };
  });
}

export async function listCompounds() {
  return db()
    .select({ id: schema.compounds.id, code: schema.compounds.code, name: schema.compounds.name })
    .from(schema.compounds)
    .orderBy(asc(schema.compounds.code));
}
