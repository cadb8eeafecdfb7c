// The love supermarket's till: a sale charged to a love card (never past what it holds, never twice for one
// idempotency key), a sale to the public for cash (operating income, 经营), a refund as the reversal of a sale,
// and a cashier's day (cash-up). Each sale is one write: the card's conditional UPDATE, the stock's, the lines.
import { and, desc, eq, inArray, sql } from "drizzle-orm";
import { getDatabase, schema } from "#db/client.server";
import { can, type Actor, type DutyFacts } from "#app/modules/auth/policy";
import { communityClock } from "./clock.server";
import { activeCardOf, cardByNumber, type CardRow } from "./cards.server";
import { householdPolicyFacts, readHouseholds } from "./households.server";
import {
  cardHoldings,
  InsufficientBalanceError,
  OutOfStockError,
  postMovement,
  reverseMovement,
  type EntryInput,
  type StockMoveInput,
} from "./ledger.server";

export interface SaleLineInput {
  itemId: number;
  quantity: number;
}

export interface SaleInput {
  /** Goods from the catalog. */
  lines: SaleLineInput[];
  /** An amount charged besides (goods not in the catalog), in fen. */
  amountFen: number;
  /** Made when the till's form was shown: the same key twice is the same sale. */
  idempotencyKey: string;
  ip: string | null;
  /** When the sale was made: now, unless the demo's seed dates its month of sales back. */
  at?: Date;
}

export type SaleOutcome =
  | {
      ok: true;
      movementId: number;
      documentNo: string;
      chargedFen: number;
      holdingFen: number | null;
      repeated: boolean;
    }
  | {
      ok: false;
      error:
        | "cardNotFound"
        | "cardBlocked"
        | "forbidden"
        | "insufficientBalance"
        | "outOfStock"
        | "empty"
        | "itemNotFound";
      itemId?: number;
    };

export interface TillCard {
  card: CardRow;
  maskedName: string;
  compoundId: number;
  holdingFen: number;
}

/** What the cashier sees of a card: the masked name and what it holds. Audited as a read of the household. */
export async function lookUpCard(
  actor: Actor & DutyFacts,
  number: string,
  ip: string | null,
): Promise<{ ok: true; value: TillCard } | { ok: false; error: "cardNotFound" | "forbidden" }> {
  const card = await cardByNumber(number);
  if (!card) return { ok: false, error: "cardNotFound" };
  // Judged before the household is read: a card of a compound the cashier does not sell for leaves no read.
  const facts = await householdPolicyFacts(card.householdId);
  if (!facts) return { ok: false, error: "cardNotFound" };
  if (!can(actor, "till.sell", { ...actor, compoundId: facts.compoundId }))
    return { ok: false, error: "forbidden" };
  const household = (
    await readHouseholds([card.householdId], { actorId: actor.id, purpose: "material.till", ip })
  ).get(card.householdId);
  if (!household) return { ok: false, error: "cardNotFound" };
  const holdingFen = (await cardHoldings([card.id])).get(card.id) ?? 0;
  return {
    ok: true,
    value: { card, maskedName: household.maskedName, compoundId: household.compoundId, holdingFen },
  };
}

interface PricedLine {
  itemId: number | null;
  description: string;
  quantity: number;
  unitFen: number;
  chargedFen: number;
}

async function priceLines(lines: readonly SaleLineInput[], onCard: boolean) {
  const wanted = lines.filter((l) => l.quantity > 0);
  if (wanted.length === 0) return { ok: true as const, lines: [] as PricedLine[] };
  const items = await getDatabase()
    .db.select()
    .from(schema.materialItems)
    .where(
      inArray(
        schema.materialItems.id,
        wanted.map((l) => l.itemId),
      ),
    );
  const byId = new Map(items.map((i) => [i.id, i]));
  const priced: PricedLine[] = [];
  for (const line of wanted) {
    const item = byId.get(line.itemId);
    if (!item || !item.active) return { ok: false as const, itemId: line.itemId };
    const free = onCard && item.freeWithCard;
    priced.push({
      itemId: item.id,
      description: `${item.name} (${item.unit})`,
      quantity: line.quantity,
      unitFen: item.priceFen,
      chargedFen: free ? 0 : item.priceFen * line.quantity,
    });
  }
  return { ok: true as const, lines: priced };
}

