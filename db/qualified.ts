// A column written with its table's name. Drizzle leaves columns unqualified in a query on one table, so a
// correlated subquery in its select list would otherwise compare the subquery's own columns.
import { getTableName, sql, type SQL } from "drizzle-orm";
import type { SQLiteColumn } from "drizzle-orm/sqlite-core";

export function qualified(column: SQLiteColumn): SQL {
  return sql`${sql.identifier(getTableName(column.table))}.${sql.identifier(column.name)}`;
}
