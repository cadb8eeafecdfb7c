// The household registry: households with their address, hardship level, consent and verification dates,
// their members, and the categories and needs the hardship ledgers filter on. No national ID numbers, ever.
import { sql } from "drizzle-orm";
import { check, index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import {
  categoryCodes,
  correctionStatuses,
  hardshipLevels,
  historySources,
  memberRelations,
  needs,
  type ConsentScope,
} from "#app/modules/households/codes";
import { compounds, users } from "./core";
import { timestamps, inList } from "./columns";

export const households = sqliteTable(
  "households",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    compoundId: integer("compound_id")
      .notNull()
      .references(() => compounds.id),
    building: text("building").notNull(),
    unit: text("unit").notNull(),
    room: text("room").notNull(),
    hardshipLevel: text("hardship_level", { enum: hardshipLevels }).notNull().default("none"),
    /** 零就业家庭, kept in step with the members by `isZeroEmployment` (app/modules/households/codes.ts). */
    zeroEmployment: integer("zero_employment", { mode: "boolean" }).notNull().default(false),
    note: text("note"),
    /** Illness and disability details: kept only while the household consents to `health`. */
    healthNote: text("health_note"),
    /** Consent (知情同意): who agreed, when, to which scopes; all null when none was given. */
    consentGivenBy: text("consent_given_by"),
    consentGivenAt: integer("consent_given_at", { mode: "timestamp_ms" }),
    consentScopes: text("consent_scopes", { mode: "json" }).$type<ConsentScope[]>(),
    consentRecordedById: integer("consent_recorded_by_id").references(() => users.id),
    lastVerifiedAt: integer("last_verified_at", { mode: "timestamp_ms" }),
    nextVerificationDue: integer("next_verification_due", { mode: "timestamp_ms" }),
    ...timestamps,
  },
  (t) => [
    uniqueIndex("households_address_unique").on(t.compoundId, t.building, t.unit, t.room),
    // Level filters within a compound, sorted by due date, walk only their own rows (households.list).
    index("households_compound_level_due_idx").on(t.compoundId, t.hardshipLevel, t.nextVerificationDue),
    index("households_level_due_idx").on(t.hardshipLevel, t.nextVerificationDue),
    index("households_compound_due_idx").on(t.compoundId, t.nextVerificationDue),
    // The registry's address order (app/modules/households/registry.server.ts, `addressOrder`).
    index("households_address_order_idx").on(
      t.compoundId,
      sql`length(${t.building})`,
      t.building,
      t.unit,
      t.room,
    ),
    index("households_zero_employment_idx")
      .on(t.compoundId)
      .where(sql`${t.zeroEmployment} = 1`),
    check("households_level_valid", sql`${t.hardshipLevel} IN (${inList(hardshipLevels)})`),
    check(
      "households_consent_complete",
      sql`(${t.consentGivenAt} IS NULL) = (${t.consentGivenBy} IS NULL) AND (${t.consentGivenAt} IS NULL) = (${t.consentScopes} IS NULL)`,
    ),
  ],
);

export const householdMembers = sqliteTable(
  "household_members",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    householdId: integer("household_id")
      .notNull()
      .references(() => households.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    relation: text("relation", { enum: memberRelations }).notNull(),
    birthYear: integer("birth_year").notNull(),
    phone: text("phone"),
    employed: integer("employed", { mode: "boolean" }).notNull().default(false),
    disabled: integer("disabled", { mode: "boolean" }).notNull().default(false),
    inSchool: integer("in_school", { mode: "boolean" }).notNull().default(false),
    /**
     * The member's own resident account ("my household"). Kept on the member, not the user, because the
     * registry owns who belongs to a household, and several members may each have an account.
     */
    userId: integer("user_id").references(() => users.id, { onDelete: "set null" }),
    ...timestamps,
  },
  (t) => [
    index("household_members_household_idx").on(t.householdId),
    // Covering the registry's prefix search, so that a common surname is answered from the index alone.
    index("household_members_name_idx").on(t.name, t.householdId),
    index("household_members_phone_idx").on(t.phone, t.householdId),
    uniqueIndex("household_members_user_unique").on(t.userId),
    check("household_members_relation_valid", sql`${t.relation} IN (${inList(memberRelations)})`),
  ],
);

export const householdCategories = sqliteTable(
  "household_categories",
  {
    householdId: integer("household_id")
      .notNull()
      .references(() => households.id, { onDelete: "cascade" }),
    category: text("category", { enum: categoryCodes }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.householdId, t.category] }),
    index("household_categories_category_idx").on(t.category, t.householdId),
    check("household_categories_valid", sql`${t.category} IN (${inList(categoryCodes)})`),
  ],
);

export const householdNeeds = sqliteTable(
  "household_needs",
  {
    householdId: integer("household_id")
      .notNull()
      .references(() => households.id, { onDelete: "cascade" }),
    need: text("need", { enum: needs }).notNull(),
    note: text("note"),
  },
  (t) => [
    primaryKey({ columns: [t.householdId, t.need] }),
    index("household_needs_need_idx").on(t.need, t.householdId),
    check("household_needs_valid", sql`${t.need} IN (${inList(needs)})`),
  ],
);

/** One re-check of a household (动态管理): who checked, when, what they found, and the level it left. */
export const householdVerifications = sqliteTable(
  "household_verifications",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    householdId: integer("household_id")
      .notNull()
      .references(() => households.id, { onDelete: "cascade" }),
    verifiedAt: integer("verified_at", { mode: "timestamp_ms" }).notNull(),
    verifiedById: integer("verified_by_id").references(() => users.id),
    /** The person who made the check, as named on the record (may differ from the account entering it). */
    verifierName: text("verifier_name").notNull(),
    findings: text("findings").notNull(),
    levelBefore: text("level_before", { enum: hardshipLevels }).notNull(),
    levelAfter: text("level_after", { enum: hardshipLevels }).notNull(),
    nextDue: integer("next_due", { mode: "timestamp_ms" }),
  },
  (t) => [index("household_verifications_household_idx").on(t.householdId, t.verifiedAt)],
);

/** Every change to a household, field by field, written in the transaction of the change. */
export const householdHistory = sqliteTable(
  "household_history",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    householdId: integer("household_id")
      .notNull()
      .references(() => households.id, { onDelete: "cascade" }),
    at: integer("at", { mode: "timestamp_ms" })
      .notNull()
      .$defaultFn(() => new Date()),
    actorId: integer("actor_id").references(() => users.id),
    source: text("source", { enum: historySources }).notNull(),
    field: text("field").notNull(),
    before: text("before"),
    after: text("after"),
  },
  (t) => [
    index("household_history_household_idx").on(t.householdId, t.at),
    check("household_history_source_valid", sql`${t.source} IN (${inList(historySources)})`),
  ],
);

/** A resident's "this is wrong" about their household's record, until an organizer handles it. */
export const householdCorrections = sqliteTable(
  "household_corrections",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    householdId: integer("household_id")
      .notNull()
      .references(() => households.id, { onDelete: "cascade" }),
    requestedById: integer("requested_by_id")
      .notNull()
      .references(() => users.id),
    field: text("field"),
    text: text("text").notNull(),
    status: text("status", { enum: correctionStatuses }).notNull().default("open"),
    handledById: integer("handled_by_id").references(() => users.id),
    handledAt: integer("handled_at", { mode: "timestamp_ms" }),
    ...timestamps,
  },
  (t) => [
    index("household_corrections_status_idx").on(t.status, t.createdAt),
    index("household_corrections_household_idx").on(t.householdId),
  ],
);
