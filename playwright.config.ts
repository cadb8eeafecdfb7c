// The e2e suite runs against the production build, served by scripts/start.ts (migrate, demo seed, remix-serve)
// on a free port with its own fresh database. The runner picks port and file once and hands them to its
// workers through the environment, so the fixtures talk to the same database as the server.
import { defineConfig, devices } from "@playwright/test";
import { rmSync } from "node:fs";
import { createServer } from "node:net";
import { resolve } from "node:path";
import { chromiumArgs, chromiumExecutable } from "#tests/e2e/browser";

function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once("error", fail);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => done(port));
    });
  });
}

// Workers load this file again; only the runner (which has no port yet) chooses and starts afresh.
if (!process.env.LIANXIN_E2E_PORT) {
  const databaseFile = resolve("tests/.tmp/e2e/lianxin-e2e.db");
  for (const suffix of ["", "-wal", "-shm"]) rmSync(databaseFile + suffix, { force: true });
  process.env.LIANXIN_E2E_PORT = String(await freePort());
  process.env.DATABASE_URL = `file:${databaseFile}`;
  // The fixtures name the session cookie as the production server does (`__Host-…`).
  process.env.NODE_ENV = "production";
}

const port = Number(process.env.LIANXIN_E2E_PORT);
const fuzz = process.env.LIANXIN_FUZZ === "1";
const baseURL = `http://127.0.0.1:${port}`;
const launchOptions = { executablePath: chromiumExecutable(), args: chromiumArgs };

export default defineConfig({
  testDir: "tests/e2e",
  outputDir: "test-results",
  fullyParallel: true,
  forbidOnly: !!process.env.CI,
  retries: 0,
  workers: 2,
  reporter: process.env.CI ? "list" : [["list"], ["html", { open: "never" }]],
  timeout: 30_000,
  expect: { timeout: 5_000 },
  use: {
    baseURL,
    locale: "zh-CN",
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions,
  },
  projects: [
    // With LIANXIN_FUZZ=1 (`npm run test:e2e`), "server" checks that the app answers before anything else runs,
    // and its teardown, "fuzz", runs once both browser projects have finished (whatever their result), so that
    // its thousands of requests do not slow the page tests down. A run of chosen files leaves both out.
    ...(fuzz
      ? [
          { name: "server", testMatch: /server\.setup\.ts/, teardown: "fuzz" },
          { name: "fuzz", testMatch: /fuzz\.spec\.ts/, timeout: 15 * 60_000 },
        ]
      : []),
    {
      name: "desktop",
      dependencies: fuzz ? ["server"] : [],
      testIgnore: /fuzz\.spec\.ts/,
      use: {
        ...devices["Desktop Chrome"],
        viewport: { width: 1280, height: 800 },
        locale: "zh-CN",
        launchOptions,
      },
    },
    {
      name: "phone",
      dependencies: fuzz ? ["server"] : [],
      // The permission matrix asks the server, not a browser: the desktop project runs it once.
      testIgnore: /(fuzz|permissions)\.spec\.ts/,
      use: {
        viewport: { width: 390, height: 844 },
        deviceScaleFactor: 2,
        isMobile: true,
        hasTouch: true,
        locale: "zh-CN",
        launchOptions,
      },
    },
  ],
  webServer: {
    command: `"${process.execPath}" node_modules/tsx/dist/cli.mjs scripts/start.ts`,
    url: `${baseURL}/healthz`,
    env: {
      NODE_ENV: "production",
      PORT: String(port),
      DATABASE_URL: process.env.DATABASE_URL ?? "",
      LIANXIN_DEMO: "1",
      // Mail stays in the local mailbox, whatever the developer's shell holds.
      RESEND_API_KEY: "",
    },
    reuseExistingServer: false,
    timeout: 180_000,
    stdout: "ignore",
    stderr: "pipe",
  },
});
