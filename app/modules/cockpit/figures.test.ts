import { eq } from "drizzle-orm";
import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import { getDatabase, schema } from "#db/client.server";
import { createUser } from "#tests/fixtures/accounts";
import { actorOf, createHousehold, createLinkage } from "#tests/fixtures/roster";
import { testDatabase } from "#tests/setup/db";
import { createPairing } from "#app/modules/roster/pairings.server";
import { cadenceOf } from "#app/modules/visits/cadence.server";
import { cockpit, unpairedUrgentMs } from "./figures.server";
import { cockpitTrends } from "./trends.server";

testDatabase();

const meta = { ip: "127.0.0.1", userAgent: "vitest" };
const ctx = { via: "test" };
const day = 86_400_000;

async function backdate(householdId: number, at: Date) {
  await getDatabase().write((tx) =>
    tx.update(schema.households).set({ createdAt: at }).where(eq(schema.households.id, householdId)),
  );
}

async function overdueHelp(householdId: number, compoundId: number, now: Date) {
  const [row] = await getDatabase().write((tx) =>
    tx
      .insert(schema.helpRequests)
      .values({
        householdId,
        compoundId,
        channel: "phone",
        kind: "daily",
        description: "停水三天了",
        contactMethod: "phone",
        contactPhone: "13900001111",
        acknowledgeBy: new Date(now.getTime() - 3 * 3_600_000),
        createdAt: new Date(now.getTime() - 27 * 3_600_000),
        updatedAt: now,
      })
      .returning({ id: schema.helpRequests.id }),
  );
  return row?.id ?? 0;
}

describe("the organizer's cockpit", () => {
  it("shows an organizer their own compound's gaps alone, leads with an extreme household unpaired for a month, and pairing it changes the figure", async () => {
    const now = new Date();
    const a = await createLinkage();
    const b = await createLinkage();
    const lonely = await createHousehold(a.compoundId, "extreme");
    await backdate(lonely, new Date(now.getTime() - unpairedUrgentMs - 5 * day));
    const fresh = await createHousehold(a.compoundId, "extreme");
    await backdate(fresh, new Date(now.getTime() - 2 * day));
    const hardship = await createHousehold(a.compoundId, "hardship");
    const elsewhere = await createHousehold(b.compoundId, "extreme");
    await backdate(elsewhere, new Date(now.getTime() - 90 * day));
    const helpId = await overdueHelp(hardship, a.compoundId, now);

    const first = await cockpit(actorOf(a.organizer), ctx, now);
    expect(first.compounds.map((c) => c.compoundId)).toEqual([a.compoundId]);
    expect(first.total).toMatchObject({
      covered: 3,
      withHelper: 0,
      unpairedExtreme: 2,
      unpairedHardship: 1,
      helpOpen: 1,
      helpOverdue: 1,
    });
    // Never visited: every covered household is due now.
    expect(first.total.visitsOverdue).toBe(3);
    const urgent = first.urgent.map((u) => [u.kind, u.household.id]);
    // The fresh one is still within the month pairing is given; the other compound's is not theirs to see.
    expect(urgent).toEqual([
      ["unpaired", lonely],
      ["help", hardship],
    ]);
    expect(first.urgent.find((u) => u.kind === "help")).toMatchObject({ id: helpId });
    expect(urgent.flat()).not.toContain(elsewhere);
    expect(urgent.flat()).not.toContain(fresh);

    const paired = await createPairing(
      actorOf(a.organizer),
      { householdId: lonely, volunteerId: a.youth4.id, role: "primary", startedAt: now },
      meta,
    );
    expect(paired.ok).toBe(true);
    const after = await cockpit(actorOf(a.organizer), ctx, now);
    expect(after.total).toMatchObject({ withHelper: 1, unpairedExtreme: 1 });
    expect(after.urgent.map((u) => u.kind)).toEqual(["help"]);
  });

  it("gives an admin every compound, each beside the others, and the total as their sum", async () => {
    const now = new Date();
    const a = await createLinkage();
    const b = await createLinkage();
    await createHousehold(a.compoundId, "extreme");
    await createHousehold(b.compoundId, "hardship");
    await createHousehold(b.compoundId, "none");
    const admin = await createUser({ role: "admin" });
    const view = await cockpit(actorOf(admin), ctx, now);
    const ofA = view.compounds.find((c) => c.compoundId === a.compoundId);
    const ofB = view.compounds.find((c) => c.compoundId === b.compoundId);
    expect(ofA).toMatchObject({ covered: 1, unpairedExtreme: 1 });
    expect(ofB).toMatchObject({ covered: 1, unpairedHardship: 1 });
    expect(view.total.covered).toBe(view.compounds.reduce((n, c) => n + c.covered, 0));
  });

  it("shows a volunteer nothing: the cockpit is staff's", async () => {
    const a = await createLinkage();
    await createHousehold(a.compoundId, "extreme");
    const view = await cockpit(actorOf(a.cadre1), ctx, new Date());
    expect(view).toEqual({ compounds: [], total: expect.objectContaining({ covered: 0 }), urgent: [] });
  });

  it("counts the median first response and this month's ratings of help requests", async () => {
    const now = new Date();
    const a = await createLinkage();
    const household = await createHousehold(a.compoundId, "hardship");
    const hour = 3_600_000;
    await getDatabase().write((tx) =>
      tx.insert(schema.helpRequests).values(
        [1, 2, 6].map((hours, i) => ({
          householdId: household,
          compoundId: a.compoundId,
          channel: "phone" as const,
          kind: "daily" as const,
          description: `求助 ${i}`,
          contactMethod: "phone" as const,
          contactPhone: "13900001111",
          status: "resolved" as const,
          acknowledgeBy: new Date(now.getTime() - 10 * hour),
          createdAt: new Date(now.getTime() - 20 * hour),
          acknowledgedAt: new Date(now.getTime() - 20 * hour + hours * hour),
          resolvedAt: now,
          rating: 3 + i,
          ratedAt: now,
          updatedAt: now,
        })),
      ),
    );
    const view = await cockpit(actorOf(a.organizer), ctx, now);
    expect(view.total).toMatchObject({
      helpOpen: 0,
      helpResolvedThisMonth: 3,
      helpMedianResponseMs: 2 * hour,
      helpRating: 4,
      helpRatings: 3,
    });
  });
});

