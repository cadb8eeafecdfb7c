// Volunteer service beyond visits (issue 17): the roster history of a volunteer leaving and coming back, the
// service-hours record (志愿服务记录) with its confirmations and disputes, the activities organizers record,
// the star levels reached, and the printed certificates (志愿服务证明) a public page can confirm.
import { sql } from "drizzle-orm";
import { check, index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { serviceSources, serviceStatuses, volunteerStatusEvents } from "#app/modules/service/codes";
import { compounds, users } from "./core";
import { inList, timestamps } from "./columns";

/** A volunteer left (pairings ended, account disabled, reports moved to a successor) or came back. */
export const volunteerStatusHistory = sqliteTable(
  "volunteer_status_history",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id),
    event: text("event", { enum: volunteerStatusEvents }).notNull(),
    at: integer("at", { mode: "timestamp_ms" }).notNull(),
    byId: integer("by_id").references(() => users.id),
    reason: text("reason"),
    /** Who took over the people this volunteer supervised, when they left. */
    successorId: integer("successor_id").references(() => users.id),
  },
  (t) => [
    index("volunteer_status_history_user_idx").on(t.userId, t.at),
    check("volunteer_status_history_event_valid", sql`${t.event} IN (${inList(volunteerStatusEvents)})`),
  ],
);

/** Service an organizer records outside visits and courses (a clean-up day, a market), with its attendees' hours. */
export const serviceActivities = sqliteTable(
  "service_activities",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    compoundId: integer("compound_id").references(() => compounds.id),
    title: text("title").notNull(),
    description: text("description"),
    startsAt: integer("starts_at", { mode: "timestamp_ms" }).notNull(),
    minutes: integer("minutes").notNull(),
    createdById: integer("created_by_id").references(() => users.id),
    ...timestamps,
  },
  (t) => [
    index("service_activities_compound_start_idx").on(t.compoundId, t.startsAt),
    check("service_activities_minutes_range", sql`${t.minutes} BETWEEN 1 AND 1440`),
  ],
);

/** One volunteer's hours from one source. Counts toward stars and certificates once confirmed. */
export const serviceHours = sqliteTable(
  "service_hours",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    volunteerId: integer("volunteer_id")
      .notNull()
      .references(() => users.id),
    source: text("source", { enum: serviceSources }).notNull(),
    /** The visit, course session or activity the hours come from. */
    sourceId: integer("source_id").notNull(),
    compoundId: integer("compound_id").references(() => compounds.id),
    servedAt: integer("served_at", { mode: "timestamp_ms" }).notNull(),
    minutes: integer("minutes").notNull(),
    status: text("status", { enum: serviceStatuses }).notNull().default("pending"),
    decidedById: integer("decided_by_id").references(() => users.id),
    decidedAt: integer("decided_at", { mode: "timestamp_ms" }),
    disputeReason: text("dispute_reason"),
    disputedAt: integer("disputed_at", { mode: "timestamp_ms" }),
    ...timestamps,
  },
  (t) => [
    // One entry per volunteer per source: recording a visit again or re-saving an activity updates it.
    uniqueIndex("service_hours_source_unique").on(t.source, t.sourceId, t.volunteerId),
    index("service_hours_volunteer_served_idx").on(t.volunteerId, t.servedAt),
    index("service_hours_status_idx").on(t.status, t.servedAt),
    index("service_hours_compound_served_idx").on(t.compoundId, t.servedAt),
    check("service_hours_source_valid", sql`${t.source} IN (${inList(serviceSources)})`),
    check("service_hours_status_valid", sql`${t.status} IN (${inList(serviceStatuses)})`),
    check("service_hours_minutes_range", sql`${t.minutes} BETWEEN 1 AND 1440`),
  ],
);

/** A star level a volunteer reached, once: the thank-you goes out when the row is written. */
export const volunteerStars = sqliteTable(
  "volunteer_stars",
  {
    userId: integer("user_id")
      .notNull()
      .references(() => users.id),
    level: integer("level").notNull(),
    reachedAt: integer("reached_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.userId, t.level] }),
    check("volunteer_stars_level_range", sql`${t.level} BETWEEN 1 AND 5`),
  ],
);

/**
 * A printed service certificate (志愿服务证明). Its figures are frozen when issued; the verification code is
 * printed, the token goes in the QR to the public page that confirms it without an account.
 */
export const serviceCertificates = sqliteTable(
  "service_certificates",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    volunteerId: integer("volunteer_id")
      .notNull()
      .references(() => users.id),
    code: text("code").notNull(),
    token: text("token").notNull(),
    periodFrom: integer("period_from", { mode: "timestamp_ms" }).notNull(),
    periodTo: integer("period_to", { mode: "timestamp_ms" }).notNull(),
    minutes: integer("minutes").notNull(),
    /** Hours by source at issue, e.g. `{ "visit": 1200, "activity": 240 }` (minutes). */
    breakdown: text("breakdown", { mode: "json" }).$type<Record<string, number>>().notNull(),
    issuedById: integer("issued_by_id").references(() => users.id),
    issuedAt: integer("issued_at", { mode: "timestamp_ms" }).notNull(),
    revokedAt: integer("revoked_at", { mode: "timestamp_ms" }),
  },
  (t) => [
    uniqueIndex("service_certificates_code_unique").on(t.code),
    uniqueIndex("service_certificates_token_unique").on(t.token),
    index("service_certificates_volunteer_idx").on(t.volunteerId, t.issuedAt),
  ],
);
