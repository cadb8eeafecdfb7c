// The double-entry ledger of material help. A movement is a set of entries on accounts that sums to zero; it is
// only ever added, never changed, and a mistake is undone by a reversing movement that names the one it
// reverses. Each account caches the sum of its entries, updated in the same transaction (one conditional
// UPDATE per account, which is also what refuses to overdraw a card); `checkLedger` proves the cache right.
import { and, eq, inArray, ne, sql } from "drizzle-orm";
import { getDatabase, schema, type Database, type Queryable, type Tx } from "#db/client.server";
import { audit } from "#app/modules/audit/audit.server";
import {
  documentSeries,
  fundAccounts,
  type DocumentSeries,
  type FundAccount,
  type MovementKind,
  type PaymentMethod,
} from "./codes";

/** An account named by its fund kind, or a card's account by the card's id. */
export type AccountRef = FundAccount | { cardId: number };

export interface EntryInput {
  account: AccountRef;
  amountFen: number;
}

export interface StockMoveInput {
  itemId: number;
  quantity: number;
  unitFen: number;
  reason?: string | null;
}

export interface MovementInput {
  kind: MovementKind;
  actorId: number | null;
  at: Date;
  /** The community's calendar day of `at`. */
  day: string;
  memo?: string | null;
  /** A fixed document number; otherwise the next of `series`. */
  documentNo?: string;
  series?: DocumentSeries;
  idempotencyKey?: string | null;
  reversesId?: number | null;
  householdId?: number | null;
  compoundId?: number | null;
  cardId?: number | null;
  method?: PaymentMethod | null;
  totalFen: number;
  entries: EntryInput[];
  /** Only when a lost card's balance moves to its replacement. */
  drawFromBlockedCard?: boolean;
  /** Goods that move with it; the item's stock never goes below zero. */
  stock?: StockMoveInput[];
  ip?: string | null;
  /** Extra facts for the audit entry (never a name of a household member). */
  auditDetails?: Record<string, unknown>;
}

export interface PostedMovement {
  id: number;
  documentNo: string;
}

/** Thrown inside a write to roll it back: a card would go below zero, or is blocked. */
export class InsufficientBalanceError extends Error {
  constructor(readonly cardId: number) {
    super("insufficient balance");
  }
}
/** Thrown inside a write to roll it back: an item has fewer in stock than the movement takes. */
export class OutOfStockError extends Error {
  constructor(readonly itemId: number) {
    super("out of stock");
  }
}
/** A movement that breaks the ledger's rules: a bug in the caller, never a person's input. */
export class LedgerRuleError extends Error {}

const fundAccountIdCache = new WeakMap<Database, Map<FundAccount, number>>();

/**
 * The ids of the fund's own accounts, made by the first movement ever posted (inside its transaction). Kept
 * for the process once they were found already there, so a rolled-back first write caches nothing.
 */
export async function fundAccountIds(tx: Tx): Promise<Map<FundAccount, number>> {
  const database = getDatabase();
  const cached = fundAccountIdCache.get(database);
  if (cached) return cached;
  const read = () =>
    tx
      .select({ id: schema.materialAccounts.id, kind: schema.materialAccounts.kind })
      .from(schema.materialAccounts)
      .where(ne(schema.materialAccounts.kind, "card"));
  let rows = await read();
  const complete = rows.length === fundAccounts.length;
  if (!complete) {
    await tx
      .insert(schema.materialAccounts)
      .values(fundAccounts.map((kind) => ({ kind })))
      .onConflictDoNothing();
    rows = await read();
  }
  const ids = new Map(rows.map((r) => [r.kind as FundAccount, r.id]));
  if (complete) fundAccountIdCache.set(database, ids);
  return ids;
}

/** The next number of a document series in `year`, e.g. JZ2026-000042; numbers run without gaps. */
export async function nextDocumentNo(tx: Tx, series: DocumentSeries, year: number): Promise<string> {
  const [row] = await tx
    .insert(schema.materialSequences)
    .values({ series, year, last: 1 })
    .onConflictDoUpdate({
      target: [schema.materialSequences.series, schema.materialSequences.year],
      set: { last: sql`${schema.materialSequences.last} + 1` },
    })
    .returning({ last: schema.materialSequences.last });
  if (!row) throw new LedgerRuleError("sequence did not answer");
  return `${documentSeries[series]}${year}-${String(row.last).padStart(6, "0")}`;
}

