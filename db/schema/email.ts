// Email: the outbox (every email is a row written in the transaction of the change that causes it), the local
// mailbox the worker delivers to when no provider is configured, and each user's email preferences.
import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { locales, users } from "./core";

/**
 * An outbox row's state (decision 018): `queued` waits for its time (with a frozen request when `requestKey`
 * is set, which is sent again exactly as it was); `sending` is leased by a worker; `sent` was taken by the
 * provider; `unconfirmed` may have reached the provider without our knowing (tries ran out, or the provider
 * holds its key for another body), so it is never sent again under a new key unless staff ask for a new copy;
 * `failed` certainly did not go out (refused, or could not be rendered); `cancelled` will not be sent.
 */
export const emailStatuses = ["queued", "sending", "sent", "unconfirmed", "failed", "cancelled"] as const;
export type EmailStatus = (typeof emailStatuses)[number];

/** How a message reaches its person through the outbox; each channel has its own worker (decision 025). */
export const outboxChannels = ["email", "sms"] as const;
export type OutboxChannel = (typeof outboxChannels)[number];

/** What an email is about; everything but `transactional` can be turned off by its recipient. */
export const emailKinds = ["transactional", "reminders", "courses", "announcements"] as const;
export type EmailKind = (typeof emailKinds)[number];

export interface EmailAttachment {
  filename: string;
  /** Base64. */
  content: string;
  contentType: string;
}

export const emailOutbox = sqliteTable(
  "email_outbox",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    /** Unique per cause (e.g. `visit:42:reminder:24h:1735689600000`): the same action never enqueues twice. */
    key: text("key").notNull(),
    channel: text("channel", { enum: outboxChannels }).notNull().default("email"),
    to: text("to").notNull(),
    /**
     * The recipient's account when the email was queued (null for an address without one). In-app copies go
     * to this account, never to whoever holds the address later.
     */
    userId: integer("user_id"),
    template: text("template").notNull(),
    data: text("data", { mode: "json" }).$type<Record<string, unknown>>().notNull(),
    attachments: text("attachments", { mode: "json" }).$type<EmailAttachment[]>(),
    locale: text("locale", { enum: locales }).notNull().default("zh-CN"),
    status: text("status", { enum: emailStatuses }).notNull().default("queued"),
    attempts: integer("attempts").notNull().default(0),
    /** When the row is next due: the requested send time, then each retry's time. */
    nextAttemptAt: integer("next_attempt_at", { mode: "timestamp_ms" }).notNull(),
    leaseOwner: text("lease_owner"),
    leaseUntil: integer("lease_until", { mode: "timestamp_ms" }),
    /**
     * The provider request this row goes out in (its Idempotency-Key, and the key of its frozen bytes in
     * `outbox_request`). Fixed before the request leaves, so a retry after a crash sends the same bytes under
     * the same key and the provider recognises it.
     */
    requestKey: text("request_key"),
    lastError: text("last_error"),
    providerId: text("provider_id"),
    createdAt: integer("created_at", { mode: "timestamp_ms" })
      .notNull()
      .$defaultFn(() => new Date()),
    updatedAt: integer("updated_at", { mode: "timestamp_ms" })
      .notNull()
      .$defaultFn(() => new Date()),
    sentAt: integer("sent_at", { mode: "timestamp_ms" }),
    /** The compound the message is about (a text's cost is reported per compound); null when none. */
    compoundId: integer("compound_id"),
    /** Urgent texts (urgent help) go in quiet hours and past the monthly cap. */
    urgent: integer("urgent", { mode: "boolean" }).notNull().default(false),
  },
  (t) => [
    uniqueIndex("email_outbox_key_unique").on(t.key),
    // A month's texts (cost, cap) and a number's texts of a day are counted from these.
    index("email_outbox_channel_sent_idx").on(t.channel, t.sentAt),
    index("email_outbox_due_idx").on(t.channel, t.status, t.nextAttemptAt),
    index("email_outbox_request_idx").on(t.requestKey),
    index("email_outbox_to_idx").on(t.to),
    // The staff list pages newest first within a state, by id (keyset).
    index("email_outbox_status_list_idx").on(t.status, t.id),
  ],
);

/**
 * A provider request exactly as it first left: the same key always carries these bytes, so a replay after a
 * crash, a dropped connection or a settings change is the same request to the provider. Deleted once every
 * row in it is settled for good; kept while any may be sent again (the provider remembers a key for 24 h).
 */
