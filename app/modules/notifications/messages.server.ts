// Each person's messages in the app (/messages): what the local transport delivered to their account, whole,
// and later (issue 20) what is sent only in the app. Every query is scoped to the owner's own account: there is
// no way to name someone else's message (decision 015).
import { and, count, desc, eq, isNull, lt, sql } from "drizzle-orm";
import { LinkifyIt } from "linkify-it";
import { getDatabase, schema } from "#db/client.server";

export const messagesPageSize = 20;

const t = schema.messages;

export async function listMessages(ownerId: number, { before }: { before?: number } = {}) {
  const rows = await getDatabase()
    .db.select({ id: t.id, subject: t.subject, channel: t.channel, createdAt: t.createdAt, readAt: t.readAt })
    .from(t)
    .where(and(eq(t.userId, ownerId), before ? lt(t.id, before) : undefined))
    .orderBy(desc(t.id))
    .limit(messagesPageSize + 1);
  const page = rows.slice(0, messagesPageSize);
  return { messages: page, nextBefore: rows.length > messagesPageSize ? page.at(-1)?.id : undefined };
}

/** Shown in the navigation on every page: one lookup in an index that holds unread rows only. */
export async function unreadMessageCount(ownerId: number): Promise<number> {
  const [row] = await getDatabase()
    .prepared("unread-messages", (db) =>
      db
        .select({ n: count() })
        .from(t)
        .where(and(eq(t.userId, sql.placeholder("ownerId")), isNull(t.readAt)))
        .prepare(),
    )
    .execute({ ownerId });
  return row?.n ?? 0;
}

export type MessageSegment = { text: string } | { text: string; href: string };

const linkify = new LinkifyIt({ fuzzyLink: false, fuzzyEmail: false });

/** Plain text cut into text and links, so the page shows each web address as a link and nothing as HTML. */
export function linkSegments(text: string): MessageSegment[] {
  const matches = linkify.match(text) ?? [];
  const segments: MessageSegment[] = [];
  let at = 0;
  for (const match of matches) {
    if (!/^https?:$/i.test(match.schema)) continue;
    if (match.index > at) segments.push({ text: text.slice(at, match.index) });
    segments.push({ text: match.raw, href: match.url });
    at = match.lastIndex;
  }
  if (at < text.length) segments.push({ text: text.slice(at) });
  return segments;
}

/** The owner's message, marked read; null when there is none of that id for them. */
export async function openMessage(ownerId: number, id: number, now = new Date()) {
  const [message] = await getDatabase()
    .db.select()
    .from(t)
    .where(and(eq(t.id, id), eq(t.userId, ownerId)));
  if (!message) return null;
  if (!message.readAt)
    await getDatabase().writeAtomic((d) =>
      d
        .update(t)
        .set({ readAt: now })
        .where(and(eq(t.id, id), eq(t.userId, ownerId), isNull(t.readAt))),
    );
  return { ...message, body: linkSegments(message.text) };
}

export async function markAllMessagesRead(ownerId: number, now = new Date()): Promise<number> {
  const rows = await getDatabase().writeAtomic((d) =>
    d
      .update(t)
      .set({ readAt: now })
      .where(and(eq(t.userId, ownerId), isNull(t.readAt)))
      .returning({ id: t.id }),
  );
  return rows.length;
}
