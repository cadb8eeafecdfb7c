// What every entry point (server start, worker, migrate) does first: check configuration, open and migrate
// the database. Failures end the process with one line saying what is wrong, never a stack trace.
import { ConfigError, env, type Env } from "#app/config.server";
import { getDatabase, type Database } from "#db/client.server";

export function fail(message: string): never {
  console.error(`lianxin: ${message}`);
  process.exit(1);
}

/** The innermost message: drizzle's "Failed query" wraps the driver's, which wraps the network's. */
function rootCause(error: unknown): string {
  let current = error;
  while (current instanceof Error && current.cause instanceof Error) current = current.cause;
  return current instanceof Error ? current.message : String(current);
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
  let database: Database;
  try {
    // Opening can fail too (a folder that cannot be made), not only migrating.
    database = getDatabase();
    await database.migrate();
  } catch (error) {
    const reason = rootCause(error).split("\n")[0];
    fail(`cannot open the database at DATABASE_URL=${config.DATABASE_URL}: ${reason}`);
  }
  return database;
}