export const outboxRequests = sqliteTable(
  "outbox_request",
  {
    key: text("key").primaryKey(),
    channel: text("channel", { enum: outboxChannels }).notNull(),
    /** The transport's path for it, e.g. `/emails/batch`. */
    endpoint: text("endpoint").notNull(),
    body: text("body").notNull(),
    /** Frozen just before it first left: the provider's memory of the key runs from about then. */
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [index("outbox_request_created_idx").on(t.createdAt)],
);

/** What the staff view of the local mailbox keeps of an attachment: never its content. */
export interface MailboxAttachment {
  filename: string;
  contentType: string;
  bytes: number;
}

/**
 * The local transport's mailbox: what would have gone to the provider, as staff may see it (decision 015):
 * subject, bodies and headers with every secret masked, attachments by name only. The recipient reads the
 * whole message in their own messages (`messages`).
 */
export const emailMailbox = sqliteTable(
  "email_mailbox",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    /** The outbox row's key: delivering the same row twice stores it once. */
    outboxKey: text("outbox_key").notNull(),
    from: text("from").notNull(),
    to: text("to").notNull(),
    /** The recipient's account, whose messages hold the whole email; null for an address without one. */
    userId: integer("user_id"),
    /**
     * Whether the row was stored masked. Rows from before masking existed are not: their subject and bodies
     * are never shown.
     */
    masked: integer("masked", { mode: "boolean" }).notNull().default(false),
    replyTo: text("reply_to"),
    subject: text("subject").notNull(),
    html: text("html").notNull(),
    text: text("text").notNull(),
    headers: text("headers", { mode: "json" }).$type<Record<string, string>>().notNull(),
    /** Names, types and sizes; rows stored before masking may still hold `content`, which is never read. */
    attachments: text("attachments", { mode: "json" }).$type<MailboxAttachment[]>(),
    receivedAt: integer("received_at", { mode: "timestamp_ms" })
      .notNull()
      .$defaultFn(() => new Date()),
  },
  (t) => [
    uniqueIndex("email_mailbox_outbox_key_unique").on(t.outboxKey),
    index("email_mailbox_to_idx").on(t.to, t.receivedAt),
    index("email_mailbox_received_idx").on(t.receivedAt),
  ],
);

export const emailPreferences = sqliteTable("email_preferences", {
  userId: integer("user_id")
    .primaryKey()
    .references(() => users.id, { onDelete: "cascade" }),
  /** Kinds the user has turned off; transactional mail is never in here. */
  disabledKinds: text("disabled_kinds", { mode: "json" }).$type<EmailKind[]>().notNull().default([]),
  /** How long before a visit or session its reminders go out, in minutes. */
  reminderLeadMinutes: text("reminder_lead_minutes", { mode: "json" })
    .$type<number[]>()
    .notNull()
    .default([1440, 60]),
  /**
   * The channels chosen per kind of message (decision 025); a kind not in here goes by its default.
   * Written only from /account.
   */
  channels: text("channels", { mode: "json" })
    .$type<Partial<Record<string, ("email" | "sms" | "inapp")[]>>>()
    .notNull()
    .default({}),
  updatedAt: integer("updated_at", { mode: "timestamp_ms" })
    .notNull()
    .$defaultFn(() => new Date()),
});

/** One row (id = 1): the key that signs unsubscribe links, made the first time one is needed. */
export const emailSigningKey = sqliteTable("email_signing_key", {
  id: integer("id").primaryKey(),
  secret: text("secret").notNull(),
});

/**
 * The local SMS box: every text the embedded default would have sent, as staff may see it (decision 025):
 * the number, the template and the text with its secrets masked. The recipient reads it whole in /messages.
 */
export const smsBox = sqliteTable(
  "sms_box",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    /** The outbox row's key: delivering the same row twice stores it once. */
    outboxKey: text("outbox_key").notNull(),
    to: text("to").notNull(),
    userId: integer("user_id"),
    template: text("template").notNull(),
    /** The text as the phone would show it, signature included, every secret masked. */
    text: text("text").notNull(),
    receivedAt: integer("received_at", { mode: "timestamp_ms" })
      .notNull()
      .$defaultFn(() => new Date()),
  },
  (t) => [
    uniqueIndex("sms_box_outbox_key_unique").on(t.outboxKey),
    index("sms_box_to_idx").on(t.to, t.receivedAt),
  ],
);

export const smsOptOutSources = ["reply", "link", "provider", "staff"] as const;
export type SmsOptOutSource = (typeof smsOptOutSources)[number];

/** Numbers that asked for no more non-essential texts (a "TD"/"退订" reply, the short link, or staff). */
export const smsOptOuts = sqliteTable("sms_opt_outs", {
  phone: text("phone").primaryKey(),
  source: text("source", { enum: smsOptOutSources }).notNull(),
  at: integer("at", { mode: "timestamp_ms" }).notNull(),
});
