// What every seeder gets: the database, the scale, the community's clock, the compounds, and a faker of
// its own seeded from the run's seed and the seeder's name, so that adding a seeder never changes the rows
// of the ones before it. Also the batched insert every seeder uses for bulk rows.
import { Faker, base, en, zh_CN } from "@faker-js/faker";
import type { InValue, Transaction } from "@libsql/client";
import { SQL, getTableColumns, getTableName, is, sql } from "drizzle-orm";
import { SQLiteSyncDialect, type SQLiteColumn, type SQLiteTable } from "drizzle-orm/sqlite-core";
import type { Database, Tx } from "#db/client.server";

export interface SeedContext {
  database: Database;
  /** 1 = full oilfield scale (30,000 households); `small` is 0.01. */
  factor: number;
  /** The same for the volunteer roster (larger at `small`, see `scaleFactors`). */
  volunteerFactor: number;
  seed: number;
  now: Date;
  /** Compound ids in code order (C01…C12). */
  compoundIds: number[];
}

/** One seeder per domain (db/seed/<domain>.ts), run in order by `seedCommunity`; returns what it counted. */
export interface Seeder {
  name: string;
  run(ctx: SeedContext): Promise<Record<string, number>>;
}

/** A zh_CN faker whose every draw follows from the run's seed and `name`. */
export function seededFaker(seed: number, name: string): Faker {
  const faker = new Faker({ locale: [zh_CN, en, base] });
  let hash = seed >>> 0;
  for (const char of name) hash = (Math.imul(hash, 31) + char.charCodeAt(0)) >>> 0;
  faker.seed(hash);
  return faker;
}

/** SQLite binds at most 32,766 parameters in one statement. */
const maxParameters = 32_766;
/** The page cache of a connection that bulk-inserts: the whole 10× database's indexes fit. */
const bulkCacheKiB = 512 * 1024;

interface InsertColumn {
  key: string;
  column: SQLiteColumn;
  /** A default written as SQL in the schema (`'[]'`), inlined where a row leaves the column out. */
  sqlDefault: string | null;
}

const insertColumnsOf = new WeakMap<SQLiteTable, { head: string; columns: InsertColumn[] }>();
const dialect = new SQLiteSyncDialect();
const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;

function insertShape(table: SQLiteTable) {
  let shape = insertColumnsOf.get(table);
  if (!shape) {
    const columns = Object.entries(getTableColumns(table))
      // Generated columns are computed by SQLite, as drizzle leaves them out of an insert.
      .filter(([, column]) => column.generated === undefined || column.generated.type === "byDefault")
      .map(([key, column]) => {
        let sqlDefault: string | null = null;
        if (is(column.default, SQL)) {
          const built = dialect.sqlToQuery(column.default);
          if (built.params.length > 0)
            throw new Error(`insertInBatches: ${key}'s SQL default takes parameters`);
          sqlDefault = built.sql;
        }
        return { key, column, sqlDefault };
      });
    shape = {
      head: `insert into ${quote(getTableName(table))} (${columns.map((c) => quote(c.column.name)).join(", ")}) values `,
      columns,
    };
    insertColumnsOf.set(table, shape);
  }
  return shape;
}

/** What drizzle's insert would bind for `value` in this column, defaults applied as drizzle applies them. */
function driverValue({ key, column }: InsertColumn, value: unknown): InValue {
  let v = value;
  if (v === undefined) {
    if (column.default !== null && column.default !== undefined) v = column.default;
    else if (column.defaultFn) v = column.defaultFn();
    else if (column.onUpdateFn) v = column.onUpdateFn();
  }
  if (is(v, SQL)) throw new Error(`insertInBatches: ${key} is SQL; insert that row with drizzle instead`);
  return v === null || v === undefined ? null : (column.mapToDriverValue(v) as InValue);
}

/**
 * The libSQL transaction inside a drizzle one. Bulk rows are bound straight to it: drizzle builds an insert
 * of thousands of rows parameter by parameter, which took most of a 10× seed's time (decision 019).
 */
function libsqlTransaction(tx: Tx): Transaction {
  const inner = (tx as unknown as { session?: { tx?: Transaction } }).session?.tx;
  if (!inner || typeof inner.execute !== "function")
    throw new Error("insertInBatches: drizzle's transaction no longer exposes its libSQL transaction");
  return inner;
}

/**
 * Multi-row inserts of `rows`, as many per statement as the parameter limit allows, with the values drizzle
 * would bind (column mapping and defaults), inside the caller's write transaction.
 */
export async function insertInBatches<T extends SQLiteTable>(
  tx: Tx,
  table: T,
  rows: T["$inferInsert"][],
): Promise<void> {
  if (rows.length === 0) return;
  const { head, columns } = insertShape(table);
  const raw = libsqlTransaction(tx);
  // SQLite's default page cache is 2 MB: at 10× an index of a million rows no longer fits, and each row
  // inserted at random into it reads pages back from the file (most of a 10× seed's time, decision 019).
  await raw.execute(`PRAGMA cache_size = ${-bulkCacheKiB}`);
  const size = Math.max(1, Math.min(2000, Math.floor(maxParameters / columns.length)));
  for (let from = 0; from < rows.length; from += size) {
    const batch = rows.slice(from, from + size) as Record<string, unknown>[];
    const args: InValue[] = [];
    const tuples = batch.map((row) => {
      const cells = columns.map((c) => {
        if (row[c.key] === undefined && c.sqlDefault !== null) return c.sqlDefault;
        args.push(driverValue(c, row[c.key]));
        return "?";
      });
      return `(${cells.join(", ")})`;
    });
    await raw.execute({ sql: head + tuples.join(", "), args });
  }
}

/** The next id a table will hand out, so that rows can be given their ids before they are written. */
export async function nextId(tx: Tx, id: SQLiteColumn): Promise<number> {
  const [row] = await tx.all<{ next: number }>(
    sql`SELECT coalesce(max(${id}), 0) + 1 AS next FROM ${id.table}`,
  );
  return row?.next ?? 1;
}
