import { flushReadLog } from "#app/modules/audit/read-log.server";
import { and, eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDatabase, schema } from "#db/client.server";
import { createCompound, createUser } from "#tests/fixtures/accounts";
import { actorOf, createHousehold } from "#tests/fixtures/roster";
import type { Actor, DutyFacts } from "#app/modules/auth/policy";
import { activeCardOf, blockAndReissue, issueMissingCards } from "./cards.server";
import { cardNumberFrom, newCardNumber } from "./card-number";
import { runMonthlyCredits, startCreditRun } from "./credits.server";
import { grantDuty, withDuties } from "./duties.server";
import { getMovement, recordDonation } from "./fund.server";
import { cardHoldings, checkLedger, postMovement } from "./ledger.server";
import { formatFen, parseYuan } from "./money";
import { decideGrant, payGrant, proposeGrant } from "./relief.server";
import { monthlyStatement } from "./statement.server";
import { cashUp, lookUpCard, refundSale, sellOnCard } from "./till.server";
import { communityClock } from "./clock.server";
import { saveChannelChoice } from "#app/modules/notifications/preferences.server";
import { createItem, getItem, stockInPurchase, updateItem } from "./stock.server";

let compoundId: number;
let admin: Actor & DutyFacts;
let organizer: Actor & DutyFacts;
let extremeId: number;
let hardshipId: number;
let noneId: number;

beforeAll(async () => {
  compoundId = await createCompound();
  admin = { ...actorOf(await createUser({ role: "admin" })), duties: [] };
  organizer = { ...actorOf(await createUser({ role: "organizer", compoundId })), duties: [] };
  extremeId = await createHousehold(compoundId, "extreme");
  hardshipId = await createHousehold(compoundId, "hardship");
  noneId = await createHousehold(compoundId, "none");
  await recordDonation(
    admin.id,
    {
      kind: "cash",
      amountFen: 500_000,
      method: "transfer",
      donorKind: "company",
      donorName: "油田公司",
      donorEmail: "gift@example.org",
      donorPhone: null,
      purpose: null,
      locale: "en",
    },
    null,
  );
});

describe("money", () => {
  it("reads yuan as typed into whole fen and shows fen as CNY", () => {
    expect(parseYuan("12.5")).toBe(1250);
    expect(parseYuan("¥1,000.05")).toBe(100005);
    expect(parseYuan("0.1")).toBe(10);
    expect(parseYuan("1.234")).toBeNull();
    expect(parseYuan("-3")).toBeNull();
    expect(formatFen(123450, "zh-CN")).toBe("¥1,234.50");
  });

  it("shows nothing owed as ¥0.00 whatever its sign (Node wrote −0 as -¥0.00, the browser as ¥0.00)", () => {
    expect(formatFen(-0, "zh-CN")).toBe("¥0.00");
    expect(formatFen(-0, "en")).toBe(formatFen(0, "en"));
  });
});

describe("love cards", () => {
  it("issues one card to each household in a hardship ledger, and none twice", async () => {
    expect(await issueMissingCards(organizer, compoundId, null)).toBe(2);
    expect(await issueMissingCards(organizer, compoundId, null)).toBe(0);
    expect(await activeCardOf(noneId)).toBeNull();
    expect(await activeCardOf(extremeId)).not.toBeNull();
  });

  it("reads a card's number from its QR link or as typed, and refuses a mistyped one", () => {
    const number = newCardNumber();
    expect(cardNumberFrom(`https://x.test/till?card=${number}`)).toBe(number);
    expect(cardNumberFrom(number.replace(/(\d{4})/g, "$1 "))).toBe(number);
    const wrong = number.slice(0, 11) + String((Number(number[11]) + 1) % 10);
    expect(cardNumberFrom(wrong)).toBeNull();
  });
});

