// Material help (物质帮扶): one double-entry ledger (accounts, movements, entries — entries are only ever added;
// a mistake is corrected by a reversing movement), the love cards it keeps a balance for, the supermarket's
// catalog and stock, donations, relief grants, the duties (cashier, treasurer, approver) people hold, and the
// rules for monthly credits and grant ceilings. Amounts are integer fen.
import { sql } from "drizzle-orm";
import {
  check,
  index,
  integer,
  primaryKey,
  sqliteTable,
  text,
  uniqueIndex,
  type AnySQLiteColumn,
} from "drizzle-orm/sqlite-core";
import {
  accountKinds,
  cardStatuses,
  donorKinds,
  duties,
  goodsCategories,
  goodsSources,
  grantReasons,
  grantStatuses,
  movementKinds,
  paymentMethods,
} from "#app/modules/material/codes";
import { compounds, users } from "./core";
import { households } from "./households";
import { helpRequests } from "./help";
import { inList, timestamps } from "./columns";

/** One row (id = 1): how much a card is credited each month, and how large a grant each role may propose. */
export const materialSettings = sqliteTable(
  "material_settings",
  {
    id: integer("id").primaryKey(),
    creditHardshipFen: integer("credit_hardship_fen").notNull().default(5000),
    creditExtremeFen: integer("credit_extreme_fen").notNull().default(10000),
    /** Added for each priority group the household is in (elderly alone, serious illness, zero-employment, disabled). */
    creditPriorityExtraFen: integer("credit_priority_extra_fen").notNull().default(2000),
    creditCeilingFen: integer("credit_ceiling_fen").notNull().default(15000),
    grantCeilingVolunteerFen: integer("grant_ceiling_volunteer_fen").notNull().default(50000),
    grantCeilingOrganizerFen: integer("grant_ceiling_organizer_fen").notNull().default(300000),
    grantCeilingAdminFen: integer("grant_ceiling_admin_fen").notNull().default(1000000),
    ...timestamps,
  },
  (t) => [
    check("material_settings_single_row", sql`${t.id} = 1`),
    check(
      "material_settings_non_negative",
      sql`${t.creditHardshipFen} >= 0 AND ${t.creditExtremeFen} >= 0 AND ${t.creditPriorityExtraFen} >= 0 AND ${t.creditCeilingFen} >= 0`,
    ),
  ],
);

/** A duty held beside the account's role; `compoundId` null means for the whole community. */
export const materialDuties = sqliteTable(
  "material_duties",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    duty: text("duty", { enum: duties }).notNull(),
    compoundId: integer("compound_id").references(() => compounds.id),
    grantedById: integer("granted_by_id").references(() => users.id),
    createdAt: integer("created_at", { mode: "timestamp_ms" })
      .notNull()
      .$defaultFn(() => new Date()),
  },
  (t) => [
    uniqueIndex("material_duties_compound_unique")
      .on(t.userId, t.duty, t.compoundId)
      .where(sql`${t.compoundId} IS NOT NULL`),
    uniqueIndex("material_duties_community_unique")
      .on(t.userId, t.duty)
      .where(sql`${t.compoundId} IS NULL`),
    check("material_duties_duty_valid", sql`${t.duty} IN (${inList(duties)})`),
  ],
);

/** A love card (爱心卡). At most one active card per household; a lost card is blocked and replaced. */
export const materialCards = sqliteTable(
  "material_cards",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    /** Printed on the card and in its QR code. */
    number: text("number").notNull(),
    householdId: integer("household_id")
      .notNull()
      .references(() => households.id),
    status: text("status", { enum: cardStatuses }).notNull().default("active"),
    issuedAt: integer("issued_at", { mode: "timestamp_ms" }).notNull(),
    issuedById: integer("issued_by_id").references(() => users.id),
    blockedAt: integer("blocked_at", { mode: "timestamp_ms" }),
    blockedById: integer("blocked_by_id").references(() => users.id),
    blockReason: text("block_reason"),
    replacesId: integer("replaces_id").references((): AnySQLiteColumn => materialCards.id),
  },
  (t) => [
    uniqueIndex("material_cards_number_unique").on(t.number),
    uniqueIndex("material_cards_one_active")
      .on(t.householdId)
      .where(sql`${t.status} = 'active'`),
    index("material_cards_household_idx").on(t.householdId),
    check("material_cards_status_valid", sql`${t.status} IN (${inList(cardStatuses)})`),
  ],
);

/**
 * An account of the ledger: one of the fund's own (by kind) or one per card. `balanceFen` caches the sum of
 * its entries, kept in the transaction that adds them (ledger.server.ts checks the two agree); a card's
 * balance is never positive, which is "never below zero" for the card holder, held by the database itself.
 */
