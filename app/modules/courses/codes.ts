// The codes of the course domain, shared by the schema, the forms (browser) and the server.
import { priorityGroups, type PriorityGroup } from "#app/modules/households/codes";

export const courseKinds = ["reemployment", "disability", "prejob"] as const;
export type CourseKind = (typeof courseKinds)[number];

/** `cancelled` is a course called off by its organizer; participants are told. */
export const courseStatuses = ["draft", "published", "closed", "finished", "cancelled"] as const;
export type CourseStatus = (typeof courseStatuses)[number];

export const courseEligibilities = ["everyone", "hardship", "categories"] as const;
export type CourseEligibility = (typeof courseEligibilities)[number];

export const enrollmentStatuses = ["enrolled", "waitlisted", "cancelled", "completed", "no_show"] as const;
export type EnrollmentStatus = (typeof enrollmentStatuses)[number];

/** Statuses that hold the person's one place in a course. */
export const activeStatuses = ["enrolled", "waitlisted", "completed", "no_show"] as const;

export const attendanceMethods = ["sheet", "qr"] as const;
export type AttendanceMethod = (typeof attendanceMethods)[number];

export const defaultPriorityGroups: readonly PriorityGroup[] = priorityGroups;
export const defaultCompletionThreshold = 80;

/** Sessions a participant must attend out of `sessions` to complete at `threshold` percent. */
export function sessionsToComplete(sessions: number, threshold: number): number {
  return Math.max(1, Math.ceil((sessions * threshold) / 100));
}
