import { execFile } from "node:child_process";
import { promisify } from "node:util";
import ICAL from "ical.js";
import { DateTime } from "luxon";
import nodeIcal, { type VEvent } from "node-ical";
import { describe, expect, it } from "vitest";
import { buildCalendar } from "./events.server";

const execFileAsync = promisify(execFile);

async function invitationUnder(tz: string) {
  const { stdout } = await execFileAsync(
    process.execPath,
    ["--import", "tsx", "tests/support/course-ics.ts"],
    {
      env: { ...process.env, TZ: tz },
    },
  );
  const calendar = new ICAL.Component(ICAL.parse(stdout));
  const zone = calendar.getFirstSubcomponent("vtimezone");
  if (zone) ICAL.TimezoneService.register(new ICAL.Timezone(zone));
  return { calendar, zone, text: stdout };
}

function nodeIcalEvents(text: string): VEvent[] {
  return Object.values(nodeIcal.sync.parseICS(text)).filter(
    (c): c is VEvent => c !== undefined && c.type === "VEVENT",
  );
}

describe("course session invitations", () => {
  for (const tz of ["UTC", "America/New_York"]) {
    it(`keep the sessions' instants when the server runs in ${tz}`, async () => {
      const { calendar, zone, text } = await invitationUnder(tz);
      expect(zone?.getFirstPropertyValue("tzid")).toBe("Asia/Shanghai");
      expect(calendar.getFirstPropertyValue("method")).toBe("REQUEST");
      const events = calendar.getAllSubcomponents("vevent").map((c) => new ICAL.Event(c));
      expect(events.map((e) => e.startDate.toJSDate().toISOString())).toEqual([
        "2026-12-01T01:00:00.000Z",
        "2026-12-03T01:00:00.000Z",
      ]);
      expect(events[0]?.startDate.zone?.tzid).toBe("Asia/Shanghai");
      expect(events[0]?.startDate.toString()).toBe("2026-12-01T09:00:00");
      expect(events.map((e) => [e.uid, e.sequence])).toEqual([
        ["course-7-session-70@lianxin", 2],
        ["course-7-session-71@lianxin", 2],
      ]);
      expect(events[0]?.component.getFirstPropertyValue("organizer")).toContain("noreply@lianxin.test");
      expect(events.map((e) => e.component.getFirstPropertyValue("status"))).toEqual([
        "CONFIRMED",
        "CANCELLED",
      ]);
      const byNodeIcal = nodeIcalEvents(text);
      expect(byNodeIcal.map((e) => [e.uid, e.start.toISOString(), e.start.tz, e.status])).toEqual([
        ["course-7-session-70@lianxin", "2026-12-01T01:00:00.000Z", "Asia/Shanghai", "CONFIRMED"],
        ["course-7-session-71@lianxin", "2026-12-03T01:00:00.000Z", "Asia/Shanghai", "CANCELLED"],
      ]);
    });
  }
});

describe("a withdrawn invitation", () => {
  it("is METHOD:CANCEL with the same UID, a higher SEQUENCE and its attendees", async () => {
    const text = buildCalendar({
      name: "走访",
      timeZone: "Asia/Shanghai",
      method: "cancel",
      organizer: { name: "连心", email: "noreply@lianxin.test" },
      events: [
        {
          uid: "visit-5@lianxin",
          sequence: 3,
          start: new Date("2026-12-01T01:00:00Z"),
          end: new Date("2026-12-01T02:00:00Z"),
          summary: "走访",
          cancelled: true,
          attendees: [{ name: "李志愿", email: "li@example.org" }],
        },
      ],
    });
    const calendar = new ICAL.Component(ICAL.parse(text));
    expect(calendar.getFirstPropertyValue("method")).toBe("CANCEL");
    const event = new ICAL.Event(calendar.getFirstSubcomponent("vevent") ?? undefined);
    expect([event.uid, event.sequence]).toEqual(["visit-5@lianxin", 3]);
    expect(event.component.getFirstPropertyValue("status")).toBe("CANCELLED");
    expect(String(event.component.getFirstPropertyValue("attendee")).toLowerCase()).toBe(
      "mailto:li@example.org",
    );
  });
});

