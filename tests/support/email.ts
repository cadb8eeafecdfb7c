// Helpers for email tests: a virtual clock (sleeping moves it forward at once) and a drain loop that runs a
// worker until the outbox has nothing left to send, jumping the clock to the next retry time when idle.
import { and, eq, inArray, min } from "drizzle-orm";
import { schema, type Database } from "#db/client.server";
import type { WorkerClock } from "#app/modules/notifications/worker.server";
import type { OutboxChannel } from "#db/schema/email";

export interface VirtualClock extends WorkerClock {
  advance(ms: number): void;
  set(at: number): void;
}

export function virtualClock(start = Date.UTC(2026, 0, 5, 8, 0, 0)): VirtualClock {
  let now = start;
  return {
    now: () => now,
    sleep: async (ms) => {
      now += Math.max(0, ms);
    },
    advance: (ms) => {
      now += ms;
    },
    set: (at) => {
      now = at;
    },
  };
}

/**
 * Runs `worker` until no row (of `channel`, when given) is queued or sending. Gives up after `maxRounds` to fail
 * instead of hanging.
 */
export async function drain(
  worker: { runOnce(): Promise<number> },
  clock: VirtualClock,
  database: Database,
  maxRounds = 500,
  channel?: OutboxChannel,
) {
  for (let round = 0; round < maxRounds; round++) {
    const handled = await worker.runOnce();
    if (handled > 0) continue;
    const [pending] = await database.db
      .select({ next: min(schema.emailOutbox.nextAttemptAt), leased: min(schema.emailOutbox.leaseUntil) })
      .from(schema.emailOutbox)
      .where(
        and(
          inArray(schema.emailOutbox.status, ["queued", "sending"]),
          channel ? eq(schema.emailOutbox.channel, channel) : undefined,
        ),
      );
    const candidates = [pending?.next, pending?.leased].filter((d): d is Date => d instanceof Date);
    if (candidates.length === 0) return;
    const next = Math.min(...candidates.map((d) => d.getTime()));
    clock.set(Math.max(clock.now(), next + 1));
  }
  throw new Error("the outbox did not drain");
}
