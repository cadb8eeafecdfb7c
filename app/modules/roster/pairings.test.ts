import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { schema } from "#db/client.server";
import type { Actor } from "#app/modules/auth/policy";
import { audit } from "#app/modules/audit/audit.server";
import { testDatabase } from "#tests/setup/db";
import { createUser } from "#tests/fixtures/accounts";
import { actorOf, createHousehold, createLinkage } from "#tests/fixtures/roster";
import {
  createPairing,
  onVolunteerDisabled,
  reassignPairing,
  type NewPairing,
  type PairingResult,
} from "./pairings.server";
import { pairingsOfHousehold, reassignmentList, suggestHelpers } from "./roster.server";
import { setDisabled } from "#app/modules/people/people.server";
import { addGoal } from "./agreements.server";

const meta = { ip: null, userAgent: null };
const ctx = { via: "test" };
const run = promisify(execFile);

/** One pairing attempt in a separate Node process against this test file's database. */
async function inOtherProcess(actor: Actor, input: Omit<NewPairing, "startedAt">): Promise<PairingResult> {
  const { stdout } = await run(process.execPath, [
    "node_modules/tsx/dist/cli.mjs",
    "tests/fixtures/pair-attempt.ts",
    testDatabase().url,
    JSON.stringify(actor),
    JSON.stringify(input),
  ]);
  return JSON.parse(stdout) as PairingResult;
}
const today = new Date("2026-03-01T00:00:00Z");

async function activePairings(householdId: number) {
  return testDatabase()
    .db.select()
    .from(schema.pairings)
    .where(and(eq(schema.pairings.householdId, householdId), eq(schema.pairings.status, "active")));
}

describe("pairing rules", () => {
  it("gives a household one active primary helper when many organizers pair it at once", async () => {
    const l = await createLinkage();
    const householdId = await createHousehold(l.compoundId);
    const organizer = actorOf(l.organizer);
    const candidates = [l.cadre2, l.member3, l.youth4, l.otherCadre2, l.otherMember3];
    const results = await Promise.all(
      candidates.map((v) =>
        createPairing(organizer, { householdId, volunteerId: v.id, role: "primary", startedAt: today }, meta),
      ),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok).map((r) => !r.ok && r.error)).toEqual(Array(4).fill("primaryTaken"));
    expect(await activePairings(householdId)).toHaveLength(1);
  });

  it("keeps a volunteer within capacity under concurrent attempts unless an organizer gives a reason", async () => {
    const l = await createLinkage();
    await testDatabase().writeAtomic((d) =>
      d.insert(schema.volunteerProfiles).values({ userId: l.youth4.id, capacity: 2 }),
    );
    const households = await Promise.all(Array.from({ length: 6 }, () => createHousehold(l.compoundId)));
    const organizer = actorOf(l.organizer);
    const results = await Promise.all(
      households.map((householdId) =>
        createPairing(
          organizer,
          { householdId, volunteerId: l.youth4.id, role: "primary", startedAt: today },
          meta,
        ),
      ),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(2);
    expect(new Set(results.flatMap((r) => (r.ok ? [] : [r.error])))).toEqual(new Set(["overCapacity"]));

    const beyond = await createPairing(
      organizer,
      {
        householdId: households[5]!,
        volunteerId: l.youth4.id,
        role: "primary",
        startedAt: today,
        overrideReason: "同楼栋，熟悉家庭情况",
      },
      meta,
    );
    expect(beyond.ok).toBe(true);
    const [row] = await testDatabase()
      .db.select({ reason: schema.pairings.overrideReason })
      .from(schema.pairings)
      .where(eq(schema.pairings.householdId, households[5]!));
    expect(row?.reason).toBe("同楼栋，熟悉家庭情况");
  });

  it("holds both rules across two processes writing the same database file", async () => {
    const l = await createLinkage();
    await testDatabase().writeAtomic((d) =>
      d.insert(schema.volunteerProfiles).values({ userId: l.member3.id, capacity: 1 }),
    );
    const shared = await createHousehold(l.compoundId);
    const [h1, h2] = [await createHousehold(l.compoundId), await createHousehold(l.compoundId)];
    const attempt = (householdId: number, volunteerId: number) =>
      inOtherProcess(actorOf(l.organizer), { householdId, volunteerId, role: "primary" });
    const sameHousehold = await Promise.all([
      attempt(shared, l.cadre2.id),
      attempt(shared, l.otherCadre2.id),
    ]);
    expect(sameHousehold.filter((r) => r.ok)).toHaveLength(1);
    expect(sameHousehold.find((r) => !r.ok)).toEqual({ ok: false, error: "primaryTaken" });
    const sameVolunteer = await Promise.all([attempt(h1, l.member3.id), attempt(h2, l.member3.id)]);
    expect(sameVolunteer.filter((r) => r.ok)).toHaveLength(1);
    expect(sameVolunteer.find((r) => !r.ok)).toEqual({ ok: false, error: "overCapacity" });
    // Four processes start one after another in pairs: on a loaded machine each start takes seconds.
  }, 120_000);

  it("refuses a second active primary at the database even when the check is bypassed", async () => {
    const l = await createLinkage();
    const householdId = await createHousehold(l.compoundId);
    const row = { householdId, role: "primary" as const, status: "active" as const, startedAt: today };
    await testDatabase().writeAtomic((d) =>
      d.insert(schema.pairings).values({ ...row, volunteerId: l.cadre2.id }),
    );
    await expect(
      testDatabase().writeAtomic((d) =>
        d.insert(schema.pairings).values({ ...row, volunteerId: l.member3.id }),
      ),
    ).rejects.toThrow();
  });

  it("allows one secondary helper beside the primary, not two", async () => {
    const l = await createLinkage();
    const householdId = await createHousehold(l.compoundId);
    const organizer = actorOf(l.organizer);
    const pair = (volunteerId: number, role: "primary" | "secondary") =>
      createPairing(organizer, { householdId, volunteerId, role, startedAt: today }, meta);
    expect(await pair(l.member3.id, "secondary")).toEqual({ ok: false, error: "noPrimary" });
    expect((await pair(l.cadre2.id, "primary")).ok).toBe(true);
    expect((await pair(l.member3.id, "secondary")).ok).toBe(true);
    expect(await pair(l.youth4.id, "secondary")).toEqual({ ok: false, error: "secondaryTaken" });
    expect(await pair(l.cadre2.id, "secondary")).toEqual({ ok: false, error: "alreadyPaired" });
  });

  it("refuses an organizer of another compound", async () => {
    const l = await createLinkage();
    const householdId = await createHousehold(l.compoundId);
    const stranger = await createUser({ role: "organizer", compoundId: (await createLinkage()).compoundId });
    const result = await createPairing(
      actorOf(stranger),
      { householdId, volunteerId: l.youth4.id, role: "primary", startedAt: today },
      meta,
    );
    expect(result).toEqual({ ok: false, error: "forbidden" });
    expect(await activePairings(householdId)).toHaveLength(0);
  });
});

