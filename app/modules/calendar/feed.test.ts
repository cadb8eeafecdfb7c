import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { promisify } from "node:util";
import { eq } from "drizzle-orm";
import ICAL from "ical.js";
import nodeIcal, { type VEvent } from "node-ical";
import { beforeAll, describe, expect, it } from "vitest";
import { changeCourseStatus, updateCourse } from "#app/modules/courses/courses.server";
import { cancelEnrollment, enroll } from "#app/modules/courses/enrollment.server";
import type { CourseInput } from "#app/modules/courses/schema";
import { saveEmailPreferences } from "#app/modules/notifications/preferences.server";
import { getDatabase, schema } from "#db/client.server";
import { createUser } from "#tests/fixtures/accounts";
import { createPublishedCourse, createResident, times } from "#tests/fixtures/courses";
import { courseSessionCalendar } from "./downloads.server";
import { courseSessionUid } from "./events.server";
import { feedFetchLimit, feedResponse, renderFeed } from "./feed.server";
import { createFeed, feedStatus, revokeFeed } from "./feeds.server";
import { courseSessionEvents } from "./sources.server";

const execFileAsync = promisify(execFile);
const { day, hour } = times;

// The community's clock for every test: sessions at 09:00 and 14:00 in Shanghai (01:00 and 06:00 UTC).
const now = new Date("2026-11-28T00:00:00Z");
const sessions = [
  { startsAt: new Date("2026-12-01T01:00:00Z"), endsAt: new Date("2026-12-01T03:00:00Z") },
  { startsAt: new Date("2026-12-03T06:00:00Z"), endsAt: new Date("2026-12-03T08:30:00Z") },
];

let organizerId: number;
beforeAll(async () => {
  organizerId = (await createUser({ role: "organizer" })).id;
});

let run = 0;

/** A published course with the two sessions above and a resident enrolled in it, with a feed link. */
async function enrolledWithFeed(overrides: Partial<CourseInput> = {}) {
  const title = `家政服务员培训班 ${++run}`;
  const courseId = await createPublishedCourse(organizerId, { title, sessions, ...overrides }, now);
  const resident = await createResident();
  if (resident.userId === null) throw new Error("the resident has no account");
  const outcome = await enroll({ courseId, memberId: resident.memberId, actorId: organizerId, now });
  if (!outcome.ok) throw new Error(`enrollment refused: ${outcome.reason}`);
  const token = await createFeed(resident.userId, {}, now);
  return { courseId, title, resident, userId: resident.userId, enrollmentId: outcome.enrollmentId, token };
}

function fetchFeed(token: string, at = now, headers: Record<string, string> = {}) {
  return feedResponse(new Request(`http://localhost/calendar/${token}.ics`, { headers }), `${token}.ics`, at);
}

async function feedText(token: string, at = now): Promise<string> {
  const response = await fetchFeed(token, at);
  expect(response.status).toBe(200);
  return response.text();
}

function parsed(text: string) {
  const calendar = new ICAL.Component(ICAL.parse(text));
  const zone = calendar.getFirstSubcomponent("vtimezone");
  if (zone) ICAL.TimezoneService.register(new ICAL.Timezone(zone));
  const events = calendar.getAllSubcomponents("vevent").map((c) => new ICAL.Event(c));
  return { calendar, zone, events };
}

function nodeIcalEvents(text: string): VEvent[] {
  return Object.values(nodeIcal.sync.parseICS(text)).filter(
    (c): c is VEvent => c !== undefined && c.type === "VEVENT",
  );
}

const statusOf = (e: ICAL.Event) => e.component.getFirstPropertyValue("status");

