// The household registry: households with their address, hardship level, consent and verification dates,
// their members, and the categories and needs the hardship ledgers filter on. No national ID numbers, ever.
import { sql } from "drizzle-orm";
import { check, index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import {
  categoryCodes,
  claimMethods,
  claimStatuses,
  correctionStatuses,
  hardshipLevels,
  householdStatuses,
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
    /** A household that moved out or dissolved stays, with its history; only active ones hold an address. */
    status: text("status", { enum: householdStatuses }).notNull().default("active"),
    closedAt: integer("closed_at", { mode: "timestamp_ms" }),
    closedReason: text("closed_reason"),
    ...timestamps,
  },
  (t) => [
    uniqueIndex("households_address_unique")
      .on(t.compoundId, t.building, t.unit, t.room)
      .where(sql`${t.status} = 'active'`),
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
    check("households_status_valid", sql`${t.status} IN (${inList(householdStatuses)})`),
    check("households_closed_complete", sql`(${t.status} = 'active') = (${t.closedAt} IS NULL)`),
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
    /** A member who left the household; kept because enrollments and history refer to them. */
    removedAt: integer("removed_at", { mode: "timestamp_ms" }),
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
    /** Why staff refused it, shown to the resident. */
    decisionReason: text("decision_reason"),
    handledById: integer("handled_by_id").references(() => users.id),
    handledAt: integer("handled_at", { mode: "timestamp_ms" }),
    ...timestamps,
  },
  (t) => [
    index("household_corrections_status_idx").on(t.status, t.createdAt),
    index("household_corrections_household_idx").on(t.householdId),
  ],
);

/**
 * A resident's claim to a household: by the code printed on the household's connection card, or by address
 * and a member's name and phone. Pending claims wait for staff; a phone matching the member's on record
 * confirms at once. Approving links the account to the member (`household_members.user_id`).
 */
export const householdClaims = sqliteTable(
  "household_claims",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    method: text("method", { enum: claimMethods }).notNull(),
    /** The household the claim points at; null when the address given matched none (staff may still find it). */
    householdId: integer("household_id").references(() => households.id),
    /** The member the claimant says they are, when one matched the name given. */
    memberId: integer("member_id").references(() => householdMembers.id),
    /** The compound of the household or of the address given, so organizers see only their compounds' claims. */
    compoundId: integer("compound_id")
      .notNull()
      .references(() => compounds.id),
    /** As the claimant typed them. */
    building: text("building"),
    unit: text("unit"),
    room: text("room"),
    memberName: text("member_name").notNull(),
    phone: text("phone"),
    status: text("status", { enum: claimStatuses }).notNull().default("pending"),
    /** Why staff refused it, shown to the resident. */
    decisionReason: text("decision_reason"),
    decidedById: integer("decided_by_id").references(() => users.id),
    decidedAt: integer("decided_at", { mode: "timestamp_ms" }),
    ...timestamps,
  },
  (t) => [
    index("household_claims_queue_idx").on(t.compoundId, t.status, t.createdAt),
    index("household_claims_status_idx").on(t.status, t.createdAt),
    index("household_claims_user_idx").on(t.userId, t.createdAt),
    index("household_claims_household_idx").on(t.householdId),
    // One open claim per account at a time.
    uniqueIndex("household_claims_one_pending")
      .on(t.userId)
      .where(sql`${t.status} = 'pending'`),
    check("household_claims_method_valid", sql`${t.method} IN (${inList(claimMethods)})`),
    check("household_claims_status_valid", sql`${t.status} IN (${inList(claimStatuses)})`),
  ],
);

/**
 * The credentials printed on a household's connection card: an unguessable token in the card's QR (opens the
 * public help page for that household) and a short claim code a resident types to claim the household. Kept
 * in plain so the same card can be printed again; revoking retires both, and the next print issues new ones.
 */
export const householdCardCredentials = sqliteTable(
  "household_card_credentials",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    householdId: integer("household_id")
      .notNull()
      .references(() => households.id, { onDelete: "cascade" }),
    token: text("token").notNull(),
    claimCode: text("claim_code").notNull(),
    issuedAt: integer("issued_at", { mode: "timestamp_ms" }).notNull(),
    issuedById: integer("issued_by_id").references(() => users.id),
    revokedAt: integer("revoked_at", { mode: "timestamp_ms" }),
    revokedById: integer("revoked_by_id").references(() => users.id),
  },
  (t) => [
    uniqueIndex("household_card_credentials_token_unique").on(t.token),
    uniqueIndex("household_card_credentials_code_unique").on(t.claimCode),
    uniqueIndex("household_card_credentials_one_current")
      .on(t.householdId)
      .where(sql`${t.revokedAt} IS NULL`),
  ],
);
