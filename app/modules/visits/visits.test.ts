import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { and, eq, like } from "drizzle-orm";
import ICAL from "ical.js";
import { describe, expect, it } from "vitest";
import { schema } from "#db/client.server";
import { testDatabase } from "#tests/setup/db";
import { virtualClock } from "#tests/support/email";
import { actorOf, createHousehold, createLinkage } from "#tests/fixtures/roster";
import { createPairing } from "#app/modules/roster/pairings.server";
import { mailboxTransport } from "#app/modules/notifications/transport.server";
import { saveEmailPreferences } from "#app/modules/notifications/preferences.server";
import { EmailWorker } from "#app/modules/notifications/worker.server";
import { renderFeed } from "#app/modules/calendar/feed.server";
import { visitFeedEvents } from "./calendar.server";
import { escalateUnrecordedVisits, sendWeeklyDigest } from "./escalation.server";
import {
  cancelVisit,
  recordVisitOutcome,
  rescheduleVisit,
  scheduleVisit,
  type NewVisit,
} from "./visits.server";
import { getVisit, listVisits, oversightScope, visitDownload } from "./reads.server";

const execFileAsync = promisify(execFile);
const meta = { ip: null, userAgent: null };
const hour = 3_600_000;
/** Monday 2 March 2026, 09:00 in Shanghai. */
const t0 = new Date("2026-03-02T01:00:00Z");
/** The visit below: Thursday 5 March, 10:00–11:00 in Shanghai. */
const start = new Date("2026-03-05T02:00:00Z");
const end = new Date("2026-03-05T03:00:00Z");

async function community() {
  const l = await createLinkage();
  const household = await createHousehold(l.compoundId, "extreme");
  const other = await createHousehold(l.compoundId, "hardship");
  const organizer = actorOf(l.organizer);
  await createPairing(
    organizer,
    { householdId: household, volunteerId: l.youth4.id, role: "primary", startedAt: t0 },
    meta,
  );
  await createPairing(
    organizer,
    { householdId: other, volunteerId: l.member3.id, role: "primary", startedAt: t0 },
    meta,
  );
  return { ...l, household, other };
}

function plan(c: Awaited<ReturnType<typeof community>>, overrides: Partial<NewVisit> = {}): NewVisit {
  return {
    householdId: c.household,
    volunteerId: c.youth4.id,
    date: "2026-03-05",
    startTime: "10:00",
    endTime: "11:00",
    place: "户主家中",
    purpose: "了解冬季取暖情况",
    coVisitorIds: [],
    ...overrides,
  };
}

async function scheduled(result: Awaited<ReturnType<typeof scheduleVisit>>): Promise<number> {
  if (!result.ok) throw new Error(`scheduling failed: ${JSON.stringify(result)}`);
  return result.value.id;
}

async function outbox(prefix: string) {
  return (
    testDatabase()
      .db.select({
        key: schema.emailOutbox.key,
        to: schema.emailOutbox.to,
        template: schema.emailOutbox.template,
        status: schema.emailOutbox.status,
        nextAttemptAt: schema.emailOutbox.nextAttemptAt,
        attachments: schema.emailOutbox.attachments,
      })
      .from(schema.emailOutbox)
      // Emails only: the household's and volunteers' texts share the keys' prefix (sms-reminders.test.ts).
      .where(and(like(schema.emailOutbox.key, `${prefix}%`), eq(schema.emailOutbox.channel, "email")))
      .orderBy(schema.emailOutbox.id)
  );
}

function parseAttachment(row: { attachments: { content: string }[] | null }) {
  const content = row.attachments?.[0]?.content;
  if (!content) throw new Error("no attachment");
  const calendar = new ICAL.Component(ICAL.parse(Buffer.from(content, "base64").toString("utf8")));
  const zone = calendar.getFirstSubcomponent("vtimezone");
  if (zone) ICAL.TimezoneService.register(new ICAL.Timezone(zone));
  const event = new ICAL.Event(calendar.getFirstSubcomponent("vevent") ?? undefined);
  return { method: calendar.getFirstPropertyValue("method"), event };
}

