// Playwright against the built app in the system Chromium, with its own fresh database and demo accounts.
import { defineConfig, devices } from "@playwright/test";
import { resolve } from "node:path";

const port = Number(process.env.E2E_PORT || 4318);
export const e2eDatabaseFile = resolve("tests/.tmp/e2e.db");

export default defineConfig({
  testDir: "tests/e2e",
  workers: 1,
  timeout: 30_000,
  use: {
    baseURL: `http://localhost:${port}`,
    ...devices["Desktop Chrome"],
    launchOptions: { executablePath: process.env.CHROMIUM_PATH || "/usr/bin/chromium" },
  },
  webServer: {
    // A fresh database each run; cleared here because every worker process loads this file too.
    command: `rm -f ${e2eDatabaseFile} ${e2eDatabaseFile}-wal ${e2eDatabaseFile}-shm && node node_modules/tsx/dist/cli.mjs scripts/start.ts`,
    url: `http://localhost:${port}/healthz`,
    reuseExistingServer: false,
    timeout: 120_000,
    env: {
      DATABASE_URL: `file:${e2eDatabaseFile}`,
      PORT: String(port),
      APP_ORIGIN: `http://localhost:${port}`,
      EMAIL_WORKER: "off",
      NODE_ENV: "production",
    },
  },
});