export const materialAccounts = sqliteTable(
  "material_accounts",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    kind: text("kind", { enum: accountKinds }).notNull(),
    cardId: integer("card_id").references(() => materialCards.id),
    balanceFen: integer("balance_fen").notNull().default(0),
    updatedAt: integer("updated_at", { mode: "timestamp_ms" })
      .notNull()
      .$defaultFn(() => new Date()),
  },
  (t) => [
    uniqueIndex("material_accounts_fund_kind_unique")
      .on(t.kind)
      .where(sql`${t.kind} <> 'card'`),
    uniqueIndex("material_accounts_card_unique").on(t.cardId),
    check("material_accounts_kind_valid", sql`${t.kind} IN (${inList(accountKinds)})`),
    check("material_accounts_card_link", sql`(${t.kind} = 'card') = (${t.cardId} IS NOT NULL)`),
    check("material_accounts_card_not_overdrawn", sql`${t.kind} <> 'card' OR ${t.balanceFen} <= 0`),
  ],
);

/** One movement of money or goods: who, when, why, its document number; its entries sum to zero. */
export const materialMovements = sqliteTable(
  "material_movements",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    kind: text("kind", { enum: movementKinds }).notNull(),
    documentNo: text("document_no").notNull(),
    /** Unique per cause: a sale's key from its till form, `credit:<month>:<household>` for a monthly credit. */
    idempotencyKey: text("idempotency_key"),
    /** The movement this one reverses; each is reversed at most once. */
    reversesId: integer("reverses_id").references((): AnySQLiteColumn => materialMovements.id),
    memo: text("memo"),
    actorId: integer("actor_id").references(() => users.id),
    at: integer("at", { mode: "timestamp_ms" }).notNull(),
    /** The community's calendar day of `at` (YYYY-MM-DD): the cashier's day and the statement's month. */
    day: text("day").notNull(),
    householdId: integer("household_id").references(() => households.id),
    /** The household's compound when the movement was made, for reports by compound. */
    compoundId: integer("compound_id").references(() => compounds.id),
    cardId: integer("card_id").references(() => materialCards.id),
    method: text("method", { enum: paymentMethods }),
    /** The headline amount a person reads (a sale's total, a donation's value), always ≥ 0. */
    totalFen: integer("total_fen").notNull(),
  },
  (t) => [
    uniqueIndex("material_movements_document_unique").on(t.documentNo),
    uniqueIndex("material_movements_idempotency_unique").on(t.idempotencyKey),
    uniqueIndex("material_movements_reverses_unique").on(t.reversesId),
    index("material_movements_kind_day_idx").on(t.kind, t.day),
    index("material_movements_day_idx").on(t.day),
    index("material_movements_card_idx").on(t.cardId, t.at),
    index("material_movements_household_idx").on(t.householdId, t.at),
    index("material_movements_actor_day_idx").on(t.actorId, t.day),
    check("material_movements_kind_valid", sql`${t.kind} IN (${inList(movementKinds)})`),
    check("material_movements_total_non_negative", sql`${t.totalFen} >= 0`),
  ],
);

/** One line of a movement on one account. Only ever inserted. Positive is a debit. */
export const materialEntries = sqliteTable(
  "material_entries",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    movementId: integer("movement_id")
      .notNull()
      .references(() => materialMovements.id),
    accountId: integer("account_id")
      .notNull()
      .references(() => materialAccounts.id),
    amountFen: integer("amount_fen").notNull(),
  },
  (t) => [
    index("material_entries_account_idx").on(t.accountId, t.movementId),
    index("material_entries_movement_idx").on(t.movementId),
    check("material_entries_not_zero", sql`${t.amountFen} <> 0`),
  ],
);

/** Numbered document series per year: receipts and vouchers are numbered without gaps. */
export const materialSequences = sqliteTable(
  "material_sequences",
  {
    series: text("series").notNull(),
    year: integer("year").notNull(),
    last: integer("last").notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.series, t.year] })],
);

/** The supermarket's catalog (爱心超市). `stock` caches the sum of the item's stock moves, never below zero. */
export const materialItems = sqliteTable(
  "material_items",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    name: text("name").notNull(),
    unit: text("unit").notNull(),
    category: text("category", { enum: goodsCategories }).notNull(),
    /** The price of one unit, and its value in stock. */
    priceFen: integer("price_fen").notNull(),
    /** Card holders take it without a charge to their card (the fund gives it). */
    freeWithCard: integer("free_with_card", { mode: "boolean" }).notNull().default(false),
    source: text("source", { enum: goodsSources }).notNull(),
    stock: integer("stock").notNull().default(0),
    lowStockAt: integer("low_stock_at").notNull().default(5),
    active: integer("active", { mode: "boolean" }).notNull().default(true),
    ...timestamps,
  },
  (t) => [
    uniqueIndex("material_items_name_unique").on(t.name),
    index("material_items_category_idx").on(t.category, t.name),
    check("material_items_stock_non_negative", sql`${t.stock} >= 0`),
    check("material_items_price_non_negative", sql`${t.priceFen} >= 0`),
    check("material_items_category_valid", sql`${t.category} IN (${inList(goodsCategories)})`),
    check("material_items_source_valid", sql`${t.source} IN (${inList(goodsSources)})`),
  ],
);

