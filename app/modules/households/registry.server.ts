// The household registry: who may see which households (through the policy), the paginated search at full
// scale, opening one record (audited, health details only where consented and needed), and the edit form's
// change, kept as history in the same transaction.
import { and, asc, eq, gte, inArray, isNotNull, lt, sql, type SQL } from "drizzle-orm";
import { db, getDatabase, schema, type Queryable, type Tx } from "#db/client.server";
import { audit } from "#app/modules/audit/audit.server";
import { can, isStaff, type Actor, type HouseholdFacts } from "#app/modules/auth/policy";
import { isZeroEmployment, type Category, type ConsentScope, type HardshipLevel, type Need } from "./codes";
import { householdIdsHelpedBy, householdLinkage } from "#app/modules/roster/linkage.server";
import { diffStates, listHistory, recordHistory, type HouseholdState } from "./history.server";

export const PAGE_SIZE = 20;
/** Counting stops here: "1,000+" is all a person needs, and an exact count of 30k rows costs a scan. */
export const COUNT_CAP = 1000;

export interface RequestMeta {
  ip: string | null;
}

export async function householdFacts(q: Queryable, householdId: number): Promise<HouseholdFacts | null> {
  const [row] = await q
    .select({ compoundId: schema.households.compoundId })
    .from(schema.households)
    .where(eq(schema.households.id, householdId));
  if (!row) return null;
  const members = await q
    .select({ userId: schema.householdMembers.userId })
    .from(schema.householdMembers)
    .where(
      and(eq(schema.householdMembers.householdId, householdId), isNotNull(schema.householdMembers.userId)),
    );
  return {
    compoundId: row.compoundId,
    memberUserIds: members.flatMap((m) => (m.userId === null ? [] : [m.userId])),
    ...(await householdLinkage(householdId, q)),
  };
}

/** The household of a resident's own account, if the registry links them to one. */
export async function householdIdOfResident(userId: number): Promise<number | null> {
  const [row] = await db()
    .select({ householdId: schema.householdMembers.householdId })
    .from(schema.householdMembers)
    .where(eq(schema.householdMembers.userId, userId));
  return row?.householdId ?? null;
}

export interface HouseholdFilters {
  compoundId?: number;
  level?: HardshipLevel;
  category?: Category;
  need?: Need;
  overdue?: boolean;
  /** A name prefix, or digits for a phone prefix. */
  q?: string;
  sort?: "address" | "due";
  page?: number;
}

/** The households an actor may list, as a condition; `null` when they may list none. */
async function scopeOf(actor: Actor): Promise<SQL | undefined | null> {
  const h = schema.households;
  if (actor.role === "admin") return undefined;
  if (actor.role === "organizer")
    return actor.compoundId === null ? undefined : eq(h.compoundId, actor.compoundId);
  if (actor.role === "volunteer") {
    const ids = await householdIdsHelpedBy(actor);
    return ids.length ? inArray(h.id, ids) : null;
  }
  return null;
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

export async function listHouseholds(actor: Actor, filters: HouseholdFilters, now = new Date()) {
  const page = Math.max(1, filters.page ?? 1);
  const empty = { rows: [], hasNext: false, total: 0, capped: false, page, pageSize: PAGE_SIZE };
  if (!can(actor, "household.list")) return empty;
  const scope = await scopeOf(actor);
  if (scope === null) return empty;
  const h = schema.households;
  const m = schema.householdMembers;
  const conditions: (SQL | undefined)[] = [scope];
  if (filters.compoundId) conditions.push(eq(h.compoundId, filters.compoundId));
  if (filters.level) conditions.push(eq(h.hardshipLevel, filters.level));
  if (filters.overdue) conditions.push(lt(h.nextVerificationDue, now));
  const c = schema.householdCategories;
  const n = schema.householdNeeds;
  if (filters.category)
    conditions.push(
      sql`exists (select 1 from ${c} where ${c.householdId} = ${h.id} and ${c.category} = ${filters.category})`,
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
          .where(and(gte(column, q), lt(column, prefixEnd(q)))),
      ),
    );
  }
  const where = and(...conditions);
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
          >`(select ${m.name} from ${m} where ${m.householdId} = ${h.id} and ${m.relation} = 'head' limit 1)`,
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
  return {
    rows,
    hasNext: pageIds.length > PAGE_SIZE,
    total: Math.min(matches, COUNT_CAP),
    capped: matches > COUNT_CAP,
    page,
    pageSize: PAGE_SIZE,
  };
}

