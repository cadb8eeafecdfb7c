// The servers the benchmark measures: the app as `npm start` runs it (built when the build is missing or
// older than the sources, scripts/build.ts) on a free port against a benchmark database, timed from the
// command to a healthy /healthz; and the plain node:http page (platform-server.ts). Each runs in a process
// group of its own, so that stopping it stops every process it forked, and nothing else.
import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync, readdirSync } from "node:fs";
import { createServer } from "node:net";
import { resolve } from "node:path";
import { ensureBuild as ensureBuildIfStale } from "../../scripts/build";

const root = resolve(import.meta.dirname, "../..");

/** Builds the app unless build/ is up to date: a stale build measures old code. */
export function ensureBuild(): void {
  if (!ensureBuildIfStale((message) => console.log(`bench: ${message}`)))
    throw new Error("bench: the build failed (see above)");
}

export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      const port = typeof address === "object" && address ? address.port : 0;
      probe.close(() => resolvePort(port));
    });
  });
}

export interface ServerProcess {
  pid: number;
  /** "primary" (the cluster's), "worker" (serves requests), or the program of a wrapper (npm, sh, tsx). */
  role: string;
  peakRssMb: number;
  rssMb: number;
}

export interface RunningServer {
  baseUrl: string;
  /** Milliseconds from spawning the command to the first 200 from /healthz. */
  startMs: number;
  /** The processes the command started, with their peak resident memory so far (Linux's VmHWM). */
  processes(): ServerProcess[];
  stop(): Promise<void>;
  /** Synchronous last resort for process exit. */
  kill(): void;
}

function procStatus(pid: number): Record<string, string> | null {
  try {
    return Object.fromEntries(
      readFileSync(`/proc/${pid}/status`, "utf8")
        .split("\n")
        .map((line) => line.split(/:\s+/, 2) as [string, string]),
    );
  } catch {
    return null;
  }
}

/** Every live descendant of `pid` (Linux /proc). */
function descendants(pid: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    const ppid = Number(procStatus(Number(entry))?.PPid);
    if (ppid) children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
  }
  const found: number[] = [];
  const visit = (p: number) => {
    for (const child of children.get(p) ?? []) {
      found.push(child);
      visit(child);
    }
  };
  visit(pid);
  return found;
}

const kb = (value: string | undefined) => Number.parseInt(value ?? "0", 10) / 1024;

function processTree(rootPid: number): ServerProcess[] {
  const pids = [rootPid, ...descendants(rootPid)];
  const cmdline = (pid: number) => {
    try {
      return readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").filter(Boolean);
    } catch {
      return [];
    }
  };
  const serving = new Set(pids.filter((pid) => cmdline(pid).some((arg) => arg.endsWith("server.ts"))));
  return pids.flatMap((pid) => {
    const status = procStatus(pid);
    if (!status) return [];
    const parentServes = serving.has(Number(status.PPid));
    const role = serving.has(pid)
      ? parentServes
        ? "worker"
        : "primary"
      : (cmdline(pid)[1] ?? status.Name ?? "?");
    return [{ pid, role, peakRssMb: kb(status.VmHWM), rssMb: kb(status.VmRSS) }];
  });
}

async function spawnAndWait(
  label: string,
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  healthUrl: string,
): Promise<{
  child: ChildProcess;
  startMs: number;
  exited: () => boolean;
  exit: Promise<void>;
  stderr: () => string;
}> {
  const started = performance.now();
  const child = spawn(command, args, {
    cwd: root,
    env,
    detached: true, // a process group of its own: stop() signals the group
    // stdout carries one access-log line per request: discarded, as it would be costly to keep.
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  let exited = false;
  const exit = new Promise<void>((done) =>
    child.once("exit", () => {
      exited = true;
      done();
    }),
  );
  // Generous: on a machine shared by several engineers `npm start` has taken over a minute.
  const deadline = Date.now() + 180_000;
  for (;;) {
    if (exited) throw new Error(`bench: ${label} exited before it was ready:\n${stderr}`);
    try {
      const response = await fetch(healthUrl);
      await response.arrayBuffer();
      if (response.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      if (child.pid) process.kill(-child.pid, "SIGKILL");
      throw new Error(`bench: ${label} did not answer 200 within 180 s:\n${stderr}`);
    }
    await new Promise((r) => setTimeout(r, 25));
  }
  return { child, startMs: performance.now() - started, exited: () => exited, exit, stderr: () => stderr };
}

function running(baseUrl: string, started: Awaited<ReturnType<typeof spawnAndWait>>): RunningServer {
  const pid = started.child.pid ?? 0;
  const signal = (name: NodeJS.Signals) => {
    try {
      process.kill(-pid, name);
    } catch {
      // already gone
    }
  };
  return {
    baseUrl,
    startMs: started.startMs,
    processes: () => processTree(pid),
    kill() {
      if (!started.exited()) signal("SIGKILL");
    },
    async stop() {
      if (started.exited()) return;
      signal("SIGTERM");
      const timer = setTimeout(() => signal("SIGKILL"), 12_000);
      await started.exit;
      clearTimeout(timer);
    },
  };
}

/**
 * `npm start` against `databaseUrl` (already migrated and seeded), as production runs it: the same
 * start script, checks, migration and server.ts, with the email worker off and no demo seeding.
 */
export async function startServer(
  databaseUrl: string,
  extraEnv: Record<string, string> = {},
): Promise<RunningServer> {
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const started = await spawnAndWait(
    "npm start",
    "npm",
    ["start", "--silent"],
    {
      ...process.env,
      PORT: String(port),
      DATABASE_URL: databaseUrl,
      EMAIL_WORKER: "off",
      LIANXIN_DEMO: "0",
      ...extraEnv,
      NODE_ENV: "production",
    },
    `${baseUrl}/healthz`,
  );
  return running(baseUrl, started);
}

/** The plain node:http server answering every request with the bytes in `bodyFile`. */
export async function startPlatformServer(bodyFile: string): Promise<RunningServer> {
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const started = await spawnAndWait(
    "the node:http server",
    process.execPath,
    ["--import", "tsx", resolve(import.meta.dirname, "platform-server.ts")],
    { ...process.env, PORT: String(port), BARE_PAGE_FILE: bodyFile },
    `${baseUrl}/`,
  );
  return running(baseUrl, started);
}
