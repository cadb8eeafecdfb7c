// The staff view of the local mailbox (the embedded transport's store): headers, delivery state and masked
// bodies, newest first, searchable by recipient, paginated by id so a page costs the same however full the
// mailbox is. Nothing here ever reads a secret: rows are stored masked (transport.server.ts), and a row from
// before masking shows its headers only. Opening a message is audited.
import { and, desc, eq, lt } from "drizzle-orm";
import { contains } from "#db/like";
import { getDatabase, schema } from "#db/client.server";
import { audit } from "#app/modules/audit/audit.server";

export const mailboxPageSize = 25;

export interface MailboxQuery {
  to?: string;
  /** Show messages older than this id (the next page). */
  before?: number;
}

/** Whether the recipient has the email in their messages, and has opened it there. */
export type InAppState = "noAccount" | "unread" | "read";

const m = schema.emailMailbox;
const inApp = schema.messages;

function inAppState(row: { userId: number | null; inboxId: number | null; readAt: Date | null }): InAppState {
  if (row.userId === null || row.inboxId === null) return "noAccount";
  return row.readAt ? "read" : "unread";
}

export async function listMailbox({ to, before }: MailboxQuery) {
  const search = to?.trim();
  const rows = await getDatabase()
    .db.select({
      id: m.id,
      to: m.to,
      subject: m.subject,
      masked: m.masked,
      userId: m.userId,
      receivedAt: m.receivedAt,
      inboxId: inApp.id,
      readAt: inApp.readAt,
    })
    .from(m)
    .leftJoin(inApp, eq(inApp.sourceKey, m.outboxKey))
    .where(and(search ? contains(m.to, search) : undefined, before ? lt(m.id, before) : undefined))
    .orderBy(desc(m.id))
    .limit(mailboxPageSize + 1);
  const page = rows.slice(0, mailboxPageSize).map((r) => ({
    id: r.id,
    to: r.to,
    subject: r.masked ? r.subject : null,
    receivedAt: r.receivedAt,
    inApp: inAppState(r),
  }));
  return { messages: page, nextBefore: rows.length > mailboxPageSize ? page.at(-1)?.id : undefined };
}

/** One email as staff may see it; `subject`, `html` and `text` are null for a row stored before masking. */
export async function readMailboxMessage(
  id: number,
  reader: { id: number; ip: string | null },
  action: "mailbox.read" | "mailbox.read_html" = "mailbox.read",
) {
  const [row] = await getDatabase()
    .db.select({
      id: m.id,
      from: m.from,
      to: m.to,
      replyTo: m.replyTo,
      masked: m.masked,
      subject: m.subject,
      html: m.html,
      text: m.text,
      headers: m.headers,
      attachments: m.attachments,
      receivedAt: m.receivedAt,
      userId: m.userId,
      inboxId: inApp.id,
      readAt: inApp.readAt,
    })
    .from(m)
    .leftJoin(inApp, eq(inApp.sourceKey, m.outboxKey))
    .where(eq(m.id, id));
  if (!row) return null;
  await getDatabase().writeAtomic((d) =>
    audit(d, {
      actorId: reader.id,
      action,
      targetType: "mailbox",
      targetId: id,
      ip: reader.ip,
    }),
  );
  const shown = row.masked;
  return {
    id: row.id,
    from: row.from,
    to: row.to,
    replyTo: row.replyTo,
    subject: shown ? row.subject : null,
    html: shown ? row.html : null,
    text: shown ? row.text : null,
    // Headers of an unmasked row may carry an unsubscribe link; only the email's own key is kept.
    headers: shown ? row.headers : pick(row.headers, "X-Lianxin-Email-Key"),
    attachments: (row.attachments ?? []).map((a) => ({
      filename: a.filename,
      contentType: a.contentType,
      bytes: typeof a.bytes === "number" ? a.bytes : null,
    })),
    receivedAt: row.receivedAt,
    inApp: inAppState(row),
  };
}

function pick(headers: Record<string, string>, name: string): Record<string, string> {
  const value = headers[name];
  return value === undefined ? {} : { [name]: value };
}
