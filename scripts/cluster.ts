// The primary process of server.ts when it runs more than one server process: forks them, gives the first
// the background jobs (email worker, schedulers, tickers — one set per deployment is enough and they are
// safe but wasteful twice), replaces a process that dies, and passes a stop signal on to every one.
import cluster, { type Worker } from "node:cluster";
import { readFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { env } from "#app/config.server";

/**
 * Server processes when WEB_CONCURRENCY is unset: one per core the process may use, at most four. Node 20
 * counts the host's cores, not a container's CPU quota (cgroup v2 `cpu.max`), so the quota is read here; and
 * more processes mean more writers taking turns on one SQLite file (docs/decisions/012-request-cost.md).
 */
export function defaultProcesses(): number {
  let cores = availableParallelism();
  try {
    const [quota, period] = readFileSync("/sys/fs/cgroup/cpu.max", "utf8").trim().split(/\s+/);
    if (quota && quota !== "max" && Number(period) > 0)
      cores = Math.min(cores, Math.max(1, Math.ceil(Number(quota) / Number(period))));
  } catch {
    // No cgroup v2 file: the host's count stands.
  }
  return Math.min(cores, 4);
}

/** A process that dies this soon after it was started is failing to start, not crashing at random. */
const quickDeathMs = 5_000;
const maxQuickDeaths = 3;

export function runPrimary(processes: number): void {
  const jobs = env().EMAIL_WORKER;
  const slots = new Map<Worker, { index: number; startedAt: number }>();
  let quickDeaths = 0;
  let stopping = false;

  const fork = (index: number) => {
    const worker = cluster.fork({
      LIANXIN_WORKER_INDEX: String(index),
      EMAIL_WORKER: index === 0 ? jobs : "off",
    });
    slots.set(worker, { index, startedAt: Date.now() });
  };

  cluster.on("exit", (worker, code, signal) => {
    const slot = slots.get(worker);
    slots.delete(worker);
    if (stopping) {
      if (slots.size === 0) process.exit(0);
      return;
    }
    if (!slot) return;
    console.error(`[lianxin] server process ${slot.index} exited (${signal ?? code}); starting another`);
    quickDeaths = Date.now() - slot.startedAt < quickDeathMs ? quickDeaths + 1 : 0;
    if (quickDeaths >= maxQuickDeaths) {
      console.error("[lianxin] server processes keep failing at start; stopping");
      process.exit(1);
    }
    fork(slot.index);
  });

  for (const signal of ["SIGINT", "SIGTERM"] as const)
    process.on(signal, () => {
      if (stopping) return;
      stopping = true;
      for (const worker of slots.keys()) worker.process.kill(signal);
      // A process stuck in a batch does not hold the stop forever.
      setTimeout(() => process.exit(0), 10_000).unref();
    });

  for (let index = 0; index < processes; index++) fork(index);
}
