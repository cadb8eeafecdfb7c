// Gives household members without an account one of their own (no password, an address under
// residents.lianxin.test), in two statements, so that tests and benchmarks can broadcast to every resident.
// Not part of the demo generator: real residents register themselves.
import { sql } from "drizzle-orm";
import type { Database } from "#db/client.server";

/** Links an account to every `everyNth` member without one (1 = all). Returns how many were made. */
export async function createResidentAccounts(database: Database, everyNth = 1): Promise<number> {
  return database.write(async (tx) => {
    const now = Date.now();
    const made = await tx.run(sql`
      INSERT INTO users (email, name, role, locale, compound_id, created_at, updated_at)
      SELECT 'resident-' || m.id || '@residents.lianxin.test', m.name, 'resident', 'zh-CN', h.compound_id, ${now}, ${now}
      FROM household_members m JOIN households h ON h.id = m.household_id
      WHERE m.user_id IS NULL AND m.id % ${everyNth} = 0`);
    await tx.run(sql`
      UPDATE household_members SET user_id = (
        SELECT u.id FROM users u WHERE u.email = 'resident-' || household_members.id || '@residents.lianxin.test'
      )
      WHERE user_id IS NULL AND id % ${everyNth} = 0`);
    return made.rowsAffected;
  });
}