describe("scheduling", () => {
  it("stores the times entered in the community's zone as UTC instants", async () => {
    const c = await community();
    const id = await scheduled(await scheduleVisit(actorOf(c.youth4), plan(c), meta, t0));
    const [row] = await testDatabase().db.select().from(schema.visits).where(eq(schema.visits.id, id));
    expect([row?.startsAt, row?.endsAt, row?.sequence, row?.status]).toEqual([start, end, 0, "scheduled"]);
  });

  it("refuses a household not paired with the volunteer, and logs the attempt", async () => {
    const c = await community();
    const result = await scheduleVisit(actorOf(c.youth4), plan(c, { householdId: c.other }), meta, t0);
    expect(result).toEqual({ ok: false, error: "forbidden" });
    const denied = await testDatabase()
      .db.select()
      .from(schema.auditLog)
      .where(
        and(eq(schema.auditLog.action, "visit.schedule.denied"), eq(schema.auditLog.actorId, c.youth4.id)),
      );
    expect(denied.map((d) => d.targetId)).toEqual([String(c.other)]);
    expect(
      await testDatabase().db.select().from(schema.visits).where(eq(schema.visits.householdId, c.other)),
    ).toEqual([]);
  });

  it("lets a cadre schedule for a volunteer under them, but not a volunteer of another branch", async () => {
    const c = await community();
    expect((await scheduleVisit(actorOf(c.cadre2), plan(c), meta, t0)).ok).toBe(true);
    const refused = await scheduleVisit(actorOf(c.otherCadre2), plan(c, { date: "2026-03-06" }), meta, t0);
    expect(refused).toEqual({ ok: false, error: "forbidden" });
  });

  it("lets the supervisor one tier up read the visit, its calendar file and its household, but not move it", async () => {
    const c = await community();
    const id = await scheduled(await scheduleVisit(actorOf(c.youth4), plan(c), meta, t0));
    const supervisor = actorOf(c.member3);
    const view = await getVisit(supervisor, id, meta);
    expect(view.ok && view.value.address).not.toBe("");
    expect((await visitDownload(supervisor, id, meta)).ok).toBe(true);
    const listed = await listVisits(await oversightScope(supervisor), "upcoming", { via: "test" }, t0);
    expect(listed.items.map((v) => v.id)).toContain(id);
    expect(await rescheduleVisit(supervisor, id, { ...plan(c), date: "2026-03-06" }, meta, t0)).toEqual({
      ok: false,
      error: "forbidden",
    });
    // Another branch's tier-3 volunteer reads none of it.
    expect(await getVisit(actorOf(c.otherMember3), id, meta)).toEqual({ ok: false, error: "forbidden" });
  });

  it("refuses a start in the past beside the date field", async () => {
    const c = await community();
    const result = await scheduleVisit(actorOf(c.youth4), plan(c, { date: "2026-03-01" }), meta, t0);
    expect(result).toEqual({
      ok: false,
      error: "invalid",
      problem: { field: "date", message: "visits:validation.inPast" },
    });
  });

  it("flags an overlap with the same volunteer's other visit as co-visitor, without refusing it", async () => {
    const c = await community();
    const first = await scheduled(
      await scheduleVisit(
        actorOf(c.member3),
        plan(c, { householdId: c.other, volunteerId: c.member3.id, coVisitorIds: [c.youth4.id] }),
        meta,
        t0,
      ),
    );
    const second = await scheduleVisit(
      actorOf(c.youth4),
      plan(c, { startTime: "10:30", endTime: "11:30" }),
      meta,
      t0,
    );
    expect(second.ok && second.value.overlaps).toEqual([first]);
  });
});

