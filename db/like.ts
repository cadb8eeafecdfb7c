// LIKE with a literal user-given part: SQLite's LIKE has no escape character unless the query names one.
import { sql, type SQL } from "drizzle-orm";
import type { SQLiteColumn } from "drizzle-orm/sqlite-core";

function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (c) => `\\${c}`);
}

export function startsWith(column: SQLiteColumn, prefix: string): SQL {
  return sql`${column} LIKE ${`${escapeLike(prefix)}%`} ESCAPE '\\'`;
}

export function contains(column: SQLiteColumn, part: string): SQL {
  return sql`${column} LIKE ${`%${escapeLike(part)}%`} ESCAPE '\\'`;
}
