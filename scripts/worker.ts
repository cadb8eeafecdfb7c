// `npm run worker`: the email and SMS workers alone (EMAIL_WORKER=off on the servers when it runs apart). Migrates first;
// on SIGTERM or SIGINT it finishes the batch in flight and exits.
import { startAnnouncementScheduler } from "#app/modules/announcements/scheduler.server";
import { startSweeper } from "#app/modules/maintenance/retention.server";
import { startCockpitTick } from "#app/modules/cockpit/kept.server";
import { createEmailWorker, usesLocalMailbox } from "#app/modules/notifications/delivery.server";
import { createSmsWorker, smsTransportFromEnv } from "#app/modules/notifications/sms-delivery.server";
import { startEscalationTicker } from "#app/modules/help/escalation-ticker.server";
import { startVisitTicker } from "#app/modules/visits/ticker.server";
import { startProgrammeTicker } from "#app/modules/programmes/ticker.server";
import { openDatabase } from "./boot";

const database = await openDatabase();
const worker = createEmailWorker(database);
worker.start();
const smsWorker = createSmsWorker(database);
smsWorker.start();
// Help requests past their acknowledgement time go up the linkage from here too.
const escalation = startEscalationTicker();
// Unrecorded visits go up the linkage, and the weekly overdue digest goes out, from here too.
const visitTicker = startVisitTicker();
// Programme steps past their time limit go to the responsible person from here too.
const programmeTicker = startProgrammeTicker();
const stopScheduler = startAnnouncementScheduler(database);
const stopSweeper = startSweeper(database);
// The cockpit's kept figures are recounted from here too (the servers also refresh a compound a read finds stale).
const stopCockpitTick = startCockpitTick();
console.log(
  `lianxin: email worker ${worker.owner} started (${usesLocalMailbox() ? "local mailbox" : "Resend"})`,
);
console.log(`lianxin: sms worker ${smsWorker.owner} started (${smsTransportFromEnv(database).name})`);

for (const signal of ["SIGTERM", "SIGINT"] as const) {
  process.once(signal, () => {
    escalation.stop();
    stopCockpitTick();
    visitTicker.stop();
    programmeTicker.stop();
    stopScheduler();
    stopSweeper();
    void Promise.all([worker.stop(), smsWorker.stop()]).then(() => {
      database.close();
      console.log("lianxin: email worker stopped");
      process.exit(0);
    });
  });
}