describe("invitations", () => {
  it("send REQUEST to each visitor, an update with the same UID and a higher SEQUENCE, then CANCEL", async () => {
    const c = await community();
    const id = await scheduled(
      await scheduleVisit(actorOf(c.youth4), plan(c, { coVisitorIds: [c.member3.id] }), meta, t0),
    );
    await rescheduleVisit(
      actorOf(c.youth4),
      id,
      { ...plan(c), date: "2026-03-06", startTime: "14:30", endTime: "15:30" },
      meta,
      t0,
    );
    await cancelVisit(actorOf(c.youth4), id, "户主住院", meta, t0);
    const mails = (await outbox(`visit:${id}:`)).filter((m) => !m.key.includes(":reminder:"));
    expect(mails.map((m) => [m.template, m.to])).toEqual([
      ["visits.invitation", c.youth4.email],
      ["visits.invitation", c.member3.email],
      ["visits.updated", c.youth4.email],
      ["visits.updated", c.member3.email],
      ["visits.cancelled", c.youth4.email],
      ["visits.cancelled", c.member3.email],
    ]);
    const [invite, , update, , cancel] = mails.map(parseAttachment);
    expect([invite?.method, invite?.event.uid, invite?.event.sequence]).toEqual([
      "REQUEST",
      `visit-${id}@lianxin`,
      0,
    ]);
    expect([update?.method, update?.event.uid, update?.event.sequence]).toEqual([
      "REQUEST",
      `visit-${id}@lianxin`,
      1,
    ]);
    expect(update?.event.startDate.toString()).toBe("2026-03-06T14:30:00");
    expect([cancel?.method, cancel?.event.uid, cancel?.event.sequence]).toEqual([
      "CANCEL",
      `visit-${id}@lianxin`,
      2,
    ]);
    expect(cancel?.event.component.getFirstPropertyValue("status")).toBe("CANCELLED");
  });

  for (const tz of ["UTC", "America/New_York"]) {
    it(`keep the visit's Shanghai times when the server runs in ${tz}`, async () => {
      const { stdout } = await execFileAsync(
        process.execPath,
        ["--import", "tsx", "tests/support/visit-ics.ts"],
        {
          env: { ...process.env, TZ: tz },
        },
      );
      const parsed = stdout.split("\n=====\n").map((text) => {
        const calendar = new ICAL.Component(ICAL.parse(text));
        const zone = calendar.getFirstSubcomponent("vtimezone");
        if (zone) ICAL.TimezoneService.register(new ICAL.Timezone(zone));
        const event = new ICAL.Event(calendar.getFirstSubcomponent("vevent") ?? undefined);
        return {
          method: calendar.getFirstPropertyValue("method"),
          uid: event.uid,
          sequence: event.sequence,
          local: event.startDate.toString(),
          zone: event.startDate.zone?.tzid,
          utc: event.startDate.toJSDate().toISOString(),
        };
      });
      expect(parsed).toEqual([
        {
          method: "REQUEST",
          uid: "visit-42@lianxin",
          sequence: 0,
          local: "2026-03-05T10:00:00",
          zone: "Asia/Shanghai",
          utc: "2026-03-05T02:00:00.000Z",
        },
        {
          method: "REQUEST",
          uid: "visit-42@lianxin",
          sequence: 1,
          local: "2026-03-06T14:30:00",
          zone: "Asia/Shanghai",
          utc: "2026-03-06T06:30:00.000Z",
        },
        {
          method: "CANCEL",
          uid: "visit-42@lianxin",
          sequence: 2,
          local: "2026-03-06T14:30:00",
          zone: "Asia/Shanghai",
          utc: "2026-03-06T06:30:00.000Z",
        },
      ]);
    });
  }
});