describe("suggestions", () => {
  it("puts a volunteer of the household's compound with spare room and matching skills first", async () => {
    const l = await createLinkage();
    const householdId = await createHousehold(l.compoundId);
    const [need] = await testDatabase()
      .db.select({ need: schema.householdNeeds.need })
      .from(schema.householdNeeds)
      .where(eq(schema.householdNeeds.householdId, householdId));
    await testDatabase().writeAtomic((d) =>
      d.insert(schema.volunteerProfiles).values([
        { userId: l.youth4.id, skills: need ? [need.need] : [] },
        { userId: l.member3.id, capacity: 0, skills: need ? [need.need] : [] },
      ]),
    );
    const admin = actorOf(await createUser({ role: "admin" }));
    const suggestions = await suggestHelpers(admin, householdId, 50);
    const ours = suggestions.filter((s) => s.sameCompound);
    expect(ours[0]?.id).toBe(l.youth4.id);
    expect(ours.at(-1)?.id).toBe(l.member3.id);
    expect(suggestions.findIndex((s) => !s.sameCompound)).not.toBe(0);
  });
});

describe("reassignment", () => {
  it("moves a disabled volunteer's pairings to the reassignment list and keeps who helped when", async () => {
    const l = await createLinkage();
    const householdId = await createHousehold(l.compoundId);
    const organizer = actorOf(l.organizer);
    const first = await createPairing(
      organizer,
      { householdId, volunteerId: l.youth4.id, role: "primary", startedAt: today },
      meta,
    );
    if (!first.ok) throw new Error(first.error);
    const [agreement] = await testDatabase()
      .db.select({ id: schema.agreements.id })
      .from(schema.agreements)
      .where(eq(schema.agreements.pairingId, first.pairingId));
    await addGoal(organizer, agreement!.id, { domain: "employment", target: "上岗培训", dueAt: today }, meta);

    // As the accounts code does when it disables someone: in the same transaction.
    await testDatabase().write(async (tx) => {
      await tx.update(schema.users).set({ disabledAt: new Date() }).where(eq(schema.users.id, l.youth4.id));
      await onVolunteerDisabled(tx, l.youth4.id, l.organizer.id);
      await audit(tx, { actorId: l.organizer.id, action: "people.disabled", targetId: l.youth4.id });
    });
    expect((await reassignmentList(organizer, ctx)).map((p) => p.id)).toContain(first.pairingId);
    expect(await activePairings(householdId)).toHaveLength(0);

    const second = await reassignPairing(
      organizer,
      { pairingId: first.pairingId, volunteerId: l.member3.id },
      meta,
    );
    expect(second.ok).toBe(true);
    expect((await reassignmentList(organizer, ctx)).map((p) => p.id)).not.toContain(first.pairingId);

    const history = await pairingsOfHousehold(organizer, householdId, ctx);
    expect(history.map((p) => [p.volunteerId, p.status])).toEqual([
      [l.member3.id, "active"],
      [l.youth4.id, "ended"],
    ]);
    expect(history[1]?.endedAt).not.toBeNull();
    const goals = await testDatabase()
      .db.select({ target: schema.agreementGoals.target })
      .from(schema.agreementGoals)
      .innerJoin(schema.agreements, eq(schema.agreements.id, schema.agreementGoals.agreementId))
      .where(eq(schema.agreements.pairingId, second.ok ? second.pairingId : 0));
    expect(goals).toEqual([{ target: "上岗培训" }]);
  });

  it("puts a volunteer's households on the reassignment list when an organizer disables the account", async () => {
    const l = await createLinkage();
    const householdId = await createHousehold(l.compoundId);
    const organizer = actorOf(l.organizer);
    const pairing = await createPairing(
      organizer,
      { householdId, volunteerId: l.otherMember3.id, role: "primary", startedAt: today },
      meta,
    );
    expect(await setDisabled(organizer, l.otherMember3.id, true, meta)).toBe("ok");
    expect((await reassignmentList(organizer, ctx)).map((p) => p.id)).toContain(
      pairing.ok ? pairing.pairingId : 0,
    );
  });
});
