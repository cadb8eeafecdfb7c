import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { isZeroEmployment, nextVerificationDue } from "#app/modules/households/codes";
import { Database } from "#db/client.server";
import { freshDatabaseFile } from "#tests/setup/db";
import { seedCommunity } from "./generate";
import { resetDatabase } from "./reset";

const now = new Date("2026-06-15T02:00:00Z");
const seededTables = [
  "compounds",
  "users",
  "households",
  "household_members",
  "household_categories",
  "household_needs",
  "household_verifications",
  "household_history",
];

/** A digest of every seeded row, in a stable order. */
async function digest(database: Database): Promise<string> {
  const hash = createHash("sha256");
  for (const table of seededTables) {
    const rows = await database.client.execute(`SELECT * FROM ${table} ORDER BY 1, 2`);
    hash.update(table + JSON.stringify(rows.rows));
  }
  return hash.digest("hex");
}

async function seeded(scale: number | "small", seed: number) {
  const database = new Database({ url: freshDatabaseFile() });
  const result = await seedCommunity(database, { scale, seed, now });
  return { database, result };
}

async function rows<T>(database: Database, query: string): Promise<T[]> {
  return (await database.client.execute(query)).rows as unknown as T[];
}

describe("the demo community generator", () => {
  it("writes the same rows for the same seed, and other rows for another seed", async () => {
    const first = await seeded("small", 7);
    const second = await seeded("small", 7);
    const other = await seeded("small", 8);
    expect(await digest(first.database)).toBe(await digest(second.database));
    expect(await digest(other.database)).not.toBe(await digest(first.database));
    for (const s of [first, second, other]) s.database.close();
  });

  it("writes the same rows again after a reset", async () => {
    const { database } = await seeded("small", 7);
    const before = await digest(database);
    await resetDatabase(database);
    expect(await digest(database)).not.toBe(before);
    await seedCommunity(database, { scale: "small", seed: 7, now });
    expect(await digest(database)).toBe(before);
    database.close();
  });

  describe("at 2% of full scale", async () => {
    const { database, result } = await seeded(0.02, 11);

    it("makes 12 compounds, 600 households of about 3.3 residents and 40 volunteers", async () => {
      expect(result).toMatchObject({ compounds: 12, households: 600, users: 40 });
      expect(result.residents / result.households).toBeGreaterThan(3.0);
      expect(result.residents / result.households).toBeLessThan(3.7);
      const [members] = await rows<{ n: number }>(database, "SELECT count(*) AS n FROM household_members");
      expect(members?.n).toBe(result.residents);
    });

    it("records the last verification of every verified household, some overdue, some with history", async () => {
      const [counts] = await rows<{ verified: number; records: number; overdue: number; history: number }>(
        database,
        `SELECT
           (SELECT count(*) FROM households WHERE last_verified_at IS NOT NULL) AS verified,
           (SELECT count(*) FROM household_verifications v JOIN households h ON h.id = v.household_id
              AND v.verified_at = h.last_verified_at AND v.level_after = h.hardship_level) AS records,
           (SELECT count(*) FROM households WHERE next_verification_due < ${now.getTime()}) AS overdue,
           (SELECT count(*) FROM household_history) AS history`,
      );
      expect(counts?.records).toBe(counts?.verified);
      expect(counts?.overdue).toBeGreaterThan(0);
      expect(counts?.history).toBeGreaterThan(0);
      expect(result.counts.verifications).toMatchObject({
        verifications: counts?.verified,
        overdue: counts?.overdue,
      });
    });

    it("puts 8% of households at hardship and 2% at extreme-hardship level", async () => {
      const levels = await rows<{ level: string; n: number }>(
        database,
        "SELECT hardship_level AS level, count(*) AS n FROM households GROUP BY 1 ORDER BY 1",
      );
      expect(levels).toEqual([
        { level: "extreme", n: 12 },
        { level: "hardship", n: 48 },
        { level: "none", n: 540 },
      ]);
    });

    it("gives every household a head among 1 to 6 members", async () => {
      const sizes = await rows<{ members: number; heads: number }>(
        database,
        `SELECT count(m.id) AS members, sum(m.relation = 'head') AS heads
         FROM households h LEFT JOIN household_members m ON m.household_id = h.id GROUP BY h.id`,
      );
      expect(sizes).toHaveLength(600);
      expect(sizes.filter((s) => s.members < 1 || s.members > 6 || s.heads !== 1)).toEqual([]);
    });

    it("gives every hardship household 1 to 3 categories and needs, and ordinary ones none", async () => {
      const counts = await rows<{ level: string; categories: number; needs: number }>(
        database,
        `SELECT h.hardship_level AS level,
           (SELECT count(*) FROM household_categories c WHERE c.household_id = h.id) AS categories,
           (SELECT count(*) FROM household_needs n WHERE n.household_id = h.id) AS needs
         FROM households h`,
      );
      const hardship = counts.filter((c) => c.level !== "none");
      expect(hardship.filter((c) => c.categories < 1 || c.categories > 3 || c.needs < 1)).toEqual([]);
      expect(counts.filter((c) => c.level === "none" && (c.categories > 0 || c.needs > 0))).toEqual([]);
    });

    it("gives an elderly person living alone a one-member household that needs care", async () => {
      const households = await rows<{ members: number; youngest: number; care: number }>(
        database,
        `SELECT (SELECT count(*) FROM household_members m WHERE m.household_id = c.household_id) AS members,
           (SELECT max(birth_year) FROM household_members m WHERE m.household_id = c.household_id) AS youngest,
           (SELECT count(*) FROM household_needs n WHERE n.household_id = c.household_id AND n.need = 'care') AS care
         FROM household_categories c WHERE c.category = 'elderly_alone'`,
      );
      expect(households.length).toBeGreaterThan(0);
      for (const h of households) {
        expect(h).toMatchObject({ members: 1, care: 1 });
        expect(now.getUTCFullYear() - h.youngest).toBeGreaterThanOrEqual(70);
      }
    });

    it("keeps no medical note for a household that did not consent to health information", async () => {
      const notes = await rows<{ id: number }>(
        database,
        `SELECT h.id FROM households h JOIN household_needs n ON n.household_id = h.id
         WHERE n.need = 'medical' AND n.note IS NOT NULL
           AND (h.consent_scopes IS NULL OR h.consent_scopes NOT LIKE '%"health"%')`,
      );
      expect(notes).toEqual([]);
      const [consented] = await rows<{ n: number }>(
        database,
        "SELECT count(*) AS n FROM households WHERE consent_given_at IS NOT NULL",
      );
      expect(consented?.n).toBeGreaterThan(0);
    });

    it("marks zero-employment households by their members, and dates the next verification by level", async () => {
      const households = await rows<{
        id: number;
        level: "none" | "hardship" | "extreme";
        zero: number;
        verified: number | null;
        due: number | null;
      }>(
        database,
        `SELECT id, hardship_level AS level, zero_employment AS zero, last_verified_at AS verified,
           next_verification_due AS due FROM households`,
      );
      const members = await rows<{
        household: number;
        birthYear: number;
        employed: number;
        inSchool: number;
      }>(
        database,
        "SELECT household_id AS household, birth_year AS birthYear, employed, in_school AS inSchool FROM household_members",
      );
      for (const h of households) {
        const own = members
          .filter((m) => m.household === h.id)
          .map((m) => ({ birthYear: m.birthYear, employed: m.employed === 1, inSchool: m.inSchool === 1 }));
        expect(h.zero === 1, `household ${h.id}`).toBe(isZeroEmployment(own, now.getUTCFullYear()));
        const expectedDue = h.verified === null ? null : nextVerificationDue(h.level, new Date(h.verified));
        expect(h.due).toBe(expectedDue?.getTime() ?? null);
      }
      expect(households.filter((h) => h.zero === 1).length).toBeGreaterThan(0);
      const overdue = households.filter((h) => h.due !== null && h.due < now.getTime());
      expect(overdue.length).toBeGreaterThan(0);
      expect(overdue.length).toBeLessThan(households.filter((h) => h.level !== "none").length / 2);
    });

    it("spreads volunteers over the four tiers, each below tier 1 supervised by one a tier up", async () => {
      const volunteers = await rows<{
        email: string;
        tier: number;
        supervisorTier: number | null;
        password: string | null;
      }>(
        database,
        `SELECT v.email, v.volunteer_tier AS tier, s.volunteer_tier AS supervisorTier, v.password_hash AS password
         FROM users v LEFT JOIN users s ON s.id = v.supervisor_id WHERE v.role = 'volunteer' ORDER BY v.id`,
      );
      const perTier = [1, 2, 3, 4].map((tier) => volunteers.filter((v) => v.tier === tier).length);
      expect(perTier).toEqual([1, 4, 16, 19]);
      expect(volunteers.filter((v) => v.tier === 1 && v.supervisorTier !== null)).toEqual([]);
      expect(volunteers.filter((v) => v.tier > 1 && v.supervisorTier !== v.tier - 1)).toEqual([]);
      expect(volunteers.filter((v) => v.password !== null)).toEqual([]);
      expect(volunteers[0]?.email).toBe("v00001@volunteers.example.org");
    });

    it("keeps supervisors in their volunteers' compound where that tier has someone there", async () => {
      const strays = await rows<{ id: number }>(
        database,
        `SELECT v.id FROM users v JOIN users s ON s.id = v.supervisor_id
         WHERE s.compound_id != v.compound_id
           AND EXISTS (SELECT 1 FROM users o WHERE o.volunteer_tier = s.volunteer_tier AND o.compound_id = v.compound_id)`,
      );
      expect(strays).toEqual([]);
    });
  });
});
