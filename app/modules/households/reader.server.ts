// The one way to read household data for a person. Every read — one record, one household on a page with a
// rule of its own, a list, an export, a card batch, a feed — goes through here, and here:
// - the scope applies: a list keeps only the households in the person's reach (auth/scope.server.ts); one
//   household is opened only when the policy (or the page's own rule, through `allow`) lets them;
// - health and disability facts are withheld where the household's consent or the reader's role does not cover
//   them, and the view says which (`healthWithheld`);
// - every household shown leaves an audit entry, targetType "household", targetId its id, details { via }:
//   `household.viewed` (a record opened), `household.listed` (shown in a list, export, card batch or feed),
//   `household.viewRefused` (refused). Entries go through the read log (audit/read-log.server.ts), batched.
import {
  and,
  asc,
  eq,
  gte,
  inArray,
  isNull,
  lt,
  notInArray,
  sql,
  type SQL,
  type SQLWrapper,
} from "drizzle-orm";
import { db, schema, type Queryable } from "#db/client.server";
import { logReads } from "#app/modules/audit/read-log.server";
import { can, isStaff, type Actor, type HouseholdFacts } from "#app/modules/auth/policy";
import { householdCondition, householdsInReach, reachOf } from "#app/modules/auth/scope.server";
import type { HouseholdBrief } from "./brief";
import { fullAddress } from "./brief";
import { isHealthCategory, type ConsentScope, type HardshipLevel, type Need } from "./codes";
import { householdFacts } from "./facts.server";
import { memberWithoutHealth } from "./history-format";
import { listHistory } from "./history.server";
import { loadState } from "./state.server";

export type { HouseholdBrief } from "./brief";

/** Why a read happens: the page or purpose, kept in the audit entry as `via`. */
export interface ReadContext {
  via: string;
  ip?: string | null;
}

export type Opened<T> = { ok: true; value: T } | { ok: false; status: 403 | 404 };

/** Why health facts are not shown: the household did not consent, or the reader's role does not need them. */
export type HealthWithheld = "noConsent" | "notNeeded";

/** Whether `actor` sees a household's health and disability facts, and if not, why not. */
export function healthAccess(
  actor: Actor,
  facts: HouseholdFacts,
  consentScopes: readonly ConsentScope[] | null,
): { sees: boolean; withheld: HealthWithheld | null } {
  const healthConsent = consentScopes?.includes("health") ?? false;
  if (can(actor, "household.readHealth", { ...facts, healthConsent })) return { sees: true, withheld: null };
  return { sees: false, withheld: healthConsent ? "notNeeded" : "noConsent" };
}

/**
 * The households whose health facts `actor` may read, as a condition over the households table, so that a
 * filter on a health category cannot tell what a record would withhold. Staff rely on the list's scope for
 * the compound; a volunteer reads them only as a household's primary helper.
 */
export function healthVisibleCondition(actor: Actor): SQL {
  const h = schema.households;
  const consented = sql`exists (select 1 from json_each(${h.consentScopes}) where value = 'health')`;
  if (isStaff(actor)) return consented;
  if (actor.role === "volunteer")
    return sql`(${consented} and ${h.id} in (select household_id from ${schema.pairings} where status = 'active' and role = 'primary' and volunteer_id = ${actor.id}))`;
  return sql`${h.id} in (select household_id from ${schema.householdMembers} where user_id = ${actor.id})`;
}

function log(actor: Pick<Actor, "id">, action: string, ids: readonly number[], ctx: ReadContext): void {
  logReads(
    ids.map((id) => ({
      actorId: actor.id,
      action,
      targetType: "household",
      targetId: id,
      ip: ctx.ip ?? null,
      details: { via: ctx.via },
    })),
  );
}

/** Leaves the `household.listed` entries of a list the households module built with the scope itself. */
export function logListed(actor: Actor, ids: readonly number[], ctx: ReadContext): void {
  log(actor, "household.listed", ids, ctx);
}

const m = schema.householdMembers;
const headName = sql<
  string | null
>`(SELECT ${m.name} FROM ${m} WHERE ${m.householdId} = ${schema.households.id} AND ${m.relation} = 'head' AND ${m.removedAt} IS NULL LIMIT 1)`;
const headPhone = sql<
  string | null
>`(SELECT ${m.phone} FROM ${m} WHERE ${m.householdId} = ${schema.households.id} AND ${m.relation} = 'head' AND ${m.removedAt} IS NULL LIMIT 1)`;

