import { describe, expect, it } from "vitest";
import { schema } from "#db/client.server";
import { seedDemoIfEmpty } from "#db/seed/demo";
import { testDatabase } from "#tests/setup/db";
import { householdFacts } from "#app/modules/households/facts.server";
import { can, type Actor } from "./policy";
import { householdsInReach, reachOf } from "./scope.server";

// The policy (one household at a time) and the scope (every list) are two statements of one rule: over the
// whole demo community they must say the same thing for every person and every household.
describe("the scope and the policy", () => {
  it("agree for every account of the demo community and every household: household.read ⇔ in the reach", async () => {
    const database = testDatabase();
    await seedDemoIfEmpty(database);
    const users = await database.db
      .select({
        id: schema.users.id,
        email: schema.users.email,
        role: schema.users.role,
        volunteerTier: schema.users.volunteerTier,
        compoundId: schema.users.compoundId,
        supervisorId: schema.users.supervisorId,
      })
      .from(schema.users);
    const householdIds = (await database.db.select({ id: schema.households.id }).from(schema.households)).map(
      (h) => h.id,
    );
    const facts = new Map(
      await Promise.all(householdIds.map(async (id) => [id, await householdFacts(id)] as const)),
    );
    const disagreements: string[] = [];
    const seen = { all: 0, compounds: 0, linkage: 0, household: 0, none: 0 };
    for (const user of users) {
      const actor: Actor = user;
      seen[(await reachOf(actor)).kind]++;
      const reached = new Set(await householdsInReach(actor, householdIds));
      for (const id of householdIds) {
        const f = facts.get(id);
        if (!f) throw new Error(`no facts for household ${id}`);
        const allowed = can(actor, "household.read", f);
        if (allowed !== reached.has(id))
          disagreements.push(`${user.email} household ${id}: policy ${allowed}, scope ${reached.has(id)}`);
      }
    }
    expect(disagreements).toEqual([]);
    // Every kind of reach was exercised, so the agreement is not vacuous.
    expect(Math.min(seen.all, seen.compounds, seen.linkage, seen.household)).toBeGreaterThan(0);
  });

  it("gives the demo's tier-3 supervisor the households of the tier-4 volunteer under them", async () => {
    const database = testDatabase();
    await seedDemoIfEmpty(database);
    const byEmail = async (email: string) => {
      const user = await database.db.query.users.findFirst({ where: (u, { eq }) => eq(u.email, email) });
      if (!user) throw new Error(`no ${email}`);
      return user;
    };
    const [volunteer3, volunteer4] = [
      await byEmail("volunteer3@example.org"),
      await byEmail("volunteer4@example.org"),
    ];
    const householdIds = (await database.db.select({ id: schema.households.id }).from(schema.households)).map(
      (h) => h.id,
    );
    const ofVolunteer4 = await householdsInReach(volunteer4, householdIds);
    expect(ofVolunteer4.length).toBeGreaterThan(0);
    expect(await householdsInReach(volunteer3, householdIds)).toEqual(expect.arrayContaining(ofVolunteer4));
  });
});
