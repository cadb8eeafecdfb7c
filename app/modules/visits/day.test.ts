import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { schema } from "#db/client.server";
import { testDatabase } from "#tests/setup/db";
import { actorOf, createHousehold, createLinkage } from "#tests/fixtures/roster";
import { createPairing } from "#app/modules/roster/pairings.server";
import { householdAddresses } from "#app/modules/households/reader.server";
import { volunteerAgenda } from "./agenda.server";
import { sendWeeklyDigest } from "./escalation.server";
import { visitDurationMinutes } from "./duration";
import { correctDuration, markArrived, markLeft } from "./on-the-spot.server";
import { recordVisitOutcome, scheduleVisit, type NewVisit, type VisitOutcomeInput } from "./visits.server";

const meta = { ip: null, userAgent: null };
const ctx = { via: "test" };
const minute = 60_000;
const hour = 60 * minute;
/** Monday 2 March 2026, 09:00 in Shanghai. */
const t0 = new Date("2026-03-02T01:00:00Z");

async function community() {
  const l = await createLinkage();
  const household = await createHousehold(l.compoundId, "extreme");
  const second = await createHousehold(l.compoundId, "hardship");
  const other = await createHousehold(l.compoundId, "hardship");
  const organizer = actorOf(l.organizer);
  for (const [householdId, volunteerId] of [
    [household, l.youth4.id],
    [second, l.youth4.id],
    [other, l.member3.id],
  ] as const)
    await createPairing(organizer, { householdId, volunteerId, role: "primary", startedAt: t0 }, meta);
  return { ...l, household, second, other };
}

function plan(householdId: number, volunteerId: number, date: string, startTime = "10:00"): NewVisit {
  const endHour = String(Number(startTime.slice(0, 2)) + 1).padStart(2, "0");
  return {
    householdId,
    volunteerId,
    date,
    startTime,
    endTime: `${endHour}:${startTime.slice(3)}`,
    place: "户主家中",
    purpose: "走访",
    coVisitorIds: [],
  };
}

async function visitId(result: Awaited<ReturnType<typeof scheduleVisit>>) {
  if (!result.ok) throw new Error(JSON.stringify(result));
  return result.value.id;
}

async function row(id: number) {
  const [r] = await testDatabase().db.select().from(schema.visits).where(eq(schema.visits.id, id));
  if (!r) throw new Error("no visit");
  return r;
}

describe("the volunteer's agenda", () => {
  it("leads with escalated unrecorded visits, then the rest to record, then their own next visits", async () => {
    const c = await community();
    const youth = actorOf(c.youth4);
    const older = await visitId(
      await scheduleVisit(youth, plan(c.household, c.youth4.id, "2026-03-03"), meta, t0),
    );
    const escalated = await visitId(
      await scheduleVisit(youth, plan(c.second, c.youth4.id, "2026-03-04"), meta, t0),
    );
    const next = await visitId(
      await scheduleVisit(youth, plan(c.household, c.youth4.id, "2026-03-10"), meta, t0),
    );
    // Another volunteer's visit, of a household not theirs: never on this home.
    const theirs = await visitId(
      await scheduleVisit(actorOf(c.member3), plan(c.other, c.member3.id, "2026-03-09"), meta, t0),
    );
    await testDatabase()
      .db.update(schema.visits)
      .set({ escalationLevel: 1 })
      .where(eq(schema.visits.id, escalated));
    const agenda = await volunteerAgenda(youth, ctx, new Date("2026-03-07T01:00:00Z"));
    expect(agenda.toRecord.map((v) => v.id)).toEqual([escalated, older]);
    expect(agenda.upcoming.map((v) => v.id)).toEqual([next]);
    expect([...agenda.toRecord, ...agenda.upcoming].map((v) => v.id)).not.toContain(theirs);
    const mine = await volunteerAgenda(actorOf(c.member3), ctx, new Date("2026-03-07T01:00:00Z"));
    expect(mine.upcoming.map((v) => v.id)).toEqual([theirs]);
    expect(mine.toRecord).toEqual([]);
  });

  it("lists a visit they go on as a co-visitor, and households due that nobody has booked", async () => {
    const c = await community();
    const along = await visitId(
      await scheduleVisit(
        actorOf(c.member3),
        { ...plan(c.other, c.member3.id, "2026-03-05"), coVisitorIds: [c.youth4.id] },
        meta,
        t0,
      ),
    );
    await visitId(
      await scheduleVisit(actorOf(c.youth4), plan(c.household, c.youth4.id, "2026-03-06"), meta, t0),
    );
    const agenda = await volunteerAgenda(actorOf(c.youth4), ctx, t0);
    expect(agenda.upcoming.map((v) => [v.id, v.lead])).toContainEqual([along, false]);
    // Never visited, so due at once; the first household has a visit booked.
    expect(agenda.due.map((d) => d.householdId)).toEqual([c.second]);
  });
});