function checkBalanced(entries: readonly EntryInput[], movesGoods: boolean): void {
  // Goods of no value (priced at zero) may move without money: no entries at all.
  if (entries.length === 0 && movesGoods) return;
  if (entries.length < 2) throw new LedgerRuleError("a movement needs at least two entries");
  let sum = 0;
  for (const e of entries) {
    if (!Number.isSafeInteger(e.amountFen) || e.amountFen === 0)
      throw new LedgerRuleError(`entry amount must be a non-zero integer of fen, not ${e.amountFen}`);
    sum += e.amountFen;
  }
  if (sum !== 0) throw new LedgerRuleError(`entries sum to ${sum}, not zero`);
}

/** The entries with the same account folded into one (a refund and its charge on one card, say). */
function foldEntries(entries: readonly EntryInput[]): EntryInput[] {
  const folded = new Map<string, EntryInput>();
  for (const e of entries) {
    const key = typeof e.account === "string" ? e.account : `card:${e.account.cardId}`;
    const seen = folded.get(key);
    if (seen) seen.amountFen += e.amountFen;
    else folded.set(key, { account: e.account, amountFen: e.amountFen });
  }
  return [...folded.values()].filter((e) => e.amountFen !== 0);
}

/**
 * Posts a movement inside `tx`: its row, its entries, the cached balances and its audit entry. Returns null when
 * a movement with the same idempotency key (or reversing the same movement) exists: nothing is written twice.
 * Throws InsufficientBalanceError / OutOfStockError to roll the write back.
 */
export async function postMovement(tx: Tx, input: MovementInput): Promise<PostedMovement | null> {
  checkBalanced(input.entries, (input.stock ?? []).length > 0);
  if (!Number.isSafeInteger(input.totalFen) || input.totalFen < 0)
    throw new LedgerRuleError("a movement's total is a non-negative integer of fen");
  const documentNo =
    input.documentNo ?? (await nextDocumentNo(tx, input.series ?? "other", Number(input.day.slice(0, 4))));
  const [movement] = await tx
    .insert(schema.materialMovements)
    .values({
      kind: input.kind,
      documentNo,
      idempotencyKey: input.idempotencyKey ?? null,
      reversesId: input.reversesId ?? null,
      memo: input.memo ?? null,
      actorId: input.actorId,
      at: input.at,
      day: input.day,
      householdId: input.householdId ?? null,
      compoundId: input.compoundId ?? null,
      cardId: input.cardId ?? null,
      method: input.method ?? null,
      totalFen: input.totalFen,
    })
    .onConflictDoNothing()
    .returning({ id: schema.materialMovements.id });
  if (!movement) return null;

  const fund = await fundAccountIds(tx);
  const rows: { movementId: number; accountId: number; amountFen: number }[] = [];
  for (const entry of foldEntries(input.entries)) {
    const accountId = await applyToAccount(tx, entry, fund, input.drawFromBlockedCard ?? false);
    rows.push({ movementId: movement.id, accountId, amountFen: entry.amountFen });
  }
  if (rows.length > 0) await tx.insert(schema.materialEntries).values(rows);

  for (const move of input.stock ?? []) await moveStock(tx, movement.id, move);

  await audit(tx, {
    actorId: input.actorId,
    action: `material.${input.kind}`,
    targetType: "material_movement",
    targetId: movement.id,
    ip: input.ip ?? null,
    details: {
      documentNo,
      totalFen: input.totalFen,
      memo: input.memo ?? null,
      reversesId: input.reversesId ?? null,
      ...input.auditDetails,
    },
  });
  return { id: movement.id, documentNo };
}

/** Adds the entry to its account's cached balance; a card's is checked in the same statement. */
async function applyToAccount(
  tx: Tx,
  entry: EntryInput,
  fund: Map<FundAccount, number>,
  fromBlocked: boolean,
): Promise<number> {
  const accounts = schema.materialAccounts;
  const now = new Date();
  if (typeof entry.account === "string") {
    const id = fund.get(entry.account);
    if (id === undefined) throw new LedgerRuleError(`no account ${entry.account}`);
    await tx
      .update(accounts)
      .set({ balanceFen: sql`${accounts.balanceFen} + ${entry.amountFen}`, updatedAt: now })
      .where(eq(accounts.id, id));
    return id;
  }
  const cardId = entry.account.cardId;
  // Taking from a card (a debit, positive) needs the card active and enough on it; giving to it, only that it exists.
  const taking = entry.amountFen > 0;
  const [row] = await tx
    .update(accounts)
    .set({ balanceFen: sql`${accounts.balanceFen} + ${entry.amountFen}`, updatedAt: now })
    .where(
      taking
        ? and(
            eq(accounts.cardId, cardId),
            sql`${accounts.balanceFen} + ${entry.amountFen} <= 0`,
            fromBlocked
              ? undefined
              : sql`EXISTS (SELECT 1 FROM material_cards c WHERE c.id = ${cardId} AND c.status = 'active')`,
          )
        : eq(accounts.cardId, cardId),
    )
    .returning({ id: accounts.id });
  if (!row) throw new InsufficientBalanceError(cardId);
  return row.id;
}

