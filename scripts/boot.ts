// What every entry point (server start, worker, migrate) does first: check configuration, open and migrate
// the database. Failures end the process with one line saying what is wrong, never a stack trace.
import { ConfigError, env, type Env } from "#app/config.server";
import { getDatabase, type Database } from "#db/client.server";

export function fail(message: string): never {
  console.error(`lianxin: ${message}`);
  process.exit(1);
}

export function loadConfig(): Env {
  try {
    return env();
  } catch (error) {
    if (error instanceof ConfigError) fail(`invalid configuration: ${error.variable} — ${error.expected}`);
    throw error;
  }
}

export async function openDatabase(): Promise<Database> {
  const config = loadConfig();
  const database = getDatabase();
  try {
    await database.migrate();
  } catch (error) {
    const reason = error instanceof Error ? error.message.split("\n")[0] : String(error);
    fail(`cannot open the database at DATABASE_URL=${config.DATABASE_URL}: ${reason}`);
  }
  return database;
}
