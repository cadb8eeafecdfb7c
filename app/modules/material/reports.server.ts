// Reports of material help: what households received by compound, hardship level, priority group and month,
// households with credit left unspent, the goods most taken, and the public transparency totals (no names).
// "Received" (spent by the fund on households) is what reached them: card charges at the till, goods given free
// with the card, and grants paid in cash or by transfer. Money put on a card (the monthly credit, a grant paid
// to the card) is counted when the household spends it, so that nothing is counted twice. A reversal counts
// against the month it was made in.
import { and, desc, eq, gte, inArray, lt, sql, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/sqlite-core";
import { getDatabase, schema } from "#db/client.server";
import type { Actor, DutyFacts } from "#app/modules/auth/policy";
import { hardshipLevels, priorityGroups } from "#app/modules/households/codes";
import { monthBounds } from "./clock.server";
import { readHouseholds } from "./households.server";
import { formatCardNumber } from "./card-number";
import { shiftMonth } from "./month";
import { fenToYuanText } from "./money";
import { getMaterialSettings } from "./settings.server";
import type { getT } from "#app/modules/i18n/i18n";
import { sheetOf, type ExportColumn, type Sheet } from "#app/modules/lists/export.server";

export interface Bar {
  key: string;
  label: string;
  fen: number;
}

const m = schema.materialMovements;
const spentKinds = ["card_sale", "grant"] as const;

/**
 * One row per movement of [from, to) with the part households received (`fen`, negative for a reversal), its
 * day, compound and household. Reversals are judged by the kind of the movement they reverse.
 */
function receivedRows(from: string, to: string): SQL {
  // By kind first (the kind-and-day index), so that a month's thousands of card credits are never read.
  return sql`
    SELECT m.id AS id, m.day AS day, m.compound_id AS compound_id, m.household_id AS household_id,
      sum(e.amount_fen) AS fen
    FROM material_movements m
    LEFT JOIN material_movements o ON o.id = m.reverses_id
    JOIN material_entries e ON e.movement_id = m.id
    JOIN material_accounts a ON a.id = e.account_id
    WHERE m.kind IN ('card_sale', 'grant', 'reversal') AND m.day >= ${from} AND m.day < ${to}
      AND coalesce(o.kind, m.kind) IN ('card_sale', 'grant')
      AND (a.kind = 'goods_given'
        OR (a.kind = 'card' AND coalesce(o.kind, m.kind) = 'card_sale')
        OR (a.kind = 'relief_grants' AND coalesce(m.method, '') <> 'card'))
    GROUP BY m.id`;
}

/** Every compound, in order, with what its households received in `month` (zero included). */
export async function spendingByCompound(month: string): Promise<Bar[]> {
  const { from, to } = monthBounds(month);
  const rows = await getDatabase().db.all<{ id: number; label: string; fen: number | null }>(sql`
    SELECT c.id AS id, c.name AS label, coalesce(sum(r.fen), 0) AS fen
    FROM compounds c LEFT JOIN (${receivedRows(from, to)}) r ON r.compound_id = c.id
    GROUP BY c.id ORDER BY c.id`);
  return rows.map((r) => ({ key: String(r.id), label: r.label, fen: Number(r.fen ?? 0) }));
}

/** By the household's hardship level today (the registry keeps no history of it here); every level listed. */
export async function spendingByLevel(month: string): Promise<{ key: string; fen: number }[]> {
  const { from, to } = monthBounds(month);
  const rows = await getDatabase().db.all<{ level: string; fen: number }>(sql`
    SELECT h.hardship_level AS level, sum(r.fen) AS fen
    FROM (${receivedRows(from, to)}) r JOIN households h ON h.id = r.household_id
    GROUP BY h.hardship_level`);
  const byLevel = new Map(rows.map((r) => [r.level, Number(r.fen)]));
  return hardshipLevels.map((key) => ({ key, fen: byLevel.get(key) ?? 0 }));
}

/** By priority group today; a household in several groups counts in each. Every group listed. */
export async function spendingByPriorityGroup(month: string): Promise<{ key: string; fen: number }[]> {
  const { from, to } = monthBounds(month);
  const rows = await getDatabase().db.all<{ grp: string; fen: number }>(sql`
    SELECT g.grp AS grp, sum(r.fen) AS fen FROM (${receivedRows(from, to)}) r
    JOIN (
      SELECT household_id, category AS grp FROM household_categories
        WHERE category IN ('elderly_alone', 'serious_illness', 'disabled')
      UNION ALL SELECT id, 'zero_employment' FROM households WHERE zero_employment = 1
    ) g ON g.household_id = r.household_id
    GROUP BY g.grp`);
  const byGroup = new Map(rows.map((r) => [r.grp, Number(r.fen)]));
  return priorityGroups.map((key) => ({ key, fen: byGroup.get(key) ?? 0 }));
}

/** The twelve months up to and including `month`, oldest first. */
export async function spendingByMonth(month: string): Promise<{ key: string; fen: number }[]> {
  const months = Array.from({ length: 12 }, (_, i) => shiftMonth(month, i - 11));
  const { from } = monthBounds(months[0] ?? month);
  const { to } = monthBounds(month);
  const rows = await getDatabase().db.all<{ month: string; fen: number }>(sql`
    SELECT substr(r.day, 1, 7) AS month, sum(r.fen) AS fen FROM (${receivedRows(from, to)}) r
    GROUP BY substr(r.day, 1, 7)`);
  const byMonth = new Map(rows.map((r) => [r.month, Number(r.fen)]));
  return months.map((key) => ({ key, fen: byMonth.get(key) ?? 0 }));
}

/** Goods taken (card and public sales, net of refunds), most first. */
export async function goodsMostTaken(month: string, limit = 10) {
  const { from, to } = monthBounds(month);
  const o = alias(m, "o");
  const taken = sql<number>`-sum(${schema.materialStockMoves.quantity})`;
  const rows = await getDatabase()
    .db.select({
      itemId: schema.materialStockMoves.itemId,
      name: schema.materialItems.name,
      unit: schema.materialItems.unit,
      quantity: taken,
      valueFen: sql<number>`-sum(${schema.materialStockMoves.quantity} * ${schema.materialStockMoves.unitFen})`,
    })
    .from(schema.materialStockMoves)
    .innerJoin(m, eq(m.id, schema.materialStockMoves.movementId))
    .leftJoin(o, eq(o.id, m.reversesId))
    .innerJoin(schema.materialItems, eq(schema.materialItems.id, schema.materialStockMoves.itemId))
    .where(
      and(
        gte(m.day, from),
        lt(m.day, to),
        sql`coalesce(${o.kind}, ${m.kind}) IN ('card_sale', 'public_sale')`,
      ),
    )
    .groupBy(schema.materialStockMoves.itemId)
    .orderBy(desc(taken), schema.materialStockMoves.itemId)
    .limit(limit);
  return rows
    .map((r) => ({ ...r, quantity: Number(r.quantity), valueFen: Number(r.valueFen) }))
    .filter((r) => r.quantity > 0);
}

/**
 * The compounds whose cards the actor may read (the policy's `card.read` for staff and treasurers, as a set):
 * "all", or a list (empty for an approver, who reads the fund's sums but no household's card).
 */
export function cardCompoundsOf(actor: Actor & DutyFacts): "all" | number[] {
  if (actor.role === "admin" || (actor.role === "organizer" && actor.compoundId === null)) return "all";
  if (actor.duties.some((d) => d.duty === "treasurer" && d.compoundId === null)) return "all";
  const ids = new Set<number>();
  if (actor.role === "organizer" && actor.compoundId !== null) ids.add(actor.compoundId);
  for (const d of actor.duties) if (d.duty === "treasurer" && d.compoundId !== null) ids.add(d.compoundId);
  return [...ids];
}

export interface UnspentCard {
  cardId: number;
  numberText: string;
  holdingFen: number;
  household: string;
  hardshipLevel: string | null;
}

/**
 * Active cards holding at least `minFen`, most first, within the compounds whose cards the actor may read:
 * households that may need a word about their card. Each household shown is logged as read.
 */
export async function unspentCredit(
  actor: Actor & DutyFacts,
  minFen: number,
  limit = 50,
): Promise<UnspentCard[]> {
  const compounds = cardCompoundsOf(actor);
  if (compounds !== "all" && compounds.length === 0) return [];
  const rows = await getDatabase()
    .db.select({
      cardId: schema.materialCards.id,
      number: schema.materialCards.number,
      householdId: schema.materialCards.householdId,
      holdingFen: sql<number>`-${schema.materialAccounts.balanceFen}`,
    })
    .from(schema.materialAccounts)
    .innerJoin(schema.materialCards, eq(schema.materialCards.id, schema.materialAccounts.cardId))
    .innerJoin(schema.households, eq(schema.households.id, schema.materialCards.householdId))
    .where(
      and(
        eq(schema.materialCards.status, "active"),
        sql`-${schema.materialAccounts.balanceFen} >= ${Math.max(1, minFen)}`,
        compounds === "all" ? undefined : inArray(schema.households.compoundId, compounds),
      ),
    )
    .orderBy(schema.materialAccounts.balanceFen, schema.materialCards.id)
    .limit(limit);
  const households = await readHouseholds(
    rows.map((r) => r.householdId),
    { actorId: actor.id, purpose: "material.report.unspent" },
  );
  return rows.map((r) => {
    const h = households.get(r.householdId);
    return {
      cardId: r.cardId,
      numberText: formatCardNumber(r.number),
      holdingFen: Number(r.holdingFen),
      household: h ? `${h.compoundName} ${h.address}` : "",
      hardshipLevel: h?.hardshipLevel ?? null,
    };
  });
}

export type MonthlyReport = Awaited<ReturnType<typeof monthlyReport>>;

/**
 * Everything the reports page shows for `month`: the four spending views, the goods most taken and the cards
 * holding at least a month's hardship credit (within the actor's compounds, each household logged as read).
 */
export async function monthlyReport(actor: Actor & DutyFacts, month: string) {
  const settings = await getMaterialSettings();
  const minFen = Math.max(1, settings.creditHardshipFen);
  const [byCompound, byLevel, byGroup, byMonth, goods, unspent] = await Promise.all([
    spendingByCompound(month),
    spendingByLevel(month),
    spendingByPriorityGroup(month),
    spendingByMonth(month),
    goodsMostTaken(month),
    unspentCredit(actor, minFen),
  ]);
  return { month, minFen, byCompound, byLevel, byGroup, byMonth, goods, unspent };
}

/** The report's tables as sheets of one workbook, in the reader's language, amounts in yuan and in fen. */
export function reportSheets(r: MonthlyReport, t: ReturnType<typeof getT>): Sheet[] {
  const tr = (key: string, options?: Record<string, unknown>) => String(t(key as never, options as never));
  const amounts = <Row extends { fen: number }>(): ExportColumn<Row>[] => [
    { header: tr("material:reports.amountYuan"), cell: (row) => fenToYuanText(row.fen) },
    { header: tr("material:reports.amountFen"), cell: (row) => row.fen },
  ];
  const spending = (title: string, heading: string, rows: { label: string; fen: number }[]) =>
    sheetOf({
      name: "report",
      title,
      rows,
      columns: [{ header: heading, cell: (row) => row.label, width: 24 }, ...amounts()],
    });
  return [
    spending(
      tr("material:reports.byCompound"),
      tr("material:reports.compound"),
      r.byCompound.map((b) => ({ label: b.label, fen: b.fen })),
    ),
    spending(
      tr("material:reports.byLevel"),
      tr("material:reports.level"),
      r.byLevel.map((b) => ({ label: tr(`households:hardshipLevel.${b.key}`), fen: b.fen })),
    ),
    spending(
      tr("material:reports.byGroup"),
      tr("material:reports.group"),
      r.byGroup.map((b) => ({ label: tr(`households:priorityGroup.${b.key}`), fen: b.fen })),
    ),
    spending(
      tr("material:reports.byMonth"),
      tr("material:reports.monthColumn"),
      r.byMonth.map((b) => ({ label: b.key, fen: b.fen })),
    ),
    sheetOf({
      name: "unspent",
      title: tr("material:reports.unspent"),
      rows: r.unspent,
      columns: [
        { header: tr("material:reports.card"), cell: (c) => c.numberText, width: 18 },
        { header: tr("material:reports.household"), cell: (c) => c.household, width: 30 },
        {
          header: tr("material:reports.level"),
          cell: (c) => (c.hardshipLevel ? tr(`households:hardshipLevel.${c.hardshipLevel}`) : ""),
          width: 16,
        },
        { header: tr("material:reports.holdingYuan"), cell: (c) => fenToYuanText(c.holdingFen) },
        { header: tr("material:reports.amountFen"), cell: (c) => c.holdingFen },
      ],
    }),
    sheetOf({
      name: "goods",
      title: tr("material:reports.goods"),
      rows: r.goods,
      columns: [
        { header: tr("material:reports.item"), cell: (g) => g.name, width: 24 },
        { header: tr("material:reports.quantity"), cell: (g) => g.quantity },
        { header: tr("material:reports.unit"), cell: (g) => g.unit },
        { header: tr("material:reports.valueYuan"), cell: (g) => fenToYuanText(g.valueFen) },
      ],
    }),
  ];
}

export interface Transparency {
  year: number;
  donationsCashFen: number;
  donationsGoodsFen: number;
  donations: number;
  operatingIncomeFen: number;
  creditsFen: number;
  grantsFen: number;
  grants: number;
  householdsHelped: number;
  goodsGivenFen: number;
}

/** The year's totals for the public page: sums and counts only, never a name or an address. */
export async function transparencyTotals(year: number): Promise<Transparency> {
  const from = `${year}-01-01`;
  const to = `${year + 1}-01-01`;
  const sumOf = (kinds: string[]) =>
    getDatabase()
      .db.select({
        fen: sql<number>`coalesce(sum(${m.totalFen}), 0)`,
        n: sql<number>`count(*)`,
        households: sql<number>`count(DISTINCT ${m.householdId})`,
      })
      .from(m)
      .where(
        and(
          gte(m.day, from),
          lt(m.day, to),
          inArray(m.kind, kinds as (typeof m.kind.enumValues)[number][]),
          sql`NOT EXISTS (SELECT 1 FROM material_movements r WHERE r.reverses_id = ${m.id})`,
        ),
      );
  const [[cash], [goods], [income], [credits], [grants], [helped], [given]] = await Promise.all([
    sumOf(["donation_cash"]),
    sumOf(["donation_goods"]),
    sumOf(["operating_income", "public_sale"]),
    sumOf(["card_credit"]),
    sumOf(["grant"]),
    sumOf([...spentKinds, "card_credit"]),
    getDatabase()
      .db.select({ fen: sql<number>`coalesce(sum(${schema.materialEntries.amountFen}), 0)` })
      .from(schema.materialEntries)
      .innerJoin(m, eq(m.id, schema.materialEntries.movementId))
      .innerJoin(schema.materialAccounts, eq(schema.materialAccounts.id, schema.materialEntries.accountId))
      .where(and(gte(m.day, from), lt(m.day, to), eq(schema.materialAccounts.kind, "goods_given"))),
  ]);
  return {
    year,
    donationsCashFen: Number(cash?.fen ?? 0),
    donationsGoodsFen: Number(goods?.fen ?? 0),
    donations: Number(cash?.n ?? 0) + Number(goods?.n ?? 0),
    operatingIncomeFen: Number(income?.fen ?? 0),
    creditsFen: Number(credits?.fen ?? 0),
    grantsFen: Number(grants?.fen ?? 0),
    grants: Number(grants?.n ?? 0),
    householdsHelped: Number(helped?.households ?? 0),
    goodsGivenFen: Number(given?.fen ?? 0),
  };
}
