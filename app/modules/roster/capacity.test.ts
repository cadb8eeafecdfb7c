import { describe, expect, it } from "vitest";
import { actorOf, createHousehold, createLinkage } from "#tests/fixtures/roster";
import { createPairing } from "./pairings.server";
import { updateProfile } from "./roster.server";

const meta = { ip: null, userAgent: null };

describe("a volunteer's capacity", () => {
  it("cannot be set below the households they are paired with now", async () => {
    const l = await createLinkage();
    const organizer = actorOf(l.organizer);
    for (let i = 0; i < 2; i++)
      await createPairing(
        organizer,
        {
          householdId: await createHousehold(l.compoundId),
          volunteerId: l.youth4.id,
          role: "primary",
          startedAt: new Date(),
        },
        meta,
      );
    const profile = { phone: null, skills: [], availability: null, extraCompoundIds: [] };
    expect(await updateProfile(organizer, l.youth4.id, { ...profile, capacity: 0 }, meta)).toEqual({
      belowLoad: 2,
    });
    expect(await updateProfile(organizer, l.youth4.id, { ...profile, capacity: 1 }, meta)).toEqual({
      belowLoad: 2,
    });
    expect(await updateProfile(organizer, l.youth4.id, { ...profile, capacity: 2 }, meta)).toBe("ok");
  });
});
