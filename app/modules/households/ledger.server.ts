// The hardship and extreme-hardship ledgers (台帐): views of the registry at one level, counted by compound
// and category, listed in full for print, and exported (CSV or XLSX, through the export kit).
import { and, asc, count, eq, inArray, sql, type SQL } from "drizzle-orm";
import { db, getDatabase, schema } from "#db/client.server";
import { audit } from "#app/modules/audit/audit.server";
import type { Actor } from "#app/modules/auth/policy";
import { householdCondition, reachOf } from "#app/modules/auth/scope.server";
import { getT, type Locale } from "#app/modules/i18n/i18n";
import type { ExportTable } from "#app/modules/lists/export.server";
import { day } from "./format";
import { categoryCodes, isHealthCategory, type Category, type HardshipLevel, type Need } from "./codes";
import { healthAccess, logListed, type HealthWithheld } from "./reader.server";
import type { RequestMeta } from "./registry.server";
import { formatList } from "#app/modules/i18n/list";

export type LedgerLevel = Exclude<HardshipLevel, "none">;

/** The `$level` of a ledger route: `hardship` or `extreme`; anything else is a 404. */
export function ledgerLevelParam(params: { level?: string }): LedgerLevel {
  if (params.level === "hardship" || params.level === "extreme") return params.level;
  throw new Response("Not found", { status: 404 });
}

/**
 * Counts by compound and category. Counts name no household, so a health category is counted whatever the
 * consent; the listed ledger (print, export) withholds it household by household.
 */
export async function ledgerCounts(actor: Actor, level: LedgerLevel) {
  const h = schema.households;
  const where = and(
    eq(h.hardshipLevel, level),
    eq(h.status, "active"),
    householdCondition(await reachOf(actor)),
  );
  const byCompound = await db()
    .select({ compoundId: h.compoundId, compoundName: schema.compounds.name, households: count() })
    .from(h)
    .innerJoin(schema.compounds, eq(schema.compounds.id, h.compoundId))
    .where(where)
    .groupBy(h.compoundId)
    .orderBy(asc(schema.compounds.code));
  const cells = await db()
    .select({ compoundId: h.compoundId, category: schema.householdCategories.category, households: count() })
    .from(h)
    .innerJoin(schema.householdCategories, eq(schema.householdCategories.householdId, h.id))
    .where(where)
    .groupBy(h.compoundId, schema.householdCategories.category);
  const byCategory = new Map<Category, number>();
  const matrix = new Map<number, Partial<Record<Category, number>>>();
  for (const c of cells) {
    byCategory.set(c.category, (byCategory.get(c.category) ?? 0) + c.households);
    matrix.set(c.compoundId, { ...matrix.get(c.compoundId), [c.category]: c.households });
  }
  return {
    total: byCompound.reduce((sum, r) => sum + r.households, 0),
    categories: categoryCodes.filter((c) => byCategory.has(c)),
    byCategory: Object.fromEntries(byCategory) as Partial<Record<Category, number>>,
    rows: byCompound.map((r) => ({ ...r, byCategory: matrix.get(r.compoundId) ?? {} })),
  };
}

/**
 * Every household of the ledger, one row each, in address order: for print and for export. The ledger is a
 * staff page, so health categories follow the household's consent alone (staff of the compound may read them
 * with it); each row says when some are withheld. Every household listed is logged as `via`.
 */
export async function ledgerHouseholds(
  actor: Actor,
  level: LedgerLevel,
  ctx: { via: string; ip: string | null },
) {
  const h = schema.households;
  return listedHouseholds(
    actor,
    and(eq(h.hardshipLevel, level), householdCondition(await reachOf(actor))),
    ctx,
  );
}

/**
 * The households `where` picks, one row each in address order, with categories (health ones as consent allows)
 * and needs; each logged as listed. `where` must already hold the person's scope.
 */
