// What every seeder gets: the database, the scale, the community's clock, the compounds, and a faker of
// its own seeded from the run's seed and the seeder's name, so that adding a seeder never changes the rows
// of the ones before it. Also the batched insert every seeder uses for bulk rows.
import { Faker, base, en, zh_CN } from "@faker-js/faker";
import { getTableColumns, sql } from "drizzle-orm";
import type { SQLiteColumn, SQLiteTable } from "drizzle-orm/sqlite-core";
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

/** Multi-row inserts of `rows`, as many per statement as the parameter limit allows. */
export async function insertInBatches<T extends SQLiteTable>(
  tx: Tx,
  table: T,
  rows: T["$inferInsert"][],
): Promise<void> {
  const perRow = Object.keys(getTableColumns(table)).length;
  const size = Math.max(1, Math.min(2000, Math.floor(maxParameters / perRow)));
  for (let i = 0; i < rows.length; i += size) {
    await tx.insert(table).values(rows.slice(i, i + size));
  }
}

/** The next id a table will hand out, so that rows can be given their ids before they are written. */
export async function nextId(tx: Tx, id: SQLiteColumn): Promise<number> {
  const [row] = await tx.all<{ next: number }>(
    sql`SELECT coalesce(max(${id}), 0) + 1 AS next FROM ${id.table}`,
  );
  return row?.next ?? 1;
}
