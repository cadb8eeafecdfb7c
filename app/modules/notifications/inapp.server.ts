// Messages sent in the app itself (channel `inapp`), written inside the transaction of the change that causes
// them, so they are there the moment it commits whatever the email provider does. A message takes the key of
// the email sent beside it: the local transport, delivering that email later, finds its copy already in the
// person's messages and stores no second one (decision 015).
import { eq } from "drizzle-orm";
import { schema, type Queryable } from "#db/client.server";
import type { Locale } from "#app/modules/i18n/i18n";
import { renderEmail } from "./render.server";

export interface InAppMessage {
  userId: number;
  /** The key of the email that goes with it (unique per cause and person). */
  key: string;
  /** A template of emails/registry.ts: the message is its subject and plain text. */
  template: string;
  data: Record<string, unknown>;
  locale: Locale;
}

/** Puts the message in the person's /messages; false when one with this key is there already. */
export async function sendInApp(tx: Queryable, message: InAppMessage): Promise<boolean> {
  // The settings row is made on first read; inside a write transaction it is made here, not through the queue.
  await tx.insert(schema.settings).values({ id: 1 }).onConflictDoNothing();
  const [settings] = await tx
    .select({ communityName: schema.settings.communityName })
    .from(schema.settings)
    .where(eq(schema.settings.id, 1));
  if (!settings) throw new Error("settings row missing");
  const rendered = renderEmail(
    { template: message.template, data: message.data, locale: message.locale },
    { communityName: settings.communityName },
  );
  if (!rendered.ok) throw new Error(rendered.error);
  const rows = await tx
    .insert(schema.messages)
    .values({
      userId: message.userId,
      sourceKey: message.key,
      channel: "inapp",
      subject: rendered.email.subject,
      text: rendered.email.text,
    })
    .onConflictDoNothing({ target: schema.messages.sourceKey })
    .returning({ id: schema.messages.id });
  return rows.length > 0;
}