describe("arrived and left", () => {
  it("turn the real times into the duration, which a correction changes only with a reason", async () => {
    const c = await community();
    const youth = actorOf(c.youth4);
    const id = await visitId(
      await scheduleVisit(youth, plan(c.household, c.youth4.id, "2026-03-03"), meta, t0),
    );
    const begins = (await row(id)).startsAt;
    expect(await markArrived(youth, id, meta, new Date(begins.getTime() - 3 * hour))).toMatchObject({
      ok: false,
      error: "invalid",
    });
    expect(await markLeft(youth, id, meta, begins)).toMatchObject({ ok: false, error: "invalid" });
    expect((await markArrived(youth, id, meta, new Date(begins.getTime() + 5 * minute))).ok).toBe(true);
    expect(await markArrived(youth, id, meta, new Date(begins.getTime() + 6 * minute))).toEqual({
      ok: false,
      error: "conflict",
    });
    expect(await markLeft(youth, id, meta, new Date(begins.getTime() + 52 * minute))).toEqual({
      ok: true,
      value: { durationMinutes: 47 },
    });
    expect(visitDurationMinutes(await row(id))).toBe(47);
    expect(await correctDuration(youth, id, { minutes: 1441, reason: "x" }, meta)).toMatchObject({
      error: "invalid",
      problem: { field: "minutes" },
    });
    expect(await correctDuration(youth, id, { minutes: 60, reason: " " }, meta)).toMatchObject({
      error: "invalid",
      problem: { field: "reason" },
    });
    expect((await correctDuration(youth, id, { minutes: 60, reason: "忘了按离开" }, meta)).ok).toBe(true);
    expect(await row(id)).toMatchObject({ durationMinutes: 60, durationReason: "忘了按离开" });
    const other = actorOf(c.otherMember3);
    expect(await markArrived(other, id, meta, begins)).toEqual({ ok: false, error: "forbidden" });
  });

  it("lets an outcome be recorded once arrived, even before the planned start", async () => {
    const c = await community();
    const youth = actorOf(c.youth4);
    const id = await visitId(
      await scheduleVisit(youth, plan(c.household, c.youth4.id, "2026-03-03"), meta, t0),
    );
    const early = new Date((await row(id)).startsAt.getTime() - 30 * minute);
    const outcome: VisitOutcomeInput = {
      outcome: "done",
      notes: null,
      needsFound: [],
      goalNotes: [],
      followUp: null,
    };
    expect((await recordVisitOutcome(youth, id, outcome, meta, early)).ok).toBe(false);
    await markArrived(youth, id, meta, early);
    expect((await recordVisitOutcome(youth, id, outcome, meta, early)).ok).toBe(true);
  });

  it("falls back from the entered duration to left − arrived to the planned slot", () => {
    const startsAt = new Date("2026-03-03T02:00:00Z");
    const endsAt = new Date("2026-03-03T03:30:00Z");
    const base = { durationMinutes: null, arrivedAt: null, leftAt: null, startsAt, endsAt };
    expect(visitDurationMinutes(base)).toBe(90);
    expect(
      visitDurationMinutes({
        ...base,
        arrivedAt: startsAt,
        leftAt: new Date(startsAt.getTime() + 20 * minute),
      }),
    ).toBe(20);
    expect(visitDurationMinutes({ ...base, durationMinutes: 33 })).toBe(33);
  });
});

describe("dates and overlaps when scheduling", () => {
  it("refuses a visit more than a year ahead, such as one in 9999", async () => {
    const c = await community();
    const result = await scheduleVisit(
      actorOf(c.youth4),
      plan(c.household, c.youth4.id, "9999-03-05"),
      meta,
      t0,
    );
    expect(result).toMatchObject({
      ok: false,
      error: "invalid",
      problem: { field: "date", message: "common:validation.dayRange|2026-03-02 – 2027-03-02" },
    });
  });

  it("warns of the volunteer's other visit in the same hour, and still schedules", async () => {
    const c = await community();
    const youth = actorOf(c.youth4);
    const first = await visitId(
      await scheduleVisit(youth, plan(c.household, c.youth4.id, "2026-03-05"), meta, t0),
    );
    const second = await scheduleVisit(youth, plan(c.second, c.youth4.id, "2026-03-05", "10:30"), meta, t0);
    expect(second).toMatchObject({ ok: true, value: { overlaps: [first] } });
  });
});

describe("the weekly digest", () => {
  it("takes an overdue household nobody is paired with to its compound's organizer", async () => {
    const c = await community();
    const nobodys = await createHousehold(c.compoundId, "extreme");
    // Monday 16 March 2026, 09:00 Shanghai: every household here was never visited, so all are overdue.
    expect(await sendWeeklyDigest(new Date("2026-03-16T01:00:00Z"))).toBeGreaterThan(0);
    const [toOrganizer] = await testDatabase()
      .db.select({ data: schema.emailOutbox.data })
      .from(schema.emailOutbox)
      .where(eq(schema.emailOutbox.key, `visits:digest:2026-W12:${c.organizer.id}`));
    expect(toOrganizer?.data).toMatchObject({ ownCount: 0, unpairedCount: 1 });
    const [address] = await householdAddresses([nobodys]).then((m) => [...m.values()]);
    expect(toOrganizer?.data.households).toEqual([{ address, lastVisit: "" }]);
  });
});
