import { execFile } from "node:child_process";
import { promisify } from "node:util";
import ICAL from "ical.js";
import { describe, expect, it } from "vitest";

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
  return { calendar, zone };
}

describe("course session invitations", () => {
  for (const tz of ["UTC", "America/New_York"]) {
    it(`keep the sessions' instants when the server runs in ${tz}`, async () => {
      const { calendar, zone } = await invitationUnder(tz);
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
    });
  }
});

describe("a withdrawn invitation", () => {
  it("is METHOD:CANCEL with the same UID, a higher SEQUENCE and its attendees", async () => {
    const { buildCalendar } = await import("#app/modules/calendar/events.server");
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
