// The supermarket's catalog and stock: goods with their price (or free with the card), stock in from a
// donation or a purchase, stocktake adjustments with a reason, and the low-stock list. Every change in stock is
// a stock move on a ledger movement, so the goods' value in the ledger follows the count.
import { and, asc, eq, lte, sql } from "drizzle-orm";
import { getDatabase, schema } from "#db/client.server";
import { audit } from "#app/modules/audit/audit.server";
import { communityClock } from "./clock.server";
import { postMovement, OutOfStockError, type PostedMovement } from "./ledger.server";
import type { GoodsCategory, GoodsSource } from "./codes";

export type Item = typeof schema.materialItems.$inferSelect;

export interface ItemInput {
  name: string;
  unit: string;
  category: GoodsCategory;
  priceFen: number;
  freeWithCard: boolean;
  source: GoodsSource;
  lowStockAt: number;
}

export async function listItems(options: { activeOnly?: boolean } = {}): Promise<Item[]> {
  return getDatabase()
    .db.select()
    .from(schema.materialItems)
    .where(options.activeOnly ? eq(schema.materialItems.active, true) : undefined)
    .orderBy(asc(schema.materialItems.category), asc(schema.materialItems.name));
}

export async function getItem(id: number): Promise<Item | null> {
  const [row] = await getDatabase()
    .db.select()
    .from(schema.materialItems)
    .where(eq(schema.materialItems.id, id));
  return row ?? null;
}

export async function lowStock(): Promise<Item[]> {
  return getDatabase()
    .db.select()
    .from(schema.materialItems)
    .where(
      and(
        eq(schema.materialItems.active, true),
        lte(schema.materialItems.stock, schema.materialItems.lowStockAt),
      ),
    )
    .orderBy(asc(schema.materialItems.stock));
}

/** Adds an item to the catalog; null when one of that name exists. */
export async function createItem(
  actorId: number,
  input: ItemInput,
  ip: string | null,
): Promise<number | null> {
  return getDatabase().write(async (tx) => {
    const [row] = await tx
      .insert(schema.materialItems)
      .values(input)
      .onConflictDoNothing()
      .returning({ id: schema.materialItems.id });
    if (!row) return null;
    await audit(tx, {
      actorId,
      action: "material.itemCreated",
      targetType: "material_item",
      targetId: row.id,
      ip,
      details: { ...input },
    });
    return row.id;
  });
}

/** Changes an item's description and price; its stock changes only by stock moves. */
export async function updateItem(
  actorId: number,
  id: number,
  input: ItemInput & { active: boolean },
  ip: string | null,
): Promise<"ok" | "notFound" | "nameTaken"> {
  return getDatabase().write(async (tx) => {
    const [clash] = await tx
      .select({ id: schema.materialItems.id })
      .from(schema.materialItems)
      .where(and(eq(schema.materialItems.name, input.name), sql`${schema.materialItems.id} <> ${id}`));
    if (clash) return "nameTaken";
    const rows = await tx
      .update(schema.materialItems)
      .set({ ...input, updatedAt: new Date() })
      .where(eq(schema.materialItems.id, id))
      .returning({ id: schema.materialItems.id });
    if (rows.length === 0) return "notFound";
    await audit(tx, {
      actorId,
      action: "material.itemUpdated",
      targetType: "material_item",
      targetId: id,
      ip,
      details: { ...input },
    });
    return "ok";
  });
}

/** Goods bought with the fund's money come into stock: stock up, cash (or bank) down. */
export async function stockInPurchase(
  actorId: number,
  input: { itemId: number; quantity: number; unitFen: number; method: "cash" | "transfer"; memo: string },
  ip: string | null,
): Promise<PostedMovement | null> {
  const clock = await communityClock();
  const value = input.quantity * input.unitFen;
  // An item that is not in the catalog rolls the purchase back: null, a page that is not found.
  const posted = await getDatabase()
    .write((tx) =>
      postMovement(tx, {
        kind: "stock_purchase",
        actorId,
        at: clock.at,
        day: clock.day,
        series: "stock",
        memo: input.memo,
        method: input.method,
        totalFen: value,
        entries:
          value > 0
            ? [
                { account: "stock", amountFen: value },
                { account: input.method === "cash" ? "cash" : "bank", amountFen: -value },
              ]
            : [],
        stock: [{ itemId: input.itemId, quantity: input.quantity, unitFen: input.unitFen }],
        ip,
      }),
    )
    .catch((error: unknown) => {
      if (error instanceof OutOfStockError) return null;
      throw error;
    });
  return posted;
}

export type StocktakeOutcome =
  { ok: true; changed: number } | { ok: false; error: "notFound" | "outOfStock" };

/** Sets an item's count to what was counted: the difference, at the item's price, is a stocktake adjustment. */
export async function stocktake(
  actorId: number,
  itemId: number,
  counted: number,
  reason: string,
  ip: string | null,
): Promise<StocktakeOutcome> {
  const clock = await communityClock();
  try {
    return await getDatabase().write(async (tx) => {
      const [item] = await tx.select().from(schema.materialItems).where(eq(schema.materialItems.id, itemId));
      if (!item) return { ok: false, error: "notFound" } as const;
      const delta = counted - item.stock;
      if (delta === 0) return { ok: true, changed: 0 } as const;
      const value = delta * item.priceFen;
      await postMovement(tx, {
        kind: "stocktake",
        actorId,
        at: clock.at,
        day: clock.day,
        series: "stock",
        memo: reason,
        totalFen: Math.abs(value),
        entries:
          value === 0
            ? []
            : [
                { account: "stock", amountFen: value },
                { account: "stock_adjustments", amountFen: -value },
              ],
        stock: [{ itemId, quantity: delta, unitFen: item.priceFen, reason }],
        ip,
        auditDetails: { itemId, before: item.stock, counted },
      });
      return { ok: true, changed: delta } as const;
    });
  } catch (error) {
    if (error instanceof OutOfStockError) return { ok: false, error: "outOfStock" };
    throw error;
  }
}

/** An item's last stock moves with their documents, newest first. */
export async function stockHistory(itemId: number, limit = 30) {
  return getDatabase()
    .db.select({
      id: schema.materialStockMoves.id,
      quantity: schema.materialStockMoves.quantity,
      reason: schema.materialStockMoves.reason,
      documentNo: schema.materialMovements.documentNo,
      kind: schema.materialMovements.kind,
      at: schema.materialMovements.at,
      movementId: schema.materialMovements.id,
    })
    .from(schema.materialStockMoves)
    .innerJoin(
      schema.materialMovements,
      eq(schema.materialMovements.id, schema.materialStockMoves.movementId),
    )
    .where(eq(schema.materialStockMoves.itemId, itemId))
    .orderBy(sql`${schema.materialStockMoves.id} DESC`)
    .limit(limit);
}
