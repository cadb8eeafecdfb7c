// The email outbox. An email is a row written inside the transaction of the change that causes it, so it is
// sent if and only if that change commits; the worker delivers it later (see worker.server.ts).
import { and, eq, like } from "drizzle-orm";
import { schema, type Queryable } from "#db/client.server";
import type { Locale } from "#app/modules/i18n/i18n";

export interface EmailRequest {
  to: string;
  /** A template name registered in emails/ (e.g. "auth.verifyEmail"). */
  template: string;
  data: Record<string, unknown>;
  locale: Locale;
  /** Not before this time (reminders); now when absent. */
  sendAfter?: Date;
  /** Unique per cause: the same action repeated does not enqueue twice. */
  key: string;
}

/** Writes the email into the outbox within `tx`. Returns false when an email with this key already exists. */
export async function enqueueEmail(tx: Queryable, email: EmailRequest): Promise<boolean> {
  const rows = await tx
    .insert(schema.emailOutbox)
    .values({
      key: email.key,
      to: email.to,
      template: email.template,
      data: email.data,
      locale: email.locale,
      nextAttemptAt: email.sendAfter ?? new Date(),
    })
    .onConflictDoNothing({ target: schema.emailOutbox.key })
    .returning({ id: schema.emailOutbox.id });
  return rows.length > 0;
}

/** Cancels every still-queued email whose key starts with `prefix` (a cancelled visit cancels its reminders). */
export async function cancelQueuedEmails(tx: Queryable, prefix: string): Promise<number> {
  const escaped = prefix.replace(/[\\%_]/g, (c) => `\\${c}`);
  const rows = await tx
    .update(schema.emailOutbox)
    .set({ status: "cancelled", updatedAt: new Date() })
    .where(and(eq(schema.emailOutbox.status, "queued"), like(schema.emailOutbox.key, `${escaped}%`)))
    .returning({ id: schema.emailOutbox.id });
  return rows.length;
}