describe("reminders", () => {
  function worker() {
    const clock = virtualClock(t0.getTime());
    const database = testDatabase();
    const w = new EmailWorker({
      database,
      transport: mailboxTransport(database),
      sender: async () => ({
        from: "连心 <noreply@lianxin.test>",
        replyTo: null,
        communityName: "社区",
        origin: "http://lianxin.test",
      }),
      ratePerSecond: 100,
      maxAttempts: 3,
      clock,
    });
    return { w, clock };
  }

  async function remindersReceived(email: string) {
    const rows = await testDatabase()
      .db.select({ key: schema.emailMailbox.outboxKey })
      .from(schema.emailMailbox)
      .where(
        and(eq(schema.emailMailbox.to, email), like(schema.emailMailbox.outboxKey, "visit:%:reminder:%")),
      );
    return rows.map((r) => r.key);
  }

  it("go out once at 24 h and at 1 h before the visit", async () => {
    const c = await community();
    await scheduleVisit(actorOf(c.youth4), plan(c), meta, t0);
    const { w, clock } = worker();
    clock.set(start.getTime() - 24 * hour - 60_000);
    await w.runOnce();
    expect(await remindersReceived(c.youth4.email)).toEqual([]);
    clock.set(start.getTime() - 24 * hour + 1000);
    await w.runOnce();
    await w.runOnce();
    expect(await remindersReceived(c.youth4.email)).toHaveLength(1);
    clock.set(start.getTime() - hour + 1000);
    await w.runOnce();
    await w.runOnce();
    expect((await remindersReceived(c.youth4.email)).map((k) => k.split(":")[4])).toEqual(["1440", "60"]);
  });

  it("follow the user's own lead times, and the worker skips them for who turned reminders off", async () => {
    const c = await community();
    await saveEmailPreferences(c.youth4.id, { disabledKinds: [], reminderLeadMinutes: [120] });
    await saveEmailPreferences(c.member3.id, { disabledKinds: ["reminders"], reminderLeadMinutes: [60] });
    const id = await scheduled(
      await scheduleVisit(actorOf(c.youth4), plan(c, { coVisitorIds: [c.member3.id] }), meta, t0),
    );
    const queued = await outbox(`visit:${id}:reminder:`);
    expect(queued.map((r) => [r.to, r.nextAttemptAt])).toEqual([
      [c.youth4.email, new Date(start.getTime() - 2 * hour)],
      [c.member3.email, new Date(start.getTime() - hour)],
    ]);
    const { w, clock } = worker();
    clock.set(start.getTime());
    await w.runOnce();
    await w.runOnce();
    expect(await remindersReceived(c.youth4.email)).toHaveLength(1);
    expect(await remindersReceived(c.member3.email)).toEqual([]);
  });

  it("are replaced on reschedule and gone on cancel", async () => {
    const c = await community();
    const id = await scheduled(await scheduleVisit(actorOf(c.youth4), plan(c), meta, t0));
    await rescheduleVisit(actorOf(c.youth4), id, { ...plan(c), date: "2026-03-06" }, meta, t0);
    const moved = start.getTime() + 24 * hour;
    const afterMove = await outbox(`visit:${id}:reminder:`);
    expect(afterMove.filter((r) => r.status === "queued").map((r) => r.nextAttemptAt.getTime())).toEqual([
      moved - 24 * hour,
      moved - hour,
    ]);
    expect(afterMove.filter((r) => r.status === "cancelled")).toHaveLength(2);
    // Moved back to the first time: the first reminders come back rather than being lost to their keys.
    await rescheduleVisit(actorOf(c.youth4), id, plan(c), meta, t0);
    const back = (await outbox(`visit:${id}:reminder:`)).filter((r) => r.status === "queued");
    expect(back.map((r) => r.nextAttemptAt.getTime())).toEqual([
      start.getTime() - 24 * hour,
      start.getTime() - hour,
    ]);
    await cancelVisit(actorOf(c.youth4), id, "户主外出", meta, t0);
    expect((await outbox(`visit:${id}:reminder:`)).filter((r) => r.status === "queued")).toEqual([]);
  });

  it("booked inside a lead time, go at once only when the visit is more than 15 minutes away", async () => {
    const c = await community();
    const now = new Date("2026-03-05T00:00:00Z");
    // 10:00 Shanghai is 2 h away: the 24 h reminder has passed (one at once), the 1 h one is still ahead.
    const soon = await scheduled(await scheduleVisit(actorOf(c.youth4), plan(c), meta, now));
    expect((await outbox(`visit:${soon}:reminder:`)).map((r) => r.nextAttemptAt)).toEqual([
      now,
      new Date(start.getTime() - hour),
    ]);
    // 08:10 Shanghai is 10 minutes away: no reminder at all.
    const tooSoon = await scheduled(
      await scheduleVisit(actorOf(c.youth4), plan(c, { startTime: "08:10", endTime: "08:40" }), meta, now),
    );
    expect(await outbox(`visit:${tooSoon}:reminder:`)).toEqual([]);
  });
});

