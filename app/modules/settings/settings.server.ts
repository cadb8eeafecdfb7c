// The community's settings: one row, created with its defaults the first time it is read, changed by admins.
import { eq } from "drizzle-orm";
import { getDatabase, schema, type Queryable } from "#db/client.server";
import { audit } from "#app/modules/audit/audit.server";
import { can, type Actor } from "#app/modules/auth/policy";
import type { SettingsInput } from "./form";

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
  // Inside a write transaction the queue is already ours: queueing another write would wait for this one
  // to end, for ever. Callers pass `q` only from within a transaction.
  if (q) await q.insert(schema.settings).values({ id: 1 }).onConflictDoNothing();
  else
    await getDatabase().writeAtomic((d) => d.insert(schema.settings).values({ id: 1 }).onConflictDoNothing());
  q ??= getDatabase().db;
  const created = await q.query.settings.findFirst({ where: eq(schema.settings.id, 1) });
  if (!created) throw new Error("settings row missing after insert");
  return created;
}

/**
 * Saves the settings an admin submitted; the audit entry names each field that changed, before and after.
 * Returns false when the actor may not change settings.
 */
export async function updateSettings(
  actor: Actor,
  input: SettingsInput,
  meta: { ip: string | null },
): Promise<boolean> {
  if (!can(actor, "settings.manage")) return false;
  const next = { ...input, emailReplyTo: input.emailReplyTo ?? null };
  await getSettings(); // makes the row if it is missing, outside the transaction (that write is queued too)
  // Read, compared and written in one transaction: two admins saving at once each see the other's result.
  await getDatabase().write(async (tx) => {
    const before = await getSettings(tx);
    const changes = Object.fromEntries(
      (Object.keys(next) as (keyof typeof next)[])
        .filter((key) => before[key] !== next[key])
        .map((key) => [key, { before: before[key], after: next[key] }]),
    );
    if (Object.keys(changes).length === 0) return;
    await tx
      .update(schema.settings)
      .set({ ...next, updatedAt: new Date() })
      .where(eq(schema.settings.id, 1));
    await audit(tx, {
      actorId: actor.id,
      action: "settings.update",
      targetType: "settings",
      targetId: 1,
      ip: meta.ip,
      details: changes,
    });
  });
  return true;
}
