// Migrates one template database for the whole run; each test file then works on its own copy of it.
import { mkdirSync, rmSync } from "node:fs";
import { Database } from "#db/client.server";
import { templateDbPath, tmpDir } from "./paths";

export default async function setup() {
  rmSync(tmpDir, { recursive: true, force: true, maxRetries: 3 });
  mkdirSync(tmpDir, { recursive: true });
  const database = new Database({ url: `file:${templateDbPath}` });
  await database.migrate();
  // Fold the WAL back into the file so that a plain copy of it is complete.
  await database.client.execute("PRAGMA wal_checkpoint(TRUNCATE)");
  database.close();
}
