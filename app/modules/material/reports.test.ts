// The reports against a real database: what households received (card charges, goods free with the card,
// grants in cash; not money put on cards), net of a refund, by compound, level, priority group and month; the
// goods most taken; and the cards holding credit, only within the reader's compounds and each logged as read.
import { and, eq, inArray } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { flushReadLog } from "#app/modules/audit/read-log.server";
import { can, type Actor, type DutyFacts } from "#app/modules/auth/policy";
import { getDatabase, schema } from "#db/client.server";
import { createCompound, createUser } from "#tests/fixtures/accounts";
import { actorOf, createHousehold } from "#tests/fixtures/roster";
import { activeCardOf, issueMissingCards } from "./cards.server";
import { communityClock } from "./clock.server";
import { runMonthlyCredits } from "./credits.server";
import { grantDuty, withDuties } from "./duties.server";
import { recordDonation } from "./fund.server";
import { householdPolicyFacts } from "./households.server";
import { checkLedger } from "./ledger.server";
import { shiftMonth } from "./month";
import { decideGrant, payGrant, proposeGrant } from "./relief.server";
import {
  cardCompoundsOf,
  goodsMostTaken,
  monthlyReport,
  spendingByCompound,
  spendingByLevel,
  spendingByMonth,
  spendingByPriorityGroup,
  unspentCredit,
} from "./reports.server";
import { createItem, stockInPurchase } from "./stock.server";
import { refundSale, sellOnCard } from "./till.server";

let admin: Actor & DutyFacts;
let organizerA: Actor & DutyFacts;
/** An organizer of every compound: the second person who approves the grants. */
let approverAll: Actor & DutyFacts;
let compoundA: number;
let compoundB: number;
let elderlyA: number;
let hardshipA: number;
let zeroB: number;
let month: string;

/** Sets a household's priority groups exactly: `categories` and whether it is a zero-employment family. */
async function setGroups(householdId: number, categories: string[], zeroEmployment: boolean) {
  await getDatabase().write(async (tx) => {
    await tx
      .delete(schema.householdCategories)
      .where(eq(schema.householdCategories.householdId, householdId));
    for (const category of categories)
      await tx
        .insert(schema.householdCategories)
        .values({ householdId, category } as typeof schema.householdCategories.$inferInsert);
    await tx.update(schema.households).set({ zeroEmployment }).where(eq(schema.households.id, householdId));
  });
}

async function cardOf(householdId: number) {
  const card = await activeCardOf(householdId);
  if (!card) throw new Error("no card");
  return card;
}

async function grant(householdId: number, amountFen: number, method: "cash" | "card") {
  const proposed = await proposeGrant(
    admin,
    { householdId, reason: "illness", description: "测试", amountFen, method, helpRequestId: null },
    null,
  );
  if (!proposed.ok) throw new Error(proposed.error);
  await decideGrant(approverAll, proposed.grantId, "approve", null, null);
  const paid = await payGrant(admin, proposed.grantId, null);
  if (!paid.ok) throw new Error(paid.error);
}

let rice: number;
let notebook: number;

beforeAll(async () => {
  month = (await communityClock()).month;
  compoundA = await createCompound("甲小区");
  compoundB = await createCompound("乙小区");
  admin = { ...actorOf(await createUser({ role: "admin" })), duties: [] };
  organizerA = { ...actorOf(await createUser({ role: "organizer", compoundId: compoundA })), duties: [] };
  approverAll = { ...actorOf(await createUser({ role: "organizer", compoundId: null })), duties: [] };
  elderlyA = await createHousehold(compoundA, "extreme");
  hardshipA = await createHousehold(compoundA, "hardship");
  zeroB = await createHousehold(compoundB, "extreme");
  await setGroups(elderlyA, ["elderly_alone", "disabled"], false);
  await setGroups(hardshipA, [], false);
  await setGroups(zeroB, [], true);
  await recordDonation(
    admin.id,
    {
      kind: "cash",
      amountFen: 10_000_000,
      method: "transfer",
      donorKind: "company",
      donorName: "油田公司",
      donorEmail: null,
      donorPhone: null,
      purpose: null,
      locale: "zh-CN",
    },
    null,
  );
  const item = (name: string, priceFen: number, freeWithCard: boolean) =>
    createItem(
      admin.id,
      {
        name,
        unit: "件",
        category: "daily",
        priceFen,
        freeWithCard,
        source: "bought",
        lowStockAt: 1,
      },
      null,
    );
  rice = (await item("大米", 2_500, false)) ?? 0;
  notebook = (await item("作业本", 300, true)) ?? 0;
  for (const itemId of [rice, notebook])
    await stockInPurchase(
      admin.id,
      { itemId, quantity: 100, unitFen: 100, method: "transfer", memo: "进货" },
      null,
    );
  await issueMissingCards(admin, compoundA, null);
  await issueMissingCards(admin, compoundB, null);
  // Money put on cards: not yet received.
  await runMonthlyCredits(admin.id, { month });
  await grant(hardshipA, 20_000, "card");

  // Received: elderlyA buys 2 rice (50 yuan) + 10 yuan and takes 3 notebooks free (9 yuan of goods).
  const elderlyCard = await cardOf(elderlyA);
  const sale = await sellOnCard(admin, elderlyCard.number, {
    lines: [
      { itemId: rice, quantity: 2 },
      { itemId: notebook, quantity: 3 },
    ],
    amountFen: 1_000,
    idempotencyKey: "report-1",
    ip: null,
  });
  if (!sale.ok) throw new Error(sale.error);
  // hardshipA buys 1 rice, then it is refunded the same day: nets to nothing.
  const refunded = await sellOnCard(admin, (await cardOf(hardshipA)).number, {
    lines: [{ itemId: rice, quantity: 1 }],
    amountFen: 0,
    idempotencyKey: "report-2",
    ip: null,
  });
  if (!refunded.ok) throw new Error(refunded.error);
  const refund = await refundSale(admin, refunded.movementId, "退货", null);
  if (!refund.ok) throw new Error(refund.error);
  // zeroB gets a grant in cash: 300 yuan.
  await grant(zeroB, 30_000, "cash");
});

