import { count, countDistinct, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDatabase, schema, setDatabase } from "#db/client.server";
import { checkLedger } from "#app/modules/material/ledger.server";
import { testDatabase } from "#tests/setup/db";
import { demoAccounts, seedDemoIfEmpty } from "./demo";

describe("the demo community", () => {
  it("is seeded into an empty database once, and never again", async () => {
    const database = testDatabase();
    const first = await seedDemoIfEmpty(database);
    expect(first).toEqual({ households: 300, users: 60 + demoAccounts.length });
    expect(await seedDemoIfEmpty(database)).toBeNull();
    const [households] = await database.db.select({ n: count() }).from(schema.households);
    const [users] = await database.db.select({ n: count() }).from(schema.users);
    expect(households?.n).toBe(300);
    expect(users?.n).toBe(60 + demoAccounts.length);
  });

  it("makes the demo resident the head of a seeded hardship household", async () => {
    const database = testDatabase();
    await seedDemoIfEmpty(database);
    const rows = await database.db
      .select({ relation: schema.householdMembers.relation, level: schema.households.hardshipLevel })
      .from(schema.users)
      .innerJoin(schema.householdMembers, eq(schema.householdMembers.userId, schema.users.id))
      .innerJoin(schema.households, eq(schema.households.id, schema.householdMembers.householdId))
      .where(eq(schema.users.email, "resident@example.org"));
    expect(rows).toEqual([{ relation: "head", level: "hardship" }]);
  });

  it("has a month of sales at the love supermarket on a ledger that balances", async () => {
    const database = testDatabase();
    await seedDemoIfEmpty(database);
    const m = schema.materialMovements;
    const sales = async (kind: "card_sale" | "public_sale") =>
      (
        await database.db
          .select({ n: count(), days: countDistinct(m.day) })
          .from(m)
          .where(eq(m.kind, kind))
      )[0];
    expect((await sales("card_sale"))?.days).toBeGreaterThanOrEqual(28);
    expect((await sales("public_sale"))?.n).toBeGreaterThanOrEqual(10);
    const previous = getDatabase();
    setDatabase(database);
    try {
      expect((await checkLedger()).ok).toBe(true);
    } finally {
      setDatabase(previous);
    }
  });
});
