// Runs before each test file: points the process at a fresh copy of the migrated template database,
// and fails any test that logs an unexpected console.error.
import { copyFileSync } from "node:fs";
import { resolve } from "node:path";
import { afterAll, afterEach, beforeEach, vi } from "vitest";
import { Database, setDatabase } from "#db/client.server";
import { flushReadLog } from "#app/modules/audit/read-log.server";
import { templateDbPath, tmpDir } from "./paths";

const file = resolve(tmpDir, `test-${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2)}.db`);
copyFileSync(templateDbPath, file);
process.env.DATABASE_URL = `file:${file}`;
process.env.NODE_ENV = "test";
const database = new Database({ url: `file:${file}` });
setDatabase(database);

let consoleError: { mock: { calls: unknown[][] }; mockRestore: () => void } | undefined;
beforeEach(() => {
  consoleError = vi.spyOn(console, "error");
});
afterEach(() => {
  const calls = consoleError?.mock.calls ?? [];
  consoleError?.mockRestore();
  if (calls.length > 0) {
    throw new Error(
      `console.error was called during the test:\n${calls.map((c) => c.map((part) => String(part)).join(" ")).join("\n")}`,
    );
  }
});
afterAll(async () => {
  await flushReadLog();
  database.close();
});