describe("escalation of unrecorded visits", () => {
  it("emails the volunteer at 48 h and their supervisor at 96 h, each once", async () => {
    const c = await community();
    const id = await scheduled(await scheduleVisit(actorOf(c.youth4), plan(c), meta, t0));
    await escalateUnrecordedVisits(new Date(end.getTime() + 47 * hour));
    expect(await outbox(`visit:${id}:unrecorded`)).toEqual([]);
    await escalateUnrecordedVisits(new Date(end.getTime() + 48 * hour));
    await escalateUnrecordedVisits(new Date(end.getTime() + 50 * hour));
    expect((await outbox(`visit:${id}:unrecorded`)).map((m) => [m.template, m.to])).toEqual([
      ["visits.unrecorded", c.youth4.email],
    ]);
    await escalateUnrecordedVisits(new Date(end.getTime() + 96 * hour));
    await escalateUnrecordedVisits(new Date(end.getTime() + 120 * hour));
    expect((await outbox(`visit:${id}:unrecorded`)).map((m) => [m.template, m.to])).toEqual([
      ["visits.unrecorded", c.youth4.email],
      ["visits.unrecordedSupervisor", c.member3.email],
    ]);
    const logged = await testDatabase()
      .db.select({ details: schema.auditLog.details })
      .from(schema.auditLog)
      .where(and(eq(schema.auditLog.action, "visit.escalate"), eq(schema.auditLog.targetId, String(id))));
    expect(logged.map((l) => l.details)).toEqual([
      { level: 1, notified: [c.youth4.id] },
      { level: 2, notified: [c.member3.id] },
    ]);
  });

  it("goes to the compound's organizers when a tier-1 volunteer leaves a visit unrecorded", async () => {
    const c = await community();
    const own = await createHousehold(c.compoundId, "extreme");
    await createPairing(
      actorOf(c.organizer),
      { householdId: own, volunteerId: c.cadre1.id, role: "primary", startedAt: t0 },
      meta,
    );
    const id = await scheduled(
      await scheduleVisit(
        actorOf(c.cadre1),
        plan(c, { householdId: own, volunteerId: c.cadre1.id }),
        meta,
        t0,
      ),
    );
    await escalateUnrecordedVisits(new Date(end.getTime() + 97 * hour));
    expect((await outbox(`visit:${id}:unrecorded96`)).map((m) => m.to)).toEqual([c.organizer.email]);
  });

  it("leaves a recorded visit alone", async () => {
    const c = await community();
    const id = await scheduled(await scheduleVisit(actorOf(c.youth4), plan(c), meta, t0));
    const recorded = await recordVisitOutcome(
      actorOf(c.youth4),
      id,
      { outcome: "done", notes: "一切正常", needsFound: [], goalNotes: [], followUp: null },
      meta,
      new Date(end.getTime() + hour),
    );
    expect(recorded.ok).toBe(true);
    await escalateUnrecordedVisits(new Date(end.getTime() + 100 * hour));
    expect(await outbox(`visit:${id}:unrecorded`)).toEqual([]);
  });
});

describe("recording the outcome", () => {
  it("saves it with goal progress and schedules the follow-up in the same step", async () => {
    const c = await community();
    const [agreement] = await testDatabase()
      .db.select({ id: schema.agreements.id })
      .from(schema.agreements)
      .innerJoin(schema.pairings, eq(schema.pairings.id, schema.agreements.pairingId))
      .where(eq(schema.pairings.householdId, c.household));
    if (!agreement) throw new Error("no agreement");
    const [goal] = await testDatabase().writeAtomic((d) =>
      d
        .insert(schema.agreementGoals)
        .values({ agreementId: agreement.id, domain: "employment", target: "推荐参加培训", dueAt: t0 })
        .returning(),
    );
    if (!goal) throw new Error("no goal");
    const id = await scheduled(await scheduleVisit(actorOf(c.youth4), plan(c), meta, t0));
    const result = await recordVisitOutcome(
      actorOf(c.youth4),
      id,
      {
        outcome: "done",
        notes: "户主已报名培训",
        needsFound: ["employment"],
        goalNotes: [{ goalId: goal.id, note: "已报名家政培训班" }],
        followUp: { date: "2026-04-02", startTime: "10:00", endTime: "11:00" },
      },
      meta,
      new Date(end.getTime() + hour),
    );
    if (!result.ok) throw new Error(JSON.stringify(result));
    const rows = await testDatabase()
      .db.select()
      .from(schema.visits)
      .where(eq(schema.visits.householdId, c.household))
      .orderBy(schema.visits.id);
    expect(rows.map((r) => [r.status, r.followUpVisitId])).toEqual([
      ["done", result.value.followUpVisitId],
      ["scheduled", null],
    ]);
    expect(rows[1]?.startsAt).toEqual(new Date("2026-04-02T02:00:00Z"));
    const notes = await testDatabase()
      .db.select()
      .from(schema.goalProgressNotes)
      .where(eq(schema.goalProgressNotes.goalId, goal.id));
    expect(notes.map((n) => n.note)).toEqual(["已报名家政培训班"]);
  });

  it("is refused before the visit begins, and to a volunteer who is not on it", async () => {
    const c = await community();
    const id = await scheduled(await scheduleVisit(actorOf(c.youth4), plan(c), meta, t0));
    const outcome = { outcome: "done" as const, notes: null, needsFound: [], goalNotes: [], followUp: null };
    expect(await recordVisitOutcome(actorOf(c.youth4), id, outcome, meta, t0)).toMatchObject({
      error: "invalid",
    });
    expect(await recordVisitOutcome(actorOf(c.otherMember3), id, outcome, meta, end)).toEqual({
      ok: false,
      error: "forbidden",
    });
  });
});

