import { parseWithZod } from "@conform-to/zod/v4";
import { afterEach, describe, expect, it, vi } from "vitest";
import { HouseholdEditSchema, VerificationSchema } from "./forms";

function form(entries: [string, string][]): FormData {
  const data = new FormData();
  for (const [k, v] of entries) data.append(k, v);
  return data;
}

afterEach(() => {
  vi.useRealTimers();
});

describe("the household forms", () => {
  it("refuses a verification dated in the future or without findings, naming each field", () => {
    const result = parseWithZod(
      form([
        ["verifiedAt", "2999-01-01"],
        ["verifierName", "刘芳"],
        ["hardshipLevel", "extreme"],
      ]),
      { schema: VerificationSchema },
    );
    expect(result.status).toBe("error");
    expect(result.reply().error).toMatchObject({
      verifiedAt: ["households:validation.date"],
      findings: ["households:validation.required"],
    });
  });

  it("takes today in the community's calendar as today, even while it is still yesterday in UTC", () => {
    // 16:30 UTC on 28 November is 00:30 on 29 November in Shanghai.
    vi.useFakeTimers({ now: new Date("2026-11-28T16:30:00Z"), toFake: ["Date"] });
    const dated = (day: string) =>
      parseWithZod(
        form([
          ["verifiedAt", day],
          ["verifierName", "刘芳"],
          ["findings", "情况属实"],
          ["hardshipLevel", "hardship"],
        ]),
        { schema: VerificationSchema },
      ).status;
    expect(dated("2026-11-29")).toBe("success");
    expect(dated("2026-11-30")).toBe("error");
  });

  it("reads one ticked category as a list, and needs with their notes", () => {
    const result = parseWithZod(
      form([
        ["verifiedAt", "2026-01-05"],
        ["verifierName", "刘芳"],
        ["findings", "情况属实"],
        ["hardshipLevel", "hardship"],
        ["categories", "widow"],
        ["needs", "care"],
        ["needs", "medical"],
        ["needNotes.care", "需要帮助买菜"],
      ]),
      { schema: VerificationSchema },
    );
    expect(result.status).toBe("success");
    if (result.status === "success") {
      expect(result.value.categories).toEqual(["widow"]);
      expect(result.value.needs).toEqual(["care", "medical"]);
      expect(result.value.needNotes?.care).toBe("需要帮助买菜");
    }
  });

  it("asks what was agreed to when someone is named as agreeing", () => {
    const result = parseWithZod(
      form([
        ["building", "3"],
        ["unit", "2"],
        ["room", "501"],
        ["hardshipLevel", "none"],
        ["consentGivenBy", "王秀英"],
      ]),
      { schema: HouseholdEditSchema },
    );
    expect(result.reply().error).toMatchObject({ consentScopes: ["households:validation.consentScopes"] });
  });
});