describe("the iCalendar text", () => {
  const summary =
    "社区就业援助：家政服务员、养老护理员、电工和焊工上岗前短期技术培训班，第一阶段理论课（油田第三小区活动中心二楼）😀";
  const description = "带好身份证; 笔记本, 水杯\\不要迟到\n第二行：地址见“连心”";
  const text = buildCalendar({
    name: "连心社区 · 我的日程, 测试",
    timeZone: "Asia/Shanghai",
    method: "publish",
    events: [
      {
        uid: "course-1-session-1@lianxin",
        sequence: 0,
        start: new Date("2026-12-01T01:00:00Z"),
        end: new Date("2026-12-01T03:00:00Z"),
        summary,
        description,
        location: "油田第三小区, 活动中心; 二楼",
      },
    ],
  });

  it("folds every line at 75 octets without splitting a character, and ends lines with CRLF", () => {
    expect(text.endsWith("END:VCALENDAR\r\n")).toBe(true);
    const lines = text.split("\r\n").slice(0, -1);
    expect(lines.every((l) => Buffer.byteLength(l, "utf8") <= 75)).toBe(true);
    expect(lines.some((l) => l.startsWith(" "))).toBe(true);
    expect(text).not.toContain("\uFFFD");
    expect(text.replace(/\r\n/g, "")).not.toMatch(/\n/);
  });

  it("reads back the same long Chinese text, commas, semicolons, backslashes and line breaks in both parsers", () => {
    const calendar = new ICAL.Component(ICAL.parse(text));
    // ical.js keeps X- properties as it finds them; node-ical reads them as TEXT, as calendar apps do.
    expect(calendar.getFirstPropertyValue("x-wr-calname")).toBe("连心社区 · 我的日程\\, 测试");
    const calendarProps = Object.values(nodeIcal.sync.parseICS(text)).find((c) => c?.type === "VCALENDAR");
    expect(calendarProps && "WR-CALNAME" in calendarProps ? calendarProps["WR-CALNAME"] : null).toBe(
      "连心社区 · 我的日程, 测试",
    );
    const event = new ICAL.Event(calendar.getFirstSubcomponent("vevent") ?? undefined);
    expect([event.summary, event.description, event.location]).toEqual([
      summary,
      description,
      "油田第三小区, 活动中心; 二楼",
    ]);
    const [parsed] = nodeIcalEvents(text);
    expect([parsed?.summary, parsed?.description, parsed?.location]).toEqual([
      summary,
      description,
      "油田第三小区, 活动中心; 二楼",
    ]);
  });
});

describe("a calendar's name", () => {
  it("cannot end its property or add another, whatever the community is called", () => {
    const text = buildCalendar({
      name: "连心社区\r\nMETHOD:CANCEL\u0007",
      timeZone: "Asia/Shanghai",
      method: "publish",
      events: [],
    });
    const calendar = new ICAL.Component(ICAL.parse(text));
    expect(calendar.getAllProperties("method").map((p) => p.getFirstValue())).toEqual(["PUBLISH"]);
    const calendarProps = Object.values(nodeIcal.sync.parseICS(text)).find((c) => c?.type === "VCALENDAR");
    expect(calendarProps && "WR-CALNAME" in calendarProps ? calendarProps["WR-CALNAME"] : null).toBe(
      "连心社区\nMETHOD:CANCEL",
    );
  });
});

describe("local times", () => {
  it("are the zone's wall times luxon gives, across daylight-saving changes and odd offsets", () => {
    const zones = [
      "Asia/Shanghai",
      "America/New_York",
      "Europe/London",
      "Australia/Lord_Howe",
      "Asia/Kathmandu",
    ];
    const day = 24 * 60 * 60 * 1000;
    for (const zone of zones) {
      // Through two years: every 15 minutes of each day whose offset changes, one time on other days.
      const starts: Date[] = [];
      for (let t = Date.UTC(2026, 0, 1); t < Date.UTC(2028, 0, 1); t += day) {
        const changes =
          DateTime.fromMillis(t, { zone }).offset !== DateTime.fromMillis(t + day - 1, { zone }).offset;
        if (changes) for (let m = 0; m < 24 * 60; m += 15) starts.push(new Date(t + m * 60 * 1000));
        else starts.push(new Date(t + ((t / day) % 24) * 60 * 60 * 1000 + 37 * 60 * 1000));
      }
      const text = buildCalendar({
        name: zone,
        timeZone: zone,
        method: "publish",
        events: starts.map((start, i) => ({ uid: `e${i}`, sequence: 0, start, end: start, summary: "x" })),
      });
      const written = [...text.matchAll(/^DTSTART;TZID=[^:]+:(\d{8}T\d{6})\r$/gm)].map((m) => m[1]);
      const expected = starts.map((d) => DateTime.fromJSDate(d, { zone }).toFormat("yyyyLLdd'T'HHmmss"));
      expect(starts.length).toBeGreaterThanOrEqual(730);
      expect(written).toEqual(expected);
    }
  });
});
