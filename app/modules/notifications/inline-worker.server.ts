// Starts the email and SMS workers, the announcement scheduler, the cockpit's tick and the sweep of expired rows inside the server process
// (EMAIL_WORKER=inline, the default), once, and stops the worker on SIGTERM/SIGINT after the batch in flight.
// Imported by app/entry.server.tsx.
import { env } from "#app/config.server";
import { getDatabase } from "#db/client.server";
import { startAnnouncementScheduler } from "#app/modules/announcements/scheduler.server";
import { startCockpitTick } from "#app/modules/cockpit/kept.server";
import { flushReadLog } from "#app/modules/audit/read-log.server";
import { startSweeper } from "#app/modules/maintenance/retention.server";
import { createEmailWorker } from "./delivery.server";
import { createSmsWorker } from "./sms-delivery.server";
import type { EmailWorker } from "./worker.server";

const globalKey = Symbol.for("lianxin.inlineEmailWorker");
type WithWorker = typeof globalThis & { [globalKey]?: EmailWorker };

export function startInlineWorker(): void {
  const config = env();
  if (config.EMAIL_WORKER !== "inline" || config.NODE_ENV === "test") return;
  const holder = globalThis as WithWorker;
  // Vite's dev server may load this module again; the worker stays one per process.
  if (holder[globalKey]) return;
  const worker = createEmailWorker(getDatabase());
  holder[globalKey] = worker;
  worker.start();
  const smsWorker = createSmsWorker(getDatabase());
  smsWorker.start();
  startAnnouncementScheduler(getDatabase());
  startCockpitTick();
  startSweeper(getDatabase());
  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    process.once(signal, () => {
      void Promise.all([worker.stop(), smsWorker.stop()])
        .then(flushReadLog)
        .finally(() => process.exit(0));
    });
  }
}