async function briefsOf(ids: readonly number[], q: Queryable = db()): Promise<HouseholdBrief[]> {
  if (ids.length === 0) return [];
  const rows = await q
    .select({
      id: schema.households.id,
      compoundId: schema.households.compoundId,
      compoundName: schema.compounds.name,
      building: schema.households.building,
      unit: schema.households.unit,
      room: schema.households.room,
      hardshipLevel: schema.households.hardshipLevel,
      headName,
      headPhone,
    })
    .from(schema.households)
    .innerJoin(schema.compounds, eq(schema.compounds.id, schema.households.compoundId))
    .where(inArray(schema.households.id, [...new Set(ids)]));
  const byId = new Map(rows.map((r) => [r.id, r]));
  return [...new Set(ids)].flatMap((id) => {
    const row = byId.get(id);
    return row ? [row] : [];
  });
}

/**
 * Households shown in a list, an export, a card batch or a feed: the briefs of those of `ids` that `actor`
 * may see (their reach), in the order given, each logged as listed.
 */
export async function listHouseholdBriefs(
  actor: Actor,
  ids: readonly number[],
  ctx: ReadContext,
): Promise<HouseholdBrief[]> {
  return recordHouseholdBriefs(actor.id, await householdsInReach(actor, ids), ctx);
}

/**
 * The households of records a list shows (visits, help requests, pairings, calendar events) whose query the
 * caller already limited by the record's own rule, or by the reader's reach: that rule reaches a little beyond
 * the household scope (a co-visitor, the person a request escalated to, a supervisor of an ended pairing), so
 * the households are shown as the records allow, and each is logged as listed for `readerId`.
 */
export async function recordHouseholdBriefs(
  readerId: number,
  ids: readonly number[],
  ctx: ReadContext,
): Promise<HouseholdBrief[]> {
  const briefs = await briefsOf(ids);
  log(
    { id: readerId },
    "household.listed",
    briefs.map((b) => b.id),
    ctx,
  );
  return briefs;
}

/**
 * Households in `actor`'s reach at some levels, optionally leaving out those of a subquery of ids (the roster's
 * "has a primary helper"): counted by compound and level, and one page of them, the highest level first.
 * Every household on the page is logged as listed.
 */
export async function householdsByLevel(
  actor: Actor,
  options: {
    levels: readonly Exclude<HardshipLevel, "none">[];
    without?: SQLWrapper;
    compoundId?: number;
    page: number;
    pageSize: number;
  },
  ctx: ReadContext,
) {
  const h = schema.households;
  const where = and(
    inArray(h.hardshipLevel, [...options.levels]),
    eq(h.status, "active"),
    options.without ? notInArray(h.id, options.without) : undefined,
    householdCondition(await reachOf(actor)),
  );
  const byCompound = await db()
    .select({
      compoundId: h.compoundId,
      compoundName: schema.compounds.name,
      extreme: sql<number>`sum(${h.hardshipLevel} = 'extreme')`,
      hardship: sql<number>`sum(${h.hardshipLevel} = 'hardship')`,
    })
    .from(h)
    .innerJoin(schema.compounds, eq(schema.compounds.id, h.compoundId))
    .where(where)
    .groupBy(h.compoundId)
    .orderBy(h.compoundId);
  const ids = await db()
    .select({ id: h.id })
    .from(h)
    .where(and(where, options.compoundId ? eq(h.compoundId, options.compoundId) : undefined))
    .orderBy(sql`${h.hardshipLevel} = 'extreme' DESC`, h.compoundId, h.id)
    .limit(options.pageSize)
    .offset((options.page - 1) * options.pageSize);
  const households = await recordHouseholdBriefs(
    actor.id,
    ids.map((r) => r.id),
    ctx,
  );
  return { byCompound, households };
}

/** The households of one compound at some levels, in address order, as `actor` may list them (card batches). */
export async function listCompoundHouseholds(
  actor: Actor,
  compoundId: number,
  levels: readonly HardshipLevel[],
  ctx: ReadContext,
): Promise<HouseholdBrief[]> {
  const h = schema.households;
  const rows = await db()
    .select({ id: h.id })
    .from(h)
    .where(
      and(
        eq(h.compoundId, compoundId),
        inArray(h.hardshipLevel, [...levels]),
        eq(h.status, "active"),
        householdCondition(await reachOf(actor)),
      ),
    )
    .orderBy(
      sql`cast(${h.building} AS integer)`,
      sql`cast(${h.unit} AS integer)`,
      sql`cast(${h.room} AS integer)`,
    );
  return recordHouseholdBriefs(
    actor.id,
    rows.map((r) => r.id),
    ctx,
  );
}

