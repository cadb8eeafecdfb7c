// Accounts beyond the user row: one-time tokens (password reset, email code, invitation), kept only as
// hashes, and the abuse-limit counters that must hold across every app process.
import { index, integer, sqliteTable, text, blob } from "drizzle-orm/sqlite-core";
import { users } from "./core";

export const authTokenKinds = ["password_reset", "email_verification", "invitation"] as const;
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
