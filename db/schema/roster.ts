// The volunteer roster (四级联动) beyond the user row: each volunteer's profile and extra compounds, the
// one-helps-one pairings with households, and the agreement card of each pairing with its goals and dated
// progress notes. Pairings are never deleted: an ended one keeps who helped when.
import { sql } from "drizzle-orm";
import { check, index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import {
  defaultCapacity,
  goalDomains,
  goalStatuses,
  pairingRoles,
  pairingStatuses,
  signingMethods,
  type Skill,
} from "#app/modules/roster/codes";
import type { AvailabilitySlot } from "#app/modules/service/codes";
import { compounds, users } from "./core";
import { households } from "./households";
import { timestamps, inList } from "./columns";

export const volunteerProfiles = sqliteTable(
  "volunteer_profiles",
  {
    userId: integer("user_id")
      .primaryKey()
      .references(() => users.id, { onDelete: "cascade" }),
    skills: text("skills", { mode: "json" })
      .$type<Skill[]>()
      .notNull()
      .default(sql`'[]'`),
    /** A free note on availability ("weekday evenings"); the slots below are what pairing reads. */
    availability: text("availability"),
    availabilitySlots: text("availability_slots", { mode: "json" })
      .$type<AvailabilitySlot[]>()
      .notNull()
      .default(sql`'[]'`),
    /** Languages and dialects the volunteer speaks besides Putonghua (e.g. "粤语", "English"). */
    languages: text("languages", { mode: "json" })
      .$type<string[]>()
      .notNull()
      .default(sql`'[]'`),
    capacity: integer("capacity").notNull().default(defaultCapacity),
    ...timestamps,
  },
  (t) => [check("volunteer_profiles_capacity", sql`${t.capacity} BETWEEN 0 AND 50`)],
);

/** Compounds a volunteer also serves besides their own (users.compoundId). */
export const volunteerCompounds = sqliteTable(
  "volunteer_compounds",
  {
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    compoundId: integer("compound_id")
      .notNull()
      .references(() => compounds.id),
  },
  (t) => [
    primaryKey({ columns: [t.userId, t.compoundId] }),
    index("volunteer_compounds_compound_idx").on(t.compoundId),
  ],
);

export const pairings = sqliteTable(
  "pairings",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    volunteerId: integer("volunteer_id")
      .notNull()
      .references(() => users.id),
    householdId: integer("household_id")
      .notNull()
      .references(() => households.id),
    role: text("role", { enum: pairingRoles }).notNull().default("primary"),
    status: text("status", { enum: pairingStatuses }).notNull().default("active"),
    startedAt: integer("started_at", { mode: "timestamp_ms" }).notNull(),
    endedAt: integer("ended_at", { mode: "timestamp_ms" }),
    /** Why an organizer paired a volunteer beyond their capacity; null when within it. */
    overrideReason: text("override_reason"),
    endReason: text("end_reason"),
    createdById: integer("created_by_id").references(() => users.id),
    endedById: integer("ended_by_id").references(() => users.id),
    ...timestamps,
  },
  (t) => [
    // The rule "one active primary helper per household" held by the database itself, across processes.
    uniqueIndex("pairings_one_active_primary")
      .on(t.householdId)
      .where(sql`${t.role} = 'primary' AND ${t.status} = 'active'`),
    uniqueIndex("pairings_one_active_secondary")
      .on(t.householdId)
      .where(sql`${t.role} = 'secondary' AND ${t.status} = 'active'`),
    index("pairings_volunteer_status_idx").on(t.volunteerId, t.status),
    index("pairings_household_status_idx").on(t.householdId, t.status),
    index("pairings_status_idx").on(t.status, t.householdId),
    check("pairings_role_valid", sql`${t.role} IN (${inList(pairingRoles)})`),
    check("pairings_status_valid", sql`${t.status} IN (${inList(pairingStatuses)})`),
  ],
);

/** The agreement card (协议卡) of one pairing. Unsigned until `signedAt` is set. */
export const agreements = sqliteTable(
  "agreements",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    pairingId: integer("pairing_id")
      .notNull()
      .references(() => pairings.id),
    signedAt: integer("signed_at", { mode: "timestamp_ms" }),
    signedHow: text("signed_how", { enum: signingMethods }),
    signedRecordedById: integer("signed_recorded_by_id").references(() => users.id),
    ...timestamps,
  },
  (t) => [
    uniqueIndex("agreements_pairing_unique").on(t.pairingId),
    check("agreements_signing_complete", sql`(${t.signedAt} IS NULL) = (${t.signedHow} IS NULL)`),
  ],
);

export const agreementGoals = sqliteTable(
  "agreement_goals",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    agreementId: integer("agreement_id")
      .notNull()
      .references(() => agreements.id, { onDelete: "cascade" }),
    domain: text("domain", { enum: goalDomains }).notNull(),
    target: text("target").notNull(),
    dueAt: integer("due_at", { mode: "timestamp_ms" }).notNull(),
    status: text("status", { enum: goalStatuses }).notNull().default("open"),
    ...timestamps,
  },
  (t) => [
    index("agreement_goals_agreement_idx").on(t.agreementId),
    check("agreement_goals_domain_valid", sql`${t.domain} IN (${inList(goalDomains)})`),
    check("agreement_goals_status_valid", sql`${t.status} IN (${inList(goalStatuses)})`),
  ],
);

export const goalProgressNotes = sqliteTable(
  "goal_progress_notes",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    goalId: integer("goal_id")
      .notNull()
      .references(() => agreementGoals.id, { onDelete: "cascade" }),
    notedAt: integer("noted_at", { mode: "timestamp_ms" }).notNull(),
    note: text("note").notNull(),
    authorId: integer("author_id").references(() => users.id),
    createdAt: integer("created_at", { mode: "timestamp_ms" })
      .notNull()
      .$defaultFn(() => new Date()),
  },
  (t) => [index("goal_progress_notes_goal_idx").on(t.goalId, t.notedAt)],
);
