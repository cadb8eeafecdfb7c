// An SMS worker in a process of its own, against the Alibaba stand-in, for the kill -9 test:
// `tsx tests/support/sms-worker-process.ts <database url> <stand-in url> <owner>`. Runs one claim after another.
import { Database } from "#db/client.server";
import { smsComposer } from "#app/modules/notifications/sms.server";
import { pauseSms, smsPaused } from "#app/modules/notifications/sms-delivery.server";
import { alibabaTransport, type OutgoingSms } from "#app/modules/notifications/sms-transport.server";
import { OutboxWorker } from "#app/modules/notifications/worker.server";

const [url, endpoint, owner] = process.argv.slice(2);
if (!url || !endpoint || !owner) throw new Error("usage: sms-worker-process <db url> <stand-in url> <owner>");

const database = new Database({ url });
const worker = new OutboxWorker<OutgoingSms>({
  database,
  channel: "sms",
  owner,
  transport: alibabaTransport({
    accessKeyId: "LTAI-test",
    accessKeySecret: "alibaba-secret",
    signName: "连心社区",
    endpoint,
    timeoutMs: 120_000,
  }),
  composer: smsComposer(database, {
    signName: "连心社区",
    templateCodes: { courseReminder: "SMS_200", "courseReminder:en": "SMS_201" },
  }),
  ratePerSecond: 1000,
  maxAttempts: 8,
  paused: smsPaused,
  onPause: pauseSms,
});
for (;;) {
  const n = await worker.runOnce();
  if (n === 0) await new Promise((resolve) => setTimeout(resolve, 50));
}
