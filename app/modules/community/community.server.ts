// Compounds (小区): the residential compounds every household and account belongs to.
import { asc, count } from "drizzle-orm";
import { db, schema } from "#db/client.server";

export async function countCompounds(): Promise<number> {
  const [row] = await db().select({ n: count() }).from(schema.compounds);
  return row?.n ?? 0;
}

export function listCompounds() {
  return db()
    .select({ id: schema.compounds.id, name: schema.compounds.name })
    .from(schema.compounds)
    .orderBy(asc(schema.compounds.id));
}
