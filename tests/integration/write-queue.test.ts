import { count } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { Database, schema } from "#db/client.server";
import { freshDatabaseFile } from "#tests/setup/db";

describe("the write queue", () => {
  it("commits all of 50 concurrent write transactions on a file database", async () => {
    const database = new Database({ url: freshDatabaseFile() });
    const results = await Promise.allSettled(
      Array.from({ length: 50 }, (_, i) =>
        database.write(async (tx) => {
          await tx.insert(schema.compounds).values({ code: `Q${i}`, name: `小区${i}` });
          // A read inside the transaction and a second write: a real read-modify-write, not one statement.
          const [row] = await tx.select({ n: count() }).from(schema.compounds);
          await tx
            .insert(schema.auditLog)
            .values({ actorId: null, action: "test.write", details: { seen: row?.n } });
        }),
      ),
    );
    expect(results.filter((r) => r.status === "rejected")).toEqual([]);
    const [compounds] = await database.db.select({ n: count() }).from(schema.compounds);
    const [audits] = await database.db.select({ n: count() }).from(schema.auditLog);
    expect(compounds?.n).toBe(50);
    expect(audits?.n).toBe(50);
    database.close();
  });

  it("shows why the queue exists: without it, concurrent BEGIN IMMEDIATE transactions fail", async () => {
    const database = new Database({ url: freshDatabaseFile(), busyTimeoutMs: 0 });
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) =>
        database.db.transaction(
          async (tx) => {
            await tx.insert(schema.compounds).values({ code: `R${i}`, name: `小区${i}` });
            await new Promise((r) => setTimeout(r, 5));
          },
          { behavior: "immediate" },
        ),
      ),
    );
    expect(results.some((r) => r.status === "rejected")).toBe(true);
    database.close();
  });

  it("keeps going after a failed transaction and rolls that one back whole", async () => {
    const database = new Database({ url: freshDatabaseFile() });
    await expect(
      database.write(async (tx) => {
        await tx.insert(schema.compounds).values({ code: "DUP", name: "一" });
        await tx.insert(schema.compounds).values({ code: "DUP", name: "二" });
      }),
    ).rejects.toThrow();
    await database.write((tx) => tx.insert(schema.compounds).values({ code: "OK", name: "三" }));
    const rows = await database.db.select({ code: schema.compounds.code }).from(schema.compounds);
    expect(rows.map((r) => r.code)).toEqual(["OK"]);
    database.close();
  });
});