/**
 * Households whose members' names start with `term`, or with a member of that phone, among those `actor` may
 * see (the hotline's search), with the names that matched; logged as listed.
 */
export async function findHouseholds(
  actor: Actor,
  term: string,
  limit: number,
  ctx: ReadContext,
  /** A further condition on the household's id (the households a volunteer may serve, for pairing). */
  within?: (householdId: SQLWrapper) => SQL,
) {
  const query = term.trim();
  if (query.length === 0) return [];
  // Digits find a phone by its first digits, as the registry's search does; anything else a name's start.
  const byPhone = /^\+?[0-9]+$/.test(query);
  const rows = await db()
    .selectDistinct({ householdId: m.householdId, name: m.name, phone: m.phone })
    .from(m)
    .where(
      and(
        byPhone
          ? sql`(${m.phone} >= ${query} AND ${m.phone} < ${`${query}\u{10FFFF}`})`
          : sql`${m.name} LIKE ${`${query}%`}`,
        // Scoped in SQL, so that the limit counts only households the person may see.
        householdCondition(await reachOf(actor), { householdId: m.householdId }),
        // Members who left, and households that moved out, are not found (decision 022).
        isNull(m.removedAt),
        sql`${m.householdId} in (select id from households where status = 'active')`,
        within?.(m.householdId),
      ),
    )
    .limit(limit * 2);
  const ids = [...new Set(rows.map((r) => r.householdId))].slice(0, limit);
  const briefs = await recordHouseholdBriefs(actor.id, ids, ctx);
  return briefs.map((b) => ({
    ...b,
    address: fullAddress(b),
    matched: rows.filter((r) => r.householdId === b.id).map((r) => r.name),
    /** The phone the digits matched (the caller's number), when the search was by phone. */
    matchedPhone: byPhone ? (rows.find((r) => r.householdId === b.id)?.phone ?? null) : null,
  }));
}

/**
 * Current members of active households `actor` may see whose names start with `term` (or whose phone starts
 * with its digits): a picker's matches. Each household shown is logged as listed.
 */
export async function findMembers(actor: Actor, term: string, limit: number, ctx: ReadContext) {
  const query = term.trim();
  if (query.length === 0) return [];
  const column = /^\+?[0-9]+$/.test(query) ? m.phone : m.name;
  const rows = await db()
    .select({ memberId: m.id, householdId: m.householdId, name: m.name, birthYear: m.birthYear })
    .from(m)
    .innerJoin(schema.households, eq(schema.households.id, m.householdId))
    .where(
      and(
        gte(column, query),
        lt(column, `${query}\u{10FFFF}`),
        isNull(m.removedAt),
        eq(schema.households.status, "active"),
        householdCondition(await reachOf(actor), { householdId: m.householdId }),
      ),
    )
    .orderBy(m.name, m.id)
    .limit(limit);
  const briefs = await recordHouseholdBriefs(
    actor.id,
    rows.map((r) => r.householdId),
    ctx,
  );
  const addressOf = new Map(briefs.map((b) => [b.id, fullAddress(b)]));
  return rows.flatMap((r) => {
    const address = addressOf.get(r.householdId);
    return address === undefined ? [] : [{ ...r, address }];
  });
}

export interface OpenedBrief {
  brief: HouseholdBrief & { address: string };
  facts: HouseholdFacts;
  needs: Need[];
}

/**
 * One household on a page that acts on it (pairing it, taking a hotline call, printing its card): opened only
 * when `allow` (by default the policy's `household.read`) says so, logged as viewed or refused. A refusal is
 * logged too, an unknown id included, so that trying ids by URL shows in the log.
 */
export async function openHouseholdBrief(
  actor: Actor,
  householdId: number,
  ctx: ReadContext,
  allow: (facts: HouseholdFacts) => boolean = (facts) => can(actor, "household.read", facts),
): Promise<Opened<OpenedBrief>> {
  const facts = await householdFacts(householdId);
  const allowed = facts !== null && allow(facts);
  log(actor, allowed ? "household.viewed" : "household.viewRefused", [householdId], ctx);
  if (!facts) return { ok: false, status: 404 };
  if (!allowed) return { ok: false, status: 403 };
  const [[brief], needs] = await Promise.all([
    briefsOf([householdId]),
    db()
      .select({ need: schema.householdNeeds.need })
      .from(schema.householdNeeds)
      .where(eq(schema.householdNeeds.householdId, householdId)),
  ]);
  if (!brief) return { ok: false, status: 404 };
  return {
    ok: true,
    value: { brief: { ...brief, address: fullAddress(brief) }, facts, needs: needs.map((n) => n.need) },
  };
}

