// Help requests (求助): what a household asked, who holds it now (assignee and escalation level, with the time
// by which it must be acknowledged), its status and the resident's rating; and its dated timeline of status
// changes, escalations and notes, each note marked whether the resident may read it.
import { desc, sql } from "drizzle-orm";
import { check, index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import {
  contactMethods,
  helpChannels,
  helpEventTypes,
  helpKinds,
  helpStatuses,
  helpUrgencies,
} from "#app/modules/help/codes";
import { compounds, users } from "./core";
import { households } from "./households";
import { inList } from "./columns";

export const helpRequests = sqliteTable(
  "help_requests",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    householdId: integer("household_id")
      .notNull()
      .references(() => households.id),
    /** The household's compound when asked, so organizer lists need no join. */
    compoundId: integer("compound_id")
      .notNull()
      .references(() => compounds.id),
    /** The resident who asked, when they have an account. */
    requesterId: integer("requester_id").references(() => users.id),
    /** Staff who took a hotline call down. */
    recordedById: integer("recorded_by_id").references(() => users.id),
    channel: text("channel", { enum: helpChannels }).notNull(),
    kind: text("kind", { enum: helpKinds }).notNull(),
    urgency: text("urgency", { enum: helpUrgencies }).notNull().default("normal"),
    description: text("description").notNull(),
    contactMethod: text("contact_method", { enum: contactMethods }).notNull(),
    contactPhone: text("contact_phone"),
    status: text("status", { enum: helpStatuses }).notNull().default("new"),
    /** The household's primary helper when asked; null when it had none. */
    helperId: integer("helper_id").references(() => users.id),
    /** Who holds it: the helper, then their supervisor; null when it is with the compound's organizers. */
    assignedToId: integer("assigned_to_id").references(() => users.id),
    escalationLevel: integer("escalation_level").notNull().default(0),
    acknowledgeBy: integer("acknowledge_by", { mode: "timestamp_ms" }).notNull(),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
    acknowledgedAt: integer("acknowledged_at", { mode: "timestamp_ms" }),
    resolvedAt: integer("resolved_at", { mode: "timestamp_ms" }),
    rating: integer("rating"),
    ratingComment: text("rating_comment"),
    ratedAt: integer("rated_at", { mode: "timestamp_ms" }),
    updatedAt: integer("updated_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [
    // The help list's order (open first, newest first), per compound for organizers and for everyone for
    // admins: a page reads its 51 rows off the index instead of sorting every request of the compound.
    index("help_requests_compound_list_idx").on(
      t.compoundId,
      sql`(${t.status} = 'resolved')`,
      desc(t.createdAt),
      desc(t.id),
    ),
    index("help_requests_list_idx").on(sql`(${t.status} = 'resolved')`, desc(t.createdAt), desc(t.id)),
    index("help_requests_household_idx").on(t.householdId, t.createdAt),
    index("help_requests_helper_idx").on(t.helperId, t.createdAt),
    index("help_requests_assignee_idx").on(t.assignedToId, t.createdAt),
    // The escalation tick reads only what waits unacknowledged, soonest due first.
    index("help_requests_due_idx")
      .on(t.acknowledgeBy)
      .where(sql`${t.status} = 'new'`),
    check("help_requests_kind_valid", sql`${t.kind} IN (${inList(helpKinds)})`),
    check("help_requests_urgency_valid", sql`${t.urgency} IN (${inList(helpUrgencies)})`),
    check("help_requests_status_valid", sql`${t.status} IN (${inList(helpStatuses)})`),
    check("help_requests_channel_valid", sql`${t.channel} IN (${inList(helpChannels)})`),
    check("help_requests_contact_valid", sql`${t.contactMethod} IN (${inList(contactMethods)})`),
    check("help_requests_level_range", sql`${t.escalationLevel} BETWEEN 0 AND 2`),
    check("help_requests_rating_range", sql`${t.rating} IS NULL OR ${t.rating} BETWEEN 1 AND 5`),
  ],
);

export const helpRequestEvents = sqliteTable(
  "help_request_events",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    requestId: integer("request_id")
      .notNull()
      .references(() => helpRequests.id, { onDelete: "cascade" }),
    type: text("type", { enum: helpEventTypes }).notNull(),
    at: integer("at", { mode: "timestamp_ms" }).notNull(),
    /** Null for the system (escalation). */
    authorId: integer("author_id").references(() => users.id),
    note: text("note"),
    visibleToResident: integer("visible_to_resident", { mode: "boolean" }).notNull().default(true),
  },
  (t) => [
    index("help_request_events_request_idx").on(t.requestId, t.at),
    check("help_request_events_type_valid", sql`${t.type} IN (${inList(helpEventTypes)})`),
  ],
);