describe("the monthly credit run", () => {
  it("credits each card once per month by level and priority group, however often it starts", async () => {
    const first = await runMonthlyCredits(admin.id, { month: "2030-01" });
    expect(first.credited).toBe(2);
    const again = await runMonthlyCredits(admin.id, { month: "2030-01" });
    expect(again).toMatchObject({ credited: 0, alreadyCredited: 2 });
    const card = await activeCardOf(hardshipId);
    if (!card) throw new Error("no card");
    const holding = (await cardHoldings([card.id])).get(card.id) ?? 0;
    expect(holding).toBeGreaterThanOrEqual(5000);
    expect(holding).toBeLessThanOrEqual(15000);
    expect(await checkLedger()).toMatchObject({ ok: true });
  });

  it("finishes a run that crashed halfway without crediting anyone twice", async () => {
    const database = getDatabase();
    const write = database.write.bind(database);
    let calls = 0;
    database.write = ((fn) =>
      ++calls === 2 ? Promise.reject(new Error("crash")) : write(fn)) as typeof database.write;
    await expect(runMonthlyCredits(admin.id, { month: "2030-02", batchSize: 1 })).rejects.toThrow("crash");
    database.write = write;
    const partial = await getDatabase()
      .db.select()
      .from(schema.materialMovements)
      .where(eq(schema.materialMovements.memo, "2030-02"));
    expect(partial).toHaveLength(1);
    const resumed = await runMonthlyCredits(admin.id, { month: "2030-02", batchSize: 1 });
    expect(resumed).toMatchObject({ credited: 1, alreadyCredited: 1 });
    expect(await checkLedger()).toMatchObject({ ok: true });
  });
});

describe("the till", () => {
  it("shows a cashier only the masked name and balance, and only for their compound", async () => {
    const cashierUser = await createUser({ role: "volunteer", volunteerTier: 4, compoundId });
    await grantDuty(admin, cashierUser.id, "cashier", compoundId, null);
    const cashier = await withDuties(actorOf(cashierUser));
    const card = await activeCardOf(extremeId);
    if (!card) throw new Error("no card");
    const seen = await lookUpCard(cashier, card.number, null);
    expect(seen.ok && seen.value.maskedName).toMatch(/^.\*+$/);
    const elsewhere = await withDuties(actorOf(await createUser({ role: "volunteer", volunteerTier: 4 })));
    expect(await lookUpCard(elsewhere, card.number, null)).toEqual({ ok: false, error: "forbidden" });
    await flushReadLog();
    const audited = await getDatabase()
      .db.select()
      .from(schema.auditLog)
      .where(
        and(eq(schema.auditLog.actorId, cashierUser.id), eq(schema.auditLog.action, "household.listed")),
      );
    expect(audited.map((a) => [a.targetId, a.details])).toEqual([
      [String(extremeId), { via: "material.till" }],
    ]);
  });

  it("lets the cashier refund their own sale on the day, and not someone else's", async () => {
    const cashierUser = await createUser({ role: "volunteer", volunteerTier: 4, compoundId });
    await grantDuty(admin, cashierUser.id, "cashier", compoundId, null);
    const cashier = await withDuties(actorOf(cashierUser));
    const card = await activeCardOf(extremeId);
    if (!card) throw new Error("no card");
    const before = (await cardHoldings([card.id])).get(card.id) ?? 0;
    const sale = await sellOnCard(cashier, card.number, {
      lines: [],
      amountFen: 100,
      idempotencyKey: "k1",
      ip: null,
    });
    if (!sale.ok) throw new Error(sale.error);
    const other = await sellOnCard(admin, card.number, {
      lines: [],
      amountFen: 100,
      idempotencyKey: "k1",
      ip: null,
    });
    if (!other.ok) throw new Error(other.error);
    expect(await refundSale(cashier, other.movementId, "错", null)).toEqual({
      ok: false,
      error: "forbidden",
    });
    expect((await refundSale(cashier, sale.movementId, "退货", null)).ok).toBe(true);
    expect(await refundSale(cashier, sale.movementId, "退货", null)).toEqual({
      ok: false,
      error: "alreadyReversed",
    });
    expect((await cardHoldings([card.id])).get(card.id)).toBe(before - 100);
    // The cash-up marks the refunded sale as refunded, and the other one not.
    const day = (await communityClock()).day;
    const up = await cashUp(cashierUser.id, day, cashierUser.id);
    const marks = up?.movements.filter((m) => m.kind === "card_sale").map((m) => [m.id, m.reversed]);
    expect(marks).toEqual([[sale.movementId, true]]);
  });

  it("blocks a lost card and reissues it with its balance; the old card no longer sells", async () => {
    const card = await activeCardOf(hardshipId);
    if (!card) throw new Error("no card");
    const holding = (await cardHoldings([card.id])).get(card.id) ?? 0;
    const outcome = await blockAndReissue(organizer, card.id, "遗失", null);
    if (!outcome.ok) throw new Error(outcome.error);
    expect((await cardHoldings([outcome.cardId])).get(outcome.cardId)).toBe(holding);
    expect((await cardHoldings([card.id])).get(card.id)).toBe(0);
    const old = await sellOnCard(admin, card.number, {
      lines: [],
      amountFen: 1,
      idempotencyKey: "lost",
      ip: null,
    });
    expect(old).toEqual({ ok: false, error: "cardBlocked" });
    expect(await checkLedger()).toMatchObject({ ok: true });
  });
});

