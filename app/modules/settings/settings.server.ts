// The community's settings: one row, created with its defaults the first time it is read.
import { eq } from "drizzle-orm";
import { getDatabase, schema, type Queryable } from "#db/client.server";

export type Settings = typeof schema.settings.$inferSelect;

export async function getSettings(q?: Queryable): Promise<Settings> {
  // Every page reads the settings (the root loader), so the plain read is a prepared statement; a transaction
  // passed in reads through itself.
  const [row] = q
    ? await q.select().from(schema.settings).where(eq(schema.settings.id, 1))
    : await getDatabase()
        .prepared("settings", (db) =>
          db.select().from(schema.settings).where(eq(schema.settings.id, 1)).prepare(),
        )
        .execute();
  if (row) return row;
  q ??= getDatabase().db;
  await getDatabase().writeAtomic((d) => d.insert(schema.settings).values({ id: 1 }).onConflictDoNothing());
  const created = await q.query.settings.findFirst({ where: eq(schema.settings.id, 1) });
  if (!created) throw new Error("settings row missing after insert");
  return created;
}
