import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { schema } from "#db/client.server";
import { testDatabase } from "#tests/setup/db";
import { createUser, TEST_PASSWORD } from "#tests/fixtures/accounts";
import { actorOf, createHousehold, createLinkage } from "#tests/fixtures/roster";
import { createSession, validateSessionToken } from "#app/modules/auth/session.server";
import { signIn } from "#app/modules/auth/sign-in.server";
import { createFeed, findFeed } from "#app/modules/calendar/feeds.server";
import { recordHouseholdBriefs } from "#app/modules/households/reader.server";
import { connectionCards } from "./cards.server";
import { subtreeMembers } from "./linkage.server";
import { leaveVolunteer, returnVolunteer, statusHistory } from "./lifecycle.server";
import { setDisabled } from "#app/modules/people/people.server";
import { createPairing } from "./pairings.server";
import { listVolunteers, suggestHelpers } from "./roster.server";

const meta = { ip: null, userAgent: null };
const ctx = { via: "test" };

describe("a volunteer leaving", () => {
  it("ends their pairings, moves their people to the successor, disables the account and drops them from roster, suggestions and cards", async () => {
    const l = await createLinkage();
    const organizer = actorOf(l.organizer);
    const household = await createHousehold(l.compoundId);
    const paired = await createPairing(
      organizer,
      { householdId: household, volunteerId: l.cadre2.id, role: "primary", startedAt: new Date() },
      meta,
    );
    expect(paired.ok).toBe(true);
    // member3 is paired with another household, so its card shows cadre2 as supervisor until cadre2 leaves.
    const other = await createHousehold(l.compoundId);
    await createPairing(
      organizer,
      { householdId: other, volunteerId: l.member3.id, role: "primary", startedAt: new Date() },
      meta,
    );
    const session = await createSession(l.cadre2.id, meta);
    const feedToken = await createFeed(l.cadre2.id);

    expect(await leaveVolunteer(organizer, l.cadre2.id, { reason: "搬家", successorId: null }, meta)).toEqual(
      {
        ok: false,
        error: "successorRequired",
      },
    );
    expect(
      await leaveVolunteer(organizer, l.cadre2.id, { reason: "搬家", successorId: l.member3.id }, meta),
    ).toEqual({ ok: false, error: "successorInvalid" });
    expect(
      await leaveVolunteer(organizer, l.cadre2.id, { reason: "搬家", successorId: l.otherCadre2.id }, meta),
    ).toEqual({ ok: true, pairings: 1, reports: 1 });

    const db = testDatabase().db;
    const pairing = await db.query.pairings.findFirst({ where: eq(schema.pairings.householdId, household) });
    expect(pairing?.status).toBe("needs_reassignment");
    const member3 = await db.query.users.findFirst({ where: eq(schema.users.id, l.member3.id) });
    expect(member3?.supervisorId).toBe(l.otherCadre2.id);
    expect(await validateSessionToken(session.token)).toBeNull();
    expect(await findFeed(feedToken)).toBeNull();
    expect(await signIn(l.cadre2.email, TEST_PASSWORD, meta)).toMatchObject({ ok: false, reason: "invalid" });

    const roster = await listVolunteers({ compoundId: l.compoundId });
    expect(roster.rows.map((r) => r.id)).not.toContain(l.cadre2.id);
    const left = await listVolunteers({ compoundId: l.compoundId, status: "left" });
    expect(left.rows.map((r) => r.id)).toEqual([l.cadre2.id]);
    const suggestions = await suggestHelpers(organizer, household, 50);
    expect(suggestions.map((s) => s.id)).not.toContain(l.cadre2.id);
    const tree = await subtreeMembers(l.cadre1.id, { dropLeft: true });
    expect(tree.map((m) => m.id)).not.toContain(l.cadre2.id);

    const briefs = await recordHouseholdBriefs(l.organizer.id, [household, other], ctx);
    const cards = await connectionCards(briefs, l.organizer.id);
    const byHousehold = new Map(cards.map((c) => [c.householdId, c]));
    expect(byHousehold.get(household)?.helperName).toBeNull();
    expect(byHousehold.get(other)?.supervisorName).toBe(l.otherCadre2.name);

    expect(await leaveVolunteer(organizer, l.cadre2.id, { reason: null, successorId: null }, meta)).toEqual({
      ok: false,
      error: "alreadyLeft",
    });
  });

  it("comes back as a reactivation, with both events in the history", async () => {
    const l = await createLinkage();
    const organizer = actorOf(l.organizer);
    expect(
      await leaveVolunteer(organizer, l.youth4.id, { reason: "升学", successorId: null }, meta),
    ).toMatchObject({ ok: true, reports: 0 });
    expect(
      await returnVolunteer(organizer, l.youth4.id, { reason: "放假回来", supervisorId: null }, meta),
    ).toEqual({
      ok: true,
    });
    expect(await returnVolunteer(organizer, l.youth4.id, { reason: null, supervisorId: null }, meta)).toEqual(
      {
        ok: false,
        error: "notLeft",
      },
    );
    expect(await signIn(l.youth4.email, TEST_PASSWORD, meta)).toMatchObject({ ok: true });
    const history = await statusHistory(l.youth4.id);
    expect(history.map((h) => [h.event, h.reason, h.byName])).toEqual([
      ["left", "升学", l.organizer.name],
      ["returned", "放假回来", l.organizer.name],
    ]);
  });

  it("asks a returning volunteer for a new supervisor when theirs is disabled", async () => {
    const l = await createLinkage();
    const organizer = actorOf(l.organizer);
    await leaveVolunteer(organizer, l.youth4.id, { reason: null, successorId: null }, meta);
    const otherMember3 = l.otherMember3;
    // Disabled from the people pages, which moves nobody: youth4 still names member3.
    expect(await setDisabled(organizer, l.member3.id, true, meta)).toBe("ok");
    expect(await returnVolunteer(organizer, l.youth4.id, { reason: null, supervisorId: null }, meta)).toEqual(
      {
        ok: false,
        error: "supervisorRequired",
      },
    );
    expect(
      await returnVolunteer(organizer, l.youth4.id, { reason: null, supervisorId: l.cadre2.id }, meta),
    ).toEqual({
      ok: false,
      error: "supervisorInvalid",
    });
    expect(
      await returnVolunteer(organizer, l.youth4.id, { reason: null, supervisorId: otherMember3.id }, meta),
    ).toEqual({ ok: true });
  });

  it("is refused to an organizer of another compound", async () => {
    const l = await createLinkage();
    const stranger = await createUser({ role: "organizer", compoundId: (await createLinkage()).compoundId });
    expect(
      await leaveVolunteer(actorOf(stranger), l.youth4.id, { reason: null, successorId: null }, meta),
    ).toEqual({
      ok: false,
      error: "forbidden",
    });
  });
});
