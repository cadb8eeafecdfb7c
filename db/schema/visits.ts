// Home visits (走访): who visits which household when and where, its status and SEQUENCE (raised whenever the
// calendar event changes), the outcome once recorded, how far an unrecorded visit has been escalated, the
// co-visitors, and the weeks whose overdue digest has gone out.
import { sql } from "drizzle-orm";
import { check, index, integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";
import type { AnySQLiteColumn } from "drizzle-orm/sqlite-core";
import type { Need } from "#app/modules/households/codes";
import { visitStatuses } from "#app/modules/visits/codes";
import { compounds, users } from "./core";
import { households } from "./households";
import { inList, timestamps } from "./columns";

export const visits = sqliteTable(
  "visits",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    householdId: integer("household_id")
      .notNull()
      .references(() => households.id),
    /** The household's compound when scheduled, so organizer roll-ups need no join. */
    compoundId: integer("compound_id")
      .notNull()
      .references(() => compounds.id),
    leadVolunteerId: integer("lead_volunteer_id")
      .notNull()
      .references(() => users.id),
    scheduledById: integer("scheduled_by_id").references(() => users.id),
    startsAt: integer("starts_at", { mode: "timestamp_ms" }).notNull(),
    endsAt: integer("ends_at", { mode: "timestamp_ms" }).notNull(),
    place: text("place").notNull(),
    purpose: text("purpose").notNull(),
    status: text("status", { enum: visitStatuses }).notNull().default("scheduled"),
    sequence: integer("sequence").notNull().default(0),
    cancelReason: text("cancel_reason"),
    cancelledAt: integer("cancelled_at", { mode: "timestamp_ms" }),
    notes: text("notes"),
    needsFound: text("needs_found", { mode: "json" })
      .$type<Need[]>()
      .notNull()
      .default(sql`'[]'`),
    followUpVisitId: integer("follow_up_visit_id").references((): AnySQLiteColumn => visits.id),
    recordedById: integer("recorded_by_id").references(() => users.id),
    recordedAt: integer("recorded_at", { mode: "timestamp_ms" }),
    escalationLevel: integer("escalation_level").notNull().default(0),
    /** When the volunteer pressed "arrived" and "left" on the spot. */
    arrivedAt: integer("arrived_at", { mode: "timestamp_ms" }),
    leftAt: integer("left_at", { mode: "timestamp_ms" }),
    /**
     * The visit's real length: from arrived/left, or entered; a change after recording gives a reason. Its range
     * (1–1440) is checked by the visits module: a CHECK here would make SQLite rebuild the table.
     */
    durationMinutes: integer("duration_minutes"),
    durationReason: text("duration_reason"),
    ...timestamps,
  },
  (t) => [
    // A volunteer's upcoming and past lists, and their feed.
    index("visits_lead_start_idx").on(t.leadVolunteerId, t.startsAt),
    // The last done visit of each household (cadence), newest first.
    index("visits_household_status_start_idx").on(t.householdId, t.status, t.startsAt),
    index("visits_compound_start_idx").on(t.compoundId, t.startsAt),
    // Community-wide lists of what is scheduled (an admin's, or an organizer of every compound).
    index("visits_scheduled_start_idx")
      .on(t.startsAt)
      .where(sql`${t.status} = 'scheduled'`),
    // The escalation tick reads only unrecorded visits not yet escalated all the way, oldest first.
    index("visits_unrecorded_idx")
      .on(t.endsAt)
      .where(sql`${t.status} = 'scheduled' AND ${t.escalationLevel} < 2`),
    check("visits_status_valid", sql`${t.status} IN (${inList(visitStatuses)})`),
    check("visits_time_order", sql`${t.endsAt} > ${t.startsAt}`),
    check("visits_escalation_range", sql`${t.escalationLevel} BETWEEN 0 AND 2`),
  ],
);

export const visitCoVisitors = sqliteTable(
  "visit_co_visitors",
  {
    visitId: integer("visit_id")
      .notNull()
      .references(() => visits.id, { onDelete: "cascade" }),
    volunteerId: integer("volunteer_id")
      .notNull()
      .references(() => users.id),
  },
  (t) => [
    primaryKey({ columns: [t.visitId, t.volunteerId] }),
    index("visit_co_visitors_volunteer_idx").on(t.volunteerId, t.visitId),
  ],
);

/** One row per community week whose overdue digest was enqueued: the tick sends each week's once. */
export const visitDigestRuns = sqliteTable("visit_digest_runs", {
  week: text("week").primaryKey(),
  ranAt: integer("ran_at", { mode: "timestamp_ms" }).notNull(),
});
