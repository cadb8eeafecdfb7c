// A person's messages in the app (/messages): the copy of each email the local transport delivers to their
// account, whole, and later (issue 20) messages sent only in the app. Read by their owner alone (decision 015).
import { sql } from "drizzle-orm";
import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { users } from "./core";

/** How a message reached its owner: a copy of an email or of a text, or the app alone. */
export const messageChannels = ["email", "inapp", "sms"] as const;
export type MessageChannel = (typeof messageChannels)[number];

export const messages = sqliteTable(
  "messages",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    /** The outbox row it came from: delivering the same row twice stores it once. */
    sourceKey: text("source_key").notNull(),
    channel: text("channel", { enum: messageChannels }).notNull().default("email"),
    subject: text("subject").notNull(),
    /** The plain-text body: shown large, with its links made clickable. */
    text: text("text").notNull(),
    createdAt: integer("created_at", { mode: "timestamp_ms" })
      .notNull()
      .$defaultFn(() => new Date()),
    readAt: integer("read_at", { mode: "timestamp_ms" }),
  },
  (t) => [
    uniqueIndex("messages_source_key_unique").on(t.sourceKey),
    index("messages_user_idx").on(t.userId, t.id),
    // The unread count on every page: only unread rows are in this index.
    index("messages_unread_idx")
      .on(t.userId)
      .where(sql`${t.readAt} IS NULL`),
  ],
);