/** The household's current state, as the history compares it. */
export async function loadState(q: Queryable, householdId: number, withMembers = false) {
  const household = await q.query.households.findFirst({ where: eq(schema.households.id, householdId) });
  if (!household) return null;
  const categories = await q
    .select({ category: schema.householdCategories.category })
    .from(schema.householdCategories)
    .where(eq(schema.householdCategories.householdId, householdId));
  const needs = await q
    .select({ need: schema.householdNeeds.need, note: schema.householdNeeds.note })
    .from(schema.householdNeeds)
    .where(eq(schema.householdNeeds.householdId, householdId));
  const members = withMembers
    ? await q
        .select({
          name: schema.householdMembers.name,
          relation: schema.householdMembers.relation,
          birthYear: schema.householdMembers.birthYear,
          phone: schema.householdMembers.phone,
        })
        .from(schema.householdMembers)
        .where(eq(schema.householdMembers.householdId, householdId))
        .orderBy(asc(schema.householdMembers.id))
    : undefined;
  const state: HouseholdState = {
    building: household.building,
    unit: household.unit,
    room: household.room,
    hardshipLevel: household.hardshipLevel,
    note: household.note,
    healthNote: household.healthNote,
    categories: categories.map((c) => c.category),
    needs,
    consent:
      household.consentGivenBy && household.consentScopes
        ? { givenBy: household.consentGivenBy, scopes: household.consentScopes }
        : null,
    nextVerificationDue: household.nextVerificationDue,
    members,
  };
  return { household, state };
}

/** The `$id` of a household route; anything but a positive integer is a 404. */
export function householdIdParam(params: { id?: string }): number {
  const id = Number(params.id);
  if (!Number.isSafeInteger(id) || id <= 0) throw new Response("Not found", { status: 404 });
  return id;
}

export type OpenResult<T> = { ok: true; value: T } | { ok: false; status: 403 | 404 };

/**
 * One household's record for `actor`, or why not. Every opening is audited, a refusal too, so that
 * someone trying ids by URL shows in the log.
 */
