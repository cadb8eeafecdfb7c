import { describe, expect, it } from "vitest";
import { formatDateTime } from "#app/modules/dates/day";
import { durationParts } from "./format";

describe("help times", () => {
  it("shows an instant in the community's time zone", () => {
    expect(formatDateTime(new Date("2026-03-01T23:30:00Z"), "Asia/Shanghai")).toBe("2026-03-02 07:30");
    expect(formatDateTime("2026-03-01T23:30:00.000Z", "UTC")).toBe("2026-03-01 23:30");
  });

  it("says how long a step took in minutes, hours or days", () => {
    expect(durationParts(45 * 60_000)).toEqual({ unit: "minutes", count: 45 });
    expect(durationParts(5 * 3_600_000)).toEqual({ unit: "hours", count: 5 });
    expect(durationParts(4 * 86_400_000)).toEqual({ unit: "days", count: 4 });
  });
});