async function moveStock(tx: Tx, movementId: number, move: StockMoveInput): Promise<void> {
  if (!Number.isSafeInteger(move.quantity) || move.quantity === 0)
    throw new LedgerRuleError("a stock move is a non-zero whole quantity");
  const items = schema.materialItems;
  const [row] = await tx
    .update(items)
    .set({ stock: sql`${items.stock} + ${move.quantity}`, updatedAt: new Date() })
    .where(and(eq(items.id, move.itemId), sql`${items.stock} + ${move.quantity} >= 0`))
    .returning({ id: items.id });
  if (!row) throw new OutOfStockError(move.itemId);
  await tx.insert(schema.materialStockMoves).values({
    itemId: move.itemId,
    movementId,
    quantity: move.quantity,
    unitFen: move.unitFen,
    reason: move.reason ?? null,
  });
}

export type ReverseOutcome =
  | { ok: true; movement: PostedMovement }
  | {
      ok: false;
      error: "notFound" | "alreadyReversed" | "isReversal" | "insufficientBalance" | "outOfStock";
    };

/**
 * Reverses movement `id` inside `tx`: every entry and stock move negated, in a new movement that names it.
 * A card that has spent what the reversed movement gave it refuses (insufficientBalance) and nothing is written.
 */
export async function reverseMovement(
  tx: Tx,
  id: number,
  who: { actorId: number; at: Date; day: string; memo: string; ip?: string | null },
): Promise<ReverseOutcome> {
  const [original] = await tx
    .select()
    .from(schema.materialMovements)
    .where(eq(schema.materialMovements.id, id));
  if (!original) return { ok: false, error: "notFound" };
  if (original.kind === "reversal") return { ok: false, error: "isReversal" };
  const [entries, stock] = await Promise.all([
    tx
      .select({
        amountFen: schema.materialEntries.amountFen,
        kind: schema.materialAccounts.kind,
        cardId: schema.materialAccounts.cardId,
      })
      .from(schema.materialEntries)
      .innerJoin(schema.materialAccounts, eq(schema.materialAccounts.id, schema.materialEntries.accountId))
      .where(eq(schema.materialEntries.movementId, id)),
    tx.select().from(schema.materialStockMoves).where(eq(schema.materialStockMoves.movementId, id)),
  ]);
  try {
    const posted = await postMovement(tx, {
      kind: "reversal",
      actorId: who.actorId,
      at: who.at,
      day: who.day,
      memo: who.memo,
      series: original.kind === "card_sale" || original.kind === "public_sale" ? "sale" : "other",
      reversesId: id,
      householdId: original.householdId,
      compoundId: original.compoundId,
      cardId: original.cardId,
      method: original.method,
      totalFen: original.totalFen,
      entries: entries.map((e) => ({
        account: e.kind === "card" && e.cardId !== null ? { cardId: e.cardId } : (e.kind as FundAccount),
        amountFen: -e.amountFen,
      })),
      stock: stock.map((s) => ({
        itemId: s.itemId,
        quantity: -s.quantity,
        unitFen: s.unitFen,
        reason: who.memo,
      })),
      ip: who.ip,
      auditDetails: { reversedDocumentNo: original.documentNo },
    });
    return posted ? { ok: true, movement: posted } : { ok: false, error: "alreadyReversed" };
  } catch (error) {
    if (error instanceof InsufficientBalanceError) return { ok: false, error: "insufficientBalance" };
    if (error instanceof OutOfStockError) return { ok: false, error: "outOfStock" };
    throw error;
  }
}

