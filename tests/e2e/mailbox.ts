// Reads emails the app queued, straight from the outbox table of the e2e database. A stopgap until the
// notifications work lands its local-mailbox reader helper.
import { createClient } from "@libsql/client";

export async function lastEmailData(to: string, template: string): Promise<Record<string, unknown>> {
  // playwright.config.ts gives the runner and its workers the e2e server's database.
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error("DATABASE_URL is not set: run the e2e suite through playwright.config.ts");
  const client = createClient({ url });
  try {
    const result = await client.execute({
      sql: 'SELECT data FROM email_outbox WHERE "to" = ? AND template = ? ORDER BY id DESC LIMIT 1',
      args: [to, template],
    });
    const raw = result.rows[0]?.data;
    if (typeof raw !== "string") throw new Error(`no ${template} email to ${to}`);
    return JSON.parse(raw) as Record<string, unknown>;
  } finally {
    client.close();
  }
}
