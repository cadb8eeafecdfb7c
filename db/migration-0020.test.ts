// Migration 0020 rebuilt the users table by hand (decision 027): every index and the CHECK are still there,
// and the tables that point to users still do.
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db } from "#db/client.server";

describe("migration 0020 (phone-only accounts)", () => {
  it("keeps the users table's indexes and check, with email nullable and the confirmed-number index partial", async () => {
    const indexes = await db().all<{ name: string; sql: string }>(
      sql`SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'users' AND sql IS NOT NULL ORDER BY name`,
    );
    expect(indexes.map((i) => i.name)).toEqual([
      "users_compound_idx",
      "users_email_unique",
      "users_role_tier_idx",
      "users_supervisor_idx",
      "users_verified_phone_unique",
    ]);
    expect(indexes.find((i) => i.name === "users_verified_phone_unique")?.sql).toContain(
      'WHERE "users"."phone_verified_at" IS NOT NULL',
    );
    const [table] = await db().all<{ sql: string }>(
      sql`SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'users'`,
    );
    expect(table?.sql).toContain("users_tier_range");
    expect(table?.sql).not.toContain("__new_users");
    const columns = await db().all<{ name: string; notnull: number }>(sql`PRAGMA table_info(users)`);
    expect(columns.find((c) => c.name === "email")?.notnull).toBe(0);
    expect(columns.map((c) => c.name)).toContain("phone_verified_at");
  });

  it("leaves every foreign key to users pointing at users", async () => {
    const tables = await db().all<{ name: string }>(
      sql`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '__drizzle%'`,
    );
    const targets = new Set<string>();
    for (const { name } of tables) {
      const keys = await db().all<{ table: string }>(sql.raw(`PRAGMA foreign_key_list("${name}")`));
      for (const k of keys) targets.add(k.table);
    }
    expect(targets.has("users")).toBe(true);
    expect([...targets].filter((t) => t.startsWith("__new_"))).toEqual([]);
    expect(await db().all(sql`PRAGMA foreign_key_check`)).toEqual([]);
  });
});
