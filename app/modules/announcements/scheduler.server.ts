// Publishes scheduled announcements when they fall due: a tick every 30 s wherever the email worker runs
// (inside the server by default, else in `npm run worker`). The conditional UPDATE in
// publishDueAnnouncements makes each one go out once even when several processes tick.
import type { Database } from "#db/client.server";
import { publishDueAnnouncements } from "./announcements.server";

export const schedulerIntervalMs = 30_000;

export function startAnnouncementScheduler(database: Database, intervalMs = schedulerIntervalMs): () => void {
  let running = false;
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      await publishDueAnnouncements(new Date(), database);
    } catch (error) {
      console.error("lianxin: publishing scheduled announcements failed", error);
    } finally {
      running = false;
    }
  };
  const timer = setInterval(() => void tick(), intervalMs);
  timer.unref();
  void tick();
  return () => clearInterval(timer);
}
