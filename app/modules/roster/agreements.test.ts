import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { schema } from "#db/client.server";
import { testDatabase } from "#tests/setup/db";
import { createUser } from "#tests/fixtures/accounts";
import { actorOf, createHousehold, createLinkage } from "#tests/fixtures/roster";
import type { Actor } from "#app/modules/auth/policy";
import {
  addGoal,
  addProgressNote,
  confirmByResident,
  getAgreementCard,
  loadPairing,
  recordSigning,
  setGoalStatus,
} from "./agreements.server";
import { volunteerHome } from "./home.server";
import { createPairing } from "./pairings.server";

const meta = { ip: null, userAgent: null };
const ctx = { via: "test" };

let admin: Actor | undefined;
/** Someone who reads every card: an admin. */
async function reader(): Promise<Actor> {
  admin ??= actorOf(await createUser({ role: "admin" }));
  return admin;
}

/** The card as `actor` reads it. */
async function cardOf(actor: Actor, pairingId: number) {
  const loaded = await loadPairing(pairingId);
  return loaded ? getAgreementCard(actor, pairingId, loaded.facts, ctx) : null;
}
const now = new Date("2026-03-01T00:00:00Z");
const days = (n: number) => new Date(now.getTime() + n * 86_400_000);

async function paired() {
  const l = await createLinkage();
  const householdId = await createHousehold(l.compoundId);
  const result = await createPairing(
    actorOf(l.organizer),
    { householdId, volunteerId: l.youth4.id, role: "primary", startedAt: now },
    meta,
  );
  if (!result.ok) throw new Error(result.error);
  const card = await cardOf(actorOf(l.organizer), result.pairingId);
  if (!card) throw new Error("no card");
  return { l, householdId, pairingId: result.pairingId, agreementId: card.agreement.id };
}

describe("agreement cards", () => {
  it("keeps goals with their dated progress notes, and lets the paired volunteer but not another write them", async () => {
    const { l, pairingId, agreementId } = await paired();
    const volunteer = actorOf(l.youth4);
    expect(
      await addGoal(
        volunteer,
        agreementId,
        { domain: "medical", target: "办理慢病补贴", dueAt: days(20) },
        meta,
      ),
    ).toBe("ok");
    expect(
      await addGoal(
        actorOf(l.otherMember3),
        agreementId,
        { domain: "other", target: "x", dueAt: days(1) },
        meta,
      ),
    ).toBe("forbidden");
    const [goal] = (await cardOf(await reader(), pairingId))?.goals ?? [];
    if (!goal) throw new Error("no goal");
    expect(await setGoalStatus(volunteer, agreementId, goal.id, "in_progress", meta)).toBe("ok");
    expect(
      await addProgressNote(volunteer, agreementId, goal.id, { notedAt: days(2), note: "已提交材料" }, meta),
    ).toBe("ok");
    const card = await cardOf(await reader(), pairingId);
    expect(card?.goals.map((g) => [g.target, g.status, g.notes.map((n) => n.note)])).toEqual([
      ["办理慢病补贴", "in_progress", ["已提交材料"]],
    ]);
    const audited = await testDatabase()
      .db.select({ action: schema.auditLog.action })
      .from(schema.auditLog)
      .where(
        and(eq(schema.auditLog.targetType, "agreement"), eq(schema.auditLog.targetId, String(agreementId))),
      );
    expect(audited.map((a) => a.action).filter((a) => a !== "agreement.read")).toEqual([
      "agreement.goalAdded",
      "agreement.goalStatus",
      "agreement.progressNoted",
    ]);
  });

  it("records a paper signing, or the resident's own confirmation in the app, and no one else's", async () => {
    const first = await paired();
    expect(
      await recordSigning(
        actorOf(first.l.organizer),
        first.agreementId,
        { signedAt: now, signedHow: "paper" },
        meta,
      ),
    ).toBe("ok");
    expect((await cardOf(await reader(), first.pairingId))?.agreement.signedHow).toBe("paper");

    const second = await paired();
    const stranger = await createUser({ role: "resident" });
    expect(await confirmByResident(actorOf(stranger), second.agreementId, meta)).toBe("forbidden");
    const resident = await createUser({ role: "resident" });
    await testDatabase().writeAtomic((d) =>
      d
        .update(schema.householdMembers)
        .set({ userId: resident.id })
        .where(
          and(
            eq(schema.householdMembers.householdId, second.householdId),
            eq(schema.householdMembers.relation, "head"),
          ),
        ),
    );
    expect(await confirmByResident(actorOf(resident), second.agreementId, meta, now)).toBe("ok");
    expect((await cardOf(await reader(), second.pairingId))?.agreement).toMatchObject({
      signedHow: "app",
      signedAt: now,
    });
  });
});

describe("volunteer home", () => {
  it("shows each household's earliest open goal as its next step, and the goals due within 30 days", async () => {
    const { l, agreementId } = await paired();
    const volunteer = actorOf(l.youth4);
    await addGoal(
      volunteer,
      agreementId,
      { domain: "employment", target: "参加培训", dueAt: days(60) },
      meta,
    );
    await addGoal(
      volunteer,
      agreementId,
      { domain: "schooling", target: "申请助学金", dueAt: days(10) },
      meta,
    );
    await addGoal(volunteer, agreementId, { domain: "medical", target: "已办完", dueAt: days(5) }, meta);
    const card = await testDatabase().db.query.agreementGoals.findFirst({
      where: eq(schema.agreementGoals.target, "已办完"),
    });
    await setGoalStatus(volunteer, agreementId, card?.id ?? 0, "achieved", meta);

    const home = await volunteerHome(actorOf(l.youth4), ctx, now);
    expect(home.households).toHaveLength(1);
    expect(home.households[0]?.nextGoal?.target).toBe("申请助学金");
    expect(home.households[0]?.signed).toBe(false);
    expect(home.dueGoals.map((g) => g.target)).toEqual(["申请助学金"]);
    expect((await volunteerHome(actorOf(l.member3), ctx, now)).households).toEqual([]);
  });
});