describe("relief grants", () => {
  it("needs a second person to approve, and keeps each role under its ceiling", async () => {
    const volunteer = {
      ...actorOf(await createUser({ role: "volunteer", volunteerTier: 3, compoundId })),
      duties: [],
    };
    // A volunteer not paired with the household may not propose for it.
    const refused = await proposeGrant(
      volunteer,
      {
        householdId: extremeId,
        reason: "illness",
        description: "住院",
        amountFen: 1000,
        method: "cash",
        helpRequestId: null,
      },
      null,
    );
    expect(refused).toEqual({ ok: false, error: "forbidden" });
    const tooMuch = await proposeGrant(
      organizer,
      {
        householdId: extremeId,
        reason: "illness",
        description: "住院",
        amountFen: 300_001,
        method: "cash",
        helpRequestId: null,
      },
      null,
    );
    expect(tooMuch).toMatchObject({ ok: false, error: "overCeiling", ceilingFen: 300_000 });
    const proposed = await proposeGrant(
      organizer,
      {
        householdId: extremeId,
        reason: "death",
        description: "丧事",
        amountFen: 80_000,
        method: "cash",
        helpRequestId: null,
      },
      null,
    );
    if (!proposed.ok) throw new Error(proposed.error);
    expect(await payGrant(admin, proposed.grantId, null)).toEqual({ ok: false, error: "notApproved" });
    expect(await decideGrant(organizer, proposed.grantId, "approve", null, null)).toEqual({
      ok: false,
      error: "forbidden",
    });
    expect(await decideGrant(admin, proposed.grantId, "approve", "同意", null)).toEqual({ ok: true });
    const paid = await payGrant(admin, proposed.grantId, null);
    expect(paid).toMatchObject({ ok: true, voucherNo: expect.stringMatching(/^FK\d{4}-\d{6}$/) });
    expect(await payGrant(admin, proposed.grantId, null)).toEqual({ ok: false, error: "notApproved" });
  });
});

