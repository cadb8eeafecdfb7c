import { describe, expect, it } from "vitest";
import { CourseFormSchema } from "./schema";

const form = (enrollClosesAt: string, sessions: string) => ({
  title: "面点师培训",
  kind: "reemployment",
  provider: "职业技能培训中心",
  location: "社区服务中心",
  capacity: "20",
  enrollOpensAt: "2026-12-01T08:00",
  enrollClosesAt,
  eligibility: "everyone",
  completionThreshold: "80",
  sessions,
});

describe("a course's sessions and its enrollment window", () => {
  it("refuses a session that starts before enrollment closes, naming it", () => {
    const result = CourseFormSchema.safeParse(
      form("2026-12-10T18:00", "2026-12-12 09:00-11:00\n2026-12-09 09:00-11:00"),
    );
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => [i.path.join("."), i.message])).toEqual([
      ["sessions", "courses:validation.sessionBeforeClose|2026-12-09 09:00"],
    ]);
  });

  it("accepts sessions that all start once enrollment has closed", () => {
    expect(CourseFormSchema.safeParse(form("2026-12-10T18:00", "2026-12-10 18:00-20:00")).success).toBe(true);
  });
});