export interface LedgerCheck {
  /** The sum of every entry: zero in a sound ledger. */
  totalFen: number;
  /** Movements whose entries do not sum to zero. */
  unbalancedMovements: number[];
  /** Accounts whose cached balance differs from the sum of their entries. */
  mismatchedAccounts: { id: number; cachedFen: number; sumFen: number }[];
  /** Cards holding less than nothing. */
  overdrawnCards: number[];
  ok: boolean;
}

/** Proves the ledger: entries sum to zero overall and per movement, and every cached balance is its sum. */
export async function checkLedger(q: Queryable = getDatabase().db): Promise<LedgerCheck> {
  const [total] = await q
    .select({ sum: sql<number>`coalesce(sum(${schema.materialEntries.amountFen}), 0)` })
    .from(schema.materialEntries);
  const unbalanced = await q
    .select({ id: schema.materialEntries.movementId })
    .from(schema.materialEntries)
    .groupBy(schema.materialEntries.movementId)
    .having(sql`sum(${schema.materialEntries.amountFen}) <> 0`);
  const sums = q
    .select({
      accountId: schema.materialEntries.accountId,
      sum: sql<number>`sum(${schema.materialEntries.amountFen})`.as("sum"),
    })
    .from(schema.materialEntries)
    .groupBy(schema.materialEntries.accountId)
    .as("sums");
  const mismatched = await q
    .select({
      id: schema.materialAccounts.id,
      cachedFen: schema.materialAccounts.balanceFen,
      sumFen: sql<number>`coalesce(${sums.sum}, 0)`,
    })
    .from(schema.materialAccounts)
    .leftJoin(sums, eq(sums.accountId, schema.materialAccounts.id))
    .where(sql`${schema.materialAccounts.balanceFen} <> coalesce(${sums.sum}, 0)`);
  const overdrawn = await q
    .select({ cardId: schema.materialAccounts.cardId })
    .from(schema.materialAccounts)
    .where(and(eq(schema.materialAccounts.kind, "card"), sql`${schema.materialAccounts.balanceFen} > 0`));
  const totalFen = Number(total?.sum ?? 0);
  return {
    totalFen,
    unbalancedMovements: unbalanced.map((r) => r.id),
    mismatchedAccounts: mismatched,
    overdrawnCards: overdrawn.flatMap((r) => (r.cardId === null ? [] : [r.cardId])),
    ok: totalFen === 0 && unbalanced.length === 0 && mismatched.length === 0 && overdrawn.length === 0,
  };
}

/** What each card holds (the negated balance of its account), by card id. */
export async function cardHoldings(cardIds: readonly number[], q: Queryable = getDatabase().db) {
  if (cardIds.length === 0) return new Map<number, number>();
  const rows = await q
    .select({ cardId: schema.materialAccounts.cardId, balanceFen: schema.materialAccounts.balanceFen })
    .from(schema.materialAccounts)
    .where(inArray(schema.materialAccounts.cardId, [...cardIds]));
  return new Map(rows.flatMap((r) => (r.cardId === null ? [] : [[r.cardId, 0 - r.balanceFen] as const])));
}

/** The fund's own accounts' cached balances, by kind. */
export async function fundBalances(q: Queryable = getDatabase().db): Promise<Record<FundAccount, number>> {
  const rows = await q
    .select({ kind: schema.materialAccounts.kind, balanceFen: schema.materialAccounts.balanceFen })
    .from(schema.materialAccounts)
    .where(ne(schema.materialAccounts.kind, "card"));
  const out = Object.fromEntries(fundAccounts.map((k) => [k, 0])) as Record<FundAccount, number>;
  for (const r of rows) if (r.kind !== "card") out[r.kind] = r.balanceFen;
  return out;
}

/** What all cards together hold. */
export async function cardsOutstanding(q: Queryable = getDatabase().db): Promise<number> {
  const [row] = await q
    .select({ sum: sql<number>`coalesce(sum(${schema.materialAccounts.balanceFen}), 0)` })
    .from(schema.materialAccounts)
    .where(eq(schema.materialAccounts.kind, "card"));
  return 0 - Number(row?.sum ?? 0);
}

/** The fund's net balance: cash, bank and stock, less what the cards still hold (the fund page's own figure). */
export async function fundNetFen(q: Queryable = getDatabase().db): Promise<number> {
  const [balances, cardsHold] = await Promise.all([fundBalances(q), cardsOutstanding(q)]);
  return balances.cash + balances.bank + balances.stock - cardsHold;
}