describe("the monthly statement", () => {
  it("closes at its opening plus income less spending, and at what the fund holds", async () => {
    const month = new Date().toISOString().slice(0, 7);
    const s = await monthlyStatement(month);
    expect(s.closingFen).toBe(s.openingFen + s.incomeFen - s.spendingFen);
    expect(s.closingFen).toBe(
      s.closingBy.cash + s.closingBy.bank + s.closingBy.stock - s.closingBy.cardsHold,
    );
    expect(s.income.find((i) => i.account === "donations_cash")?.fen).toBeGreaterThanOrEqual(500_000);
    // An account with nothing this month is 0, not −0 (which the page showed as "-¥0.00").
    for (const line of [...s.income, ...s.spending]) expect(Object.is(line.fen, -0)).toBe(false);
  });

  it("adds up while money moves: read beside a stream of donations, every statement closes", async () => {
    const month = new Date().toISOString().slice(0, 7);
    const donations = Array.from({ length: 30 }, (_, i) =>
      recordDonation(
        admin.id,
        {
          kind: "cash",
          amountFen: 100 + i,
          method: "cash",
          donorKind: "anonymous",
          donorName: null,
          donorEmail: null,
          donorPhone: null,
          purpose: null,
          locale: "zh-CN",
        },
        null,
      ),
    );
    const statements = Array.from({ length: 30 }, () => monthlyStatement(month));
    const [, read] = await Promise.all([Promise.all(donations), Promise.all(statements)]);
    for (const s of read) expect(s.closingFen).toBe(s.openingFen + s.incomeFen - s.spendingFen);
  });
});