describe("spending", () => {
  it("counts card charges, goods free with the card and cash grants, not money put on cards, net of refunds", async () => {
    const byCompound = await spendingByCompound(month);
    const of = (id: number) => byCompound.find((b) => b.key === String(id));
    expect(of(compoundA)).toEqual({ key: String(compoundA), label: "甲小区", fen: 5_000 + 1_000 + 900 });
    expect(of(compoundB)?.fen).toBe(30_000);
    expect(await spendingByLevel(month)).toEqual([
      { key: "none", fen: 0 },
      { key: "hardship", fen: 0 },
      { key: "extreme", fen: 36_900 },
    ]);
    expect(await spendingByPriorityGroup(month)).toEqual([
      { key: "elderly_alone", fen: 6_900 },
      { key: "serious_illness", fen: 0 },
      { key: "zero_employment", fen: 30_000 },
      { key: "disabled", fen: 6_900 },
    ]);
    const byMonth = await spendingByMonth(month);
    expect(byMonth).toHaveLength(12);
    expect(byMonth.at(-1)).toEqual({ key: month, fen: 36_900 });
    expect(byMonth[0]).toEqual({ key: shiftMonth(month, -11), fen: 0 });
    expect(await spendingByCompound(shiftMonth(month, 1))).toContainEqual({
      key: String(compoundA),
      label: "甲小区",
      fen: 0,
    });
    expect(await checkLedger()).toMatchObject({ ok: true });
  });

  it("lists the goods taken, net of refunds, most first", async () => {
    expect(await goodsMostTaken(month)).toEqual([
      { itemId: notebook, name: "作业本", unit: "件", quantity: 3, valueFen: 900 },
      { itemId: rice, name: "大米", unit: "件", quantity: 2, valueFen: 5_000 },
    ]);
  });
});

describe("households with unspent credit", () => {
  it("shows each reader only the cards of the compounds whose cards they may read, and logs each read", async () => {
    const treasurerUser = await createUser({ role: "volunteer", volunteerTier: 3, compoundId: compoundA });
    await grantDuty(admin, treasurerUser.id, "treasurer", compoundA, null);
    const treasurer = await withDuties(actorOf(treasurerUser));
    const approverUser = await createUser({ role: "volunteer", volunteerTier: 3, compoundId: compoundB });
    await grantDuty(admin, approverUser.id, "approver", compoundB, null);
    const approver = await withDuties(actorOf(approverUser));

    const everyone = await unspentCredit(admin, 1);
    const cards = await Promise.all([elderlyA, hardshipA, zeroB].map(cardOf));
    expect(new Set(everyone.map((c) => c.cardId))).toEqual(new Set(cards.map((c) => c.id)));
    // Most first: hardshipA holds its credit and the card grant.
    expect(everyone[0]?.cardId).toBe(cards[1]?.id);
    expect(everyone.map((c) => c.holdingFen)).toEqual(
      [...everyone.map((c) => c.holdingFen)].sort((a, b) => b - a),
    );

    const seenByTreasurer = await unspentCredit(treasurer, 1);
    expect(seenByTreasurer.map((c) => c.cardId).sort()).toEqual([cards[0]?.id, cards[1]?.id].sort());
    expect(await unspentCredit(organizerA, 1)).toEqual(seenByTreasurer);
    expect(await unspentCredit(approver, 1)).toEqual([]);
    expect(cardCompoundsOf(approver)).toEqual([]);

    // The same rule as the policy's card.read, household by household.
    for (const reader of [admin, organizerA, treasurer, approver]) {
      const shown = new Set((await unspentCredit(reader, 1)).map((c) => c.cardId));
      for (const [i, householdId] of [elderlyA, hardshipA, zeroB].entries()) {
        const facts = await householdPolicyFacts(householdId);
        if (!facts) throw new Error("no facts");
        expect(shown.has(cards[i]?.id ?? 0)).toBe(
          can(reader, "card.read", { ...facts, duties: reader.duties }),
        );
      }
    }

    // A threshold leaves out cards holding less.
    const big = await unspentCredit(admin, 20_000);
    expect(big.every((c) => c.holdingFen >= 20_000)).toBe(true);

    await flushReadLog();
    const logged = await getDatabase()
      .db.select({ targetId: schema.auditLog.targetId, details: schema.auditLog.details })
      .from(schema.auditLog)
      .where(
        and(
          eq(schema.auditLog.actorId, treasurerUser.id),
          inArray(schema.auditLog.action, ["household.listed", "household.viewed"]),
        ),
      );
    expect(logged.map((l) => l.targetId).sort()).toEqual([String(elderlyA), String(hardshipA)].sort());
    expect(logged.every((l) => JSON.stringify(l.details).includes("material.report.unspent"))).toBe(true);
  });

  it("gathers the whole month's report for a reader", async () => {
    const report = await monthlyReport(admin, month);
    expect(report.month).toBe(month);
    expect(report.minFen).toBeGreaterThan(0);
    expect(report.goods).toHaveLength(2);
    expect(report.unspent.every((c) => c.holdingFen >= report.minFen)).toBe(true);
  });
});
