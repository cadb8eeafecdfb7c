// The help fund (帮扶基金): donations of money or goods (募捐) with their numbered receipt and thank-you,
// operating income (经营), the fund's balances, any movement with its entries, and its reversal.
import { and, desc, eq, gte, lt, sql } from "drizzle-orm";
import { getDatabase, schema } from "#db/client.server";
import { enqueueEmail } from "#app/modules/notifications/outbox.server";
import type { Locale } from "#app/modules/i18n/i18n";
import { communityClock } from "./clock.server";
import {
  OutOfStockError,
  postMovement,
  reverseMovement,
  type EntryInput,
  type PostedMovement,
  type ReverseOutcome,
} from "./ledger.server";
import type { DonorKind } from "./codes";

export interface DonorInput {
  donorKind: DonorKind;
  donorName: string | null;
  donorEmail: string | null;
  donorPhone: string | null;
  purpose: string | null;
  locale: Locale;
}

export type DonationInput = DonorInput &
  (
    | { kind: "cash"; amountFen: number; method: "cash" | "transfer" }
    | { kind: "goods"; items: { itemId: number; quantity: number; unitValueFen: number }[] }
  );

/** Records a donation and its receipt number; a donor with an email is thanked. */
export async function recordDonation(
  actorId: number,
  input: DonationInput,
  ip: string | null,
): Promise<PostedMovement | null> {
  const clock = await communityClock();
  const anonymous = input.donorKind === "anonymous";
  const donor = {
    donorKind: input.donorKind,
    donorName: anonymous ? null : input.donorName,
    donorEmail: anonymous ? null : input.donorEmail,
    donorPhone: anonymous ? null : input.donorPhone,
    purpose: input.purpose,
    thankYouLocale: input.locale,
  };
  const value =
    input.kind === "cash"
      ? input.amountFen
      : input.items.reduce((s, i) => s + i.quantity * i.unitValueFen, 0);
  const entries: EntryInput[] =
    input.kind === "cash"
      ? [
          { account: input.method === "cash" ? "cash" : "bank", amountFen: value },
          { account: "donations_cash", amountFen: -value },
        ]
      : value > 0
        ? [
            { account: "stock", amountFen: value },
            { account: "donations_goods", amountFen: -value },
          ]
        : [];
  // Goods of an item that is not in the catalog roll the whole donation back: null, for the form to say so.
  return getDatabase()
    .write(async (tx) => {
      const posted = await postMovement(tx, {
        kind: input.kind === "cash" ? "donation_cash" : "donation_goods",
        actorId,
        at: clock.at,
        day: clock.day,
        series: "donation",
        memo: input.purpose,
        method: input.kind === "cash" ? input.method : null,
        totalFen: value,
        entries,
        stock:
          input.kind === "goods"
            ? input.items.map((i) => ({ itemId: i.itemId, quantity: i.quantity, unitFen: i.unitValueFen }))
            : [],
        ip,
        auditDetails: { donorKind: input.donorKind },
      });
      if (!posted) throw new Error("donation not posted");
      await tx.insert(schema.materialDonations).values({ movementId: posted.id, ...donor });
      if (donor.donorEmail)
        await enqueueEmail(tx, {
          to: donor.donorEmail,
          template: "material.thankYou",
          data: {
            name: donor.donorName ?? "",
            receiptNo: posted.documentNo,
            kind: input.kind,
            valueFen: value,
            purpose: input.purpose,
          },
          locale: input.locale,
          key: `material:thanks:${posted.id}`,
        });
      return posted;
    })
    .catch((error: unknown) => {
      if (error instanceof OutOfStockError) return null;
      throw error;
    });
}

/** Other operating income (经营) taken in cash or by transfer. */
export async function recordOperatingIncome(
  actorId: number,
  input: { amountFen: number; method: "cash" | "transfer"; memo: string },
  ip: string | null,
): Promise<PostedMovement> {
  const clock = await communityClock();
  const posted = await getDatabase().write((tx) =>
    postMovement(tx, {
      kind: "operating_income",
      actorId,
      at: clock.at,
      day: clock.day,
      series: "other",
      memo: input.memo,
      method: input.method,
      totalFen: input.amountFen,
      entries: [
        { account: input.method === "cash" ? "cash" : "bank", amountFen: input.amountFen },
        { account: "operating_income", amountFen: -input.amountFen },
      ],
      ip,
    }),
  );
  if (!posted) throw new Error("income not posted");
  return posted;
}

export interface DonationView {
  movementId: number;
  receiptNo: string;
  kind: "cash" | "goods";
  at: Date;
  valueFen: number;
  method: string | null;
  donorKind: DonorKind;
  donorName: string | null;
  donorEmail: string | null;
  donorPhone: string | null;
  purpose: string | null;
  recordedBy: string | null;
  reversed: boolean;
  items: { name: string; unit: string; quantity: number; unitValueFen: number }[];
}

const donationColumns = {
  movementId: schema.materialMovements.id,
  receiptNo: schema.materialMovements.documentNo,
  movementKind: schema.materialMovements.kind,
  at: schema.materialMovements.at,
  valueFen: schema.materialMovements.totalFen,
  method: schema.materialMovements.method,
  donorKind: schema.materialDonations.donorKind,
  donorName: schema.materialDonations.donorName,
  donorEmail: schema.materialDonations.donorEmail,
  donorPhone: schema.materialDonations.donorPhone,
  purpose: schema.materialDonations.purpose,
  recordedBy: schema.users.name,
  reversed: sql<number>`EXISTS (SELECT 1 FROM material_movements r WHERE r.reverses_id = ${schema.materialMovements.id})`,
};