describe("weekly digest", () => {
  it("goes to each volunteer with overdue households and to every supervisor above them, once a week", async () => {
    const c = await community();
    // Monday 9 March 2026, 09:00 Shanghai: both households were never visited, so both are overdue.
    const monday = new Date("2026-03-09T01:00:00Z");
    expect(await sendWeeklyDigest(new Date("2026-03-08T23:00:00Z"))).toBeNull();
    expect(await sendWeeklyDigest(monday)).toBeGreaterThan(0);
    expect(await sendWeeklyDigest(new Date(monday.getTime() + 24 * hour))).toBeNull();
    // Other tests' communities share this database: look at this one's people only.
    const ours = [c.youth4, c.member3, c.cadre2, c.cadre1, c.otherCadre2, c.otherMember3, c.organizer];
    const digests = (await outbox("visits:digest:2026-W11:")).filter((d) =>
      ours.some((u) => u.email === d.to),
    );
    expect(digests.map((d) => d.to).sort()).toEqual(
      [c.youth4.email, c.member3.email, c.cadre2.email, c.cadre1.email].sort(),
    );
    expect(await outbox("visits:digest:2026-W12:")).toEqual([]);
  });
});

describe("feed events", () => {
  it("hold the user's visits as lead and co-visitor, and cancelled ones for 30 days", async () => {
    const c = await community();
    const led = await scheduled(await scheduleVisit(actorOf(c.youth4), plan(c), meta, t0));
    const along = await scheduled(
      await scheduleVisit(
        actorOf(c.member3),
        plan(c, {
          householdId: c.other,
          volunteerId: c.member3.id,
          date: "2026-03-06",
          coVisitorIds: [c.youth4.id],
        }),
        meta,
        t0,
      ),
    );
    await cancelVisit(actorOf(c.youth4), led, "改期", meta, t0);
    const soon = await visitFeedEvents(c.youth4.id, { since: t0, now: t0, locale: "zh-CN" });
    expect(soon.map((e) => [e.uid, e.cancelled, e.sequence])).toEqual([
      [`visit-${led}@lianxin`, true, 1],
      [`visit-${along}@lianxin`, false, 0],
    ]);
    expect(soon[1]?.summary).toContain("入户走访");
    const later = await visitFeedEvents(c.youth4.id, {
      since: t0,
      now: new Date(t0.getTime() + 31 * 24 * hour),
      locale: "en",
    });
    expect(later.map((e) => e.uid)).toEqual([`visit-${along}@lianxin`]);
  });
});

describe("a volunteer's calendar feed", () => {
  it("carries their visits with the invitation's UID, parsed as a real calendar", async () => {
    const c = await community();
    const id = await scheduled(await scheduleVisit(actorOf(c.youth4), plan(c), meta, t0));
    const text = await renderFeed(c.youth4.id, { now: t0, stampedAt: t0 });
    if (!text) throw new Error("no feed");
    const calendar = new ICAL.Component(ICAL.parse(text));
    const events = calendar.getAllSubcomponents("vevent").map((e) => new ICAL.Event(e));
    const visit = events.find((e) => e.uid === `visit-${id}@lianxin`);
    expect(visit?.startDate.toJSDate().toISOString()).toBe(start.toISOString());
    expect(calendar.getFirstPropertyValue("method")).toBe("PUBLISH");
  });
});
