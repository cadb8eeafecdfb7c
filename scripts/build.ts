// Builds the app when there is no build or it is older than the sources, so that `npm start` after a pull and
// `npm run bench` never serve old code.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { resolve } from "node:path";

const root = resolve(import.meta.dirname, "..");
const serverBuild = resolve(root, "build/server/index.js");
const sourceDirs = ["app", "db", "emails", "public"];
const sourceFiles = ["package-lock.json", "vite.config.ts", "remix.config.js"];

function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = 0;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(resolve(path, entry)));
  return newest;
}

export function buildIsStale(): boolean {
  if (!existsSync(serverBuild)) return true;
  const sources = Math.max(...[...sourceDirs, ...sourceFiles].map((p) => newestMtime(resolve(root, p))));
  return statSync(serverBuild).mtimeMs < sources;
}

/** Returns false when a needed build failed (its messages are on stderr). */
export function ensureBuild(log: (message: string) => void): boolean {
  if (!buildIsStale()) return true;
  log(existsSync(serverBuild) ? "the build is older than the sources, rebuilding…" : "building the app…");
  const result = spawnSync(
    process.execPath,
    [resolve(root, "node_modules/@remix-run/dev/dist/cli.js"), "vite:build"],
    {
      cwd: root,
      stdio: ["ignore", "ignore", "inherit"],
    },
  );
  return result.status === 0;
}
