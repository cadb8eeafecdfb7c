import { eq } from "drizzle-orm";
import { afterEach, describe, expect, it, vi } from "vitest";
import { Database, db, getDatabase, schema, setDatabase } from "#db/client.server";
import { freshDatabaseFile } from "#tests/setup/db";
import { createUser } from "#tests/fixtures/accounts";
import { flushAfterMs, flushReadLog, forgetRecentListings, logReads } from "./read-log.server";

const entry = (actorId: number, targetId: number, action = "household.listed") => ({
  actorId,
  action,
  targetType: "household",
  targetId,
  details: { via: "test" },
});

async function rowsOf(actorId: number) {
  return db()
    .select({ action: schema.auditLog.action, targetId: schema.auditLog.targetId, at: schema.auditLog.at })
    .from(schema.auditLog)
    .where(eq(schema.auditLog.actorId, actorId));
}

afterEach(() => {
  process.env.NODE_ENV = "test";
  forgetRecentListings();
});

describe("the read log", () => {
  it("writes what it was given within a moment, in one go, dated when the read happened", async () => {
    // Outside tests the entries wait for the next flush instead of going in at once.
    process.env.NODE_ENV = "production";
    const reader = await createUser({ role: "organizer" });
    const readAt = new Date("2026-11-29T02:00:00Z");
    logReads([entry(reader.id, 1), entry(reader.id, 2), entry(reader.id, 3, "household.viewed")], readAt);
    expect(await rowsOf(reader.id)).toEqual([]);
    await new Promise((resolve) => setTimeout(resolve, flushAfterMs * 3));
    await flushReadLog();
    const rows = await rowsOf(reader.id);
    expect(rows.map((r) => [r.action, r.targetId])).toEqual([
      ["household.listed", "1"],
      ["household.listed", "2"],
      ["household.viewed", "3"],
    ]);
    expect(rows.every((r) => r.at.getTime() === readAt.getTime())).toBe(true);
  });

  it("keeps a listing once per person, household and purpose, and every opening", async () => {
    const reader = await createUser({ role: "organizer" });
    for (let i = 0; i < 3; i++) logReads([entry(reader.id, 7), entry(reader.id, 7, "household.viewed")]);
    await flushReadLog();
    expect((await rowsOf(reader.id)).map((r) => r.action).sort()).toEqual([
      "household.listed",
      "household.viewed",
      "household.viewed",
      "household.viewed",
    ]);
  });

  it("writes each read into the database it was read from, and lets go of an entry that can never be written", async () => {
    process.env.NODE_ENV = "production";
    const reader = await createUser({ role: "organizer" });
    const main = getDatabase();
    const other = new Database({ url: freshDatabaseFile() });
    const quiet = vi.spyOn(console, "error").mockImplementation(() => undefined);
    try {
      logReads([entry(reader.id, 11)]);
      setDatabase(other);
      // No such account in the other database: the audit row's reference to its actor fails there.
      logReads([entry(reader.id, 12)]);
      setDatabase(main);
      for (let i = 0; i < 4; i++) await flushReadLog();
      expect((await rowsOf(reader.id)).map((r) => r.targetId)).toEqual(["11"]);
      expect(quiet).toHaveBeenCalledTimes(3);
      expect(String(quiet.mock.calls[2]?.[0])).toContain("1 dropped");
    } finally {
      quiet.mockRestore();
      setDatabase(main);
      other.close();
    }
  });
});
