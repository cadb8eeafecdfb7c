// Runs the help escalation tick on an interval wherever the email worker runs (inline in the server, or in
// `npm run worker`), since the worker exposes no hook. Ticks never overlap; several processes may tick at
// once because each escalation is a conditional UPDATE.
import { env } from "#app/config.server";
import { escalateDueRequests } from "./escalation.server";

export interface EscalationTicker {
  stop(): void;
}

export function startEscalationTicker(everyMs = 60_000, onError: (e: unknown) => void = console.error) {
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    escalateDueRequests()
      .catch(onError)
      .finally(() => {
        running = false;
      });
  }, everyMs);
  timer.unref();
  return { stop: () => clearInterval(timer) } satisfies EscalationTicker;
}

const globalKey = Symbol.for("lianxin.helpEscalationTicker");
type WithTicker = typeof globalThis & { [globalKey]?: EscalationTicker };

/** In the server process, beside the inline email worker and under the same setting (EMAIL_WORKER=inline). */
export function startInlineEscalationTicker(): void {
  const config = env();
  if (config.EMAIL_WORKER !== "inline" || config.NODE_ENV === "test") return;
  const holder = globalThis as WithTicker;
  holder[globalKey] ??= startEscalationTicker();
}
