import { describe, expect, it } from "vitest";
import { Database } from "#db/client.server";
import { freshDatabaseFile } from "#tests/setup/db";
import { seedCommunity } from "./generate";

const now = new Date("2026-06-15T02:00:00Z");

describe("the roster seeder", async () => {
  const database = new Database({ url: freshDatabaseFile() });
  await seedCommunity(database, { scale: 0.02, seed: 3, now });
  const one = async <T>(query: string) => (await database.client.execute(query)).rows[0] as unknown as T;

  it("pairs nearly every extreme-hardship household and most hardship ones with a primary helper", async () => {
    const row = await one<{
      extreme: number;
      extremePaired: number;
      hardship: number;
      hardshipPaired: number;
    }>(`
      SELECT sum(h.hardship_level = 'extreme') AS extreme,
        sum(h.hardship_level = 'extreme' AND p.id IS NOT NULL) AS extremePaired,
        sum(h.hardship_level = 'hardship') AS hardship,
        sum(h.hardship_level = 'hardship' AND p.id IS NOT NULL) AS hardshipPaired
      FROM households h
      LEFT JOIN pairings p ON p.household_id = h.id AND p.role = 'primary' AND p.status = 'active'`);
    expect(row.extremePaired / row.extreme).toBeGreaterThanOrEqual(0.9);
    expect(row.extremePaired).toBeLessThan(row.extreme);
    expect(row.hardshipPaired / row.hardship).toBeGreaterThanOrEqual(0.75);
  });

  it("keeps every volunteer within capacity and in their own compound", async () => {
    const over = await one<{ n: number }>(`
      SELECT count(*) AS n FROM (
        SELECT p.volunteer_id, count(*) AS load, vp.capacity FROM pairings p
        JOIN volunteer_profiles vp ON vp.user_id = p.volunteer_id
        WHERE p.status = 'active' GROUP BY p.volunteer_id HAVING load > vp.capacity)`);
    expect(over.n).toBe(0);
    const elsewhere = await one<{ n: number }>(`
      SELECT count(*) AS n FROM pairings p JOIN users u ON u.id = p.volunteer_id
      JOIN households h ON h.id = p.household_id WHERE u.compound_id <> h.compound_id`);
    expect(elsewhere.n).toBe(0);
  });

  it("gives every primary pairing an agreement card with goals", async () => {
    const missing = await one<{ n: number }>(`
      SELECT count(*) AS n FROM pairings p
      WHERE p.role = 'primary' AND NOT EXISTS (
        SELECT 1 FROM agreements a JOIN agreement_goals g ON g.agreement_id = a.id WHERE a.pairing_id = p.id)`);
    expect(missing.n).toBe(0);
  });
});
