// Run as its own process by backup.test.ts: starts from a restored file the way the server does (open,
// WAL, migrate), writes one row, and prints every compound code, so the test sees what a restart sees.
import { asc } from "drizzle-orm";
import { Database, schema } from "#db/client.server";

const database = new Database({ url: process.env.DATABASE_URL ?? "" });
await database.migrate();
await database.write((tx) => tx.insert(schema.compounds).values({ code: "AFTER", name: "恢复后" }));
const rows = await database.db
  .select({ code: schema.compounds.code })
  .from(schema.compounds)
  .orderBy(asc(schema.compounds.id));
console.log(JSON.stringify(rows.map((r) => r.code)));
database.close();
