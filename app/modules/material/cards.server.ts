// Love cards (爱心卡): issuing one to each eligible household, finding a card by the number on it or its QR
// code, blocking a lost card and reissuing it with its balance, and a card's entries for the household's page.
import { and, desc, eq, inArray, isNull, sql } from "drizzle-orm";
import QRCode from "qrcode";
import { appOrigin } from "#app/config.server";
import { getDatabase, schema, type Queryable } from "#db/client.server";
import { audit } from "#app/modules/audit/audit.server";
import { can, type Actor, type DutyFacts } from "#app/modules/auth/policy";
import { communityClock } from "./clock.server";
import { formatCardNumber, newCardNumber } from "./card-number";
import {
  eligibleLevelsSql,
  householdPolicyFacts,
  readHouseholds,
  type MaterialHousehold,
} from "./households.server";
import { cardHoldings, postMovement, type PostedMovement } from "./ledger.server";
import type { MovementKind } from "./codes";

/** What a card's QR code holds: the till with the card filled in, so a phone's own camera app opens it too. */
export function cardTillUrl(number: string): string {
  return `${appOrigin()}/till?card=${number}`;
}

export async function cardQrDataUrl(number: string): Promise<string> {
  const svg = await QRCode.toString(cardTillUrl(number), {
    type: "svg",
    errorCorrectionLevel: "M",
    margin: 2,
  });
  return `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
}

export type CardRow = typeof schema.materialCards.$inferSelect;

export async function cardById(id: number, q: Queryable = getDatabase().db): Promise<CardRow | null> {
  const [row] = await q.select().from(schema.materialCards).where(eq(schema.materialCards.id, id));
  return row ?? null;
}

export async function cardByNumber(number: string, q: Queryable = getDatabase().db): Promise<CardRow | null> {
  const [row] = await q.select().from(schema.materialCards).where(eq(schema.materialCards.number, number));
  return row ?? null;
}

/** The household's active card, if it has one. */
export async function activeCardOf(
  householdId: number,
  q: Queryable = getDatabase().db,
): Promise<CardRow | null> {
  const [row] = await q
    .select()
    .from(schema.materialCards)
    .where(and(eq(schema.materialCards.householdId, householdId), eq(schema.materialCards.status, "active")));
  return row ?? null;
}

/**
 * Gives a card to every eligible household (either hardship ledger) of `compoundId` (all the actor covers when
 * null) that has no active card. Returns how many were issued. Batches of 500, each card with its account.
 */
export async function issueMissingCards(
  actor: Actor & DutyFacts,
  compoundId: number | null,
  ip: string | null,
): Promise<number | null> {
  const compounds = await getDatabase().db.select({ id: schema.compounds.id }).from(schema.compounds);
  const allowed = compounds
    .map((c) => c.id)
    .filter(
      (id) =>
        (compoundId === null || id === compoundId) && can(actor, "card.manage", { ...actor, compoundId: id }),
    );
  if (allowed.length === 0) return null;
  const { at } = await communityClock();
  let issued = 0;
  for (;;) {
    const batch = await getDatabase()
      .db.select({ id: schema.households.id })
      .from(schema.households)
      .leftJoin(
        schema.materialCards,
        and(
          eq(schema.materialCards.householdId, schema.households.id),
          eq(schema.materialCards.status, "active"),
        ),
      )
      .where(
        and(
          inArray(schema.households.compoundId, allowed),
          eq(schema.households.status, "active"),
          sql`${schema.households.hardshipLevel} IN ${eligibleLevelsSql}`,
          isNull(schema.materialCards.id),
        ),
      )
      .limit(500);
    if (batch.length === 0) break;
    issued += await getDatabase().write(async (tx) => {
      const cards = await tx
        .insert(schema.materialCards)
        .values(
          batch.map((h) => ({
            number: newCardNumber(),
            householdId: h.id,
            issuedAt: at,
            issuedById: actor.id,
          })),
        )
        .onConflictDoNothing()
        .returning({ id: schema.materialCards.id });
      if (cards.length > 0) {
        await tx
          .insert(schema.materialAccounts)
          .values(cards.map((c) => ({ kind: "card" as const, cardId: c.id })));
        await audit(tx, {
          actorId: actor.id,
          action: "material.cardsIssued",
          targetType: "material_card",
          ip,
          details: { count: cards.length, firstCardId: cards[0]?.id, lastCardId: cards.at(-1)?.id },
        });
      }
      return cards.length;
    });
  }
  return issued;
}

export type ReissueOutcome =
  | { ok: true; cardId: number; movement: PostedMovement | null }
  | { ok: false; error: "notFound" | "forbidden" | "notActive" };

/** Blocks a lost card and issues its household a new one holding the same balance, in one transaction. */
export async function blockAndReissue(
  actor: Actor & DutyFacts,
  cardId: number,
  reason: string,
  ip: string | null,
): Promise<ReissueOutcome> {
  const card = await cardById(cardId);
  if (!card) return { ok: false, error: "notFound" };
  const facts = await householdPolicyFacts(card.householdId);
  if (!facts || !can(actor, "card.manage", { ...actor, compoundId: facts.compoundId }))
    return { ok: false, error: "forbidden" };
  const clock = await communityClock();
  return getDatabase().write(async (tx) => {
    const [current] = await tx
      .select({ status: schema.materialCards.status })
      .from(schema.materialCards)
      .where(eq(schema.materialCards.id, cardId));
    if (current?.status !== "active") return { ok: false, error: "notActive" } as const;
    const [holding = 0] = [(await cardHoldings([cardId], tx)).get(cardId)];
    // The old card is blocked first, so the partial unique index lets the new one be active.
    await tx
      .update(schema.materialCards)
      .set({ status: "blocked", blockedAt: clock.at, blockedById: actor.id, blockReason: reason })
      .where(eq(schema.materialCards.id, cardId));
    const [fresh] = await tx
      .insert(schema.materialCards)
      .values({
        number: newCardNumber(),
        householdId: card.householdId,
        issuedAt: clock.at,
        issuedById: actor.id,
        replacesId: cardId,
      })
      .returning({ id: schema.materialCards.id });
    if (!fresh) throw new Error("card insert returned no row");
    await tx.insert(schema.materialAccounts).values({ kind: "card", cardId: fresh.id });
    // The balance moves by a movement of its own: the one time a blocked card may be drawn on.
    const movement =
      holding > 0
        ? await postMovement(tx, {
            kind: "card_reissue" satisfies MovementKind,
            actorId: actor.id,
            at: clock.at,
            day: clock.day,
            memo: reason,
            householdId: card.householdId,
            compoundId: facts.compoundId,
            cardId: fresh.id,
            totalFen: holding,
            drawFromBlockedCard: true,
            entries: [
              { account: { cardId }, amountFen: holding },
              { account: { cardId: fresh.id }, amountFen: -holding },
            ],
            ip,
            auditDetails: { fromCardId: cardId, toCardId: fresh.id },
          })
        : null;
    await audit(tx, {
      actorId: actor.id,
      action: "material.cardReissued",
      targetType: "material_card",
      targetId: cardId,
      ip,
      details: { newCardId: fresh.id, holdingFen: holding, reason },
    });
    return { ok: true, cardId: fresh.id, movement } as const;
  });
}

export interface CardEntry {
  movementId: number;
  documentNo: string;
  kind: MovementKind;
  at: Date;
  memo: string | null;
  /** What the entry did to what the card holds: positive adds, negative takes. */
  changeFen: number;
}

/** A card's entries, newest first, with what each did to the card's holding. */
export async function cardEntries(cardId: number, limit = 50, offset = 0): Promise<CardEntry[]> {
  const rows = await getDatabase()
    .db.select({
      movementId: schema.materialMovements.id,
      documentNo: schema.materialMovements.documentNo,
      kind: schema.materialMovements.kind,
      at: schema.materialMovements.at,
      memo: schema.materialMovements.memo,
      amountFen: schema.materialEntries.amountFen,
    })
    .from(schema.materialEntries)
    .innerJoin(schema.materialAccounts, eq(schema.materialAccounts.id, schema.materialEntries.accountId))
    .innerJoin(schema.materialMovements, eq(schema.materialMovements.id, schema.materialEntries.movementId))
    .where(eq(schema.materialAccounts.cardId, cardId))
    .orderBy(desc(schema.materialMovements.id))
    .limit(limit)
    .offset(offset);
  return rows.map(({ amountFen, ...r }) => ({ ...r, changeFen: -amountFen }));
}

export interface CardView {
  card: CardRow;
  numberText: string;
  holdingFen: number;
  household: MaterialHousehold;
  qr: string;
  history: CardRow[];
}

/** One card with its household, holding and QR code, for the card page and its print; audited as a read. */
export async function cardView(
  card: CardRow,
  reader: { actorId: number; ip: string | null },
): Promise<CardView | null> {
  const household = (await readHouseholds([card.householdId], { ...reader, purpose: "material.card" })).get(
    card.householdId,
  );
  if (!household) return null;
  const [holdings, history] = await Promise.all([
    cardHoldings([card.id]),
    getDatabase()
      .db.select()
      .from(schema.materialCards)
      .where(eq(schema.materialCards.householdId, card.householdId))
      .orderBy(desc(schema.materialCards.id)),
  ]);
  return {
    card,
    numberText: formatCardNumber(card.number),
    holdingFen: holdings.get(card.id) ?? 0,
    household,
    qr: await cardQrDataUrl(card.number),
    history,
  };
}

/**
 * A card's page for someone who manages its compound's cards; "forbidden" is decided before the household is
 * read, so a refusal leaves no read on the household's record.
 */
export async function managedCardView(
  card: CardRow,
  actor: Actor & DutyFacts,
  ip: string | null,
): Promise<CardView | "forbidden" | null> {
  const facts = await householdPolicyFacts(card.householdId);
  if (!facts) return null;
  if (!can(actor, "card.manage", { ...actor, compoundId: facts.compoundId })) return "forbidden";
  return cardView(card, { actorId: actor.id, ip });
}

export const cardsPageSize = 30;

/** Cards of the compounds the actor manages, newest first, with their household's address and holding. */
export async function listCards(
  actor: Actor & DutyFacts,
  filter: { compoundId: number | null; number: string | null; page: number },
  ip: string | null,
) {
  const compounds = await getDatabase().db.select({ id: schema.compounds.id }).from(schema.compounds);
  const allowed = compounds
    .map((c) => c.id)
    .filter(
      (id) =>
        (filter.compoundId === null || id === filter.compoundId) &&
        can(actor, "card.manage", { ...actor, compoundId: id }),
    );
  if (allowed.length === 0) return { rows: [], hasMore: false };
  const rows = await getDatabase()
    .db.select({
      id: schema.materialCards.id,
      number: schema.materialCards.number,
      status: schema.materialCards.status,
      householdId: schema.materialCards.householdId,
      balanceFen: schema.materialAccounts.balanceFen,
    })
    .from(schema.materialCards)
    .innerJoin(schema.households, eq(schema.households.id, schema.materialCards.householdId))
    .innerJoin(schema.materialAccounts, eq(schema.materialAccounts.cardId, schema.materialCards.id))
    .where(
      and(
        inArray(schema.households.compoundId, allowed),
        filter.number
          ? eq(schema.materialCards.number, filter.number)
          : eq(schema.materialCards.status, "active"),
      ),
    )
    .orderBy(desc(schema.materialCards.id))
    .limit(cardsPageSize + 1)
    .offset((filter.page - 1) * cardsPageSize);
  const shown = rows.slice(0, cardsPageSize);
  const households = await readHouseholds(
    shown.map((r) => r.householdId),
    { actorId: actor.id, purpose: "material.cards", ip },
  );
  return {
    rows: shown.map((r) => {
      const h = households.get(r.householdId);
      return {
        id: r.id,
        numberText: formatCardNumber(r.number),
        status: r.status,
        holdingFen: 0 - r.balanceFen,
        address: h ? `${h.compoundName} ${h.address}` : "",
        headName: h?.headName ?? null,
        hardshipLevel: h?.hardshipLevel ?? null,
      };
    }),
    hasMore: rows.length > cardsPageSize,
  };
}

/** How many households have an active card, what all cards hold, and how many eligible households have none. */
export async function cardTotals() {
  const [cards] = await getDatabase()
    .db.select({
      active: sql<number>`count(*)`,
      holdingFen: sql<number>`coalesce(-sum(${schema.materialAccounts.balanceFen}), 0)`,
    })
    .from(schema.materialCards)
    .innerJoin(schema.materialAccounts, eq(schema.materialAccounts.cardId, schema.materialCards.id))
    .where(eq(schema.materialCards.status, "active"));
  const [missing] = await getDatabase()
    .db.select({ n: sql<number>`count(*)` })
    .from(schema.households)
    .where(
      and(
        eq(schema.households.status, "active"),
        sql`${schema.households.hardshipLevel} IN ${eligibleLevelsSql}`,
        sql`NOT EXISTS (SELECT 1 FROM material_cards c WHERE c.household_id = ${schema.households.id} AND c.status = 'active')`,
      ),
    );
  return {
    active: Number(cards?.active ?? 0),
    holdingFen: Number(cards?.holdingFen ?? 0),
    missing: Number(missing?.n ?? 0),
  };
}

/** The love card of a resident's own household, with its entries, for `/me`. */
export async function myCard(householdId: number) {
  const card = await activeCardOf(householdId);
  if (!card) return null;
  const [holdings, entries] = await Promise.all([cardHoldings([card.id]), cardEntries(card.id, 20)]);
  return {
    id: card.id,
    numberText: formatCardNumber(card.number),
    holdingFen: holdings.get(card.id) ?? 0,
    entries,
  };
}

/** The printed face of a household's active love card, for printing beside its connection card. */
export async function loveCardFace(householdId: number, reader: { actorId: number; ip: string | null }) {
  const card = await activeCardOf(householdId);
  if (!card) return null;
  const view = await cardView(card, reader);
  if (!view) return null;
  return {
    numberText: view.numberText,
    qr: view.qr,
    compoundName: view.household.compoundName,
    address: view.household.address,
  };
}