/**
 * Addresses for notices the system writes itself (invitations, reminders, escalations, digests): not a read by
 * a person, and so not logged; whoever a notice goes to may open what it links to (the policy's rules).
 */
export async function householdAddresses(
  ids: readonly number[],
  q: Queryable = db(),
): Promise<Map<number, string>> {
  return new Map((await briefsOf(ids, q)).map((b) => [b.id, fullAddress(b)]));
}

/** History lines that carry health facts, as a reader without access to them sees them. */
function withoutHealth<T extends { field: string; before: string | null; after: string | null }>(line: T) {
  const strip = (value: string | null) => {
    if (value === null) return null;
    if (line.field === "categories")
      return (
        value
          .split(",")
          .filter((c) => !isHealthCategory(c as never))
          .join(",") || null
      );
    if (line.field === "needs") return value.replace(/medical: [^;]*/g, "medical");
    if (line.field === "member") return memberWithoutHealth(value);
    return value;
  };
  if (line.field === "healthNote") return { ...line, before: null, after: null, withheld: true };
  return { ...line, before: strip(line.before), after: strip(line.after), withheld: false };
}

/**
 * One household's record for `actor`, or why not. Health and disability facts (health categories, members'
 * disability flags, the health note, a medical need's note) only where consent and role allow.
 */
export async function readHousehold(actor: Actor, householdId: number, ctx: ReadContext) {
  const facts = await householdFacts(householdId);
  const allowed = facts !== null && can(actor, "household.read", facts);
  log(actor, allowed ? "household.viewed" : "household.viewRefused", [householdId], ctx);
  if (!facts) return { ok: false, status: 404 } as const;
  if (!allowed) return { ok: false, status: 403 } as const;
  const loaded = await loadState(db(), householdId);
  if (!loaded) return { ok: false, status: 404 } as const;
  const { household, state } = loaded;
  const health = healthAccess(actor, facts, household.consentScopes);
  const [[compound], members, verifications] = await Promise.all([
    db()
      .select({ name: schema.compounds.name })
      .from(schema.compounds)
      .where(eq(schema.compounds.id, household.compoundId)),
    db()
      .select({
        id: m.id,
        name: m.name,
        relation: m.relation,
        birthYear: m.birthYear,
        phone: m.phone,
        employed: m.employed,
        disabled: m.disabled,
        inSchool: m.inSchool,
        hasAccount: sql<boolean>`${m.userId} is not null`.mapWith(Boolean),
      })
      .from(m)
      .where(and(eq(m.householdId, householdId), isNull(m.removedAt)))
      .orderBy(asc(m.id)),
    db()
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
      .orderBy(sql`${schema.householdVerifications.verifiedAt} desc`),
  ]);
  // History carries every field's past values, so only staff of the compound read it.
  const history = can(actor, "household.write", facts) ? await listHistory(db(), householdId) : [];
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
      // The note is the staff's own: residents and helpers read the record without it.
      note: can(actor, "household.write", facts) ? household.note : null,
      status: household.status,
      closedAt: household.closedAt,
      closedReason: household.closedReason,
      healthNote: health.sees ? household.healthNote : null,
      healthWithheld: health.withheld,
      consent: state.consent
        ? { givenBy: state.consent.givenBy, scopes: state.consent.scopes, at: household.consentGivenAt }
        : null,
      lastVerifiedAt: household.lastVerifiedAt,
      nextVerificationDue: household.nextVerificationDue,
      categories: health.sees ? state.categories : state.categories.filter((c) => !isHealthCategory(c)),
      needs: state.needs.map((n) => (n.need === "medical" && !health.sees ? { ...n, note: null } : n)),
      members: members.map((member) => ({ ...member, disabled: health.sees ? member.disabled : null })),
      verifications,
      history: health.sees
        ? history.map((line) => ({ ...line, withheld: false }))
        : history.map((line) => withoutHealth(line)),
      can: {
        edit: can(actor, "household.write", facts),
        verify: can(actor, "household.verify", facts),
        correct: can(actor, "household.requestCorrection", facts),
      },
    },
  } as const;
}

export type HouseholdRecord = Extract<Awaited<ReturnType<typeof readHousehold>>, { ok: true }>["value"];
