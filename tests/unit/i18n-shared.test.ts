import { describe, expect, it } from "vitest";
import { sharedI18n } from "#app/modules/i18n/i18n";

// The server's shared translators remember texts asked without options (app/modules/i18n/i18n.ts); what a
// page shows must not change because of it.
describe("the server's shared translators", () => {
  it("give each namespace and language its own text, again and again", () => {
    const en = sharedI18n("en");
    const zh = sharedI18n("zh-CN");
    for (let i = 0; i < 2; i++) {
      expect(en.getFixedT(null, "bench")("baseline.title")).toBe("Benchmark baseline");
      expect(en.getFixedT(null, "common")("appName")).toBe("Lianxin");
      expect(zh.getFixedT(null, "common")("appName")).toBe("连心");
    }
  });

  it("still interpolate, each call with its own values", () => {
    const t = sharedI18n("en").getFixedT(null, "common");
    expect(t("home.hotline", { hotline: "1890" })).toBe("Service hotline: 1890");
    expect(t("home.hotline", { hotline: "12345" })).toBe("Service hotline: 12345");
  });

  it("still choose the plural form for each count", () => {
    const t = sharedI18n("en").getFixedT(null, "auth");
    expect([1, 2, 1].map((count) => t("people.count", { count }))).toEqual([
      "1 person",
      "2 people",
      "1 person",
    ]);
  });

  it("honour a key prefix", () => {
    const t = sharedI18n("en").getFixedT(null, "bench", "baseline");
    expect(t("title")).toBe("Benchmark baseline");
  });
});
