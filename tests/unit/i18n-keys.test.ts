import { describe, expect, it } from "vitest";
import { resources } from "#app/modules/i18n/resources";

function keysOf(value: unknown, prefix = ""): string[] {
  if (value === null || typeof value !== "object") return [prefix];
  return Object.entries(value).flatMap(([k, v]) => keysOf(v, prefix ? `${prefix}.${k}` : k));
}

function emptyValues(value: unknown, prefix = ""): string[] {
  if (typeof value === "string") return value.trim() === "" ? [prefix] : [];
  if (value === null || typeof value !== "object") return [prefix];
  return Object.entries(value).flatMap(([k, v]) => emptyValues(v, prefix ? `${prefix}.${k}` : k));
}

describe("translations", () => {
  const zh = resources["zh-CN"];
  const en = resources.en;

  it("have the same namespaces in zh-CN and en", () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(zh).sort());
  });

  for (const ns of Object.keys(zh) as (keyof typeof zh)[]) {
    it(`have every ${ns} key in both languages`, () => {
      const zhKeys = new Set(keysOf(zh[ns]));
      const enKeys = new Set(keysOf(en[ns]));
      expect(
        [...zhKeys].filter((k) => !enKeys.has(k)),
        "missing in en",
      ).toEqual([]);
      expect(
        [...enKeys].filter((k) => !zhKeys.has(k)),
        "missing in zh-CN",
      ).toEqual([]);
    });

    it(`have no empty ${ns} strings`, () => {
      expect(emptyValues(zh[ns])).toEqual([]);
      expect(emptyValues(en[ns])).toEqual([]);
    });
  }
});
