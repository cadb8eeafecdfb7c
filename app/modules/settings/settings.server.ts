// The community's settings: one row, created with its defaults the first time it is read.
import { eq } from "drizzle-orm";
import { getDatabase, schema, type Queryable } from "#db/client.server";

export type Settings = typeof schema.settings.$inferSelect;

export async function getSettings(q: Queryable = getDatabase().db): Promise<Settings> {
  const row = await q.query.settings.findFirst({ where: eq(schema.settings.id, 1) });
  if (row) return row;
  await getDatabase().writeAtomic((d) => d.insert(schema.settings).values({ id: 1 }).onConflictDoNothing());
  const created = await q.query.settings.findFirst({ where: eq(schema.settings.id, 1) });
  if (!created) throw new Error("settings row missing after insert");
  return created;
}