function saleKey(actorId: number, key: string): string {
  return `sale:${actorId}:${key}`;
}

/** The outcome of an earlier sale with the same key: a retried request shows the same receipt. */
async function repeatedSale(actorId: number, key: string): Promise<SaleOutcome | null> {
  const [earlier] = await getDatabase()
    .db.select({
      id: schema.materialMovements.id,
      documentNo: schema.materialMovements.documentNo,
      totalFen: schema.materialMovements.totalFen,
      cardId: schema.materialMovements.cardId,
    })
    .from(schema.materialMovements)
    .where(eq(schema.materialMovements.idempotencyKey, saleKey(actorId, key)));
  if (!earlier) return null;
  const holding =
    earlier.cardId === null ? null : ((await cardHoldings([earlier.cardId])).get(earlier.cardId) ?? 0);
  return {
    ok: true,
    movementId: earlier.id,
    documentNo: earlier.documentNo,
    chargedFen: earlier.totalFen,
    holdingFen: holding,
    repeated: true,
  };
}

/** Charges a love card for goods and an amount. Goods free with the card leave stock as goods given. */
export async function sellOnCard(
  actor: Actor & DutyFacts,
  cardNumber: string,
  input: SaleInput,
): Promise<SaleOutcome> {
  const repeated = await repeatedSale(actor.id, input.idempotencyKey);
  if (repeated) return repeated;
  const found = await lookUpCard(actor, cardNumber, input.ip);
  if (!found.ok) return found;
  const { card, compoundId } = found.value;
  if (card.status !== "active") return { ok: false, error: "cardBlocked" };
  const priced = await priceLines(input.lines, true);
  if (!priced.ok) return { ok: false, error: "itemNotFound", itemId: priced.itemId };
  const lines = [...priced.lines];
  if (input.amountFen > 0)
    lines.push({
      itemId: null,
      description: "",
      quantity: 1,
      unitFen: input.amountFen,
      chargedFen: input.amountFen,
    });
  if (lines.length === 0) return { ok: false, error: "empty" };
  const charged = lines.reduce((s, l) => s + l.chargedFen, 0);
  const given = lines.reduce((s, l) => s + (l.chargedFen === 0 ? l.unitFen * l.quantity : 0), 0);
  const entries: EntryInput[] = [];
  if (charged > 0) entries.push({ account: { cardId: card.id }, amountFen: charged });
  if (given > 0) entries.push({ account: "goods_given", amountFen: given });
  entries.push({ account: "stock", amountFen: -(charged + given) });
  return recordSale(actor, {
    kind: "card_sale",
    key: input.idempotencyKey,
    lines,
    entries,
    totalFen: charged,
    cardId: card.id,
    householdId: card.householdId,
    compoundId,
    ip: input.ip,
    at: input.at,
  });
}

/** A sale to the public for cash: the cash is operating income, the goods leave stock as goods sold. */
export async function sellToPublic(actor: Actor & DutyFacts, input: SaleInput): Promise<SaleOutcome> {
  if (!can(actor, "till.sell", { ...actor, compoundId: null })) return { ok: false, error: "forbidden" };
  const repeated = await repeatedSale(actor.id, input.idempotencyKey);
  if (repeated) return repeated;
  const priced = await priceLines(input.lines, false);
  if (!priced.ok) return { ok: false, error: "itemNotFound", itemId: priced.itemId };
  const lines = priced.lines;
  const total = lines.reduce((s, l) => s + l.chargedFen, 0);
  if (total === 0) return { ok: false, error: "empty" };
  return recordSale(actor, {
    kind: "public_sale",
    key: input.idempotencyKey,
    lines,
    entries: [
      { account: "cash", amountFen: total },
      { account: "operating_income", amountFen: -total },
      { account: "goods_sold", amountFen: total },
      { account: "stock", amountFen: -total },
    ],
    totalFen: total,
    cardId: null,
    householdId: null,
    compoundId: null,
    ip: input.ip,
    at: input.at,
  });
}

