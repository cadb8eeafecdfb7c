import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { isZeroEmployment } from "#app/modules/households/codes";
import { schema } from "#db/client.server";
import { testDatabase } from "#tests/setup/db";
import { seededFaker } from "./context";
import { insertHousehold, makeHousehold, makeVolunteer } from "./factories";

const now = new Date("2026-06-15T02:00:00Z");
const year = now.getUTCFullYear();
const address = { building: "1", unit: "1", room: "101" };

describe("household factory", () => {
  it("draws members that fit the household's categories", () => {
    const faker = seededFaker(1, "factory-test");
    for (let i = 0; i < 200; i++) {
      const { members, categories, needs } = makeHousehold(faker, {
        compoundId: 1,
        address,
        level: "extreme",
        now,
      });
      if (categories.includes("elderly_alone")) {
        expect(members).toHaveLength(1);
        expect(year - members[0]!.birthYear).toBeGreaterThanOrEqual(70);
      }
      if (categories.includes("orphan"))
        expect(members.some((m) => m.relation === "grandchild" && m.inSchool)).toBe(true);
      if (categories.includes("disabled")) expect(members.some((m) => m.disabled)).toBe(true);
      if (categories.includes("disabled_employee"))
        expect(members.some((m) => m.disabled && m.employed)).toBe(true);
      if (categories.includes("many_children")) {
        expect(members.filter((m) => m.relation === "child").length).toBeGreaterThanOrEqual(3);
      }
      if (categories.includes("both_unemployed")) expect(isZeroEmployment(members, year)).toBe(true);
      if (categories.includes("serious_illness")) expect(needs.map((n) => n.need)).toContain("medical");
    }
  });

  it("writes a drawn household with its members, categories and needs", async () => {
    const database = testDatabase();
    await database.write((tx) =>
      tx.insert(schema.compounds).values({ id: 1, code: "C01", name: "石油新村" }),
    );
    const draft = makeHousehold(seededFaker(2, "factory-test"), {
      compoundId: 1,
      address,
      level: "hardship",
      now,
    });
    const { householdId, memberIds } = await database.write((tx) => insertHousehold(tx, draft));
    expect(memberIds).toHaveLength(draft.members.length);
    const categories = await database.db
      .select({ category: schema.householdCategories.category })
      .from(schema.householdCategories)
      .where(eq(schema.householdCategories.householdId, householdId));
    expect(categories.map((c) => c.category).sort()).toEqual([...draft.categories].sort());
  });
});

describe("volunteer factory", () => {
  it("makes an invited volunteer who cannot sign in yet", () => {
    const volunteer = makeVolunteer(seededFaker(3, "factory-test"), {
      number: 42,
      tier: 3,
      compoundId: 1,
      supervisorId: 7,
      now,
    });
    expect(volunteer).toMatchObject({
      email: "v00042@volunteers.example.org",
      role: "volunteer",
      volunteerTier: 3,
      supervisorId: 7,
      passwordHash: null,
    });
  });
});
