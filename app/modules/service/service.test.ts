import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { schema } from "#db/client.server";
import { testDatabase } from "#tests/setup/db";
import { actorOf, createHousehold, createLinkage } from "#tests/fixtures/roster";
import { createUser } from "#tests/fixtures/accounts";
import { createPairing } from "#app/modules/roster/pairings.server";
import { recordVisitOutcome, scheduleVisit } from "#app/modules/visits/visits.server";
import { recordActivity } from "./activities.server";
import { issueCertificate, verifyCertificate } from "./certificates.server";
import { correctDuration } from "#app/modules/visits/on-the-spot.server";
import { decideHours, disputeHours, reviewQueue } from "./hours.server";
import { nextStar, starLevelFor } from "./stars";
import { serviceSummary } from "./summary.server";
import { teamOverview } from "./team.server";

const meta = { ip: null, userAgent: null };
const hour = 3_600_000;
/** Monday 2 March 2026, 09:00 in Shanghai. */
const t0 = new Date("2026-03-02T01:00:00Z");
/** The visit: Thursday 5 March, 10:00–11:30 in Shanghai. */
const visitEnd = new Date("2026-03-05T03:30:00Z");

async function community() {
  const l = await createLinkage();
  const household = await createHousehold(l.compoundId, "extreme");
  await createPairing(
    actorOf(l.organizer),
    { householdId: household, volunteerId: l.youth4.id, role: "primary", startedAt: t0 },
    meta,
  );
  return { ...l, household };
}

async function doneVisit(c: Awaited<ReturnType<typeof community>>, coVisitorIds: number[] = []) {
  const scheduled = await scheduleVisit(
    actorOf(c.youth4),
    {
      householdId: c.household,
      volunteerId: c.youth4.id,
      date: "2026-03-05",
      startTime: "10:00",
      endTime: "11:30",
      place: "户主家中",
      purpose: "了解冬季取暖情况",
      coVisitorIds,
    },
    meta,
    t0,
  );
  if (!scheduled.ok) throw new Error(`scheduling failed: ${JSON.stringify(scheduled)}`);
  const recorded = await recordVisitOutcome(
    actorOf(c.youth4),
    scheduled.value.id,
    { outcome: "done", notes: null, needsFound: [], goalNotes: [], followUp: null },
    meta,
    new Date(visitEnd.getTime() + hour),
  );
  if (!recorded.ok) throw new Error(`recording failed: ${JSON.stringify(recorded)}`);
  return scheduled.value.id;
}

function entries(volunteerId: number) {
  return testDatabase()
    .db.select()
    .from(schema.serviceHours)
    .where(eq(schema.serviceHours.volunteerId, volunteerId));
}

describe("star levels", () => {
  it("follow the national thresholds and say what the next needs", () => {
    expect(starLevelFor(99 * 60)).toBe(0);
    expect(starLevelFor(100 * 60)).toBe(1);
    expect(starLevelFor(1500 * 60)).toBe(5);
    expect(nextStar(250 * 60)).toEqual({ level: 2, hours: 300, minutesNeeded: 50 * 60 });
    expect(nextStar(1600 * 60)).toBeNull();
  });
});

describe("hours from a done visit", () => {
  it("gives the lead volunteer and co-visitors a pending entry of the visit's length", async () => {
    const c = await community();
    const visitId = await doneVisit(c, [c.member3.id]);
    for (const id of [c.youth4.id, c.member3.id]) {
      const [entry] = await entries(id);
      expect(entry).toMatchObject({ source: "visit", sourceId: visitId, minutes: 90, status: "pending" });
    }
  });

  it("follows a corrected duration: the confirmed entry takes the new length and waits for review again", async () => {
    const c = await community();
    const visitId = await doneVisit(c);
    const [entry] = await entries(c.youth4.id);
    if (!entry) throw new Error("no entry");
    expect((await decideHours(actorOf(c.cadre2), [entry.id], "confirm", meta)).ok).toBe(true);
    const corrected = await correctDuration(
      actorOf(c.youth4),
      visitId,
      { minutes: 45, reason: "提前离开" },
      meta,
    );
    expect(corrected.ok).toBe(true);
    expect(await entries(c.youth4.id)).toMatchObject([{ id: entry.id, minutes: 45, status: "pending" }]);
  });
});

describe("confirming, disputing and rejecting", () => {
  it("lets a supervisor above confirm, the volunteer dispute, and an organizer reject; never one's own", async () => {
    const c = await community();
    await doneVisit(c);
    const [entry] = await entries(c.youth4.id);
    if (!entry) throw new Error("no entry");
    expect(await decideHours(actorOf(c.youth4), [entry.id], "confirm", meta)).toEqual({
      ok: false,
      error: "forbidden",
    });
    expect(await decideHours(actorOf(c.otherCadre2), [entry.id], "confirm", meta)).toEqual({
      ok: false,
      error: "forbidden",
    });
    expect(await reviewQueue(actorOf(c.cadre2))).toHaveLength(1);
    expect(await reviewQueue(actorOf(c.otherCadre2))).toHaveLength(0);
    const confirmed = await decideHours(actorOf(c.cadre2), [entry.id], "confirm", meta);
    expect(confirmed).toMatchObject({ ok: true, value: { decided: 1 } });
    expect((await serviceSummary(c.youth4.id, "Asia/Shanghai", visitEnd)).confirmedMinutes).toBe(90);

    expect(await disputeHours(actorOf(c.member3), entry.id, "不是我的", meta)).toEqual({
      ok: false,
      error: "forbidden",
    });
    expect(await disputeHours(actorOf(c.youth4), entry.id, "实际走访了两小时", meta)).toEqual({
      ok: true,
      value: null,
    });
    const summary = await serviceSummary(c.youth4.id, "Asia/Shanghai", visitEnd);
    expect(summary).toMatchObject({ confirmedMinutes: 0, waitingMinutes: 90 });
    expect(summary.byMonth).toEqual([{ period: "2026-03", confirmed: 0, waiting: 90 }]);

    expect(await decideHours(actorOf(c.organizer), [entry.id], "reject", meta)).toMatchObject({ ok: true });
    const [after] = await entries(c.youth4.id);
    expect(after).toMatchObject({
      status: "rejected",
      decidedById: c.organizer.id,
      disputeReason: "实际走访了两小时",
    });
    const audited = await testDatabase()
      .db.select({ action: schema.auditLog.action })
      .from(schema.auditLog)
      .where(
        and(eq(schema.auditLog.targetType, "service_hours"), eq(schema.auditLog.targetId, String(entry.id))),
      );
    expect(audited.map((a) => a.action).sort()).toEqual([
      "service.confirmed",
      "service.disputed",
      "service.refused",
      "service.refused",
      "service.rejected",
    ]);
  });
});

