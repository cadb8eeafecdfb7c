import { describe, expect, it } from "vitest";
import { day } from "#app/modules/households/format";

describe("a registry date", () => {
  it("is the calendar day in the community's zone, whatever the server's", () => {
    // 16:30 UTC on New Year's Eve is already New Year's Day in Shanghai.
    expect(day(new Date("2026-12-31T16:30:00Z"))).toBe("2027-01-01");
    expect(day("2026-12-31T15:59:00.000Z")).toBe("2026-12-31");
  });

  it("is a dash when there is none or it cannot be read", () => {
    expect(day(null)).toBe("—");
    expect(day("not a date")).toBe("—");
  });
});
