import { parseWithZod } from "@conform-to/zod/v4";
import { afterEach, describe, expect, it, vi } from "vitest";
import { HouseholdEditSchema, VerificationSchema } from "./forms";

function form(entries: [string, string][]): FormData {
  const data = new FormData();
  for (const [k, v] of entries) data.append(k, v);
  return data;
}

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

  describe("on an evening when Shanghai is already a day ahead of UTC", () => {
    afterEach(() => vi.useRealTimers());
    const verification = (verifiedAt: string) =>
      form([
        ["verifiedAt", verifiedAt],
        ["verifierName", "刘芳"],
        ["findings", "情况属实"],
        ["hardshipLevel", "hardship"],
      ]);

    it("accepts the community's today, which the form proposes, and refuses its tomorrow", () => {
      vi.useFakeTimers({ toFake: ["Date"] });
      vi.setSystemTime(new Date("2026-11-28T17:00:00Z"));
      expect(parseWithZod(verification("2026-11-29"), { schema: VerificationSchema }).status).toBe("success");
      expect(parseWithZod(verification("2026-11-30"), { schema: VerificationSchema }).status).toBe("error");
    });
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
