import { describe, expect, it } from "vitest";
import { formatList } from "./list";

describe("lists in the reader's language", () => {
  it("joins with 、 in Chinese and commas in English, with 'and' or 'or' where a sentence asks", () => {
    expect(formatList("zh-CN", ["孤寡老人", "患大病", "残疾人"])).toBe("孤寡老人、患大病、残疾人");
    expect(formatList("en", ["elderly living alone", "serious illness"])).toBe(
      "elderly living alone, serious illness",
    );
    expect(formatList("en", ["a", "b", "c"], "and")).toBe("a, b, and c");
    expect(formatList("en", ["a", "b"], "or")).toBe("a or b");
    expect(formatList("zh-CN", ["甲", "乙"], "or")).toBe("甲或乙");
    expect(formatList("en", [])).toBe("");
  });
});