describe("feed links", () => {
  it("are 160 random bits in base32, of which only the SHA-256 is kept and the audit log never sees", async () => {
    const user = await createUser();
    const token = await createFeed(user.id, { ip: "203.0.113.9" }, now);
    expect(token).toMatch(/^[a-z2-7]{32}$/);
    expect(await createFeed(user.id, {}, now)).not.toBe(token);
    const again = await createFeed(user.id, {}, now);
    const row = await getDatabase().db.query.calendarFeeds.findFirst({
      where: eq(schema.calendarFeeds.userId, user.id),
    });
    expect(row?.tokenHash.equals(createHash("sha256").update(again).digest())).toBe(true);
    const entries = await getDatabase()
      .db.select()
      .from(schema.auditLog)
      .where(eq(schema.auditLog.actorId, user.id));
    expect(entries.map((e) => e.action)).toEqual([
      "calendar.feed.create",
      "calendar.feed.regenerate",
      "calendar.feed.regenerate",
    ]);
    expect(JSON.stringify(entries)).not.toContain(again);
    expect(JSON.stringify(entries)).not.toContain(token);
  });

  it("stop working when a new one is made, or when the feed is turned off", async () => {
    const { userId, token } = await enrolledWithFeed();
    const next = await createFeed(userId, {}, now);
    expect((await fetchFeed(token)).status).toBe(404);
    expect((await fetchFeed(next)).status).toBe(200);
    expect(await revokeFeed(userId)).toBe(true);
    expect((await fetchFeed(next)).status).toBe(404);
    expect(await feedStatus(userId)).toBeNull();
  });

  it("answer an unknown or malformed token with a bare 404", async () => {
    for (const file of ["abcdefghijklmnopqrstuvwxyz234567.ics", "short.ics", "../etc/passwd", ""]) {
      const response = await feedResponse(new Request("http://localhost/calendar/x"), file, now);
      expect(response.status).toBe(404);
      expect(await response.text()).toBe("Not found");
    }
  });

  it("answer 404 once the account is disabled", async () => {
    const { userId, token } = await enrolledWithFeed();
    await getDatabase().writeAtomic((d) =>
      d.update(schema.users).set({ disabledAt: now }).where(eq(schema.users.id, userId)),
    );
    expect((await fetchFeed(token)).status).toBe(404);
  });

  it("record when a calendar last fetched them", async () => {
    const { userId, token } = await enrolledWithFeed();
    expect((await feedStatus(userId))?.lastFetchedAt).toBeNull();
    await fetchFeed(token, new Date(now.getTime() + hour));
    expect((await feedStatus(userId))?.lastFetchedAt).toEqual(new Date(now.getTime() + hour));
  });
});