describe("where a treasurer, a proposer or a cashier could reach too far", () => {
  it("runs credits only for the current month, and only for those allowed to start the run", async () => {
    const { month } = await communityClock();
    const treasurer = await withDuties(actorOf(await createUser({ role: "volunteer", volunteerTier: 4 })));
    expect(await startCreditRun(treasurer, month, null)).toEqual({ ok: false, error: "forbidden" });
    const card = await activeCardOf(extremeId);
    if (!card) throw new Error("no card");
    const before = (await cardHoldings([card.id])).get(card.id);
    for (const other of ["2099-12", "1970-01"])
      expect(await startCreditRun(admin, other, null)).toEqual({ ok: false, error: "notThisMonth" });
    expect((await cardHoldings([card.id])).get(card.id)).toBe(before);
    const started = await startCreditRun(admin, month, null);
    expect(started.ok).toBe(true);
  });

  it("refuses a grant that names another household's help request", async () => {
    const other = await createHousehold(compoundId, "hardship");
    const [request] = await getDatabase()
      .db.insert(schema.helpRequests)
      .values({
        householdId: other,
        compoundId,
        channel: "phone",
        kind: "medical",
        description: "住院",
        contactMethod: "app",
        acknowledgeBy: new Date(Date.now() + 86_400_000),
        createdAt: new Date(),
        updatedAt: new Date(),
      })
      .returning({ id: schema.helpRequests.id });
    const proposal = {
      reason: "illness" as const,
      description: "借用",
      amountFen: 1000,
      method: "cash" as const,
      helpRequestId: request?.id ?? 0,
    };
    expect(await proposeGrant(organizer, { ...proposal, householdId: extremeId }, null)).toEqual({
      ok: false,
      error: "notFound",
    });
    expect(
      await proposeGrant(organizer, { ...proposal, householdId: extremeId, helpRequestId: 999_999 }, null),
    ).toEqual({ ok: false, error: "notFound" });
    expect((await proposeGrant(organizer, { ...proposal, householdId: other }, null)).ok).toBe(true);
  });

  it("keeps a paid grant's reason off the fund's journal, which every fund reader sees", async () => {
    const proposed = await proposeGrant(
      organizer,
      {
        householdId: extremeId,
        reason: "illness",
        description: "癌症化疗",
        amountFen: 5_000,
        method: "cash",
        helpRequestId: null,
      },
      null,
    );
    if (!proposed.ok) throw new Error(proposed.error);
    expect((await decideGrant(admin, proposed.grantId, "approve", null, null)).ok).toBe(true);
    expect((await payGrant(admin, proposed.grantId, null)).ok).toBe(true);
    const [grant] = await getDatabase()
      .db.select({ movementId: schema.materialGrants.movementId })
      .from(schema.materialGrants)
      .where(eq(schema.materialGrants.id, proposed.grantId));
    const movement = await getMovement(grant?.movementId ?? 0);
    expect(movement?.kind).toBe("grant");
    expect(movement?.memo).toBeNull();
  });

  it("sends a refund on a card reissued since the sale to the household's new card", async () => {
    const household = await createHousehold(compoundId, "extreme");
    await issueMissingCards(admin, compoundId, null);
    await runMonthlyCredits(admin.id, { month: "2031-03" });
    const card = await activeCardOf(household);
    if (!card) throw new Error("no card");
    const sale = await sellOnCard(admin, card.number, {
      lines: [],
      amountFen: 500,
      idempotencyKey: "before-loss",
      ip: null,
    });
    if (!sale.ok) throw new Error(sale.error);
    const reissued = await blockAndReissue(organizer, card.id, "遗失", null);
    if (!reissued.ok) throw new Error(reissued.error);
    const moved = (await cardHoldings([reissued.cardId])).get(reissued.cardId) ?? 0;
    expect((await refundSale(admin, sale.movementId, "退货", null)).ok).toBe(true);
    expect((await cardHoldings([card.id])).get(card.id)).toBe(0);
    expect((await cardHoldings([reissued.cardId])).get(reissued.cardId)).toBe(moved + 500);
    expect(await checkLedger()).toMatchObject({ ok: true });
  });

  it("shows a cash-up only for someone who sells at the till", async () => {
    const { day } = await communityClock();
    const stranger = await createUser({ role: "volunteer", volunteerTier: 4, compoundId });
    expect(await cashUp(stranger.id, day, admin.id)).toBeNull();
    expect(await cashUp(stranger.id, day, stranger.id)).not.toBeNull();
    expect(await cashUp(admin.id, day, organizer.id)).not.toBeNull();
  });

  it("refuses a donation of goods not in the catalog, and writes nothing", async () => {
    const movements = async () =>
      (await getDatabase().db.select({ id: schema.materialMovements.id }).from(schema.materialMovements))
        .length;
    const before = await movements();
    const refused = await recordDonation(
      admin.id,
      {
        kind: "goods",
        items: [{ itemId: 999_999, quantity: 1, unitValueFen: 100 }],
        donorKind: "anonymous",
        donorName: null,
        donorEmail: null,
        donorPhone: null,
        purpose: null,
        locale: "zh-CN",
      },
      null,
    );
    expect(refused).toBeNull();
    expect(await movements()).toBe(before);
  });

  it("opens at what came before the month and closes without what came after, as the whole ledger says", async () => {
    const month = "2031-06";
    const donate = (day: string, fen: number) =>
      getDatabase().write((tx) =>
        postMovement(tx, {
          kind: "donation_cash",
          actorId: admin.id,
          at: new Date(`${day}T04:00:00Z`),
          day,
          series: "other",
          method: "cash",
          totalFen: fen,
          entries: [
            { account: "cash", amountFen: fen },
            { account: "donations_cash", amountFen: -fen },
          ],
        }),
      );
    await donate("2031-05-31", 1_000);
    await donate("2031-06-15", 2_000);
    await donate("2031-07-01", 4_000);
    // The same figures from every entry of the ledger, as the statement once read them.
    const netBefore = async (to: string) => {
      const [row] = await getDatabase().db.all<{ fen: number }>(sql`
        SELECT coalesce(sum(e.amount_fen), 0) AS fen FROM material_entries e
        JOIN material_movements m ON m.id = e.movement_id JOIN material_accounts a ON a.id = e.account_id
        WHERE m.day < ${to} AND a.kind IN ('cash', 'bank', 'stock', 'card')`);
      return Number(row?.fen ?? 0);
    };
    const s = await monthlyStatement(month);
    expect(s.openingFen).toBe(await netBefore("2031-06-01"));
    expect(s.closingFen).toBe(await netBefore("2031-07-01"));
    expect(s.incomeFen).toBe(2_000);
    expect(s.closingFen).toBe(s.openingFen + s.incomeFen - s.spendingFen);
    const july = await monthlyStatement("2031-07");
    expect(july.openingFen).toBe(s.closingFen);
    expect(july.closingFen).toBe(s.closingFen + 4_000);
  });
});

