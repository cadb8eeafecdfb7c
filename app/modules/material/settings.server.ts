// The rules of material help, one row: monthly credits by hardship level and priority group with a ceiling,
// and the largest grant each role may propose. Changed by admins, audited field by field.
import { eq } from "drizzle-orm";
import { getDatabase, schema, type Queryable } from "#db/client.server";
import { audit } from "#app/modules/audit/audit.server";
import type { Role } from "#db/schema/core";

export type MaterialSettings = typeof schema.materialSettings.$inferSelect;
export type MaterialSettingsInput = Omit<MaterialSettings, "id" | "createdAt" | "updatedAt">;

export async function getMaterialSettings(q: Queryable = getDatabase().db): Promise<MaterialSettings> {
  const [row] = await q.select().from(schema.materialSettings).where(eq(schema.materialSettings.id, 1));
  if (row) return row;
  await getDatabase().writeAtomic((db) =>
    db.insert(schema.materialSettings).values({ id: 1 }).onConflictDoNothing(),
  );
  const [created] = await getDatabase()
    .db.select()
    .from(schema.materialSettings)
    .where(eq(schema.materialSettings.id, 1));
  if (!created) throw new Error("material settings row missing after insert");
  return created;
}

/** The largest grant someone of `role` may propose. */
export function grantCeiling(settings: MaterialSettings, role: Role): number {
  if (role === "admin") return settings.grantCeilingAdminFen;
  if (role === "organizer") return settings.grantCeilingOrganizerFen;
  if (role === "volunteer") return settings.grantCeilingVolunteerFen;
  return 0;
}

export async function updateMaterialSettings(
  actorId: number,
  input: MaterialSettingsInput,
  ip: string | null,
): Promise<void> {
  await getMaterialSettings();
  await getDatabase().write(async (tx) => {
    const [before] = await tx.select().from(schema.materialSettings).where(eq(schema.materialSettings.id, 1));
    if (!before) throw new Error("material settings row missing");
    const changes = Object.fromEntries(
      (Object.keys(input) as (keyof MaterialSettingsInput)[])
        .filter((key) => before[key] !== input[key])
        .map((key) => [key, { before: before[key], after: input[key] }]),
    );
    if (Object.keys(changes).length === 0) return;
    await tx
      .update(schema.materialSettings)
      .set({ ...input, updatedAt: new Date() })
      .where(eq(schema.materialSettings.id, 1));
    await audit(tx, {
      actorId,
      action: "material.settings.update",
      targetType: "material_settings",
      targetId: 1,
      ip,
      details: changes,
    });
  });
}
