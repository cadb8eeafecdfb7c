import { sql } from "drizzle-orm";
import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import { getDatabase, schema } from "#db/client.server";
import { createUser } from "#tests/fixtures/accounts";
import { actorOf, createHousehold, createLinkage } from "#tests/fixtures/roster";
import { testDatabase } from "#tests/setup/db";
import { monthlyReport, reportMonthParam } from "./monthly.server";
import { change } from "./sections";

testDatabase();

const zone = "Asia/Shanghai";
/** A moment of the community's calendar: `at("2026-10-05")`, `at("2026-10-05T09:30")`. */
const at = (local: string) => DateTime.fromISO(local, { zone }).toJSDate();
const now = at("2026-11-15T10:00");
const minute = 60_000;
let documents = 0;

async function setCreated(householdId: number, createdAt: Date) {
  await getDatabase().write((tx) =>
    tx
      .update(schema.households)
      .set({ createdAt })
      .where(sql`id = ${householdId}`),
  );
}

async function pair(volunteerId: number, householdId: number, startedAt: Date) {
  await getDatabase().writeAtomic((d) =>
    d
      .insert(schema.pairings)
      .values({ volunteerId, householdId, role: "primary", status: "active", startedAt }),
  );
}

async function visit(
  householdId: number,
  compoundId: number,
  leadVolunteerId: number,
  startsAt: Date,
  status: "done" | "scheduled",
) {
  await getDatabase().writeAtomic((d) =>
    d.insert(schema.visits).values({
      householdId,
      compoundId,
      leadVolunteerId,
      startsAt,
      endsAt: new Date(startsAt.getTime() + 60 * minute),
      place: "家中",
      purpose: "例行走访",
      status,
    }),
  );
}

async function ask(
  householdId: number,
  compoundId: number,
  createdAt: Date,
  extra: { waitMinutes?: number; resolvedAt?: Date; rating?: number } = {},
) {
  await getDatabase().writeAtomic((d) =>
    d.insert(schema.helpRequests).values({
      householdId,
      compoundId,
      channel: "phone",
      kind: "daily",
      description: "停水了",
      contactMethod: "phone",
      contactPhone: "13900001111",
      acknowledgeBy: new Date(createdAt.getTime() + 24 * 60 * minute),
      createdAt,
      acknowledgedAt:
        extra.waitMinutes === undefined ? null : new Date(createdAt.getTime() + extra.waitMinutes * minute),
      status: extra.resolvedAt ? "resolved" : "new",
      resolvedAt: extra.resolvedAt ?? null,
      rating: extra.rating ?? null,
      ratedAt: extra.rating ? extra.resolvedAt : null,
      updatedAt: createdAt,
    }),
  );
}

async function served(volunteerId: number, compoundId: number, servedAt: Date, minutes: number) {
  await getDatabase().writeAtomic((d) =>
    d.insert(schema.serviceHours).values({
      volunteerId,
      compoundId,
      source: "activity",
      sourceId: ++documents,
      servedAt,
      minutes,
      status: "confirmed",
    }),
  );
}

async function credit(compoundId: number, day: string, totalFen: number, reversesId?: number) {
  const [row] = await getDatabase().writeAtomic((d) =>
    d
      .insert(schema.materialMovements)
      .values({
        kind: reversesId ? "reversal" : "card_credit",
        documentNo: `TEST-${++documents}`,
        reversesId: reversesId ?? null,
        at: at(day),
        day,
        compoundId,
        totalFen,
      })
      .returning({ id: schema.materialMovements.id }),
  );
  return row?.id ?? 0;
}

/** A course with a session on each of `days`; `attendees` (members) present at all, completing on `completedAt`. */
async function course(days: string[], attendees: number[], completedAt: Date | null) {
  await getDatabase().write(async (tx) => {
    const [made] = await tx
      .insert(schema.courses)
      .values({
        title: "养老护理员培训",
        kind: "reemployment",
        provider: "职业技能培训中心",
        location: "社区服务中心",
        capacity: 10,
        enrollOpensAt: at("2026-08-01"),
        enrollClosesAt: at("2026-09-01"),
        eligibleCategories: [],
        priorityGroups: [],
        status: "published",
        checkinSecret: "secret",
      })
      .returning({ id: schema.courses.id });
    if (!made) throw new Error("no course");
    const sessions = await tx
      .insert(schema.courseSessions)
      .values(
        days.map((d) => ({
          courseId: made.id,
          startsAt: at(`${d}T09:00`),
          endsAt: at(`${d}T11:00`),
        })),
      )
      .returning({ id: schema.courseSessions.id });
    for (const memberId of attendees) {
      const [enrollment] = await tx
        .insert(schema.enrollments)
        .values({
          courseId: made.id,
          memberId,
          status: completedAt ? "completed" : "enrolled",
          requestedAt: at("2026-08-15"),
          completedAt,
        })
        .returning({ id: schema.enrollments.id });
      for (const session of sessions)
        await tx.insert(schema.attendance).values({
          sessionId: session.id,
          enrollmentId: enrollment?.id ?? 0,
          present: true,
          method: "sheet",
          markedAt: at("2026-10-01"),
        });
    }
  });
}