describe("star levels reached", () => {
  it("are written once, with one thank-you message each", async () => {
    const c = await community();
    const activity = (minutes: number, day: number) =>
      recordActivity(
        actorOf(c.organizer),
        {
          compoundId: c.compoundId,
          title: `清洁日 ${day}`,
          description: null,
          startsAt: new Date(t0.getTime() + day * 24 * hour),
          minutes,
          volunteerIds: [c.youth4.id],
        },
        meta,
      );
    for (let day = 0; day < 9; day++) expect((await activity(660, day)).ok).toBe(true);
    expect(await testDatabase().db.select().from(schema.volunteerStars)).toEqual([]);
    await activity(120, 10); // 99 h + 2 h
    await activity(60, 11);
    const stars = await testDatabase()
      .db.select()
      .from(schema.volunteerStars)
      .where(eq(schema.volunteerStars.userId, c.youth4.id));
    expect(stars.map((s) => s.level)).toEqual([1]);
    const messages = await testDatabase()
      .db.select({ subject: schema.messages.subject })
      .from(schema.messages)
      .where(eq(schema.messages.userId, c.youth4.id));
    expect(messages).toHaveLength(1);
    expect(messages[0]?.subject).toContain("1");
  });
});

describe("scoping", () => {
  it("shows a supervisor their subtree, an organizer their compounds, and a volunteer nothing to review", async () => {
    const c = await community();
    await doneVisit(c);
    const elsewhere = await createLinkage();
    const outsider = await createUser({ role: "organizer", compoundId: elsewhere.compoundId });
    expect(await reviewQueue(actorOf(c.cadre1))).toHaveLength(1);
    expect(await reviewQueue(actorOf(c.organizer))).toHaveLength(1);
    expect(await reviewQueue(actorOf(outsider))).toHaveLength(0);
    expect(await reviewQueue(actorOf(c.youth4))).toHaveLength(0);
    expect(await reviewQueue(actorOf(elsewhere.cadre1))).toHaveLength(0);
  });

  it("lists a supervisor's team below them with their hours this month", async () => {
    const c = await community();
    await doneVisit(c);
    const rows = await teamOverview(actorOf(c.cadre2), {
      now: new Date("2026-03-20T00:00:00Z"),
      monthStart: new Date("2026-02-28T16:00:00Z"),
      extremeMonths: 1,
      hardshipMonths: 3,
    });
    expect(rows.map((r) => r.id).sort()).toEqual([c.member3.id, c.youth4.id].sort());
    expect(rows.find((r) => r.id === c.youth4.id)).toMatchObject({
      load: 1,
      monthMinutes: 90,
      overdueVisits: 0,
    });
    expect(rows.find((r) => r.id === c.youth4.id)?.lastVisitAt).toBeInstanceOf(Date);
  });
});

describe("certificates", () => {
  it("freeze the confirmed figures and confirm them publicly by token and code", async () => {
    const c = await community();
    await doneVisit(c);
    const [entry] = await entries(c.youth4.id);
    if (!entry) throw new Error("no entry");
    await decideHours(actorOf(c.cadre2), [entry.id], "confirm", meta);
    const period = { from: new Date("2026-01-01T00:00:00Z"), to: new Date("2027-01-01T00:00:00Z") };
    expect(await issueCertificate(actorOf(c.member3), c.youth4.id, period, meta)).toEqual({
      ok: false,
      error: "forbidden",
    });
    const issued = await issueCertificate(actorOf(c.youth4), c.youth4.id, period, meta);
    if (!issued.ok) throw new Error("not issued");
    await disputeHours(actorOf(c.youth4), entry.id, "其实更长", meta);
    const [row] = await testDatabase()
      .db.select()
      .from(schema.serviceCertificates)
      .where(eq(schema.serviceCertificates.id, issued.value.id));
    if (!row) throw new Error("no certificate");
    expect(row).toMatchObject({ minutes: 90, breakdown: { visit: 90 } });
    const byToken = await verifyCertificate({ token: row.token }, { ip: "203.0.113.9" });
    expect(byToken).toMatchObject({ found: true, name: c.youth4.name, minutes: 90, valid: true });
    expect(Object.keys(byToken).sort()).toEqual(
      [
        "communityName",
        "found",
        "issuedAt",
        "minutes",
        "name",
        "periodFrom",
        "periodTo",
        "timeZone",
        "valid",
      ].sort(),
    );
    expect(await verifyCertificate({ code: row.code.toLowerCase() }, { ip: "203.0.113.9" })).toMatchObject({
      found: true,
    });
    expect(await verifyCertificate({ code: "LX-0000-0000" }, { ip: "203.0.113.9" })).toEqual({
      found: false,
    });
  });
});
