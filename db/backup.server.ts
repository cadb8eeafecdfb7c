// Consistent snapshots of the embedded database while the app keeps running (`npm run db:backup`).
// VACUUM INTO reads one transaction's view of the file, so writers go on and the copy holds exactly the
// transactions committed before it began; README.md ("Backup and restore") documents the way back.
import { existsSync, mkdirSync, statSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { createClient } from "@libsql/client";
import type { Database } from "./client.server";

export class BackupError extends Error {}

/** The file a `file:` DATABASE_URL names, or null for a libSQL server (sqld, Turso). */
export function databaseFilePath(url: string): string | null {
  if (!url.startsWith("file:")) return null;
  const path = url.slice("file:".length).split("?")[0] ?? "";
  return path && path !== ":memory:" ? resolve(path) : null;
}

/** `lianxin-2026-11-28T12-53-07Z.db`: sorts by time and is a valid file name everywhere. */
export function backupFileName(now = new Date()): string {
  return `lianxin-${now.toISOString().slice(0, 19).replaceAll(":", "-")}Z.db`;
}

export async function backupDatabase(
  database: Database,
  outPath: string,
): Promise<{ path: string; bytes: number }> {
  if (databaseFilePath(database.url) === null)
    throw new BackupError(
      "npm run db:backup copies an embedded file database; for a libSQL server (sqld) or Turso, use the " +
        "server's own backup (sqld snapshots or bottomless replication, Turso point-in-time restore)",
    );
  const path = resolve(outPath);
  // VACUUM INTO refuses to overwrite, and an old backup is worth keeping: say so rather than fail obscurely.
  if (existsSync(path)) throw new BackupError(`${path} already exists; choose another --out`);
  mkdirSync(dirname(path), { recursive: true });
  await database.client.execute({ sql: "VACUUM INTO ?", args: [path] });

  const copy = createClient({ url: `file:${path}` });
  try {
    const result = await copy.execute("PRAGMA quick_check");
    const verdict = String(result.rows[0]?.[0] ?? "");
    if (verdict !== "ok") throw new BackupError(`the backup at ${path} failed its check: ${verdict}`);
  } finally {
    copy.close();
  }
  return { path, bytes: statSync(path).size };
}
