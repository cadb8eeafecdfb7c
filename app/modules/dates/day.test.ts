import { describe, expect, it } from "vitest";
import { calendarDay, formatInZone } from "#app/modules/dates/day";
import { day } from "#app/modules/households/format";
import { formatDay } from "#app/modules/roster/dates";

describe("a calendar day", () => {
  it("is the day in the zone asked, whatever the server's", () => {
    // 16:30 UTC on New Year's Eve is already New Year's Day in Shanghai, and still the 31st in New York.
    const instant = new Date("2026-12-31T16:30:00Z");
    expect(calendarDay(instant, "Asia/Shanghai")).toBe("2027-01-01");
    expect(calendarDay(instant, "America/New_York")).toBe("2026-12-31");
    expect(calendarDay("2026-12-31T15:59:00.000Z", "Asia/Shanghai")).toBe("2026-12-31");
  });

  it("is nothing when the date cannot be read", () => {
    expect(calendarDay("not a date", "Asia/Shanghai")).toBeNull();
  });

  it("is what the registry and the roster print", () => {
    const instant = new Date("2026-12-31T16:30:00Z");
    expect(day(instant)).toBe("2027-01-01");
    expect(day(null)).toBe("—");
    expect(day("not a date")).toBe("—");
    expect(formatDay(instant, "Asia/Shanghai")).toBe("2027-01-01");
    expect(formatDay(null, "Asia/Shanghai")).toBe("");
  });
});

describe("a date in a reader's language", () => {
  it("is written in the community's zone, in the reader's language", () => {
    const instant = new Date("2026-12-01T01:05:00Z");
    expect(formatInZone(instant, "Asia/Shanghai", "zh-CN", "date")).toBe("2026年12月1日周二");
    expect(formatInZone(instant, "Asia/Shanghai", "en", "date")).toBe("Tue, Dec 1, 2026");
    expect(formatInZone(instant, "Asia/Shanghai", "en", "dateTime")).toBe("Dec 1, 2026, 9:05 AM");
    expect(formatInZone(instant, "America/New_York", "en", "time")).toBe("20:05");
  });
});
