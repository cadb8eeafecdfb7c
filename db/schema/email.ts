// The email outbox: every email is a row written in the transaction of the change that causes it.
import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { locales } from "./core";

export const emailStatuses = ["queued", "sending", "sent", "failed", "cancelled"] as const;
export type EmailStatus = (typeof emailStatuses)[number];

export const emailOutbox = sqliteTable(
  "email_outbox",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    /** Unique per cause (e.g. `visit:42:reminder:24h:1735689600000`): the same action never enqueues twice. */
    key: text("key").notNull(),
    to: text("to").notNull(),
    template: text("template").notNull(),
    data: text("data", { mode: "json" }).$type<Record<string, unknown>>().notNull(),
    locale: text("locale", { enum: locales }).notNull().default("zh-CN"),
    status: text("status", { enum: emailStatuses }).notNull().default("queued"),
    attempts: integer("attempts").notNull().default(0),
    /** When the row is next due: the requested send time, then each retry's time. */
    nextAttemptAt: integer("next_attempt_at", { mode: "timestamp_ms" }).notNull(),
    leaseOwner: text("lease_owner"),
    leaseUntil: integer("lease_until", { mode: "timestamp_ms" }),
    lastError: text("last_error"),
    providerId: text("provider_id"),
    createdAt: integer("created_at", { mode: "timestamp_ms" })
      .notNull()
      .$defaultFn(() => new Date()),
    updatedAt: integer("updated_at", { mode: "timestamp_ms" })
      .notNull()
      .$defaultFn(() => new Date()),
    sentAt: integer("sent_at", { mode: "timestamp_ms" }),
  },
  (t) => [
    uniqueIndex("email_outbox_key_unique").on(t.key),
    index("email_outbox_due_idx").on(t.status, t.nextAttemptAt),
    index("email_outbox_to_idx").on(t.to),
  ],
);
