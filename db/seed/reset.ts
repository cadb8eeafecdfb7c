// Empties every table of the application (not the migration journal), children before parents so that
// no foreign key is ever broken, and restarts the id sequences so a reseed gives the same ids.
import { sql } from "drizzle-orm";
import type { Database } from "#db/client.server";

/** Application tables ordered so that each comes after every table that references it. */
async function tablesChildrenFirst(database: Database): Promise<string[]> {
  const tables = (
    await database.client.execute(
      "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '__drizzle%'",
    )
  ).rows.map((r) => String(r.name));
  const parentsOf = new Map<string, Set<string>>();
  for (const table of tables) {
    const keys = await database.client.execute({
      sql: 'SELECT "table" FROM pragma_foreign_key_list(?)',
      args: [table],
    });
    parentsOf.set(table, new Set(keys.rows.map((r) => String(r.table)).filter((p) => p !== table)));
  }
  const ordered: string[] = [];
  const remaining = new Set(tables);
  while (remaining.size > 0) {
    // A table can go once no remaining table references it.
    const free = [...remaining].filter((t) => ![...remaining].some((other) => parentsOf.get(other)?.has(t)));
    if (free.length === 0) throw new Error(`foreign keys form a cycle among: ${[...remaining].join(", ")}`);
    for (const t of free.sort()) {
      ordered.push(t);
      remaining.delete(t);
    }
  }
  return ordered;
}

/** Deletes every row of every application table in one transaction; returns the tables emptied. */
export async function resetDatabase(database: Database): Promise<string[]> {
  const tables = await tablesChildrenFirst(database);
  await database.write(async (tx) => {
    for (const table of tables) await tx.run(sql`DELETE FROM ${sql.identifier(table)}`);
    const sequence = await tx.all(sql`SELECT name FROM sqlite_master WHERE name = 'sqlite_sequence'`);
    if (sequence.length > 0) await tx.run(sql`DELETE FROM sqlite_sequence`);
  });
  return tables;
}

/** Whether the database holds any community data (compounds, accounts or households). */
export async function hasCommunityData(database: Database): Promise<boolean> {
  const result = await database.client.execute(
    "SELECT EXISTS (SELECT 1 FROM compounds) OR EXISTS (SELECT 1 FROM users) OR EXISTS (SELECT 1 FROM households) AS found",
  );
  return Number(result.rows[0]?.found ?? 0) === 1;
}