export async function listedHouseholds(
  actor: Actor,
  where: SQL | undefined,
  ctx: { via: string; ip: string | null },
  /** By address (the ledger's and the list's default), or by the verification due first (the list's `sort=due`). */
  order: "address" | "due" = "address",
) {
  const h = schema.households;
  const m = schema.householdMembers;
  const rows = await db()
    .select({
      id: h.id,
      compoundName: schema.compounds.name,
      building: h.building,
      unit: h.unit,
      room: h.room,
      hardshipLevel: h.hardshipLevel,
      compoundId: h.compoundId,
      consentScopes: h.consentScopes,
      lastVerifiedAt: h.lastVerifiedAt,
      nextVerificationDue: h.nextVerificationDue,
      headName: sql<
        string | null
      >`(select ${m.name} from ${m} where ${m.householdId} = ${h.id} and ${m.relation} = 'head' and ${m.removedAt} is null limit 1)`,
      headPhone: sql<
        string | null
      >`(select ${m.phone} from ${m} where ${m.householdId} = ${h.id} and ${m.relation} = 'head' and ${m.removedAt} is null limit 1)`,
      memberCount: sql<number>`(select count(*) from ${m} where ${m.householdId} = ${h.id} and ${m.removedAt} is null)`,
    })
    .from(h)
    .innerJoin(schema.compounds, eq(schema.compounds.id, h.compoundId))
    .where(where)
    .orderBy(
      ...(order === "due"
        ? [asc(h.nextVerificationDue), asc(h.id)]
        : [
            asc(schema.compounds.code),
            sql`cast(${h.building} as integer)`,
            asc(h.unit),
            asc(h.room),
            asc(h.id),
          ]),
    );
  const ids = rows.map((r) => r.id);
  const categories = new Map<number, Category[]>();
  const needs = new Map<number, Need[]>();
  // Chunked: SQLite binds a bounded number of parameters per statement.
  for (let i = 0; i < ids.length; i += 5000) {
    const chunk = ids.slice(i, i + 5000);
    for (const c of await db()
      .select({ id: schema.householdCategories.householdId, category: schema.householdCategories.category })
      .from(schema.householdCategories)
      .where(inArray(schema.householdCategories.householdId, chunk)))
      categories.set(c.id, [...(categories.get(c.id) ?? []), c.category]);
    for (const n of await db()
      .select({ id: schema.householdNeeds.householdId, need: schema.householdNeeds.need })
      .from(schema.householdNeeds)
      .where(inArray(schema.householdNeeds.householdId, chunk)))
      needs.set(n.id, [...(needs.get(n.id) ?? []), n.need]);
  }
  logListed(
    actor,
    rows.map((r) => r.id),
    ctx,
  );
  return rows.map(({ consentScopes, compoundId, ...r }) => {
    const health = healthAccess(
      actor,
      { compoundId, memberUserIds: [], helperIds: [], helperChain: [] },
      consentScopes,
    );
    const all = categories.get(r.id) ?? [];
    // Said whether or not the household has such facts: saying it only when it has would tell.
    const healthWithheld: HealthWithheld | null = health.withheld;
    const shown = health.sees ? all : all.filter((c) => !isHealthCategory(c));
    return { ...r, categories: shown, healthWithheld, needs: needs.get(r.id) ?? [] };
  });
}

/** The full ledger for print: a read of many records at once, so it is audited like an export. */
export async function ledgerPrint(actor: Actor, level: LedgerLevel, meta: RequestMeta) {
  const rows = await ledgerHouseholds(actor, level, { via: "ledger.print", ip: meta.ip });
  await getDatabase().write((tx) =>
    audit(tx, {
      actorId: actor.id,
      action: "household.ledgerPrinted",
      targetType: "ledger",
      targetId: level,
      ip: meta.ip,
      details: { rows: rows.length },
    }),
  );
  return rows;
}

const dateOnly = (d: Date | null) => (d ? day(d) : "");

type LedgerRow = Awaited<ReturnType<typeof ledgerHouseholds>>[number];

/** The ledger as a file (CSV or XLSX through the export kit), headed in the reader's language; audited. */
export async function ledgerExport(
  actor: Actor,
  level: LedgerLevel,
  locale: Locale,
  meta: RequestMeta,
): Promise<ExportTable<LedgerRow>> {
  const t = getT(locale);
  const rows = await ledgerHouseholds(actor, level, { via: "ledger.export", ip: meta.ip });
  await getDatabase().write((tx) =>
    audit(tx, {
      actorId: actor.id,
      action: "household.ledgerExported",
      targetType: "ledger",
      targetId: level,
      ip: meta.ip,
      details: { rows: rows.length },
    }),
  );
  const column = (key: string, cell: (r: LedgerRow) => string | number) => ({
    header: t(`households:ledger.csv.${key as "compound"}`),
    cell,
  });
  return {
    name: `ledger-${level}`,
    title: t(`households:ledger.${level}Title`),
    rows,
    columns: [
      column("compound", (r) => r.compoundName),
      column("building", (r) => r.building),
      column("unit", (r) => r.unit),
      column("room", (r) => r.room),
      column("head", (r) => r.headName ?? ""),
      column("phone", (r) => r.headPhone ?? ""),
      column("members", (r) => r.memberCount),
      column("level", () => t(`households:hardshipLevel.${level}`)),
      column("categories", (r) =>
        formatList(locale, [
          ...r.categories.map((c) => t(`households:category.${c}`)),
          ...(r.healthWithheld ? [t(`privacy:withheldShort.${r.healthWithheld}`)] : []),
        ]),
      ),
      column("needs", (r) =>
        formatList(
          locale,
          r.needs.map((n) => t(`households:need.${n}`)),
        ),
      ),
      column("lastVerified", (r) => dateOnly(r.lastVerifiedAt)),
      column("nextDue", (r) => dateOnly(r.nextVerificationDue)),
    ],
  };
}
