// Accounts beyond the user row: one-time tokens (password reset, email code, invitation), kept only as
// hashes, the abuse-limit counters that must hold across every app process, and the browsers an account
// has signed in from.
import { index, integer, sqliteTable, text, blob } from "drizzle-orm/sqlite-core";
import { users } from "./core";

export const authTokenKinds = [
  "password_reset",
  "email_verification",
  "invitation",
  /** A texted 6-digit code confirming a phone-only sign-up (decision 027). */
  "phone_verification",
  /** A texted 6-digit code setting a new password for an account found by its verified phone. */
  "phone_reset",
  /** A texted 6-digit code that signs in an account with a confirmed phone, instead of its password. */
  "phone_sign_in",
] as const;
export type AuthTokenKind = (typeof authTokenKinds)[number];

/** A single-use secret sent to someone: only SHA-256 of it is kept; a wrong guess counts an attempt. */
export const authTokens = sqliteTable(
  "auth_tokens",
  {
    id: text("id").primaryKey(),
    kind: text("kind", { enum: authTokenKinds }).notNull(),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    secretHash: blob("secret_hash", { mode: "buffer" }).notNull(),
    attempts: integer("attempts").notNull().default(0),
    expiresAt: integer("expires_at", { mode: "timestamp_ms" }).notNull(),
    usedAt: integer("used_at", { mode: "timestamp_ms" }),
    createdById: integer("created_by_id").references(() => users.id),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [index("auth_tokens_user_kind_idx").on(t.userId, t.kind, t.createdAt)],
);

/** A counter per key (`signin:ip:1.2.3.4`), valid until `resetAt`; updated by one conditional UPSERT. */
export const rateLimits = sqliteTable(
  "rate_limits",
  {
    key: text("key").primaryKey(),
    count: integer("count").notNull(),
    resetAt: integer("reset_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [index("rate_limits_reset_idx").on(t.resetAt)],
);

/**
 * A browser that signed in to an account (its device cookie, kept as SHA-256 hex) and the address it last
 * signed in from. Sign-in throttling lets a known browser, and a correct password from a known address,
 * through while guesses from elsewhere wait (docs/decisions/016-trust-boundaries.md).
 */
export const signInDevices = sqliteTable(
  "sign_in_devices",
  {
    tokenHash: text("token_hash").primaryKey(),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    ip: text("ip"),
    /** Wrong passwords from this browser since its last success; at the limit it is trusted no more. */
    failures: integer("failures").notNull().default(0),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
    lastUsedAt: integer("last_used_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [
    index("sign_in_devices_user_ip_idx").on(t.userId, t.ip),
    index("sign_in_devices_last_used_idx").on(t.lastUsedAt),
  ],
);