async function recordSale(
  actor: Actor,
  sale: {
    kind: "card_sale" | "public_sale";
    key: string;
    lines: PricedLine[];
    entries: EntryInput[];
    totalFen: number;
    cardId: number | null;
    householdId: number | null;
    compoundId: number | null;
    ip: string | null;
    at?: Date;
  },
): Promise<SaleOutcome> {
  const clock = await communityClock(sale.at);
  const stock: StockMoveInput[] = sale.lines.flatMap((l) =>
    l.itemId === null ? [] : [{ itemId: l.itemId, quantity: -l.quantity, unitFen: l.unitFen }],
  );
  try {
    const posted = await getDatabase().write(async (tx) => {
      const movement = await postMovement(tx, {
        kind: sale.kind,
        actorId: actor.id,
        at: clock.at,
        day: clock.day,
        series: "sale",
        idempotencyKey: saleKey(actor.id, sale.key),
        householdId: sale.householdId,
        compoundId: sale.compoundId,
        cardId: sale.cardId,
        method: sale.cardId === null ? "cash" : "card",
        totalFen: sale.totalFen,
        entries: sale.entries,
        stock,
        ip: sale.ip,
      });
      if (!movement) return null;
      await tx.insert(schema.materialSaleLines).values(
        sale.lines.map((l) => ({
          movementId: movement.id,
          itemId: l.itemId,
          description: l.description,
          quantity: l.quantity,
          unitFen: l.unitFen,
          chargedFen: l.chargedFen,
        })),
      );
      return movement;
    });
    // Two taps racing: the second found no earlier sale, then lost the insert to the first.
    if (!posted) return (await repeatedSale(actor.id, sale.key)) ?? { ok: false, error: "empty" };
    const holding = sale.cardId === null ? null : ((await cardHoldings([sale.cardId])).get(sale.cardId) ?? 0);
    return {
      ok: true,
      movementId: posted.id,
      documentNo: posted.documentNo,
      chargedFen: sale.totalFen,
      holdingFen: holding,
      repeated: false,
    };
  } catch (error) {
    if (error instanceof InsufficientBalanceError) return { ok: false, error: "insufficientBalance" };
    if (error instanceof OutOfStockError) return { ok: false, error: "outOfStock", itemId: error.itemId };
    throw error;
  }
}

export interface Receipt {
  id: number;
  documentNo: string;
  kind: string;
  at: Date;
  day: string;
  totalFen: number;
  cardNumber: string | null;
  /** What the card holds now. */
  holdingFen: number | null;
  maskedName: string | null;
  sellerId: number | null;
  sellerName: string | null;
  compoundId: number | null;
  reversedBy: { id: number; documentNo: string } | null;
  reverses: { id: number; documentNo: string } | null;
  lines: {
    description: string;
    itemName: string | null;
    quantity: number;
    unitFen: number;
    chargedFen: number;
  }[];
}

/**
 * A sale (or its refund) as its receipt shows it; null when `id` is no sale, "forbidden" when `actor` may not
 * read it (judged before the household is read, so a refusal leaves no read on the record).
 */
