// Reading the local mailbox (the embedded transport's store): newest first, searchable by recipient,
// paginated by id so a page costs the same however full the mailbox is. Opening a message is audited:
// it may hold a sign-in code or a reset link.
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

export async function listMailbox({ to, before }: MailboxQuery) {
  const t = schema.emailMailbox;
  const search = to?.trim();
  const rows = await getDatabase()
    .db.select({ id: t.id, to: t.to, subject: t.subject, receivedAt: t.receivedAt })
    .from(t)
    .where(and(search ? contains(t.to, search) : undefined, before ? lt(t.id, before) : undefined))
    .orderBy(desc(t.id))
    .limit(mailboxPageSize + 1);
  const page = rows.slice(0, mailboxPageSize);
  return { messages: page, nextBefore: rows.length > mailboxPageSize ? page.at(-1)?.id : undefined };
}

export async function readMailboxMessage(id: number, reader: { id: number; ip: string | null }) {
  const message = await getDatabase().db.query.emailMailbox.findFirst({
    where: eq(schema.emailMailbox.id, id),
  });
  if (!message) return null;
  await getDatabase().writeAtomic((d) =>
    audit(d, {
      actorId: reader.id,
      action: "mailbox.read",
      targetType: "mailbox",
      targetId: id,
      ip: reader.ip,
    }),
  );
  return message;
}
