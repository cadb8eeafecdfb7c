// Tables every domain leans on: compounds, accounts, sessions, settings and the audit log.
import { sql } from "drizzle-orm";
import { check, index, integer, sqliteTable, text, blob, uniqueIndex } from "drizzle-orm/sqlite-core";
import type { AnySQLiteColumn } from "drizzle-orm/sqlite-core";
import { timestamps } from "./columns";

export const roles = ["resident", "volunteer", "organizer", "admin"] as const;
export type Role = (typeof roles)[number];
export const locales = ["zh-CN", "en"] as const;
export type Locale = (typeof locales)[number];

export const compounds = sqliteTable("compounds", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  code: text("code").notNull().unique(),
  name: text("name").notNull(),
  ...timestamps,
});

export const users = sqliteTable(
  "users",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    /** Null for an account made with a phone number only (decision 027). */
    email: text("email"),
    name: text("name").notNull(),
    /** E.164 (normalizePhone) for accounts made or confirmed by phone; older rows may hold what was typed. */
    phone: text("phone"),
    role: text("role", { enum: roles }).notNull().default("resident"),
    /** Four-tier linkage: 1 leadership cadre, 2 grass-roots cadre, 3 party member, 4 youth league. Volunteers only. */
    volunteerTier: integer("volunteer_tier"),
    supervisorId: integer("supervisor_id").references((): AnySQLiteColumn => users.id),
    compoundId: integer("compound_id").references(() => compounds.id),
    locale: text("locale", { enum: locales }).notNull().default("zh-CN"),
    passwordHash: text("password_hash"),
    emailVerifiedAt: integer("email_verified_at", { mode: "timestamp_ms" }),
    /** When the person proved they hold `phone` with a texted code; a verified number signs in like an email. */
    phoneVerifiedAt: integer("phone_verified_at", { mode: "timestamp_ms" }),
    disabledAt: integer("disabled_at", { mode: "timestamp_ms" }),
    ...timestamps,
  },
  (t) => [
    uniqueIndex("users_email_unique").on(t.email),
    uniqueIndex("users_verified_phone_unique")
      .on(t.phone)
      .where(sql`${t.phoneVerifiedAt} IS NOT NULL`),
    index("users_role_tier_idx").on(t.role, t.volunteerTier),
    index("users_supervisor_idx").on(t.supervisorId),
    index("users_compound_idx").on(t.compoundId),
    check("users_tier_range", sql`${t.volunteerTier} IS NULL OR ${t.volunteerTier} BETWEEN 1 AND 4`),
  ],
);

/** Sessions as Lucia's guide builds them: the token is `id.secret`; only SHA-256(secret) is kept. */
export const sessions = sqliteTable(
  "sessions",
  {
    id: text("id").primaryKey(),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    secretHash: blob("secret_hash", { mode: "buffer" }).notNull(),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
    lastVerifiedAt: integer("last_verified_at", { mode: "timestamp_ms" }).notNull(),
    userAgent: text("user_agent"),
    ip: text("ip"),
  },
  (t) => [index("sessions_user_idx").on(t.userId)],
);

/** One row (id = 1): the community's own settings, editable by admins. */
export const settings = sqliteTable(
  "settings",
  {
    id: integer("id").primaryKey(),
    communityName: text("community_name").notNull().default("连心社区"),
    timeZone: text("time_zone").notNull().default("Asia/Shanghai"),
    hotline: text("hotline").notNull().default("1890"),
    emailFrom: text("email_from").notNull().default("连心 Lianxin <noreply@lianxin.local>"),
    emailReplyTo: text("email_reply_to"),
    /** Months between verifications of a household, by level (动态管理). */
    verifyExtremeMonths: integer("verify_extreme_months").notNull().default(3),
    verifyHardshipMonths: integer("verify_hardship_months").notNull().default(6),
    /** Months between home visits of a household, by level (走访 cadence); `none` households have none. */
    visitExtremeMonths: integer("visit_extreme_months").notNull().default(1),
    visitHardshipMonths: integer("visit_hardship_months").notNull().default(3),
    /** Texts (SMS) one number may get in a community day; urgent help is not held back by it. */
    smsDailyPerNumber: integer("sms_daily_per_number").notNull().default(5),
    /** Texts a month, after which non-urgent texts wait for the next month; 0 for no cap. */
    smsMonthlyCap: integer("sms_monthly_cap").notNull().default(0),
    /** Estimated price of one text, in li (厘, a tenth of a fen): ¥0.045 is 45. */
    smsPriceLi: integer("sms_price_li").notNull().default(45),
    /** Quiet hours for texts, minutes after midnight community time: none leaves from start to end but urgent help. */
    smsQuietStart: integer("sms_quiet_start").notNull().default(1260),
    smsQuietEnd: integer("sms_quiet_end").notNull().default(480),
    /** Set when the provider said the balance ran out: no text leaves until an admin resumes. */
    smsPausedAt: integer("sms_paused_at", { mode: "timestamp_ms" }),
    smsPausedReason: text("sms_paused_reason"),
    ...timestamps,
  },
  (t) => [check("settings_single_row", sql`${t.id} = 1`)],
);

/** Who did what to which record, and when. Never holds a password, token or code. */
export const auditLog = sqliteTable(
  "audit_log",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    at: integer("at", { mode: "timestamp_ms" })
      .notNull()
      .$defaultFn(() => new Date()),
    actorId: integer("actor_id").references(() => users.id),
    action: text("action").notNull(),
    targetType: text("target_type"),
    targetId: text("target_id"),
    ip: text("ip"),
    details: text("details", { mode: "json" }).$type<Record<string, unknown>>(),
  },
  (t) => [
    index("audit_target_idx").on(t.targetType, t.targetId, t.at),
    index("audit_actor_idx").on(t.actorId, t.at),
    index("audit_at_idx").on(t.at),
    // The audit view's filter by action pages by id within one action.
    index("audit_action_idx").on(t.action),
  ],
);
