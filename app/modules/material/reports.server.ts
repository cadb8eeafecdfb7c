// Reports of material help: what cards and grants spent by compound, hardship level, priority group and month,
// households with credit left unspent, the goods most taken, and the public transparency totals (no names).
// "Spent" is what households received: card sales (charged to cards), goods given free with cards, and grants.
import { and, desc, eq, gte, inArray, lt, sql } from "drizzle-orm";
import { getDatabase, schema } from "#db/client.server";
import type { Actor } from "#app/modules/auth/policy";
import { monthBounds } from "./clock.server";
import { readHouseholds } from "./households.server";
import { formatCardNumber } from "./card-number";

export interface Bar {
  key: string;
  label: string;
  fen: number;
}

const m = schema.materialMovements;
const spentKinds = ["card_sale", "grant"] as const;

/** Net of refunds: a reversal of a sale or grant counts against the month it was made in. */
const netFen = sql<number>`coalesce(sum(CASE WHEN ${m.kind} = 'reversal' THEN -${m.totalFen} ELSE ${m.totalFen} END), 0)`;
const spentWhere = (from: string, to: string) =>
  and(
    gte(m.day, from),
    lt(m.day, to),
    sql`(${m.kind} IN ('card_sale', 'grant') OR (${m.kind} = 'reversal' AND ${m.householdId} IS NOT NULL))`,
  );

export async function spendingByCompound(month: string): Promise<Bar[]> {
  const { from, to } = monthBounds(month);
  const rows = await getDatabase()
    .db.select({ id: schema.compounds.id, label: schema.compounds.name, fen: netFen })
    .from(m)
    .innerJoin(schema.compounds, eq(schema.compounds.id, m.compoundId))
    .where(spentWhere(from, to))
    .groupBy(schema.compounds.id)
    .orderBy(schema.compounds.id);
  return rows.map((r) => ({ key: String(r.id), label: r.label, fen: Number(r.fen) }));
}

/** By the household's hardship level and priority groups today (the registry keeps no history of them here). */
export async function spendingByLevel(month: string): Promise<{ key: string; fen: number }[]> {
  const { from, to } = monthBounds(month);
  const rows = await getDatabase().db.all<{ level: string; fen: number }>(sql`
    SELECT h.hardship_level AS level, ${netFen} AS fen
    FROM material_movements JOIN households h ON h.id = material_movements.household_id
    WHERE ${spentWhere(from, to)} GROUP BY h.hardship_level`);
  return rows.map((r) => ({ key: r.level, fen: Number(r.fen) }));
}

export async function spendingByPriorityGroup(month: string): Promise<{ key: string; fen: number }[]> {
  const { from, to } = monthBounds(month);
  const rows = await getDatabase().db.all<{ grp: string; fen: number }>(sql`
    SELECT g.grp AS grp, ${netFen} AS fen FROM material_movements
    JOIN (
      SELECT household_id, category AS grp FROM household_categories
        WHERE category IN ('elderly_alone', 'serious_illness', 'disabled')
      UNION ALL SELECT id, 'zero_employment' FROM households WHERE zero_employment = 1
    ) g ON g.household_id = material_movements.household_id
    WHERE ${spentWhere(from, to)} GROUP BY g.grp`);
  return rows.map((r) => ({ key: r.grp, fen: Number(r.fen) }));
}

/** The last twelve months up to `month`, oldest first. */
export async function spendingByMonth(month: string): Promise<{ key: string; fen: number }[]> {
  const [y = 0, mo = 1] = month.split("-").map(Number);
  const months: string[] = [];
  for (let i = 11; i >= 0; i--) {
    const d = new Date(Date.UTC(y, mo - 1 - i, 1));
    months.push(`${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, "0")}`);
  }
  const { from } = monthBounds(months[0] ?? month);
  const { to } = monthBounds(month);
  const rows = await getDatabase()
    .db.select({ month: sql<string>`substr(${m.day}, 1, 7)`, fen: netFen })
    .from(m)
    .where(spentWhere(from, to))
    .groupBy(sql`substr(${m.day}, 1, 7)`);
  const byMonth = new Map(rows.map((r) => [r.month, Number(r.fen)]));
  return months.map((key) => ({ key, fen: byMonth.get(key) ?? 0 }));
}

/** Goods taken (card and public sales, net of refunds), most first. */
export async function goodsMostTaken(month: string, limit = 10) {
  const { from, to } = monthBounds(month);
  const rows = await getDatabase()
    .db.select({
      itemId: schema.materialStockMoves.itemId,
      name: schema.materialItems.name,
      unit: schema.materialItems.unit,
      quantity: sql<number>`-sum(${schema.materialStockMoves.quantity})`,
    })
    .from(schema.materialStockMoves)
    .innerJoin(m, eq(m.id, schema.materialStockMoves.movementId))
    .innerJoin(schema.materialItems, eq(schema.materialItems.id, schema.materialStockMoves.itemId))
    .where(
      and(
        gte(m.day, from),
        lt(m.day, to),
        sql`(${m.kind} IN ('card_sale', 'public_sale') OR (${m.kind} = 'reversal' AND ${m.method} IN ('card', 'cash')))`,
      ),
    )
    .groupBy(schema.materialStockMoves.itemId)
    .orderBy(desc(sql`-sum(${schema.materialStockMoves.quantity})`))
    .limit(limit);
  return rows.filter((r) => Number(r.quantity) > 0).map((r) => ({ ...r, quantity: Number(r.quantity) }));
}

/** Active cards holding at least `minFen`, most first: households that may need a word about their card. */
export async function unspentCredit(actor: Actor, minFen: number, limit = 50) {
  const rows = await getDatabase()
    .db.select({
      cardId: schema.materialCards.id,
      number: schema.materialCards.number,
      householdId: schema.materialCards.householdId,
      holdingFen: sql<number>`-${schema.materialAccounts.balanceFen}`,
    })
    .from(schema.materialAccounts)
    .innerJoin(schema.materialCards, eq(schema.materialCards.id, schema.materialAccounts.cardId))
    .where(
      and(
        eq(schema.materialCards.status, "active"),
        sql`-${schema.materialAccounts.balanceFen} >= ${minFen}`,
      ),
    )
    .orderBy(schema.materialAccounts.balanceFen)
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
