import { describe, expect, it } from "vitest";
import { z } from "zod";
import { dayBounds, dayOutOfRange, dayWithin, todayIn } from "./range";

describe("a date's range", () => {
  const today = "2026-12-02";

  it("refuses a visit in 9999, a pairing from 1900, a goal due in 2001, a note dated 2030, a signing in 3000", () => {
    expect(dayOutOfRange("9999-01-01", "visit", today)).toBe(
      "common:validation.dayRange|2026-12-02 – 2027-12-02",
    );
    expect(dayOutOfRange("1900-01-01", "pairingStart", today)).not.toBeNull();
    expect(dayOutOfRange("2001-05-01", "goalDue", today)).not.toBeNull();
    expect(dayOutOfRange("2030-01-01", "progressNote", today)).not.toBeNull();
    expect(dayOutOfRange("3000-01-01", "signing", today)).not.toBeNull();
  });

  it("takes the days inside, today and both ends included", () => {
    expect(dayOutOfRange(today, "visit", today)).toBeNull();
    expect(dayOutOfRange("2027-12-02", "visit", today)).toBeNull();
    expect(dayOutOfRange("2027-12-03", "visit", today)).not.toBeNull();
    expect(dayOutOfRange("2026-12-01", "visit", today)).not.toBeNull();
    expect(dayOutOfRange("2026-11-15", "goalDue", today)).toBeNull();
    expect(dayOutOfRange(today, "signing", today)).toBeNull();
    expect(dayOutOfRange("2026-12-03", "signing", today)).not.toBeNull();
    expect(dayBounds("pairingStart", today)).toEqual({ min: "2021-12-02", max: today });
  });

  it("counts today in the community's zone, not UTC's", () => {
    // 17:00 UTC on 2 December is already 3 December in Shanghai.
    expect(todayIn("Asia/Shanghai", new Date("2026-12-02T17:00:00Z"))).toBe("2026-12-03");
  });

  it("works as a Zod check beside the field", () => {
    const schema = z.object({ at: z.string().superRefine(dayWithin("signing", today)) });
    const result = schema.safeParse({ at: "3000-01-01" });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(["at"]);
    expect(schema.safeParse({ at: "2026-11-30" }).success).toBe(true);
  });
});
