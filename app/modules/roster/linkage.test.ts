import { describe, expect, it } from "vitest";
import { can } from "#app/modules/auth/policy";
import { createUser } from "#tests/fixtures/accounts";
import { actorOf, createHousehold, createLinkage } from "#tests/fixtures/roster";
import { createPairing } from "./pairings.server";
import { chainUp, subtreeIds, subtreeMembers } from "./linkage.server";
import { pairingsUnder } from "./roster.server";
import { householdFacts } from "#app/modules/households/facts.server";
import { readHousehold } from "#app/modules/households/reader.server";
import { listHouseholds } from "#app/modules/households/registry.server";

const meta = { ip: null, userAgent: null };
const ctx = { via: "test" };

async function pairedHousehold(
  compoundId: number,
  organizerId: Parameters<typeof actorOf>[0],
  volunteerId: number,
) {
  const householdId = await createHousehold(compoundId);
  const result = await createPairing(
    actorOf(organizerId),
    { householdId, volunteerId, role: "primary", startedAt: new Date() },
    meta,
  );
  if (!result.ok) throw new Error(result.error);
  return householdId;
}

describe("linkage access", () => {
  it("lets a tier-2 cadre see the households of the tier-3 and tier-4 volunteers under them and nothing else", async () => {
    const l = await createLinkage();
    const ofMember3 = await pairedHousehold(l.compoundId, l.organizer, l.member3.id);
    const ofYouth4 = await pairedHousehold(l.compoundId, l.organizer, l.youth4.id);
    const ofOtherBranch = await pairedHousehold(l.compoundId, l.organizer, l.otherMember3.id);
    const unpaired = await createHousehold(l.compoundId);
    const cadre2 = actorOf(l.cadre2);

    const sees = async (householdId: number) => {
      const facts = await householdFacts(householdId);
      if (!facts) throw new Error("household missing");
      return can(cadre2, "household.read", facts);
    };
    expect(await sees(ofMember3)).toBe(true);
    expect(await sees(ofYouth4)).toBe(true);
    expect(await sees(ofOtherBranch)).toBe(false);
    expect(await sees(unpaired)).toBe(false);
    expect((await pairingsUnder(cadre2, l.cadre2.id, ctx)).map((p) => p.household.id).sort()).toEqual(
      [ofMember3, ofYouth4].sort(),
    );
  });

  it("lets a tier-3 supervisor see their own household and the one paired with the tier-4 volunteer under them", async () => {
    const l = await createLinkage();
    const own = await pairedHousehold(l.compoundId, l.organizer, l.member3.id);
    const below = await pairedHousehold(l.compoundId, l.organizer, l.youth4.id);
    const member3 = actorOf(l.member3);
    const [ownFacts, belowFacts] = [await householdFacts(own), await householdFacts(below)];
    if (!ownFacts || !belowFacts) throw new Error("household missing");
    expect(can(member3, "household.read", ownFacts)).toBe(true);
    expect(can(member3, "household.read", belowFacts)).toBe(true);
    // …but the tier-4 volunteer does not see their supervisor's household.
    expect(can(actorOf(l.youth4), "household.read", ownFacts)).toBe(false);
  });

  it("scopes the household registry the same way: a supervisor lists and opens their subtree's households only", async () => {
    const l = await createLinkage();
    const ofYouth4 = await pairedHousehold(l.compoundId, l.organizer, l.youth4.id);
    const ofOtherBranch = await pairedHousehold(l.compoundId, l.organizer, l.otherMember3.id);
    const listed = async (actor: ReturnType<typeof actorOf>) =>
      (await listHouseholds(actor, {}, ctx)).rows.map((r) => r.id).sort();

    expect(await listed(actorOf(l.cadre2))).toEqual([ofYouth4]);
    expect(await listed(actorOf(l.youth4))).toEqual([ofYouth4]);
    expect(await listed(actorOf(l.member3))).toEqual([ofYouth4]);
    expect(await listed(actorOf(l.cadre1))).toEqual([ofYouth4, ofOtherBranch].sort());
    expect(await readHousehold(actorOf(l.cadre2), ofOtherBranch, ctx)).toMatchObject({
      ok: false,
      status: 403,
    });
  });

  it("walks the linkage down from a cadre and up from a volunteer", async () => {
    const l = await createLinkage();
    const elsewhere = await createUser({ role: "volunteer", volunteerTier: 1 });
    const below = await subtreeIds(l.cadre1.id);
    expect(new Set(below)).toEqual(
      new Set([l.cadre1, l.cadre2, l.member3, l.youth4, l.otherCadre2, l.otherMember3].map((u) => u.id)),
    );
    expect(below).not.toContain(elsewhere.id);
    const chain = await chainUp([l.youth4.id]);
    expect(chain[0]).toBe(l.youth4.id);
    expect(new Set(chain)).toEqual(new Set([l.youth4.id, l.member3.id, l.cadre2.id, l.cadre1.id]));
  });
});

describe("the linkage tree", () => {
  it("stops at the depth asked and says how many report to each person on its last level", async () => {
    const l = await createLinkage();
    const shown = await subtreeMembers(l.cadre1.id, { maxDepth: 1 });
    expect(shown.map((m) => [m.id, m.depth, m.reportsNotShown])).toEqual(
      expect.arrayContaining([
        [l.cadre1.id, 0, 0],
        [l.cadre2.id, 1, 1],
        [l.otherCadre2.id, 1, 1],
      ]),
    );
    expect(shown).toHaveLength(3);
    const deeper = await subtreeMembers(l.cadre2.id, { maxDepth: 2 });
    expect(deeper.map((m) => m.id).sort()).toEqual([l.cadre2.id, l.member3.id, l.youth4.id].sort());
    expect(deeper.find((m) => m.id === l.youth4.id)?.reportsNotShown).toBe(0);
  });

  it("shows one level fewer when the levels asked would be too many people, and everyone when asked for all", async () => {
    const l = await createLinkage();
    // Two levels below cadre1 are five people: over a page of three, so only the first level is shown.
    const crowded = await subtreeMembers(l.cadre1.id, { maxDepth: 2, maxNodes: 3 });
    expect(crowded.map((m) => m.id).sort()).toEqual([l.cadre1.id, l.cadre2.id, l.otherCadre2.id].sort());
    expect(crowded.find((m) => m.id === l.cadre2.id)?.reportsNotShown).toBe(1);
    const everyone = await subtreeMembers(l.cadre1.id);
    expect(everyone.map((m) => m.id)).toContain(l.youth4.id);
    expect(everyone).toHaveLength(6);
  });
});
