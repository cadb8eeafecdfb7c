// The household registry's vocabulary (DESIGN.md glossary): hardship levels, categories, priority groups,
// needs, member relations and consent scopes, plus the two rules the codes carry with them (zero-employment
// and verification cadence). Shared by server, UI, seed and tests; labels live in the `households` namespace.
import { DateTime } from "luxon";

export const hardshipLevels = ["none", "hardship", "extreme"] as const;
export type HardshipLevel = (typeof hardshipLevels)[number];

/** Physiological: age, illness, disability. Social: layoff, unemployment, loss of an earner, exclusion. */
export const categoryKinds = ["physiological", "social"] as const;
export type CategoryKind = (typeof categoryKinds)[number];

export const categoryCodes = [
  "non_permanent_worker_family",
  "many_children",
  "disabled_employee",
  "serious_illness",
  "both_terminated_children_in_school",
  "terminated_unemployed_children_in_school",
  "widow",
  "orphan",
  "both_unemployed",
  "welfare_job_high_tuition",
  "elderly_alone",
  "disabled",
  "temporary_disaster",
] as const;
export type Category = (typeof categoryCodes)[number];

export const categoryKind: Record<Category, CategoryKind> = {
  non_permanent_worker_family: "social",
  many_children: "social",
  disabled_employee: "physiological",
  serious_illness: "physiological",
  both_terminated_children_in_school: "social",
  terminated_unemployed_children_in_school: "social",
  widow: "social",
  orphan: "physiological",
  both_unemployed: "social",
  welfare_job_high_tuition: "social",
  elderly_alone: "physiological",
  disabled: "physiological",
  temporary_disaster: "social",
};

/**
 * Health and disability facts (DESIGN.md: seen only by those who need them, with the household's consent):
 * these categories, members' disability flags, the health note and a medical need's note.
 */
export const healthCategories: readonly Category[] = ["disabled_employee", "serious_illness", "disabled"];

export function isHealthCategory(category: Category): boolean {
  return healthCategories.includes(category);
}

/** Groups served first, for help and for course seats. All but `zero_employment` are categories. */
export const priorityGroups = ["elderly_alone", "serious_illness", "zero_employment", "disabled"] as const;
export type PriorityGroup = (typeof priorityGroups)[number];

export const needs = ["employment", "medical", "schooling", "material", "care", "other"] as const;
export type Need = (typeof needs)[number];

export const memberRelations = [
  "head",
  "spouse",
  "child",
  "child_in_law",
  "grandchild",
  "parent",
  "grandparent",
  "sibling",
  "other",
] as const;
export type MemberRelation = (typeof memberRelations)[number];

/**
 * What a household may agree to. Without `health`, no health note is kept (medical needs carry no note);
 * without any consent the record stays at the minimum the ledgers need.
 */
export const consentScopes = ["registry", "health", "contact_helper"] as const;
export type ConsentScope = (typeof consentScopes)[number];

/** Where a change to a household came from, as kept in its history. */
export const historySources = ["form", "import", "verification", "link", "claim", "correction"] as const;
export type HistorySource = (typeof historySources)[number];

/** `handled` is the old "marked handled"; staff now apply a correction or refuse it with a reason. */
export const correctionStatuses = ["open", "handled", "applied", "refused"] as const;
export type CorrectionStatus = (typeof correctionStatuses)[number];

/** A household on the registry, or one that left it (kept with its history, never deleted). */
export const householdStatuses = ["active", "moved_out", "dissolved"] as const;
export type HouseholdStatus = (typeof householdStatuses)[number];

/** How a resident claims their household: the code on their connection card, or address and a member's phone. */
export const claimMethods = ["card_code", "address"] as const;
export type ClaimMethod = (typeof claimMethods)[number];
/** `confirmed`: linked at once because the account's phone matched the member's on record. */
export const claimStatuses = ["pending", "approved", "confirmed", "refused", "withdrawn"] as const;
export type ClaimStatus = (typeof claimStatuses)[number];

/** Working age for the zero-employment rule: from the legal minimum working age to the retirement age. */
export const workingAge = { from: 16, to: 59 } as const;

export interface LabourFacts {
  birthYear: number;
  employed: boolean;
  inSchool: boolean;
}

/**
 * 零就业家庭: the household has at least one working-age member not in school, and none of them works.
 * Stored on the household (recomputed when members change or are verified) so ledgers can filter on it
 * with an index instead of aggregating members per row.
 */
export function isZeroEmployment(members: readonly LabourFacts[], year: number): boolean {
  const labourForce = members.filter((m) => {
    const age = year - m.birthYear;
    return age >= workingAge.from && age <= workingAge.to && !m.inSchool;
  });
  return labourForce.length > 0 && labourForce.every((m) => !m.employed);
}

/** How often each level is re-checked (动态管理): extreme every 3 months, hardship every 6. */
export const verificationIntervalMonths: Readonly<Record<Exclude<HardshipLevel, "none">, number>> = {
  extreme: 3,
  hardship: 6,
};

export type VerificationIntervals = Record<Exclude<HardshipLevel, "none">, number>;

/** When the next verification is due after one at `verifiedAt`; households of level `none` have none. */
export function nextVerificationDue(
  level: HardshipLevel,
  verifiedAt: Date,
  intervals: VerificationIntervals = verificationIntervalMonths,
): Date | null {
  if (level === "none") return null;
  return DateTime.fromJSDate(verifiedAt, { zone: "utc" }).plus({ months: intervals[level] }).toJSDate();
}
