// Helpers for tests that need the database of their file, or a second one of their own.
import { copyFileSync } from "node:fs";
import { resolve } from "node:path";
import { Database, getDatabase } from "#db/client.server";
import { templateDbPath, tmpDir } from "./paths";

export function testDatabase(): Database {
  return getDatabase();
}

/** A fresh, migrated database file apart from the file's own (for tests that need two). */
export function freshDatabaseFile(): string {
  const file = resolve(
    tmpDir,
    `extra-${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2)}.db`,
  );
  copyFileSync(templateDbPath, file);
  return `file:${file}`;
}
