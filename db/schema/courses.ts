// Re-employment courses: the course with its sessions, the enrollments (seats and the waitlist), and the
// attendance of each enrollment at each session. `seats_taken` is the counter the seat claim updates with
// one conditional statement, so that no two enrollments ever take the last seat.
import { sql } from "drizzle-orm";
import { check, index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import type { Category, PriorityGroup } from "#app/modules/households/codes";
import {
  attendanceMethods,
  courseEligibilities,
  courseKinds,
  courseStatuses,
  enrollmentStatuses,
} from "#app/modules/courses/codes";
import { compounds, users } from "./core";
import { householdMembers } from "./households";
import { timestamps, inList } from "./columns";

export const courses = sqliteTable(
  "courses",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    title: text("title").notNull(),
    kind: text("kind", { enum: courseKinds }).notNull(),
    provider: text("provider").notNull(),
    description: text("description").notNull().default(""),
    location: text("location").notNull(),
    /** The compound the course is held in, for the catalog's place filter; null for elsewhere in town. */
    compoundId: integer("compound_id").references(() => compounds.id),
    capacity: integer("capacity").notNull(),
    /** Enrolled seats; only the seat claim and a cancellation change it (app/modules/courses/enrollment.server.ts). */
    seatsTaken: integer("seats_taken").notNull().default(0),
    enrollOpensAt: integer("enroll_opens_at", { mode: "timestamp_ms" }).notNull(),
    enrollClosesAt: integer("enroll_closes_at", { mode: "timestamp_ms" }).notNull(),
    eligibility: text("eligibility", { enum: courseEligibilities }).notNull().default("everyone"),
    eligibleCategories: text("eligible_categories", { mode: "json" }).$type<Category[]>().notNull(),
    priorityGroups: text("priority_groups", { mode: "json" }).$type<PriorityGroup[]>().notNull(),
    status: text("status", { enum: courseStatuses }).notNull().default("draft"),
    /** Percent of the sessions a participant must attend to complete the course. */
    completionThreshold: integer("completion_threshold").notNull().default(80),
    /** First session's start and last session's end, kept with the sessions for the catalog's filters. */
    startsAt: integer("starts_at", { mode: "timestamp_ms" }),
    endsAt: integer("ends_at", { mode: "timestamp_ms" }),
    /** Bumped on every change participants see; the calendar events' SEQUENCE. */
    sequence: integer("sequence").notNull().default(0),
    /** Signs the check-in QR codes of the course's sessions. */
    checkinSecret: text("checkin_secret").notNull(),
    createdById: integer("created_by_id").references(() => users.id),
    ...timestamps,
  },
  (t) => [
    index("courses_status_starts_idx").on(t.status, t.startsAt),
    index("courses_kind_status_starts_idx").on(t.kind, t.status, t.startsAt),
    index("courses_compound_status_starts_idx").on(t.compoundId, t.status, t.startsAt),
    index("courses_starts_idx").on(t.startsAt),
    check("courses_kind_valid", sql`${t.kind} IN (${inList(courseKinds)})`),
    check("courses_status_valid", sql`${t.status} IN (${inList(courseStatuses)})`),
    check("courses_eligibility_valid", sql`${t.eligibility} IN (${inList(courseEligibilities)})`),
    check("courses_capacity_positive", sql`${t.capacity} > 0`),
    check("courses_seats_within_capacity", sql`${t.seatsTaken} >= 0 AND ${t.seatsTaken} <= ${t.capacity}`),
    check("courses_threshold_range", sql`${t.completionThreshold} BETWEEN 1 AND 100`),
  ],
);

export const courseSessions = sqliteTable(
  "course_sessions",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    courseId: integer("course_id")
      .notNull()
      .references(() => courses.id, { onDelete: "cascade" }),
    startsAt: integer("starts_at", { mode: "timestamp_ms" }).notNull(),
    endsAt: integer("ends_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [
    index("course_sessions_course_idx").on(t.courseId, t.startsAt),
    check("course_sessions_order", sql`${t.endsAt} > ${t.startsAt}`),
  ],
);

export const enrollments = sqliteTable(
  "enrollments",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    courseId: integer("course_id")
      .notNull()
      .references(() => courses.id, { onDelete: "cascade" }),
    /** The person (a household member); enrollment works for people without an account too. */
    memberId: integer("member_id")
      .notNull()
      .references(() => householdMembers.id),
    /** The member's account when they have one: where the emails go and whose "my courses" shows it. */
    userId: integer("user_id").references(() => users.id, { onDelete: "set null" }),
    status: text("status", { enum: enrollmentStatuses }).notNull(),
    /** 1 when the person is in one of the course's priority groups: ahead of everyone else on the waitlist. */
    priority: integer("priority").notNull().default(0),
    /** The waitlist's order after priority. */
    requestedAt: integer("requested_at", { mode: "timestamp_ms" }).notNull(),
    enrolledById: integer("enrolled_by_id").references(() => users.id),
    promotedAt: integer("promoted_at", { mode: "timestamp_ms" }),
    cancelledAt: integer("cancelled_at", { mode: "timestamp_ms" }),
    completedAt: integer("completed_at", { mode: "timestamp_ms" }),
    ...timestamps,
  },
  (t) => [
    // One place per person per course; a cancelled place does not stop them enrolling again.
    uniqueIndex("enrollments_one_place_unique")
      .on(t.courseId, t.memberId)
      .where(sql`${t.status} <> 'cancelled'`),
    index("enrollments_queue_idx").on(t.courseId, t.status, t.priority, t.requestedAt),
    index("enrollments_user_idx").on(t.userId, t.status),
    index("enrollments_member_idx").on(t.memberId),
    check("enrollments_status_valid", sql`${t.status} IN (${inList(enrollmentStatuses)})`),
  ],
);

export const attendance = sqliteTable(
  "attendance",
  {
    sessionId: integer("session_id")
      .notNull()
      .references(() => courseSessions.id, { onDelete: "cascade" }),
    enrollmentId: integer("enrollment_id")
      .notNull()
      .references(() => enrollments.id, { onDelete: "cascade" }),
    present: integer("present", { mode: "boolean" }).notNull(),
    method: text("method", { enum: attendanceMethods }).notNull(),
    markedById: integer("marked_by_id").references(() => users.id),
    markedAt: integer("marked_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.sessionId, t.enrollmentId] }),
    index("attendance_enrollment_idx").on(t.enrollmentId, t.present),
    check("attendance_method_valid", sql`${t.method} IN (${inList(attendanceMethods)})`),
  ],
);
