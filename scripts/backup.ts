// `npm run db:backup [-- --out PATH]`: a consistent snapshot of the embedded database, safe while the app
// runs, written to backups/lianxin-<UTC time>.db unless --out says where.
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { BackupError, backupDatabase, backupFileName, databaseFilePath } from "#db/backup.server";
import { getDatabase } from "#db/client.server";
import { fail, loadConfig } from "./boot";

let out: string | undefined;
try {
  ({
    values: { out },
  } = parseArgs({ options: { out: { type: "string" } }, strict: true, allowPositionals: false }));
} catch (error) {
  fail(`${error instanceof Error ? error.message : String(error)}\nusage: npm run db:backup -- [--out PATH]`);
}

const config = loadConfig();
const file = databaseFilePath(config.DATABASE_URL);
// Opening a missing file would create an empty database and back that up: refuse before touching it.
if (file !== null && !existsSync(file))
  fail(`no database file at ${file} (DATABASE_URL=${config.DATABASE_URL})`);

// No migration here: a backup must not change the database it copies.
const database = getDatabase();
try {
  const { path, bytes } = await backupDatabase(database, out ?? resolve("backups", backupFileName()));
  console.log(`lianxin: backup written to ${path} (${(bytes / 1024 / 1024).toFixed(1)} MB)`);
} catch (error) {
  if (error instanceof BackupError) fail(error.message);
  throw error;
} finally {
  database.close();
}