export async function receipt(
  id: number,
  actor: Actor & DutyFacts,
  ip: string | null,
): Promise<Receipt | "forbidden" | null> {
  const m = schema.materialMovements;
  const [row] = await getDatabase()
    .db.select({
      id: m.id,
      documentNo: m.documentNo,
      kind: m.kind,
      at: m.at,
      day: m.day,
      totalFen: m.totalFen,
      cardId: m.cardId,
      householdId: m.householdId,
      compoundId: m.compoundId,
      actorId: m.actorId,
      reversesId: m.reversesId,
      sellerName: schema.users.name,
      cardNumber: schema.materialCards.number,
    })
    .from(m)
    .leftJoin(schema.users, eq(schema.users.id, m.actorId))
    .leftJoin(schema.materialCards, eq(schema.materialCards.id, m.cardId))
    .where(eq(m.id, id));
  if (!row) return null;
  const saleId = row.kind === "reversal" ? row.reversesId : row.id;
  if (saleId === null) return null;
  const [sale] = await getDatabase().db.select().from(m).where(eq(m.id, saleId));
  if (!sale || (sale.kind !== "card_sale" && sale.kind !== "public_sale")) return null;
  if (!can(actor, "till.receipt", { ...actor, compoundId: sale.compoundId, sellerId: sale.actorId }))
    return "forbidden";
  const reader = { actorId: actor.id, ip };
  const [reversal] = await getDatabase()
    .db.select({ id: m.id, documentNo: m.documentNo })
    .from(m)
    .where(eq(m.reversesId, saleId));
  const lines = await getDatabase()
    .db.select({
      description: schema.materialSaleLines.description,
      itemName: schema.materialItems.name,
      quantity: schema.materialSaleLines.quantity,
      unitFen: schema.materialSaleLines.unitFen,
      chargedFen: schema.materialSaleLines.chargedFen,
    })
    .from(schema.materialSaleLines)
    .leftJoin(schema.materialItems, eq(schema.materialItems.id, schema.materialSaleLines.itemId))
    .where(eq(schema.materialSaleLines.movementId, saleId));
  const household =
    sale.householdId === null
      ? null
      : (await readHouseholds([sale.householdId], { ...reader, purpose: "material.receipt" })).get(
          sale.householdId,
        );
  const [seller] = await getDatabase()
    .db.select({ name: schema.users.name })
    .from(schema.users)
    .where(eq(schema.users.id, sale.actorId ?? 0));
  return {
    id: sale.id,
    documentNo: sale.documentNo,
    kind: sale.kind,
    at: sale.at,
    day: sale.day,
    totalFen: sale.totalFen,
    cardNumber: row.kind === "reversal" ? null : row.cardNumber,
    holdingFen: sale.cardId === null ? null : ((await cardHoldings([sale.cardId])).get(sale.cardId) ?? 0),
    maskedName: household?.maskedName ?? null,
    sellerId: sale.actorId,
    sellerName: seller?.name ?? null,
    compoundId: sale.compoundId,
    reversedBy: reversal ?? null,
    reverses: null,
    lines,
  };
}

export type RefundOutcome =
  | { ok: true; movementId: number; documentNo: string }
  | {
      ok: false;
      error:
        "notFound" | "forbidden" | "alreadyReversed" | "isReversal" | "insufficientBalance" | "outOfStock";
    };

/** Refunds sale `saleId` whole: its reversal puts the money back on the card (or out of the till) and the goods back. */
export async function refundSale(
  actor: Actor & DutyFacts,
  saleId: number,
  reason: string,
  ip: string | null,
): Promise<RefundOutcome> {
  const [sale] = await getDatabase()
    .db.select()
    .from(schema.materialMovements)
    .where(eq(schema.materialMovements.id, saleId));
  if (!sale || (sale.kind !== "card_sale" && sale.kind !== "public_sale"))
    return { ok: false, error: "notFound" };
  const clock = await communityClock();
  if (
    !can(actor, "till.refund", {
      ...actor,
      compoundId: sale.compoundId,
      sellerId: sale.actorId,
      sameDay: sale.day === clock.day,
    })
  )
    return { ok: false, error: "forbidden" };
  const outcome = await getDatabase().write(async (tx) => {
    const reversed = await reverseMovement(tx, saleId, {
      actorId: actor.id,
      at: clock.at,
      day: clock.day,
      memo: reason,
      ip,
    });
    // A card reissued since the sale was blocked with what it held then: the refund follows the household to
    // its active card, or it would sit on a card nobody can use.
    if (reversed.ok && sale.cardId !== null && sale.householdId !== null && sale.totalFen > 0) {
      const [card] = await tx
        .select({ status: schema.materialCards.status })
        .from(schema.materialCards)
        .where(eq(schema.materialCards.id, sale.cardId));
      const active = card?.status === "active" ? null : await activeCardOf(sale.householdId, tx);
      if (active)
        await postMovement(tx, {
          kind: "card_reissue",
          actorId: actor.id,
          at: clock.at,
          day: clock.day,
          memo: reason,
          householdId: sale.householdId,
          compoundId: sale.compoundId,
          cardId: active.id,
          totalFen: sale.totalFen,
          drawFromBlockedCard: true,
          entries: [
            { account: { cardId: sale.cardId }, amountFen: sale.totalFen },
            { account: { cardId: active.id }, amountFen: -sale.totalFen },
          ],
          ip,
          auditDetails: { fromCardId: sale.cardId, toCardId: active.id, refundOf: saleId },
        });
    }
    return reversed;
  });
  return outcome.ok
    ? { ok: true, movementId: outcome.movement.id, documentNo: outcome.movement.documentNo }
    : outcome;
}

