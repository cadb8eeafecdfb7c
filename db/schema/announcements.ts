// Announcements (公告): jobs, training, policy and activities, each aimed at an audience stored as JSON,
// drafted, scheduled or published; and which reader has opened which, for the unread marks of the feed.
import { sql } from "drizzle-orm";
import { check, index, integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { announcementKinds, type Audience } from "#app/modules/announcements/audience";
import { users } from "./core";
import { inList } from "./columns";

export const announcementStatuses = ["draft", "scheduled", "published"] as const;
export type AnnouncementStatus = (typeof announcementStatuses)[number];

export const announcements = sqliteTable(
  "announcements",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    kind: text("kind", { enum: announcementKinds }).notNull(),
    title: text("title").notNull(),
    /** Markdown; rendered and sanitized on the way out, never stored as HTML. */
    body: text("body").notNull(),
    employer: text("employer"),
    positions: integer("positions"),
    /** Monthly pay range in yuan. */
    payMin: integer("pay_min"),
    payMax: integer("pay_max"),
    requirements: text("requirements"),
    contact: text("contact"),
    deadline: integer("deadline", { mode: "timestamp_ms" }),
    /** A training announcement's course; no foreign key until the courses tables exist on every branch. */
    courseId: integer("course_id"),
    audience: text("audience", { mode: "json" }).$type<Audience>().notNull(),
    /** Opens without signing in (from its notice's QR): jobs and courses on a notice board are public anyway. */
    isPublic: integer("is_public", { mode: "boolean" }).notNull().default(false),
    status: text("status", { enum: announcementStatuses }).notNull().default("draft"),
    /** When it goes out: set when scheduled or published. */
    publishAt: integer("publish_at", { mode: "timestamp_ms" }),
    publishedAt: integer("published_at", { mode: "timestamp_ms" }),
    expiresAt: integer("expires_at", { mode: "timestamp_ms" }),
    authorId: integer("author_id").references(() => users.id),
    createdAt: integer("created_at", { mode: "timestamp_ms" })
      .notNull()
      .$defaultFn(() => new Date()),
    updatedAt: integer("updated_at", { mode: "timestamp_ms" })
      .notNull()
      .$defaultFn(() => new Date())
      .$onUpdateFn(() => new Date()),
  },
  (t) => [
    index("announcements_feed_idx").on(t.status, t.publishedAt),
    index("announcements_kind_feed_idx").on(t.status, t.kind, t.publishedAt),
    index("announcements_due_idx").on(t.status, t.publishAt),
    check("announcements_kind_valid", sql`${t.kind} IN (${inList(announcementKinds)})`),
    check("announcements_status_valid", sql`${t.status} IN (${inList(announcementStatuses)})`),
  ],
);

export const announcementReads = sqliteTable(
  "announcement_reads",
  {
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    announcementId: integer("announcement_id")
      .notNull()
      .references(() => announcements.id, { onDelete: "cascade" }),
    readAt: integer("read_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.announcementId] })],
);

/**
 * Who an announcement was delivered to when it went out: they keep it in their list and its link keeps
 * working even after they leave its audience (re-verified to another level, moved compound).
 */
export const announcementRecipients = sqliteTable(
  "announcement_recipients",
  {
    announcementId: integer("announcement_id")
      .notNull()
      .references(() => announcements.id, { onDelete: "cascade" }),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    deliveredAt: integer("delivered_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.announcementId, t.userId] }),
    index("announcement_recipients_user_idx").on(t.userId, t.deliveredAt),
  ],
);
