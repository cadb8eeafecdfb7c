// 200 sales fired at once at one love card that holds enough for 50: exactly 50 succeed, the other 150 are
// refused for insufficient balance, none fails, and the ledger still sums to zero — within one process (the
// write queue and the conditional UPDATE) and across two processes' connections to one file.
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Database, getDatabase, setDatabase } from "#db/client.server";
import { freshDatabaseFile } from "#tests/setup/db";
import { createCompound, createUser } from "#tests/fixtures/accounts";
import { actorOf, createHousehold } from "#tests/fixtures/roster";
import type { Actor, DutyFacts } from "#app/modules/auth/policy";
import { activeCardOf, issueMissingCards } from "#app/modules/material/cards.server";
import { recordDonation } from "#app/modules/material/fund.server";
import { cardHoldings, checkLedger } from "#app/modules/material/ledger.server";
import { decideGrant, payGrant, proposeGrant } from "#app/modules/material/relief.server";
import { sellOnCard } from "#app/modules/material/till.server";

const execFileAsync = promisify(execFile);
const previous = getDatabase();
const database = new Database({ url: freshDatabaseFile() });
let admin: Actor & DutyFacts;
let organizer: Actor & DutyFacts;
let compoundId: number;

const price = 1_000;

beforeAll(async () => {
  setDatabase(database);
  compoundId = await createCompound();
  admin = { ...actorOf(await createUser({ role: "admin" })), duties: [] };
  organizer = { ...actorOf(await createUser({ role: "organizer", compoundId })), duties: [] };
  await recordDonation(
    admin.id,
    {
      kind: "cash",
      amountFen: 1_000_000,
      method: "cash",
      donorKind: "anonymous",
      donorName: null,
      donorEmail: null,
      donorPhone: null,
      purpose: null,
      locale: "zh-CN",
    },
    null,
  );
});
afterAll(() => {
  setDatabase(previous);
  database.close();
});

/** A household with a card holding exactly `fen`, credited by an approved grant. */
async function fundedCard(fen: number): Promise<{ id: number; number: string }> {
  const householdId = await createHousehold(compoundId, "extreme");
  await issueMissingCards(admin, compoundId, null);
  const card = await activeCardOf(householdId);
  if (!card) throw new Error("no card issued");
  const proposed = await proposeGrant(
    admin,
    {
      householdId,
      reason: "other",
      description: "测试",
      amountFen: fen,
      method: "card",
      helpRequestId: null,
    },
    null,
  );
  if (!proposed.ok) throw new Error(`grant not proposed: ${proposed.error}`);
  await decideGrant(organizer, proposed.grantId, "approve", null, null);
  await payGrant(admin, proposed.grantId, null);
  return card;
}

describe("200 concurrent sales on one card with a balance for 50", () => {
  it("lets exactly 50 through and refuses the rest for insufficient balance, without an error", async () => {
    const card = await fundedCard(50 * price);
    const outcomes = await Promise.allSettled(
      Array.from({ length: 200 }, (_, i) =>
        sellOnCard(admin, card.number, {
          lines: [],
          amountFen: price,
          idempotencyKey: `race-${i}`,
          ip: null,
        }),
      ),
    );
    expect(outcomes.filter((o) => o.status === "rejected")).toEqual([]);
    const values = outcomes.flatMap((o) => (o.status === "fulfilled" ? [o.value] : []));
    expect(values.filter((v) => v.ok)).toHaveLength(50);
    expect(values.filter((v) => !v.ok && v.error === "insufficientBalance")).toHaveLength(150);
    expect((await cardHoldings([card.id])).get(card.id)).toBe(0);
    expect(await checkLedger()).toMatchObject({ ok: true, totalFen: 0 });
  });

  it("charges once when the same sale is retried many times at once", async () => {
    const card = await fundedCard(10 * price);
    const outcomes = await Promise.all(
      Array.from({ length: 20 }, () =>
        sellOnCard(admin, card.number, {
          lines: [],
          amountFen: price,
          idempotencyKey: "double-tap",
          ip: null,
        }),
      ),
    );
    expect(new Set(outcomes.map((o) => (o.ok ? o.movementId : o.error))).size).toBe(1);
    expect((await cardHoldings([card.id])).get(card.id)).toBe(9 * price);
  });

  it("holds when two processes sell on the same card through their own connections", async () => {
    const card = await fundedCard(50 * price);
    const run = (from: number) =>
      execFileAsync(process.execPath, [
        "--import",
        "tsx",
        "tests/support/sale-process.ts",
        database.url,
        String(admin.id),
        card.number,
        String(price),
        String(from),
        "100",
      ]);
    const results = await Promise.all([run(0), run(100)]);
    const tallies = results.map(
      ({ stdout }) => JSON.parse(stdout.trim().split("\n").at(-1) ?? "{}") as Record<string, number>,
    );
    expect(tallies.reduce((s, t) => s + (t.sold ?? 0), 0)).toBe(50);
    expect(tallies.reduce((s, t) => s + (t.refused ?? 0), 0)).toBe(150);
    expect(tallies.reduce((s, t) => s + (t.failed ?? 0), 0)).toBe(0);
    expect(await checkLedger()).toMatchObject({ ok: true, totalFen: 0 });
  }, 120_000);
});