describe("twelve months of figures", () => {
  it("buckets visits, requests and helpers by the community's month, this month last, other compounds left out", async () => {
    const a = await createLinkage();
    const b = await createLinkage();
    const household = await createHousehold(a.compoundId, "extreme");
    const theirs = await createHousehold(b.compoundId, "extreme");
    // 2026-12-15 in Shanghai; 2026-10-31T17:00Z is already November 1st there.
    const now = new Date("2026-12-15T04:00:00Z");
    const visit = (householdId: number, compoundId: number, startsAt: string) => ({
      householdId,
      compoundId,
      leadVolunteerId: a.youth4.id,
      startsAt: new Date(startsAt),
      endsAt: new Date(new Date(startsAt).getTime() + 3_600_000),
      place: "家中",
      purpose: "走访",
      status: "done" as const,
    });
    await getDatabase().write((tx) =>
      tx
        .insert(schema.visits)
        .values([
          visit(household, a.compoundId, "2026-10-31T17:00:00Z"),
          visit(household, a.compoundId, "2026-12-01T02:00:00Z"),
          visit(household, a.compoundId, "2025-11-20T02:00:00Z"),
          visit(theirs, b.compoundId, "2026-12-02T02:00:00Z"),
        ]),
    );
    await createPairing(
      actorOf(a.organizer),
      {
        householdId: household,
        volunteerId: a.youth4.id,
        role: "primary",
        startedAt: new Date("2026-09-10T00:00:00Z"),
      },
      meta,
    );
    const trends = await cockpitTrends([a.compoundId], now);
    expect(trends.months[0]).toBe("2026-01");
    expect(trends.months.at(-1)).toBe("2026-12");
    expect(trends.visitsDone.slice(-3)).toEqual([0, 1, 1]);
    expect(trends.visitsDone.reduce((n, x) => n + x, 0)).toBe(2);
    // Paired in September: no helper at August's end, one at September's and since.
    expect(trends.withHelper.slice(7)).toEqual([0, 1, 1, 1, 1]);
  });
});

describe("visit cadence in the cockpit", () => {
  it("counts the same overdue households as the due list, at month ends too", async () => {
    const a = await createLinkage();
    const zone = "Asia/Shanghai";
    // Mar 31 + 1 month is Apr 30 and Jan 31 + 3 months is Apr 30: the edges where month arithmetic clamps.
    const now = DateTime.fromISO("2026-04-30T10:00:00", { zone }).toJSDate();
    const lastVisits = [
      "2026-03-31T09:00:00",
      "2026-03-30T10:00:00",
      "2026-03-30T10:00:01",
      "2026-03-31T10:00:01",
      "2026-01-31T09:59:59",
      "2026-01-30T10:00:01",
      "2025-12-01T08:00:00",
      null,
    ];
    const ids: number[] = [];
    for (const [i, at] of lastVisits.entries()) {
      for (const level of ["extreme", "hardship"] as const) {
        const householdId = await createHousehold(a.compoundId, level);
        ids.push(householdId);
        if (at === null) continue;
        const startsAt = DateTime.fromISO(at, { zone }).toJSDate();
        await getDatabase().write((tx) =>
          tx.insert(schema.visits).values({
            householdId,
            compoundId: a.compoundId,
            leadVolunteerId: a.youth4.id,
            startsAt,
            endsAt: new Date(startsAt.getTime() + 3_600_000),
            place: "家中",
            purpose: `走访 ${i}`,
            status: "done",
          }),
        );
      }
    }
    const facts = await cadenceOf(ids, now);
    const overdue = facts.filter((f) => f.state === "overdue").length;
    // The edges really split: some of these are overdue and some are not.
    expect(overdue).toBeGreaterThan(2);
    expect(overdue).toBeLessThan(ids.length - 2);
    const view = await cockpit(actorOf(a.organizer), ctx, now);
    expect(view.total.visitsOverdue).toBe(overdue);
    expect(view.total.visitedInCadence).toBe(ids.length - overdue);
  });
});