export async function getDonation(movementId: number): Promise<DonationView | null> {
  const [row] = await getDatabase()
    .db.select(donationColumns)
    .from(schema.materialDonations)
    .innerJoin(schema.materialMovements, eq(schema.materialMovements.id, schema.materialDonations.movementId))
    .leftJoin(schema.users, eq(schema.users.id, schema.materialMovements.actorId))
    .where(eq(schema.materialDonations.movementId, movementId));
  if (!row) return null;
  const items = await getDatabase()
    .db.select({
      name: schema.materialItems.name,
      unit: schema.materialItems.unit,
      quantity: schema.materialStockMoves.quantity,
      unitValueFen: schema.materialStockMoves.unitFen,
    })
    .from(schema.materialStockMoves)
    .innerJoin(schema.materialItems, eq(schema.materialItems.id, schema.materialStockMoves.itemId))
    .where(eq(schema.materialStockMoves.movementId, movementId));
  const { movementKind, reversed, ...rest } = row;
  return {
    ...rest,
    kind: movementKind === "donation_goods" ? "goods" : "cash",
    reversed: Boolean(reversed),
    items,
  };
}

export const donationsPageSize = 30;

export async function listDonations(page = 1) {
  const rows = await getDatabase()
    .db.select(donationColumns)
    .from(schema.materialDonations)
    .innerJoin(schema.materialMovements, eq(schema.materialMovements.id, schema.materialDonations.movementId))
    .leftJoin(schema.users, eq(schema.users.id, schema.materialMovements.actorId))
    .orderBy(desc(schema.materialMovements.id))
    .limit(donationsPageSize + 1)
    .offset((page - 1) * donationsPageSize);
  return {
    rows: rows.slice(0, donationsPageSize).map(({ movementKind, reversed, ...r }) => ({
      ...r,
      kind: movementKind === "donation_goods" ? ("goods" as const) : ("cash" as const),
      reversed: Boolean(reversed),
    })),
    hasMore: rows.length > donationsPageSize,
  };
}

export interface MovementView {
  id: number;
  kind: string;
  documentNo: string;
  at: Date;
  day: string;
  memo: string | null;
  totalFen: number;
  method: string | null;
  actorName: string | null;
  reversesId: number | null;
  reversedBy: { id: number; documentNo: string } | null;
  entries: { account: string; cardId: number | null; amountFen: number }[];
}

/** One movement with its entries, for the ledger's page. */
export async function getMovement(id: number): Promise<MovementView | null> {
  const m = schema.materialMovements;
  const [row] = await getDatabase()
    .db.select({
      id: m.id,
      kind: m.kind,
      documentNo: m.documentNo,
      at: m.at,
      day: m.day,
      memo: m.memo,
      totalFen: m.totalFen,
      method: m.method,
      actorName: schema.users.name,
      reversesId: m.reversesId,
    })
    .from(m)
    .leftJoin(schema.users, eq(schema.users.id, m.actorId))
    .where(eq(m.id, id));
  if (!row) return null;
  const [entries, [reversedBy]] = await Promise.all([
    getDatabase()
      .db.select({
        account: schema.materialAccounts.kind,
        cardId: schema.materialAccounts.cardId,
        amountFen: schema.materialEntries.amountFen,
      })
      .from(schema.materialEntries)
      .innerJoin(schema.materialAccounts, eq(schema.materialAccounts.id, schema.materialEntries.accountId))
      .where(eq(schema.materialEntries.movementId, id)),
    getDatabase().db.select({ id: m.id, documentNo: m.documentNo }).from(m).where(eq(m.reversesId, id)),
  ]);
  return { ...row, entries, reversedBy: reversedBy ?? null };
}

export const journalPageSize = 50;

/** The ledger's movements of a month, newest first. */
export async function journal(from: string, to: string, page = 1) {
  const m = schema.materialMovements;
  const rows = await getDatabase()
    .db.select({
      id: m.id,
      kind: m.kind,
      documentNo: m.documentNo,
      at: m.at,
      memo: m.memo,
      totalFen: m.totalFen,
      actorName: schema.users.name,
    })
    .from(m)
    .leftJoin(schema.users, eq(schema.users.id, m.actorId))
    .where(and(gte(m.day, from), lt(m.day, to), sql`${m.kind} <> 'card_credit'`))
    .orderBy(desc(m.id))
    .limit(journalPageSize + 1)
    .offset((page - 1) * journalPageSize);
  return { rows: rows.slice(0, journalPageSize), hasMore: rows.length > journalPageSize };
}

/** Kinds a treasurer may reverse from the ledger page; sales are refunded at the till, credits stand. */
const reversibleKinds = [
  "donation_cash",
  "donation_goods",
  "operating_income",
  "stock_purchase",
  "stocktake",
  "grant",
];

export async function reverseFromLedger(
  actorId: number,
  id: number,
  memo: string,
  ip: string | null,
): Promise<ReverseOutcome | { ok: false; error: "notReversible" }> {
  const [row] = await getDatabase()
    .db.select({ kind: schema.materialMovements.kind })
    .from(schema.materialMovements)
    .where(eq(schema.materialMovements.id, id));
  if (!row) return { ok: false, error: "notFound" };
  if (!reversibleKinds.includes(row.kind)) return { ok: false, error: "notReversible" };
  const clock = await communityClock();
  return getDatabase().write((tx) =>
    reverseMovement(tx, id, { actorId, at: clock.at, day: clock.day, memo, ip }),
  );
}
