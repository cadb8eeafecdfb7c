// The database client. One libSQL client per process; every write transaction goes through one queue,
// because libSQL allows one writer and a concurrent BEGIN IMMEDIATE fails instead of waiting
// (docs/decisions/002-libsql-and-the-write-queue.md).
import { createClient, type Client } from "@libsql/client";
import { drizzle, type LibSQLDatabase } from "drizzle-orm/libsql";
import { migrate } from "drizzle-orm/libsql/migrator";
import { existsSync, mkdirSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import * as schema from "./schema";

export type Db = LibSQLDatabase<typeof schema>;
export type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];
/** Anything that can run queries: the database or an open transaction. */
export type Queryable = Db | Tx;

const migrationsFolder = resolve(dirname(fileURLToPath(import.meta.url)), "migrations");

/**
 * `mkdir -p`, one level at a time: Node's `{ recursive: true }` spins forever where a parent cannot hold
 * folders (seen with `/proc/x`), so a mistyped DATABASE_URL would hang the start instead of failing it.
 */
function ensureDirectory(dir: string): void {
  if (existsSync(dir)) return;
  ensureDirectory(dirname(dir));
  try {
    mkdirSync(dir);
  } catch (error) {
    if (!(error instanceof Error && "code" in error && error.code === "EEXIST")) throw error;
  }
}

export interface DatabaseOptions {
  url: string;
  authToken?: string;
  busyTimeoutMs?: number;
}

export class Database {
  readonly client: Client;
  readonly db: Db;
  readonly url: string;
  private tail: Promise<unknown> = Promise.resolve();
  private readonly statements = new Map<string, unknown>();

  constructor({ url, authToken, busyTimeoutMs = 5000 }: DatabaseOptions) {
    if (url.startsWith("file:")) {
      const path = url.slice("file:".length).split("?")[0] ?? "";
      if (path && path !== ":memory:") ensureDirectory(dirname(resolve(path)));
    }
    this.url = url;
    // `timeout` is the busy timeout of every connection the client opens; a PRAGMA would reach only one.
    this.client = createClient({ url, authToken, timeout: busyTimeoutMs });
    this.db = drizzle(this.client, { schema });
  }

  /**
   * Runs `fn` in one short BEGIN IMMEDIATE transaction, after every write already queued in this process.
   * Keep the work inside small: no network calls, no waiting on anything but the database.
   */
  write<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
    return this.enqueue(() => this.db.transaction(fn, { behavior: "immediate" }));
  }

  /**
   * A read that runs on (nearly) every request, built into SQL once for this database rather than on every
   * call: drizzle's query building costs more than SQLite's answer for such lookups. `key` names it uniquely.
   */
  prepared<T>(key: string, build: (db: Db) => T): T {
    if (!this.statements.has(key)) this.statements.set(key, build(this.db));
    return this.statements.get(key) as T;
  }

  /** Queues a write that is already atomic on its own: one statement, or a `db.batch([...])`. */
  writeAtomic<T>(fn: (db: Db) => Promise<T>): Promise<T> {
    return this.enqueue(() => fn(this.db));
  }

  private enqueue<T>(op: () => Promise<T>): Promise<T> {
    const run = this.tail.then(op);
    this.tail = run.catch(() => undefined);
    return run;
  }

  /** WAL for the embedded file (persistent in the file), then every pending migration. */
  async migrate(): Promise<void> {
    if (this.url.startsWith("file:")) await this.client.execute("PRAGMA journal_mode = WAL");
    await this.enqueue(() => migrate(this.db, { migrationsFolder }));
  }

  /** True when the database answers a trivial query. */
  async ping(): Promise<boolean> {
    try {
      await this.client.execute("SELECT 1");
      return true;
    } catch {
      return false;
    }
  }

  close(): void {
    this.client.close();
  }
}

let instance: Database | undefined;

/** The process's database, configured from DATABASE_URL (see app/config.server.ts). */
export function getDatabase(): Database {
  if (!instance) {
    const url = process.env.DATABASE_URL || "file:./data/lianxin.db";
    instance = new Database({
      url,
      authToken: process.env.DATABASE_AUTH_TOKEN || undefined,
      busyTimeoutMs: Number(process.env.DATABASE_BUSY_TIMEOUT_MS || 5000),
    });
  }
  return instance;
}

/** Shorthand for the drizzle handle of the process's database, for reads. */
export function db(): Db {
  return getDatabase().db;
}

/** Replaces the process's database (tests point it at their own copy). */
export function setDatabase(next: Database | undefined): void {
  instance = next;
}

export { schema };
