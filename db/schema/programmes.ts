// Programmes (帮扶项目) with the four clears (四清): scope (an audience rule over households), duties (the
// leadership group and a responsible person per compound), conditions (each with its evidence) and procedure
// (steps, each with the role that acts and a time limit); and households' cases moving through the steps, with
// their dated events.
import { sql } from "drizzle-orm";
import { check, index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import {
  caseEventTypes,
  caseStatuses,
  programmeKinds,
  programmeStatuses,
  stepRoles,
} from "#app/modules/programmes/codes";
import type { Audience } from "#app/modules/announcements/audience";
import { compounds, users } from "./core";
import { households } from "./households";
import { inList, timestamps } from "./columns";

export const programmes = sqliteTable(
  "programmes",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    name: text("name").notNull(),
    kind: text("kind", { enum: programmeKinds }).notNull(),
    status: text("status", { enum: programmeStatuses }).notNull().default("active"),
    /** The plan (实施方案): aims and measures, as the committee writes them. */
    plan: text("plan").notNull().default(""),
    /** Scope: which households, as an announcement audience's household filters (residents always true). */
    scope: text("scope", { mode: "json" }).$type<Audience>().notNull(),
    /** The person in overall charge (党政一把手负总责). */
    leaderId: integer("leader_id")
      .notNull()
      .references(() => users.id),
    createdById: integer("created_by_id").references(() => users.id),
    ...timestamps,
  },
  (t) => [check("programmes_kind_valid", sql`${t.kind} IN (${inList(programmeKinds)})`)],
);

/** The leadership group's members and what each answers for. */
export const programmeMembers = sqliteTable(
  "programme_members",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    programmeId: integer("programme_id")
      .notNull()
      .references(() => programmes.id, { onDelete: "cascade" }),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id),
    duty: text("duty").notNull(),
    position: integer("position").notNull(),
  },
  (t) => [index("programme_members_programme_idx").on(t.programmeId, t.position)],
);

/** The person responsible for the programme in one compound: overdue steps there are escalated to them. */
export const programmeResponsibles = sqliteTable(
  "programme_responsibles",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    programmeId: integer("programme_id")
      .notNull()
      .references(() => programmes.id, { onDelete: "cascade" }),
    compoundId: integer("compound_id")
      .notNull()
      .references(() => compounds.id),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id),
  },
  (t) => [uniqueIndex("programme_responsibles_unique").on(t.programmeId, t.compoundId)],
);

export const programmeConditions = sqliteTable(
  "programme_conditions",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    programmeId: integer("programme_id")
      .notNull()
      .references(() => programmes.id, { onDelete: "cascade" }),
    condition: text("condition").notNull(),
    evidence: text("evidence").notNull(),
    position: integer("position").notNull(),
  },
  (t) => [index("programme_conditions_programme_idx").on(t.programmeId, t.position)],
);

export const programmeSteps = sqliteTable(
  "programme_steps",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    programmeId: integer("programme_id")
      .notNull()
      .references(() => programmes.id, { onDelete: "cascade" }),
    /** 0-based order; a case's `stepIndex` points here. */
    position: integer("position").notNull(),
    name: text("name").notNull(),
    role: text("role", { enum: stepRoles }).notNull(),
    limitDays: integer("limit_days").notNull(),
  },
  (t) => [
    uniqueIndex("programme_steps_position_unique").on(t.programmeId, t.position),
    check("programme_steps_role_valid", sql`${t.role} IN (${inList(stepRoles)})`),
    check("programme_steps_limit_range", sql`${t.limitDays} BETWEEN 1 AND 365`),
  ],
);

/** A household's case in a programme: the step it is at, since when and by when, and whether it went up. */
export const programmeCases = sqliteTable(
  "programme_cases",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    programmeId: integer("programme_id")
      .notNull()
      .references(() => programmes.id),
    householdId: integer("household_id")
      .notNull()
      .references(() => households.id),
    /** The household's compound when the case opened, so scoped lists and escalation need no join. */
    compoundId: integer("compound_id")
      .notNull()
      .references(() => compounds.id),
    status: text("status", { enum: caseStatuses }).notNull().default("open"),
    stepIndex: integer("step_index").notNull().default(0),
    stepStartedAt: integer("step_started_at", { mode: "timestamp_ms" }).notNull(),
    stepDueAt: integer("step_due_at", { mode: "timestamp_ms" }).notNull(),
    /** When the current step was escalated; cleared when the case moves on. */
    escalatedAt: integer("escalated_at", { mode: "timestamp_ms" }),
    escalatedToId: integer("escalated_to_id").references(() => users.id),
    openedById: integer("opened_by_id").references(() => users.id),
    closedAt: integer("closed_at", { mode: "timestamp_ms" }),
    ...timestamps,
  },
  (t) => [
    index("programme_cases_programme_idx").on(t.programmeId, t.compoundId, t.status),
    index("programme_cases_household_idx").on(t.householdId),
    // One open case per household and programme.
    uniqueIndex("programme_cases_open_unique")
      .on(t.programmeId, t.householdId)
      .where(sql`${t.status} = 'open'`),
    // The escalation tick reads only open cases not yet escalated, soonest due first.
    index("programme_cases_due_idx")
      .on(t.stepDueAt)
      .where(sql`${t.status} = 'open' AND ${t.escalatedAt} IS NULL`),
    check("programme_cases_status_valid", sql`${t.status} IN (${inList(caseStatuses)})`),
  ],
);

export const programmeCaseEvents = sqliteTable(
  "programme_case_events",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    caseId: integer("case_id")
      .notNull()
      .references(() => programmeCases.id),
    type: text("type", { enum: caseEventTypes }).notNull(),
    /** The step the event happened at. */
    stepIndex: integer("step_index").notNull(),
    actorId: integer("actor_id").references(() => users.id),
    note: text("note").notNull().default(""),
    at: integer("at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [
    index("programme_case_events_case_idx").on(t.caseId, t.at),
    check("programme_case_events_type_valid", sql`${t.type} IN (${inList(caseEventTypes)})`),
  ],
);