export async function openHousehold(actor: Actor, householdId: number, meta: RequestMeta) {
  const facts = await householdFacts(db(), householdId);
  const allowed = facts !== null && can(actor, "household.read", facts);
  await getDatabase().write((tx) =>
    audit(tx, {
      actorId: actor.id,
      action: allowed ? "household.viewed" : "household.viewRefused",
      targetType: "household",
      targetId: householdId,
      ip: meta.ip,
    }),
  );
  if (!facts) return { ok: false, status: 404 } as const;
  if (!allowed) return { ok: false, status: 403 } as const;
  const loaded = await loadState(db(), householdId);
  if (!loaded) return { ok: false, status: 404 } as const;
  const { household, state } = loaded;
  const healthConsent = household.consentScopes?.includes("health") ?? false;
  const seesHealth = can(actor, "household.readHealth", { ...facts, healthConsent });
  const [compound] = await db()
    .select({ name: schema.compounds.name })
    .from(schema.compounds)
    .where(eq(schema.compounds.id, household.compoundId));
  const members = await db()
    .select({
      id: schema.householdMembers.id,
      name: schema.householdMembers.name,
      relation: schema.householdMembers.relation,
      birthYear: schema.householdMembers.birthYear,
      phone: schema.householdMembers.phone,
      employed: schema.householdMembers.employed,
      disabled: schema.householdMembers.disabled,
      inSchool: schema.householdMembers.inSchool,
    })
    .from(schema.householdMembers)
    .where(eq(schema.householdMembers.householdId, householdId))
    .orderBy(asc(schema.householdMembers.id));
  const verifications = await db()
    .select({
      id: schema.householdVerifications.id,
      verifiedAt: schema.householdVerifications.verifiedAt,
      verifierName: schema.householdVerifications.verifierName,
      findings: schema.householdVerifications.findings,
      levelBefore: schema.householdVerifications.levelBefore,
      levelAfter: schema.householdVerifications.levelAfter,
      nextDue: schema.householdVerifications.nextDue,
    })
    .from(schema.householdVerifications)
    .where(eq(schema.householdVerifications.householdId, householdId))
    .orderBy(sql`${schema.householdVerifications.verifiedAt} desc`);
  const staffView = isStaff(actor);
  return {
    ok: true,
    value: {
      id: household.id,
      compoundId: household.compoundId,
      compoundName: compound?.name ?? "",
      building: household.building,
      unit: household.unit,
      room: household.room,
      hardshipLevel: household.hardshipLevel,
      zeroEmployment: household.zeroEmployment,
      note: household.note,
      healthNote: seesHealth ? household.healthNote : null,
      healthHidden: !seesHealth,
      consent: state.consent
        ? { givenBy: state.consent.givenBy, scopes: state.consent.scopes, at: household.consentGivenAt }
        : null,
      lastVerifiedAt: household.lastVerifiedAt,
      nextVerificationDue: household.nextVerificationDue,
      categories: state.categories,
      // A medical need's note is a health detail.
      needs: state.needs.map((n) => (n.need === "medical" && !seesHealth ? { ...n, note: null } : n)),
      members,
      verifications,
      // History carries health notes too, so only staff of the compound read it.
      history: staffView ? await listHistory(db(), householdId) : [],
      can: {
        edit: can(actor, "household.write", facts),
        verify: can(actor, "household.verify", facts),
        correct: can(actor, "household.requestCorrection", facts),
      },
    },
  } as const;
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

export type EditOutcome = { ok: true } | { ok: false; status: 403 | 404 } | { ok: false; addressTaken: true };

export async function updateHousehold(
  actor: Actor,
  householdId: number,
  input: HouseholdEdit,
  meta: RequestMeta,
): Promise<EditOutcome> {
  const edit = withoutUnconsentedHealth(input);
  return getDatabase().write(async (tx) => {
    const facts = await householdFacts(tx, householdId);
    if (!facts) return { ok: false, status: 404 };
    if (!can(actor, "household.write", facts)) return { ok: false, status: 403 };
    const loaded = await loadState(tx, householdId);
    if (!loaded) return { ok: false, status: 404 };
    const { household, state } = loaded;
    const clash = await tx.query.households.findFirst({
      where: and(
        eq(schema.households.compoundId, household.compoundId),
        eq(schema.households.building, edit.building),
        eq(schema.households.unit, edit.unit),
        eq(schema.households.room, edit.room),
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
      categories: edit.categories,
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
    await replaceCategoriesAndNeeds(tx, householdId, edit.categories, edit.needs);
    await recordHistory(tx, householdId, actor.id, "form", changes);
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

export async function replaceCategoriesAndNeeds(
  tx: Tx,
  householdId: number,
  categories: readonly Category[],
  needs: readonly { need: Need; note: string | null }[],
): Promise<void> {
  await tx.delete(schema.householdCategories).where(eq(schema.householdCategories.householdId, householdId));
  await tx.delete(schema.householdNeeds).where(eq(schema.householdNeeds.householdId, householdId));
  if (categories.length)
    await tx
      .insert(schema.householdCategories)
      .values([...new Set(categories)].map((category) => ({ householdId, category })));
  if (needs.length) await tx.insert(schema.householdNeeds).values(needs.map((n) => ({ householdId, ...n })));
}

/** Recomputes 零就业家庭 from the members, after they change. */
export async function refreshZeroEmployment(tx: Tx, householdId: number, year: number): Promise<void> {
  const members = await tx
    .select({
      birthYear: schema.householdMembers.birthYear,
      employed: schema.householdMembers.employed,
      inSchool: schema.householdMembers.inSchool,
    })
    .from(schema.householdMembers)
    .where(eq(schema.householdMembers.householdId, householdId));
  await tx
    .update(schema.households)
    .set({ zeroEmployment: isZeroEmployment(members, year) })
    .where(eq(schema.households.id, householdId));
}

export async function listCompounds() {
  return db()
    .select({ id: schema.compounds.id, code: schema.compounds.code, name: schema.compounds.name })
    .from(schema.compounds)
    .orderBy(asc(schema.compounds.code));
}
