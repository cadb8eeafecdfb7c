import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDatabase, schema } from "#db/client.server";
import { createUser } from "#tests/fixtures/accounts";
import { actorOf, createHousehold, createLinkage } from "#tests/fixtures/roster";
import { testDatabase } from "#tests/setup/db";
import { createPairing, endPairing } from "#app/modules/roster/pairings.server";
import { cockpit } from "./figures.server";
import { cockpitTrends } from "./trends.server";
import { keptCockpit, keptMaxAgeMs, refreshCockpitFigures, urgentCacheMs } from "./kept.server";

testDatabase();

const meta = { ip: "127.0.0.1", userAgent: "vitest" };
const ctx = { via: "test" };
const day = 86_400_000;
const hour = 3_600_000;

/** A month of a compound's life: pairings, a help request, a visit, a course, a goal met, card money, hours. */
async function liveCompound(now: Date) {
  const l = await createLinkage();
  const extreme = await createHousehold(l.compoundId, "extreme");
  const hardship = await createHousehold(l.compoundId, "hardship");
  await createHousehold(l.compoundId, "extreme");
  const paired = await createPairing(
    actorOf(l.organizer),
    {
      householdId: extreme,
      volunteerId: l.youth4.id,
      role: "primary",
      startedAt: new Date(now.getTime() - 40 * day),
    },
    meta,
  );
  if (!paired.ok) throw new Error(paired.error);
  const d = getDatabase();
  const [member] = await d.db
    .select({ id: schema.householdMembers.id })
    .from(schema.householdMembers)
    .where(eq(schema.householdMembers.householdId, extreme));
  const [agreement] = await d.db
    .select({ id: schema.agreements.id })
    .from(schema.agreements)
    .where(eq(schema.agreements.pairingId, paired.pairingId));
  await d.write(async (tx) => {
    await tx.insert(schema.helpRequests).values({
      householdId: hardship,
      compoundId: l.compoundId,
      channel: "phone",
      kind: "daily",
      description: "停水三天了",
      contactMethod: "phone",
      contactPhone: "13900001111",
      acknowledgeBy: new Date(now.getTime() - 3 * hour),
      createdAt: new Date(now.getTime() - 5 * hour),
      acknowledgedAt: new Date(now.getTime() - 4 * hour),
      status: "resolved",
      resolvedAt: new Date(now.getTime() - hour),
      rating: 5,
      ratedAt: new Date(now.getTime() - hour),
      updatedAt: now,
    });
    await tx.insert(schema.visits).values({
      householdId: extreme,
      compoundId: l.compoundId,
      leadVolunteerId: l.youth4.id,
      startsAt: new Date(now.getTime() - 2 * day),
      endsAt: new Date(now.getTime() - 2 * day + hour),
      place: "家中",
      purpose: "走访",
      status: "done",
    });
    const course = (status: "published" | "finished", endsAt: Date) => ({
      title: `再就业培训 ${status}`,
      kind: "reemployment" as const,
      provider: "职业技能培训中心",
      location: "社区服务中心",
      compoundId: l.compoundId,
      capacity: 10,
      seatsTaken: status === "published" ? 4 : 2,
      enrollOpensAt: new Date(now.getTime() - 60 * day),
      enrollClosesAt: new Date(now.getTime() - 50 * day),
      eligibleCategories: [],
      priorityGroups: [],
      status,
      startsAt: new Date(endsAt.getTime() - 10 * day),
      endsAt,
      checkinSecret: "secret",
    });
    await tx.insert(schema.courses).values(course("published", new Date(now.getTime() + 30 * day)));
    const [finished] = await tx
      .insert(schema.courses)
      .values(course("finished", new Date(now.getTime() - 20 * day)))
      .returning({ id: schema.courses.id });
    if (!finished || !member || !agreement) throw new Error("setup");
    await tx.insert(schema.enrollments).values({
      courseId: finished.id,
      memberId: member.id,
      status: "completed",
      requestedAt: new Date(now.getTime() - 55 * day),
      completedAt: new Date(now.getTime() - 20 * day),
    });
    await tx.insert(schema.agreementGoals).values([
      {
        agreementId: agreement.id,
        domain: "employment",
        target: "找到一份保洁工作",
        dueAt: new Date(now.getTime() + 30 * day),
        status: "achieved",
        updatedAt: new Date(now.getTime() - 3 * day),
      },
      {
        agreementId: agreement.id,
        domain: "medical",
        target: "按时复诊",
        dueAt: new Date(now.getTime() + 30 * day),
        status: "in_progress",
      },
    ]);
    await tx.insert(schema.serviceHours).values({
      volunteerId: l.youth4.id,
      source: "activity",
      sourceId: 1_000_000 + l.compoundId,
      compoundId: l.compoundId,
      servedAt: new Date(now.getTime() - hour),
      minutes: 90,
      status: "confirmed",
    });
    const day0 = now.toISOString().slice(0, 10);
    await tx.insert(schema.materialMovements).values([
      {
        kind: "card_credit",
        documentNo: `TEST-C-${l.compoundId}`,
        at: now,
        day: day0,
        householdId: extreme,
        compoundId: l.compoundId,
        totalFen: 20_000,
      },
      {
        kind: "card_sale",
        documentNo: `TEST-S-${l.compoundId}`,
        at: now,
        day: day0,
        householdId: extreme,
        compoundId: l.compoundId,
        totalFen: 3_550,
      },
    ]);
  });
  return { ...l, extreme, hardship, pairingId: paired.pairingId };
}

