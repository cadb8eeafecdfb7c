// A worker in a process of its own, for the test of several workers on one database file:
// `tsx tests/support/email-worker-process.ts <database url> <fake resend url> <owner>`.
// Runs until nothing is queued or sending, then prints how many rows it handled.
import { inArray, count } from "drizzle-orm";
import { Database, schema } from "#db/client.server";
import { resendTransport } from "#app/modules/notifications/transport.server";
import { EmailWorker } from "#app/modules/notifications/worker.server";

const [url, baseUrl, owner] = process.argv.slice(2);
if (!url || !baseUrl || !owner) throw new Error("usage: email-worker-process <db url> <resend url> <owner>");

const database = new Database({ url });
const worker = new EmailWorker({
  database,
  owner,
  transport: resendTransport("re_test", baseUrl),
  ratePerSecond: 1000,
  maxAttempts: 8,
  batchSize: 20,
  sender: async () => ({
    from: "noreply@lianxin.test",
    replyTo: null,
    communityName: "连心",
    origin: baseUrl,
  }),
});

let handled = 0;
for (;;) {
  const n = await worker.runOnce();
  handled += n;
  if (n > 0) continue;
  const [pending] = await database.db
    .select({ n: count() })
    .from(schema.emailOutbox)
    .where(inArray(schema.emailOutbox.status, ["queued", "sending"]));
  if (!pending?.n) break;
  await new Promise((resolve) => setTimeout(resolve, 20));
}
database.close();
console.log(JSON.stringify({ owner, handled }));
