// Who may take a place in a course and who goes first on its waitlist. Pure rules, shared by the course page
// (to explain them) and the enrollment (to apply them).
import type { Category, HardshipLevel, PriorityGroup } from "#app/modules/households/codes";
import type { CourseEligibility } from "./codes";

export interface EligibilityRule {
  eligibility: CourseEligibility;
  eligibleCategories: readonly Category[];
}

export interface PersonFacts {
  hardshipLevel: HardshipLevel;
  categories: readonly Category[];
  priorityGroups: readonly PriorityGroup[];
}

export type Ineligibility = "not_hardship" | "not_in_categories";

/** Null when the person may enroll; otherwise why not, for the message they see. */
export function ineligibility(rule: EligibilityRule, person: PersonFacts): Ineligibility | null {
  switch (rule.eligibility) {
    case "everyone":
      return null;
    case "hardship":
      return person.hardshipLevel === "none" ? "not_hardship" : null;
    case "categories":
      return rule.eligibleCategories.some((c) => person.categories.includes(c)) ? null : "not_in_categories";
  }
}

/** 1 when the person is in one of the course's priority groups (ahead on the waitlist), else 0. */
export function priorityOf(coursePriorityGroups: readonly PriorityGroup[], person: PersonFacts): 0 | 1 {
  return coursePriorityGroups.some((g) => person.priorityGroups.includes(g)) ? 1 : 0;
}
