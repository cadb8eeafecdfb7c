// Runs the visit tick (unrecorded-visit escalations, the weekly digest) on an interval wherever the email
// worker runs, as the help escalation ticker does. Ticks never overlap in a process; several processes may
// tick at once because every step is a conditional update or a keyed insert.
import { env } from "#app/config.server";
import { runVisitTick } from "./escalation.server";

export interface VisitTicker {
  stop(): void;
}

export function startVisitTicker(
  everyMs = 60_000,
  onError: (e: unknown) => void = console.error,
  clock: () => Date = () => new Date(),
): VisitTicker {
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    runVisitTick(clock())
      .catch(onError)
      .finally(() => {
        running = false;
      });
  }, everyMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}

const globalKey = Symbol.for("lianxin.visitTicker");
type WithTicker = typeof globalThis & { [globalKey]?: VisitTicker };

/** In the server process, beside the inline email worker and under the same setting (EMAIL_WORKER=inline). */
export function startInlineVisitTicker(): void {
  const config = env();
  if (config.EMAIL_WORKER !== "inline" || config.NODE_ENV === "test") return;
  const holder = globalThis as WithTicker;
  holder[globalKey] ??= startVisitTicker();
}