describe("the cockpit's kept figures", () => {
  it("equal a fresh count for an admin and an organizer after a series of changes and the tick", async () => {
    // Midday in the community's zone, away from a month's edge, so that "this month" is the same for every row.
    const now = new Date();
    now.setUTCHours(4, 0, 0, 0);
    if (now.getUTCDate() < 3) now.setUTCDate(3);
    const a = await liveCompound(now);
    const b = await liveCompound(now);
    await endPairing(actorOf(b.organizer), b.pairingId, "搬走了", meta, new Date(now.getTime() - day));
    const admin = actorOf(await createUser({ role: "admin" }));

    await refreshCockpitFigures("all", now);
    for (const actor of [admin, actorOf(a.organizer)]) {
      const fresh = await cockpit(actor, ctx, now);
      const kept = await keptCockpit(actor, ctx, now);
      expect(kept.computedAt).toEqual(now);
      expect(kept.compounds).toEqual(fresh.compounds);
      expect(kept.total).toEqual(fresh.total);
      expect(kept.urgent).toEqual(fresh.urgent);
      expect(kept.trends).toEqual(
        await cockpitTrends(
          fresh.compounds.map((c) => c.compoundId),
          now,
        ),
      );
    }
    const ofA = (await keptCockpit(actorOf(a.organizer), ctx, now)).total;
    expect(ofA).toMatchObject({
      covered: 3,
      withHelper: 1,
      seatsTaken: 4,
      seatsCapacity: 10,
      placesFinished: 1,
      placesCompleted: 1,
      employedAfterCourse: 1,
      goalsEmployment: 1,
      goalsEmploymentMet: 1,
      goalsMedical: 1,
      goalsMedicalMet: 0,
      creditsIssuedFen: 20_000,
      creditsSpentFen: 3_550,
      volunteerMinutes: 90,
      activeVolunteers: 1,
      helpRating: 5,
    });
    // B's helper left: its open medical goal no longer counts as being worked on, its met goal still does.
    const ofB = (await keptCockpit(actorOf(b.organizer), ctx, now)).total;
    expect(ofB).toMatchObject({ withHelper: 0, goalsEmploymentMet: 1, goalsMedical: 0 });
  });

  it("shows a pairing at once: the write marks its compound, and the next read counts it afresh", async () => {
    const now = new Date();
    const a = await liveCompound(now);
    const organizer = actorOf(a.organizer);
    const before = await keptCockpit(organizer, ctx, now);
    expect(before.total.unpairedExtreme).toBe(1);
    const lonely = before.urgent.length;
    const unpaired = await createHousehold(a.compoundId, "extreme");
    // A new household marks nothing: the page reads the kept rows, and the tick brings it within a minute.
    expect((await keptCockpit(organizer, ctx, now)).total.covered).toBe(3);
    const paired = await createPairing(
      organizer,
      { householdId: unpaired, volunteerId: a.member3.id, role: "primary", startedAt: now },
      meta,
    );
    expect(paired.ok).toBe(true);
    const after = await keptCockpit(organizer, ctx, now);
    expect(after.total).toMatchObject({ covered: 4, withHelper: 2, unpairedExtreme: 1 });
    expect(after.urgent.length).toBe(lonely);
    expect(after.total).toEqual((await cockpit(organizer, ctx, now)).total);
  });

  it("keeps the urgent list beside its figures: a pairing takes a household off it at once, the rest follow", async () => {
    const now = new Date();
    const a = await liveCompound(now);
    const organizer = actorOf(a.organizer);
    const lonely = await createHousehold(a.compoundId, "extreme");
    await getDatabase().write((tx) =>
      tx
        .update(schema.households)
        .set({ createdAt: new Date(now.getTime() - 40 * day) })
        .where(eq(schema.households.id, lonely)),
    );
    await refreshCockpitFigures([a.compoundId], now);
    const listed = (at: Date) =>
      keptCockpit(organizer, ctx, at).then((k) =>
        k.urgent.flatMap((u) => (u.kind === "unpaired" ? [u.household.id] : [])),
      );
    expect(await listed(now)).toContain(lonely);

    // An overdue help request marks nothing: it joins the list when the kept candidates are renewed.
    await getDatabase().write((tx) =>
      tx.insert(schema.helpRequests).values({
        householdId: lonely,
        compoundId: a.compoundId,
        channel: "phone",
        kind: "daily",
        description: "没人来",
        contactMethod: "phone",
        contactPhone: "13900002222",
        acknowledgeBy: new Date(now.getTime() - 2 * hour),
        createdAt: new Date(now.getTime() - 3 * hour),
        updatedAt: new Date(now.getTime() - 3 * hour),
        status: "new",
      }),
    );
    const helpListed = (at: Date) =>
      keptCockpit(organizer, ctx, at).then((k) => k.urgent.some((u) => u.kind === "help"));
    expect(await helpListed(new Date(now.getTime() + 1000))).toBe(false);
    expect(await helpListed(new Date(now.getTime() + urgentCacheMs + 1000))).toBe(true);

    const paired = await createPairing(
      organizer,
      { householdId: lonely, volunteerId: a.member3.id, role: "primary", startedAt: now },
      meta,
    );
    expect(paired.ok).toBe(true);
    expect(await listed(new Date(now.getTime() + urgentCacheMs + 2000))).not.toContain(lonely);
  });

  it("counts afresh when the kept rows are older than three ticks, and shows another compound's to nobody", async () => {
    const then = new Date(Date.now() - keptMaxAgeMs - 60_000);
    const a = await liveCompound(then);
    const b = await liveCompound(then);
    await refreshCockpitFigures([a.compoundId, b.compoundId], then);
    const now = new Date();
    const kept = await keptCockpit(actorOf(a.organizer), ctx, now);
    expect(kept.computedAt).toEqual(now);
    expect(kept.compounds.map((c) => c.compoundId)).toEqual([a.compoundId]);
    expect(kept.total).toEqual((await cockpit(actorOf(a.organizer), ctx, now)).total);
  });
});
