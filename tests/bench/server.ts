// The production server the benchmark measures: built when the build is missing or older than the
// sources, started with remix-serve on a free port against the benchmark database, stopped at the end.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { createServer } from "node:net";
import { resolve } from "node:path";

const root = resolve(import.meta.dirname, "../..");
const serverBuild = resolve(root, "build/server/index.js");

function newestSourceMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = resolve(dir, entry.name);
    const mtime = entry.isDirectory() ? newestSourceMtime(path) : statSync(path).mtimeMs;
    newest = Math.max(newest, mtime);
  }
  return newest;
}

/** Builds the app unless build/ is newer than everything under app/ and db/: a stale build measures old code. */
export function ensureBuild(): void {
  if (existsSync(serverBuild)) {
    const builtAt = statSync(serverBuild).mtimeMs;
    const sources = Math.max(newestSourceMtime(resolve(root, "app")), newestSourceMtime(resolve(root, "db")));
    if (builtAt >= sources) return;
    console.log("bench: the build is older than the sources, rebuilding…");
  } else {
    console.log("bench: no build yet, building…");
  }
  const result = spawnSync(
    process.execPath,
    [resolve(root, "node_modules/@remix-run/dev/dist/cli.js"), "vite:build"],
    {
      cwd: root,
      stdio: ["ignore", "ignore", "inherit"],
    },
  );
  if (result.status !== 0) throw new Error("bench: the build failed (see above)");
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

export interface RunningServer {
  baseUrl: string;
  stop(): Promise<void>;
  /** Synchronous last resort for process exit. */
  kill(): void;
}

export async function startServer(databaseUrl: string): Promise<RunningServer> {
  const port = await freePort();
  const child: ChildProcess = spawn(
    process.execPath,
    // The same server.ts that `npm start` runs, so the benchmark measures what production serves.
    ["--import", "tsx", resolve(root, "server.ts")],
    {
      cwd: root,
      env: {
        ...process.env,
        NODE_ENV: "production",
        PORT: String(port),
        HOST: "127.0.0.1",
        DATABASE_URL: databaseUrl,
        EMAIL_WORKER: "off",
        LIANXIN_DEMO: "0",
      },
      // stdout carries one access-log line per request: discarded, as it would be costly to keep.
      stdio: ["ignore", "ignore", "pipe"],
    },
  );
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

  const baseUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (exited) throw new Error(`bench: the server exited before it was ready:\n${stderr}`);
    try {
      const response = await fetch(`${baseUrl}/healthz`);
      if (response.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`bench: /healthz did not answer 200 within 30 s:\n${stderr}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }

  return {
    baseUrl,
    kill() {
      if (!exited) child.kill("SIGKILL");
    },
    async stop() {
      if (exited) return;
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 5000);
      await exit;
      clearTimeout(timer);
    },
  };
}
