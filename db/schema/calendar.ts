// Private calendar feeds: one per user at most, named by a random token of which only SHA-256 is kept.
// Regenerating replaces the row's hash, so the old link stops working in the same statement.
import { integer, sqliteTable, blob, uniqueIndex } from "drizzle-orm/sqlite-core";
import { users } from "./core";

export const calendarFeeds = sqliteTable(
  "calendar_feeds",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    /** SHA-256 of the token in the feed's URL; a request is matched by hashing what it brings. */
    tokenHash: blob("token_hash", { mode: "buffer" }).notNull(),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
    /** When a calendar app last fetched the feed, to the nearest few minutes (not written on every fetch). */
    lastFetchedAt: integer("last_fetched_at", { mode: "timestamp_ms" }),
  },
  (t) => [
    uniqueIndex("calendar_feeds_user_unique").on(t.userId),
    uniqueIndex("calendar_feeds_token_unique").on(t.tokenHash),
  ],
);