async function memberOf(householdId: number): Promise<number> {
  const [row] = await getDatabase().db.all<{ id: number }>(
    sql`SELECT id FROM household_members WHERE household_id = ${householdId} ORDER BY id LIMIT 1`,
  );
  return Number(row?.id);
}

describe("the monthly report", () => {
  it("counts a finished month's coverage by the levels households had then, not today's", async () => {
    const c = await createLinkage();
    const admin = await createUser({ role: "admin" });
    // Left the ledger on 5 November, and another joined it then: October stays as it was.
    const left = await createHousehold(c.compoundId, "none");
    const alsoLeft = await createHousehold(c.compoundId, "none");
    const joined = await createHousehold(c.compoundId, "extreme");
    for (const id of [left, alsoLeft, joined]) await setCreated(id, at("2026-08-01"));
    await getDatabase().write((tx) =>
      tx.insert(schema.householdHistory).values([
        {
          householdId: alsoLeft,
          at: at("2026-11-20"),
          source: "verification",
          field: "hardshipLevel",
          before: "extreme",
          after: "none",
        },
        {
          householdId: left,
          at: at("2026-11-05"),
          source: "verification",
          field: "hardshipLevel",
          before: "hardship",
          after: "none",
        },
        {
          householdId: joined,
          at: at("2026-11-05"),
          source: "verification",
          field: "hardshipLevel",
          before: "none",
          after: "extreme",
        },
      ]),
    );
    const rowOf = async (month: string) =>
      (await monthlyReport(actorOf(admin), month, now)).sections.coverage.rows.find(
        (r) => r.compoundId === c.compoundId,
      );
    expect((await rowOf("2026-10"))?.now).toMatchObject({ covered: 2, unpaired: 2 });
    // November, read on the 15th: the one that joined, and the one that leaves on the 20th.
    expect((await rowOf("2026-11"))?.now).toMatchObject({ covered: 2 });
    expect((await rowOf("2026-11"))?.last).toMatchObject({ covered: 2 });
  });

  it("counts each compound's month beside last month, and an organizer of one compound sees theirs alone", async () => {
    const a = await createLinkage();
    const b = await createLinkage();
    const admin = await createUser({ role: "admin" });
    const a1 = await createHousehold(a.compoundId, "extreme");
    const a2 = await createHousehold(a.compoundId, "extreme");
    const a3 = await createHousehold(a.compoundId, "hardship");
    const b1 = await createHousehold(b.compoundId, "extreme");
    for (const id of [a1, a2, a3, b1]) await setCreated(id, at("2026-08-01"));
    // A newcomer of October counts in October's coverage, not September's.
    const late = await createHousehold(a.compoundId, "hardship");
    await setCreated(late, at("2026-10-20"));

    await pair(a.member3.id, a1, at("2026-09-10"));
    await pair(a.youth4.id, a2, at("2026-10-05"));

    await visit(a1, a.compoundId, a.member3.id, at("2026-10-03T09:00"), "done");
    await visit(a1, a.compoundId, a.member3.id, at("2026-10-20T09:00"), "done");
    await visit(a2, a.compoundId, a.youth4.id, at("2026-10-21T09:00"), "done");
    await visit(a3, a.compoundId, a.youth4.id, at("2026-10-25T09:00"), "scheduled");
    await visit(a1, a.compoundId, a.member3.id, at("2026-09-12T09:00"), "done");
    await visit(b1, b.compoundId, b.member3.id, at("2026-10-02T09:00"), "done");
    // Outside both months: not counted.
    await visit(a1, a.compoundId, a.member3.id, at("2026-08-31T23:30"), "done");

    await ask(a1, a.compoundId, at("2026-10-02T08:00"), { waitMinutes: 30 });
    await ask(a2, a.compoundId, at("2026-10-09T08:00"), {
      waitMinutes: 90,
      resolvedAt: at("2026-10-10"),
      rating: 4,
    });
    await ask(a3, a.compoundId, at("2026-09-30T23:00"), {
      waitMinutes: 10,
      resolvedAt: at("2026-10-01T01:00"),
      rating: 5,
    });
    await ask(b1, b.compoundId, at("2026-10-11T08:00"));

    await served(a.member3.id, a.compoundId, at("2026-10-03"), 120);
    await served(a.youth4.id, a.compoundId, at("2026-10-21"), 60);
    await served(a.member3.id, a.compoundId, at("2026-09-12"), 30);
    await served(a.member3.id, b.compoundId, at("2026-10-15"), 60);

    const september = await credit(a.compoundId, "2026-09-01", 5_000);
    await credit(a.compoundId, "2026-10-01", 10_000);
    await credit(a.compoundId, "2026-10-01", 10_000);
    await credit(a.compoundId, "2026-10-08", 5_000, september);

    // Two of compound A's residents at two October sessions (both complete), one of B's at a September one.
    await course(
      ["2026-10-10", "2026-10-17"],
      [await memberOf(a1), await memberOf(a2)],
      at("2026-10-17T12:00"),
    );
    await course(["2026-09-20"], [await memberOf(b1)], null);

    const report = await monthlyReport(actorOf(admin), "2026-10", now);
    expect(report.previous).toBe("2026-09");
    const rowOf = <S extends keyof typeof report.sections>(key: S, compoundId: number) =>
      report.sections[key].rows.find((r) => r.compoundId === compoundId);

    expect(rowOf("coverage", a.compoundId)).toMatchObject({
      now: { covered: 4, withHelper: 2, helperPercent: 50, unpaired: 2 },
      last: { covered: 3, withHelper: 1, helperPercent: 33, unpaired: 2 },
    });
    expect(rowOf("coverage", b.compoundId)?.now).toMatchObject({ covered: 1, withHelper: 0 });
    expect(rowOf("visits", a.compoundId)).toMatchObject({
      now: { done: 3, householdsVisited: 2, unrecorded: 1 },
      last: { done: 1, householdsVisited: 1, unrecorded: 0 },
    });
    expect(rowOf("help", a.compoundId)).toMatchObject({
      now: { asked: 2, resolved: 2, medianResponse: 1, ratings: 2, rating: 4.5 },
      last: { asked: 1, resolved: 0, medianResponse: 0.2, ratings: 0, rating: null },
    });
    expect(rowOf("volunteers", a.compoundId)).toMatchObject({
      now: { hours: 3, active: 2 },
      last: { hours: 0.5, active: 1 },
    });
    expect(rowOf("courses", a.compoundId)).toMatchObject({
      now: { attendances: 4, participants: 2, completions: 2 },
      last: { attendances: 0, participants: 0, completions: 0 },
    });
    expect(rowOf("courses", b.compoundId)).toMatchObject({
      now: { attendances: 0 },
      last: { attendances: 1, participants: 1, completions: 0 },
    });
    expect(rowOf("material", a.compoundId)).toMatchObject({
      now: { creditedFen: 15_000 },
      last: { creditedFen: 5_000 },
    });
    // The total adds the compounds, but a volunteer serving both counts once.
    expect(report.sections.volunteers.total.now).toMatchObject({ hours: 4, active: 2 });
    expect(report.sections.visits.total.now).toMatchObject({ done: 4, householdsVisited: 3 });
    expect(report.sections.help.total.now).toMatchObject({ asked: 3, medianResponse: 1 });
    expect(report.fund).not.toBeNull();

    const theirs = await monthlyReport(actorOf(a.organizer), "2026-10", now);
    expect(theirs.compounds.map((c) => c.id)).toEqual([a.compoundId]);
    expect(theirs.sections.visits.rows.map((r) => r.compoundId)).toEqual([a.compoundId]);
    expect(theirs.sections.visits.total.now).toMatchObject({ done: 3 });
    expect(theirs.sections.volunteers.total.now).toMatchObject({ hours: 3, active: 2 });
    expect(theirs.fund).toBeNull();

    const volunteer = await monthlyReport(actorOf(a.member3), "2026-10", now);
    expect(volunteer.compounds).toEqual([]);
  });

  it("reads the month from the query, and defaults to the last complete month", async () => {
    const request = (q: string) => new Request(`http://localhost/reports/monthly${q}`);
    expect(await reportMonthParam(request(""), now)).toBe("2026-10");
    expect(await reportMonthParam(request("?month=2026-03"), now)).toBe("2026-03");
    expect(await reportMonthParam(request("?month=2027-01"), now)).toBe("2026-10");
    expect(await reportMonthParam(request("?month=2026-13"), now)).toBe("2026-10");
    expect(await reportMonthParam(request("?month=0000-01"), now)).toBe("2026-10");
    expect(await reportMonthParam(request("?month=1999-12"), now)).toBe("2026-10");
    expect(change(5, 3)).toBe(2);
    expect(change(null, 3)).toBeNull();
  });
});
