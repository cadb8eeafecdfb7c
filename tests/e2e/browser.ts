// Which Chromium the e2e suite drives. Playwright cannot download its own browser on every machine we run on,
// so the order is: CHROMIUM_PATH, Playwright's own build, Debian's /usr/bin/chromium; then try to install one.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { chromium } from "playwright-core";

export const systemChromium = "/usr/bin/chromium";
const aptCommand = "apt-get update && apt-get install -y chromium";
const aptCommandWithSudo = "sudo apt-get update && sudo apt-get install -y chromium";

/** Flags for a headless Chromium on a machine without network: no background calls, no first-run work. */
export const chromiumArgs = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--disable-quic",
  "--no-first-run",
];

export interface Installer {
  /** The command as a person would type it, printed before it runs and when everything failed. */
  command: string;
  run: () => boolean;
}

export interface BrowserFinderDeps {
  env: Record<string, string | undefined>;
  exists: (path: string) => boolean;
  /** Where Playwright keeps its own Chromium, whether or not it is installed. */
  playwrightChromium: () => string | undefined;
  isRoot: () => boolean;
  installWithPlaywright: Installer;
  installWithApt: Installer;
  log: (line: string) => void;
}

export type EnsureResult = { ok: true; path: string } | { ok: false; command: string };

/** The first Chromium already on this machine, or undefined. Never installs anything. */
export function findChromium(deps: Pick<BrowserFinderDeps, "env" | "exists" | "playwrightChromium">) {
  const candidates = [deps.env.CHROMIUM_PATH, deps.playwrightChromium(), systemChromium];
  return candidates.find((path): path is string => !!path && deps.exists(path));
}

/** Finds a Chromium, installing one when there is none: Playwright's download first, then apt as root. */
export function ensureChromium(deps: BrowserFinderDeps): EnsureResult {
  const found = findChromium(deps);
  if (found) return { ok: true, path: found };

  const installers = deps.isRoot()
    ? [deps.installWithPlaywright, deps.installWithApt]
    : [deps.installWithPlaywright];
  for (const installer of installers) {
    deps.log(`lianxin: no Chromium found; trying: ${installer.command}`);
    if (!installer.run()) continue;
    const installed = findChromium(deps);
    if (installed) return { ok: true, path: installed };
  }
  return { ok: false, command: deps.isRoot() ? aptCommand : aptCommandWithSudo };
}

function run(command: string, args: string[]): boolean {
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  return spawnSync(command, args, { stdio: "inherit", env }).status === 0;
}

function playwrightChromium(): string | undefined {
  try {
    return chromium.executablePath();
  } catch {
    return undefined;
  }
}

export const machineDeps: BrowserFinderDeps = {
  env: process.env,
  exists: existsSync,
  playwrightChromium,
  isRoot: () => process.getuid?.() === 0,
  installWithPlaywright: {
    command: "npx playwright install chromium",
    run: () => run("npx", ["playwright", "install", "chromium"]),
  },
  installWithApt: {
    command: aptCommand,
    run: () => run("apt-get", ["update"]) && run("apt-get", ["install", "-y", "chromium"]),
  },
  log: (line) => console.log(line),
};

/** The Chromium for Playwright's launch options; tells how to get one when there is none. */
export function chromiumExecutable(): string {
  const path = findChromium(machineDeps);
  if (!path)
    throw new Error("No Chromium found: run `npx tsx scripts/ensure-browser.ts` (or set CHROMIUM_PATH).");
  return path;
}
