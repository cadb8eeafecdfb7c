// Runs the programmes' escalation tick every minute wherever the email worker runs (inline in the server, or
// in `npm run worker`), like the help requests' ticker. Ticks never overlap; several processes may tick at
// once because each escalation is a conditional UPDATE.
import { env } from "#app/config.server";
import { escalateOverdueCases } from "./escalation.server";

export interface ProgrammeTicker {
  stop(): void;
}

export function startProgrammeTicker(everyMs = 60_000, onError: (e: unknown) => void = console.error) {
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    escalateOverdueCases()
      .catch(onError)
      .finally(() => {
        running = false;
      });
  }, everyMs);
  timer.unref();
  return { stop: () => clearInterval(timer) } satisfies ProgrammeTicker;
}

const globalKey = Symbol.for("lianxin.programmeTicker");
type WithTicker = typeof globalThis & { [globalKey]?: ProgrammeTicker };

/** In the server process, beside the inline email worker and under the same setting (EMAIL_WORKER=inline). */
export function startInlineProgrammeTicker(): void {
  const config = env();
  if (config.EMAIL_WORKER !== "inline" || config.NODE_ENV === "test") return;
  const holder = globalThis as WithTicker;
  holder[globalKey] ??= startProgrammeTicker();
}
