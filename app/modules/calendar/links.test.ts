import { describe, expect, it } from "vitest";
import { googleCalendarUrl } from "#app/modules/calendar/links";

describe("the Google Calendar link", () => {
  it("carries the title, place and UTC instants of the event", () => {
    const url = new URL(
      googleCalendarUrl({
        start: new Date("2026-12-01T01:00:00Z"),
        end: new Date("2026-12-01T02:30:00Z"),
        summary: "走访 王家",
        location: "3 栋 2 单元 501",
      }),
    );
    expect(url.origin + url.pathname).toBe("https://calendar.google.com/calendar/render");
    expect(url.searchParams.get("action")).toBe("TEMPLATE");
    expect(url.searchParams.get("text")).toBe("走访 王家");
    expect(url.searchParams.get("location")).toBe("3 栋 2 单元 501");
    expect(url.searchParams.get("dates")).toBe("20261201T010000Z/20261201T023000Z");
    expect(url.searchParams.has("details")).toBe(false);
  });
});