describe("the feed", () => {
  it("is a published calendar of the person's course sessions that ical.js and node-ical read alike", async () => {
    const { courseId, title, token } = await enrolledWithFeed();
    const response = await fetchFeed(token);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/calendar; charset=utf-8");
    expect(response.headers.get("cache-control")).toMatch(/^private/);
    const text = await response.text();

    const { calendar, zone, events } = parsed(text);
    expect(calendar.getFirstPropertyValue("method")).toBe("PUBLISH");
    expect(calendar.getFirstPropertyValue("x-wr-calname")).toBe("连心社区 · 我的日程");
    expect(String(calendar.getFirstPropertyValue("refresh-interval"))).toBe("PT1H");
    expect(calendar.getFirstProperty("refresh-interval")?.type).toBe("duration");
    expect(text).toContain("\r\nREFRESH-INTERVAL;VALUE=DURATION:PT1H\r\n");
    expect(calendar.getFirstPropertyValue("x-published-ttl")).toBe("PT1H");
    expect(zone?.getFirstPropertyValue("tzid")).toBe("Asia/Shanghai");
    const sessionIds = (
      await getDatabase().db.query.courseSessions.findMany({
        where: eq(schema.courseSessions.courseId, courseId),
      })
    ).map((s) => s.id);
    expect(events.map((e) => e.uid)).toEqual(sessionIds.map((id) => courseSessionUid(courseId, id)));
    expect(events.map((e) => e.summary)).toEqual([`${title}（第 1/2 次）`, `${title}（第 2/2 次）`]);
    expect(events.map((e) => e.startDate.toString())).toEqual(["2026-12-01T09:00:00", "2026-12-03T14:00:00"]);
    expect(events.map((e) => e.location)).toEqual(["社区服务中心", "社区服务中心"]);
    expect(events.map(statusOf)).toEqual(["CONFIRMED", "CONFIRMED"]);

    const byNodeIcal = nodeIcalEvents(text);
    expect(byNodeIcal.map((e) => e.uid)).toEqual(events.map((e) => e.uid));
    expect(byNodeIcal.map((e) => e.start.toISOString())).toEqual(
      sessions.map((s) => s.startsAt.toISOString()),
    );
    expect(byNodeIcal.map((e) => e.end?.toISOString())).toEqual(sessions.map((s) => s.endsAt.toISOString()));
    expect(byNodeIcal[0]?.start.tz).toBe("Asia/Shanghai");
  });

  it("keeps its UIDs and text between fetches and answers 304 to the ETag it gave", async () => {
    const { token } = await enrolledWithFeed();
    const first = await fetchFeed(token);
    const second = await fetchFeed(token, new Date(now.getTime() + hour));
    const etag = first.headers.get("etag") ?? "";
    expect(etag).toMatch(/^".+"$/);
    expect(second.headers.get("etag")).toBe(etag);
    expect(await second.text()).toBe(await first.text());

    for (const ifNoneMatch of [etag, `W/${etag}`, `"other", ${etag}`]) {
      const cached = await fetchFeed(token, now, { "If-None-Match": ifNoneMatch });
      expect(cached.status).toBe(304);
      expect(cached.headers.get("etag")).toBe(etag);
      expect(await cached.text()).toBe("");
    }
    expect((await fetchFeed(token, now, { "If-None-Match": '"stale"' })).status).toBe(200);
  });

  it("gives a changed session a higher SEQUENCE under the same UID, and a new ETag", async () => {
    const { courseId, title, token } = await enrolledWithFeed();
    const before = await fetchFeed(token);
    const { events: old } = parsed(await before.text());
    const moved = sessions.map((s) => ({
      startsAt: new Date(s.startsAt.getTime() + hour),
      endsAt: new Date(s.endsAt.getTime() + hour),
    }));
    const input: CourseInput = {
      title,
      kind: "reemployment",
      provider: "油田职业技能培训中心",
      location: "社区服务中心",
      capacity: 2,
      enrollOpensAt: new Date(now.getTime() - day),
      enrollClosesAt: new Date(now.getTime() + 2 * day),
      eligibility: "everyone",
      eligibleCategories: [],
      priorityGroups: [],
      completionThreshold: 80,
      sessions: moved,
    };
    expect(await updateCourse(courseId, input, organizerId, now)).toEqual({ ok: true });
    const after = await fetchFeed(token);
    const { events } = parsed(await after.text());
    expect(events.map((e) => e.uid)).toEqual(old.map((e) => e.uid));
    expect(events.map((e) => e.startDate.toString())).toEqual(["2026-12-01T10:00:00", "2026-12-03T15:00:00"]);
    for (const [i, e] of events.entries()) expect(e.sequence).toBeGreaterThan(old[i]?.sequence ?? Infinity);
    expect(after.headers.get("etag")).not.toBe(before.headers.get("etag"));
  });

  it("shows a cancelled place as STATUS:CANCELLED with a higher SEQUENCE for 30 days, then drops it", async () => {
    const { token, enrollmentId, userId } = await enrolledWithFeed();
    const { events: old } = parsed(await feedText(token));
    expect(await cancelEnrollment({ enrollmentId, actorId: userId, now })).toMatchObject({ ok: true });

    const { events } = parsed(await feedText(token, new Date(now.getTime() + day)));
    expect(events.map(statusOf)).toEqual(["CANCELLED", "CANCELLED"]);
    expect(events.map((e) => e.uid)).toEqual(old.map((e) => e.uid));
    for (const [i, e] of events.entries()) expect(e.sequence).toBeGreaterThan(old[i]?.sequence ?? Infinity);
    expect(parsed(await feedText(token, new Date(now.getTime() + 29 * day))).events).toHaveLength(2);
    expect(parsed(await feedText(token, new Date(now.getTime() + 31 * day))).events).toEqual([]);
  });

  it("shows the sessions of a cancelled course as cancelled", async () => {
    const { courseId, token } = await enrolledWithFeed();
    expect(await changeCourseStatus(courseId, "cancel", organizerId, now)).toBe(true);
    const { events } = parsed(await feedText(token));
    expect(events.map(statusOf)).toEqual(["CANCELLED", "CANCELLED"]);
    expect(nodeIcalEvents(await feedText(token)).map((e) => e.status)).toEqual(["CANCELLED", "CANCELLED"]);
  });

  it("leaves out a course the person only waits for", async () => {
    const { courseId } = await enrolledWithFeed({ capacity: 1 });
    const waiting = await createResident();
    if (waiting.userId === null) throw new Error("no account");
    const outcome = await enroll({ courseId, memberId: waiting.memberId, actorId: organizerId, now });
    expect(outcome).toMatchObject({ ok: true, status: "waitlisted" });
    const token = await createFeed(waiting.userId, {}, now);
    expect(parsed(await feedText(token)).events).toEqual([]);
  });

  it("reminds at each of the person's lead times, and not of cancelled events", async () => {
    const { courseId, token, userId } = await enrolledWithFeed();
    const triggers = (text: string) =>
      parsed(text).events.map((e) =>
        e.component.getAllSubcomponents("valarm").map((a) => {
          expect(a.getFirstPropertyValue("action")).toBe("DISPLAY");
          const trigger = a.getFirstPropertyValue("trigger");
          return trigger instanceof ICAL.Duration ? trigger.toSeconds() / 60 : null;
        }),
      );
    // The defaults: 24 hours and 1 hour before.
    expect(triggers(await feedText(token))).toEqual([
      [-1440, -60],
      [-1440, -60],
    ]);
    await saveEmailPreferences(userId, { disabledKinds: [], reminderLeadMinutes: [30, 2880] });
    const text = await feedText(token);
    expect(triggers(text)).toEqual([
      [-2880, -30],
      [-2880, -30],
    ]);
    expect(nodeIcalEvents(text)[0]?.alarms?.map((a) => String(a.trigger))).toEqual(["-P2D", "-PT30M"]);
    await changeCourseStatus(courseId, "cancel", organizerId, now);
    expect(triggers(await feedText(token))).toEqual([[], []]);
  });

  it("answers 429 with Retry-After once a link is fetched too often, without holding up other links", async () => {
    const { token } = await enrolledWithFeed();
    const other = await enrolledWithFeed();
    for (let i = 0; i < feedFetchLimit.max; i++) expect((await fetchFeed(token)).status).toBe(200);
    const refused = await fetchFeed(token);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
    expect((await fetchFeed(other.token)).status).toBe(200);
    expect((await fetchFeed(token, new Date(now.getTime() + feedFetchLimit.windowMs + 1))).status).toBe(200);
  });

  it("gathers the events of every source in time order", async () => {
    const { userId } = await enrolledWithFeed();
    const text = await renderFeed(userId, {
      now,
      stampedAt: now,
      sources: [
        courseSessionEvents,
        async () => [
          {
            uid: "visit-1@lianxin",
            sequence: 0,
            start: new Date("2026-12-02T02:00:00Z"),
            end: new Date("2026-12-02T03:00:00Z"),
            summary: "走访 王家",
          },
        ],
      ],
    });
    const { events } = parsed(text ?? "");
    expect(events.map((e) => e.startDate.toString())).toEqual([
      "2026-12-01T09:00:00",
      "2026-12-02T10:00:00",
      "2026-12-03T14:00:00",
    ]);
    expect(events[1]?.uid).toBe("visit-1@lianxin");
  });

  for (const tz of ["UTC", "America/New_York"]) {
    it(`gives the same instants and Shanghai wall times when the server runs in ${tz}`, async () => {
      const { token } = await enrolledWithFeed();
      const { stdout } = await execFileAsync(
        process.execPath,
        ["--import", "tsx", "tests/support/feed-ics.ts", token, now.toISOString()],
        { env: { ...process.env, TZ: tz } },
      );
      const [status, ...rest] = stdout.split("\n");
      expect(status).toBe("200");
      const text = rest.join("\n");
      const { events } = parsed(text);
      expect(events.map((e) => e.startDate.toJSDate().toISOString())).toEqual(
        sessions.map((s) => s.startsAt.toISOString()),
      );
      expect(events.map((e) => e.startDate.toString())).toEqual([
        "2026-12-01T09:00:00",
        "2026-12-03T14:00:00",
      ]);
      expect(events[0]?.startDate.zone?.tzid).toBe("Asia/Shanghai");
      expect(nodeIcalEvents(text).map((e) => e.start.toISOString())).toEqual(
        sessions.map((s) => s.startsAt.toISOString()),
      );
    });
  }
});

describe("a single session to download", () => {
  it("is the seat holder's session with the feed's UID and their reminders; nobody else's", async () => {
    const { courseId, userId } = await enrolledWithFeed();
    const [first] = await getDatabase().db.query.courseSessions.findMany({
      where: eq(schema.courseSessions.courseId, courseId),
    });
    if (!first) throw new Error("no session");
    const text = await courseSessionCalendar(userId, "en", { courseId, sessionId: first.id });
    const { calendar, events } = parsed(text ?? "");
    expect(calendar.getFirstPropertyValue("method")).toBe("PUBLISH");
    expect(events.map((e) => [e.uid, e.startDate.toString()])).toEqual([
      [courseSessionUid(courseId, first.id), "2026-12-01T09:00:00"],
    ]);
    expect(events[0]?.summary).toMatch(/\(1\/2\)$/);
    expect(events[0]?.component.getAllSubcomponents("valarm")).toHaveLength(2);

    const stranger = await createUser();
    expect(await courseSessionCalendar(stranger.id, "en", { courseId, sessionId: first.id })).toBeNull();
    expect(await courseSessionCalendar(userId, "en", { courseId, sessionId: first.id + 1000 })).toBeNull();
  });
});
