import { describe, expect, it } from "vitest";
import { resources } from "#app/modules/i18n/resources";
import {
  categoryCodes,
  consentScopes,
  hardshipLevels,
  isZeroEmployment,
  memberRelations,
  needs,
  nextVerificationDue,
  priorityGroups,
} from "./codes";

const year = 2026;
const adult = (birthYear: number, employed: boolean, inSchool = false) => ({ birthYear, employed, inSchool });

describe("zero-employment families", () => {
  it("are households whose working-age members all lack work", () => {
    expect(isZeroEmployment([adult(1980, false), adult(1982, false), adult(2015, false, true)], year)).toBe(
      true,
    );
    expect(isZeroEmployment([adult(1980, false), adult(1982, true)], year)).toBe(false);
  });

  it("do not count students, children or retirees as out of work", () => {
    expect(isZeroEmployment([adult(1950, false), adult(1948, false)], year)).toBe(false);
    expect(isZeroEmployment([adult(1952, false), adult(2006, false, true)], year)).toBe(false);
    expect(isZeroEmployment([adult(1980, true), adult(2004, false, true)], year)).toBe(false);
    expect(isZeroEmployment([adult(1980, false), adult(2004, false, true)], year)).toBe(true);
  });
});

describe("the next verification", () => {
  it("falls due 3 months after for extreme hardship, 6 for hardship, never for others", () => {
    const verified = new Date("2026-01-31T04:00:00Z");
    expect(nextVerificationDue("extreme", verified)?.toISOString()).toBe("2026-04-30T04:00:00.000Z");
    expect(nextVerificationDue("hardship", verified)?.toISOString()).toBe("2026-07-31T04:00:00.000Z");
    expect(nextVerificationDue("none", verified)).toBeNull();
  });
});

describe("household codes", () => {
  const groups = {
    hardshipLevel: hardshipLevels,
    category: categoryCodes,
    priorityGroup: priorityGroups,
    need: needs,
    relation: memberRelations,
    consentScope: consentScopes,
  };

  it("have a label in Chinese and English for every code", () => {
    for (const locale of ["zh-CN", "en"] as const) {
      const labels: Record<string, unknown> = resources[locale].households;
      for (const [group, codes] of Object.entries(groups)) {
        const groupLabels = labels[group];
        expect(typeof groupLabels, `${locale} ${group}`).toBe("object");
        expect(Object.keys(groupLabels ?? {}).sort(), `${locale} ${group}`).toEqual([...codes].sort());
      }
    }
  });

  it("include the 13 categories of the field and the four priority groups", () => {
    expect(categoryCodes).toHaveLength(13);
    expect(
      priorityGroups.filter((g) => g !== "zero_employment").every((g) => categoryCodes.includes(g)),
    ).toBe(true);
  });
});