describe("the supermarket's catalog", () => {
  it("changes an item's price from the next sale on, and stops selling it when told", async () => {
    const card = await activeCardOf(extremeId);
    if (!card) throw new Error("no card");
    const input = {
      name: `毛巾 ${Date.now()}`,
      unit: "条",
      category: "daily" as const,
      priceFen: 500,
      freeWithCard: false,
      source: "bought" as const,
      lowStockAt: 1,
    };
    const id = await createItem(admin.id, input, null);
    if (id === null) throw new Error("item not created");
    const otherId = await createItem(admin.id, { ...input, name: `${input.name} 大` }, null);
    expect(await updateItem(admin.id, id, { ...input, name: `${input.name} 大`, active: true }, null)).toBe(
      "nameTaken",
    );
    expect(otherId).not.toBeNull();
    expect(
      await updateItem(admin.id, 999_999, { ...input, name: `${input.name} 无`, active: true }, null),
    ).toBe("notFound");
    expect(
      await stockInPurchase(
        admin.id,
        { itemId: id, quantity: 5, unitFen: 500, method: "cash", memo: "进货" },
        null,
      ),
    ).not.toBeNull();
    expect(await updateItem(admin.id, id, { ...input, priceFen: 800, active: true }, null)).toBe("ok");
    const sold = await sellOnCard(admin, card.number, {
      lines: [{ itemId: id, quantity: 1 }],
      amountFen: 0,
      idempotencyKey: `new-price-${id}`,
      ip: null,
    });
    if (!sold.ok) throw new Error(sold.error);
    const [line] = await getDatabase()
      .db.select({ unitFen: schema.materialSaleLines.unitFen })
      .from(schema.materialSaleLines)
      .where(eq(schema.materialSaleLines.movementId, sold.movementId));
    expect(line?.unitFen).toBe(800);
    expect(await updateItem(admin.id, id, { ...input, priceFen: 800, active: false }, null)).toBe("ok");
    expect(await getItem(id)).toMatchObject({ priceFen: 800, active: false, stock: 4 });
    const refused = await sellOnCard(admin, card.number, {
      lines: [{ itemId: id, quantity: 1 }],
      amountFen: 0,
      idempotencyKey: `inactive-${id}`,
      ip: null,
    });
    expect(refused).toMatchObject({ ok: false, error: "itemNotFound" });
  });
});

describe("a credit told by text", () => {
  it("texts the resident who chose texts for love card credits", async () => {
    const household = await createHousehold(compoundId, "extreme");
    await issueMissingCards(admin, compoundId, null);
    const resident = await createUser({ role: "resident", compoundId });
    await getDatabase().writeAtomic((d) =>
      d.batch([
        d
          .update(schema.householdMembers)
          .set({ userId: resident.id })
          .where(
            and(
              eq(schema.householdMembers.householdId, household),
              eq(schema.householdMembers.relation, "head"),
            ),
          ),
        d.update(schema.users).set({ phone: "13600002222" }).where(eq(schema.users.id, resident.id)),
      ]),
    );
    await saveChannelChoice(resident.id, { lovecard: ["email", "sms"] });
    await runMonthlyCredits(admin.id, { month: "2032-05" });
    const texts = await getDatabase()
      .db.select()
      .from(schema.emailOutbox)
      .where(and(eq(schema.emailOutbox.channel, "sms"), eq(schema.emailOutbox.userId, resident.id)));
    expect(texts).toMatchObject([
      { to: "+8613600002222", template: "loveCardCredit", data: { month: "2032-05" } },
    ]);
    const [home] = await getDatabase()
      .db.select({ compoundId: schema.households.compoundId })
      .from(schema.households)
      .where(eq(schema.households.id, household));
    expect(texts[0]?.compoundId).toBe(home?.compoundId);
  });
});