/** Goods in and out: stock in (from a donation or a purchase), each sale and refund, stocktake adjustments. */
export const materialStockMoves = sqliteTable(
  "material_stock_moves",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    itemId: integer("item_id")
      .notNull()
      .references(() => materialItems.id),
    movementId: integer("movement_id")
      .notNull()
      .references(() => materialMovements.id),
    quantity: integer("quantity").notNull(),
    unitFen: integer("unit_fen").notNull(),
    /** Why a stocktake changed the count. */
    reason: text("reason"),
  },
  (t) => [
    index("material_stock_moves_item_idx").on(t.itemId, t.movementId),
    index("material_stock_moves_movement_idx").on(t.movementId),
    check("material_stock_moves_not_zero", sql`${t.quantity} <> 0`),
  ],
);

/** A donation (募捐): its donor, restricted purpose, and the movement that brought it into the fund. */
export const materialDonations = sqliteTable(
  "material_donations",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    movementId: integer("movement_id")
      .notNull()
      .references(() => materialMovements.id),
    donorKind: text("donor_kind", { enum: donorKinds }).notNull(),
    donorName: text("donor_name"),
    donorEmail: text("donor_email"),
    donorPhone: text("donor_phone"),
    /** Restricted purpose (定向), if the donor named one. */
    purpose: text("purpose"),
    thankYouLocale: text("thank_you_locale", { enum: ["zh-CN", "en"] }),
  },
  (t) => [
    uniqueIndex("material_donations_movement_unique").on(t.movementId),
    check("material_donations_donor_valid", sql`${t.donorKind} IN (${inList(donorKinds)})`),
    check(
      "material_donations_anonymous_has_no_name",
      sql`${t.donorKind} <> 'anonymous' OR ${t.donorName} IS NULL`,
    ),
  ],
);

/** What a sale took: goods from the catalog, or an amount; the goods most taken are counted here. */
export const materialSaleLines = sqliteTable(
  "material_sale_lines",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    movementId: integer("movement_id")
      .notNull()
      .references(() => materialMovements.id),
    itemId: integer("item_id").references(() => materialItems.id),
    description: text("description").notNull(),
    quantity: integer("quantity").notNull(),
    unitFen: integer("unit_fen").notNull(),
    /** What the card (or the buyer) paid for this line; 0 for goods free with the card. */
    chargedFen: integer("charged_fen").notNull(),
  },
  (t) => [
    index("material_sale_lines_movement_idx").on(t.movementId),
    index("material_sale_lines_item_idx").on(t.itemId),
  ],
);

/** A one-off relief grant (及时救助): proposed by one person, approved by another, then paid. */
export const materialGrants = sqliteTable(
  "material_grants",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    householdId: integer("household_id")
      .notNull()
      .references(() => households.id),
    compoundId: integer("compound_id")
      .notNull()
      .references(() => compounds.id),
    reason: text("reason", { enum: grantReasons }).notNull(),
    description: text("description").notNull(),
    amountFen: integer("amount_fen").notNull(),
    method: text("method", { enum: paymentMethods }).notNull(),
    status: text("status", { enum: grantStatuses }).notNull().default("proposed"),
    helpRequestId: integer("help_request_id").references(() => helpRequests.id),
    proposedById: integer("proposed_by_id")
      .notNull()
      .references(() => users.id),
    proposedAt: integer("proposed_at", { mode: "timestamp_ms" }).notNull(),
    decidedById: integer("decided_by_id").references(() => users.id),
    decidedAt: integer("decided_at", { mode: "timestamp_ms" }),
    decisionNote: text("decision_note"),
    paidById: integer("paid_by_id").references(() => users.id),
    movementId: integer("movement_id").references(() => materialMovements.id),
  },
  (t) => [
    index("material_grants_status_idx").on(t.status, t.proposedAt),
    index("material_grants_household_idx").on(t.householdId, t.proposedAt),
    index("material_grants_compound_idx").on(t.compoundId, t.status),
    uniqueIndex("material_grants_help_request_unique").on(t.helpRequestId),
    check("material_grants_amount_positive", sql`${t.amountFen} > 0`),
    check("material_grants_reason_valid", sql`${t.reason} IN (${inList(grantReasons)})`),
    check("material_grants_status_valid", sql`${t.status} IN (${inList(grantStatuses)})`),
    check("material_grants_method_valid", sql`${t.method} IN (${inList(paymentMethods)})`),
    check(
      "material_grants_two_people",
      sql`${t.decidedById} IS NULL OR ${t.decidedById} <> ${t.proposedById}`,
    ),
  ],
);
