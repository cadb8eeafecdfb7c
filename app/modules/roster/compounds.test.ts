// An organizer of one compound works for that compound only (issue 14, hole 3): every roster list they get
// is limited to it in its query, and the changes they may make stay inside it.
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { schema } from "#db/client.server";
import { testDatabase } from "#tests/setup/db";
import { createUser } from "#tests/fixtures/accounts";
import { actorOf, createHousehold, createLinkage } from "#tests/fixtures/roster";
import { reachOf } from "#app/modules/auth/scope.server";
import { csvText } from "#app/modules/lists/export.server";
import { csvColumns, importRosterCsv, rosterExport } from "./csv.server";
import { leaveVolunteer } from "./lifecycle.server";
import { createPairing, onVolunteerDisabled } from "./pairings.server";
import {
  coverage,
  listVolunteers,
  pairingsOfVolunteer,
  reassignmentList,
  suggestHelpers,
  updateProfile,
} from "./roster.server";

const meta = { ip: null, userAgent: null };
const ctx = { via: "test" };

/** Two compounds, each with its linkage, organizer, an unpaired extreme household and a paired one. */
async function twoCompounds() {
  const [a, b] = [await createLinkage(), await createLinkage()];
  const pairedIn = async (l: typeof a) => {
    const householdId = await createHousehold(l.compoundId, "extreme");
    const paired = await createPairing(
      actorOf(l.organizer),
      { householdId, volunteerId: l.youth4.id, role: "primary", startedAt: new Date() },
      meta,
    );
    if (!paired.ok) throw new Error(paired.error);
    return householdId;
  };
  return {
    a,
    b,
    unpairedA: await createHousehold(a.compoundId, "extreme"),
    unpairedB: await createHousehold(b.compoundId, "extreme"),
    pairedA: await pairedIn(a),
    pairedB: await pairedIn(b),
  };
}

describe("an organizer of one compound", () => {
  it("sees coverage, the reassignment list and the volunteer table of their compound only", async () => {
    const c = await twoCompounds();
    const organizer = actorOf(c.a.organizer);
    const report = await coverage(organizer, {}, ctx);
    expect(report.byCompound.map((r) => r.compoundId)).toEqual([c.a.compoundId]);
    expect(report.households.map((h) => h.id)).toEqual([c.unpairedA]);
    // Asking for the other compound by its id gives nothing of it.
    expect((await coverage(organizer, { compoundId: c.b.compoundId }, ctx)).households).toEqual([]);

    for (const l of [c.a, c.b])
      await testDatabase().write((tx) => onVolunteerDisabled(tx, l.youth4.id, null));
    expect((await reassignmentList(organizer, ctx)).map((p) => p.household.id)).toEqual([c.pairedA]);

    const table = await listVolunteers({ reach: await reachOf(organizer) });
    expect(new Set(table.rows.map((v) => v.compoundId))).toEqual(new Set([c.a.compoundId]));
    const csv = csvText(await rosterExport({ reach: await reachOf(organizer) }, "roster"));
    expect(csv).toContain(c.a.youth4.email);
    expect(csv).not.toContain(c.b.youth4.email);
  });

  it("sees a volunteer's pairings in their compound only, and suggests only their own volunteers", async () => {
    const c = await twoCompounds();
    // Volunteer b.youth4 also serves compound A and is paired there too.
    await testDatabase().writeAtomic((d) =>
      d.insert(schema.volunteerCompounds).values({ userId: c.b.youth4.id, compoundId: c.a.compoundId }),
    );
    const extra = await createHousehold(c.a.compoundId, "hardship");
    const paired = await createPairing(
      actorOf(c.a.organizer),
      { householdId: extra, volunteerId: c.b.youth4.id, role: "primary", startedAt: new Date() },
      meta,
    );
    expect(paired.ok).toBe(true);
    const seen = await pairingsOfVolunteer(actorOf(c.a.organizer), c.b.youth4.id, ctx);
    expect(seen.map((p) => p.household.id)).toEqual([extra]);
    const suggested = await suggestHelpers(actorOf(c.a.organizer), c.unpairedA, 100);
    expect(suggested.length).toBeGreaterThan(0);
    expect(suggested.map((s) => s.id)).not.toContain(c.b.cadre2.id);
  });

  it("edits the profile and records the leaving of their own compound's volunteers only", async () => {
    const c = await twoCompounds();
    const organizer = actorOf(c.a.organizer);
    const profile = { phone: null, skills: [], availability: null, capacity: 3, extraCompoundIds: [] };
    expect(await updateProfile(organizer, c.b.youth4.id, profile, meta)).toBe("forbidden");
    expect(await leaveVolunteer(organizer, c.b.youth4.id, { reason: null, successorId: null }, meta)).toEqual(
      {
        ok: false,
        error: "forbidden",
      },
    );
    expect(await updateProfile(organizer, c.a.youth4.id, profile, meta)).toBe("ok");
    // Another compound can neither be given nor taken away by them.
    await testDatabase().writeAtomic((d) =>
      d.insert(schema.volunteerCompounds).values({ userId: c.a.member3.id, compoundId: c.b.compoundId }),
    );
    expect(
      await updateProfile(
        organizer,
        c.a.member3.id,
        { ...profile, extraCompoundIds: [c.a.compoundId, c.b.compoundId] },
        meta,
      ),
    ).toBe("ok");
    const extras = await testDatabase()
      .db.select({ compoundId: schema.volunteerCompounds.compoundId })
      .from(schema.volunteerCompounds)
      .where(eq(schema.volunteerCompounds.userId, c.a.member3.id));
    expect(extras.map((e) => e.compoundId).sort()).toEqual([c.a.compoundId, c.b.compoundId].sort());
  });

  it("pairs their households with their own volunteers only, and imports no one into another compound", async () => {
    const c = await twoCompounds();
    const organizer = actorOf(c.a.organizer);
    expect(
      await createPairing(
        organizer,
        { householdId: c.unpairedA, volunteerId: c.b.member3.id, role: "primary", startedAt: new Date() },
        meta,
      ),
    ).toEqual({ ok: false, error: "volunteerUnavailable" });
    const codeB = (await testDatabase().db.query.compounds.findFirst({
      where: eq(schema.compounds.id, c.b.compoundId),
    }))!.code;
    const csv = [csvColumns.join(","), `moved@example.org,外来,,1,,${codeB},,,,`].join("\n");
    expect(await importRosterCsv(organizer, csv, { dryRun: true }, meta)).toEqual({
      ok: false,
      errors: [{ row: 2, key: "outOfScope" }],
    });
  });
});

describe("an organizer of every compound", () => {
  it("sees every compound's coverage", async () => {
    const c = await twoCompounds();
    const ofAll = actorOf(await createUser({ role: "organizer" }));
    const ids = (await coverage(ofAll, {}, ctx)).byCompound.map((r) => r.compoundId);
    expect(ids).toEqual(expect.arrayContaining([c.a.compoundId, c.b.compoundId]));
  });
});
