import { describe, expect, it } from "vitest";
import { CourseFormSchema } from "#app/modules/courses/schema";
import { HouseholdEditSchema } from "#app/modules/households/forms";
import { errorArgs } from "./field-error";
import { getT } from "./i18n";

const issueOf = (
  result: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } },
  field: string,
) => result.error?.issues.find((i) => i.path[0] === field)?.message;

describe("an over-long entry", () => {
  it("is answered with its limit, not with the schema's 'required'", () => {
    const course = CourseFormSchema.safeParse({ title: "长".repeat(201), kind: "reemployment" });
    expect(issueOf(course, "title")).toBe("common:validation.maxChars|200");
    const empty = CourseFormSchema.safeParse({ title: "", kind: "reemployment" });
    expect(issueOf(empty, "title")).toBe("courses:validation.required");
    const household = HouseholdEditSchema.safeParse({ building: "1".repeat(21), unit: "1", room: "1" });
    expect(issueOf(household, "building")).toBe("common:validation.maxChars|20");
  });

  it("reads '最多 N 个字' in Chinese and 'At most N characters' in English", () => {
    const error = "common:validation.maxChars|200";
    expect(getT("zh-CN")(...errorArgs(error))).toContain("最多 200 个字");
    expect(getT("en")(...errorArgs(error))).toContain("At most 200 characters");
  });
});