export interface CashUp {
  cashierId: number;
  cashierName: string;
  day: string;
  cardSales: { count: number; totalFen: number };
  publicSales: { count: number; totalFen: number };
  refunds: { count: number; cardFen: number; cashFen: number };
  /** What the cash drawer should hold from this day's public sales, less cash refunds. */
  cashFen: number;
  /** Value of goods given free with cards. */
  goodsGivenFen: number;
  movements: {
    id: number;
    documentNo: string;
    kind: string;
    at: Date;
    totalFen: number;
    method: string | null;
    reversed: boolean;
  }[];
}

/** A cashier's day: sales and refunds by kind and the cash the drawer should hold. */
export async function cashUp(cashierId: number, day: string, viewerId: number): Promise<CashUp | null> {
  // Someone else's day only for a cashier: one holding the duty or who has sold at the till. Any other id is
  // not found, so the page cannot be used to look up the names of accounts.
  const mv = schema.materialMovements;
  const cashierOnly =
    cashierId === viewerId
      ? undefined
      : sql`(EXISTS (SELECT 1 FROM ${schema.materialDuties} WHERE ${schema.materialDuties.userId} = ${schema.users.id} AND ${schema.materialDuties.duty} = 'cashier') OR EXISTS (SELECT 1 FROM ${mv} WHERE ${mv.actorId} = ${schema.users.id} AND ${mv.kind} IN ('card_sale', 'public_sale')))`;
  const [cashier] = await getDatabase()
    .db.select({ name: schema.users.name })
    .from(schema.users)
    .where(and(eq(schema.users.id, cashierId), cashierOnly));
  if (!cashier) return null;
  const m = schema.materialMovements;
  const rows = await getDatabase()
    .db.select({
      id: m.id,
      documentNo: m.documentNo,
      kind: m.kind,
      at: m.at,
      totalFen: m.totalFen,
      method: m.method,
      reversesId: m.reversesId,
      // Named in full: drizzle leaves a single table's select list unqualified, and `id` would be r's own.
      reversed: sql<number>`EXISTS (SELECT 1 FROM material_movements r WHERE r.reverses_id = "material_movements"."id")`,
    })
    .from(m)
    .where(
      and(
        eq(m.actorId, cashierId),
        eq(m.day, day),
        inArray(m.kind, ["card_sale", "public_sale", "reversal"]),
      ),
    )
    .orderBy(desc(m.id));
  const sales = rows.filter((r) => r.kind !== "reversal");
  const refunds = rows.filter((r) => r.kind === "reversal" && r.method !== null);
  const sum = (xs: { totalFen: number }[]) => xs.reduce((s, x) => s + x.totalFen, 0);
  const cardSales = sales.filter((r) => r.kind === "card_sale");
  const publicSales = sales.filter((r) => r.kind === "public_sale");
  const cardRefunds = refunds.filter((r) => r.method === "card");
  const cashRefunds = refunds.filter((r) => r.method === "cash");
  const ids = cardSales.map((s) => s.id);
  const [given] = ids.length
    ? await getDatabase()
        .db.select({
          fen: sql<number>`coalesce(sum(${schema.materialSaleLines.unitFen} * ${schema.materialSaleLines.quantity}), 0)`,
        })
        .from(schema.materialSaleLines)
        .where(
          and(inArray(schema.materialSaleLines.movementId, ids), eq(schema.materialSaleLines.chargedFen, 0)),
        )
    : [{ fen: 0 }];
  return {
    cashierId,
    cashierName: cashier.name,
    day,
    cardSales: { count: cardSales.length, totalFen: sum(cardSales) },
    publicSales: { count: publicSales.length, totalFen: sum(publicSales) },
    refunds: { count: refunds.length, cardFen: sum(cardRefunds), cashFen: sum(cashRefunds) },
    cashFen: sum(publicSales) - sum(cashRefunds),
    goodsGivenFen: Number(given?.fen ?? 0),
    movements: rows.map((r) => ({
      id: r.id,
      documentNo: r.documentNo,
      kind: r.kind,
      at: r.at,
      totalFen: r.totalFen,
      method: r.method,
      reversed: Boolean(r.reversed),
    })),
  };
}
