// A volunteer's own profile (issue 17 item 12): skills, when they can serve, languages or dialects and the
// compounds they can cover, edited by the volunteer. Pairing suggestions read skills and compounds
// (roster.server.ts `suggestHelpers`); capacity and phone stay with their organizers.
import { eq } from "drizzle-orm";
import { db, getDatabase, schema } from "#db/client.server";
import { audit } from "#app/modules/audit/audit.server";
import { can, type Actor } from "#app/modules/auth/policy";
import type { RequestMeta } from "#app/modules/auth/sign-in.server";
import type { Skill } from "#app/modules/roster/codes";
import type { AvailabilitySlot } from "./codes";

const vp = schema.volunteerProfiles;

export interface OwnProfile {
  skills: Skill[];
  availability: string | null;
  availabilitySlots: AvailabilitySlot[];
  languages: string[];
  extraCompoundIds: number[];
}

export async function ownProfile(userId: number): Promise<OwnProfile & { homeCompoundId: number | null }> {
  const [[profile], extra, [user]] = await Promise.all([
    db()
      .select({
        skills: vp.skills,
        availability: vp.availability,
        availabilitySlots: vp.availabilitySlots,
        languages: vp.languages,
      })
      .from(vp)
      .where(eq(vp.userId, userId)),
    db()
      .select({ compoundId: schema.volunteerCompounds.compoundId })
      .from(schema.volunteerCompounds)
      .where(eq(schema.volunteerCompounds.userId, userId)),
    db()
      .select({ compoundId: schema.users.compoundId })
      .from(schema.users)
      .where(eq(schema.users.id, userId)),
  ]);
  return {
    skills: profile?.skills ?? [],
    availability: profile?.availability ?? null,
    availabilitySlots: profile?.availabilitySlots ?? [],
    languages: profile?.languages ?? [],
    extraCompoundIds: extra.map((e) => e.compoundId),
    homeCompoundId: user?.compoundId ?? null,
  };
}

export async function updateOwnProfile(
  actor: Actor,
  input: OwnProfile,
  meta: RequestMeta,
  now = new Date(),
): Promise<"ok" | "forbidden"> {
  if (!can(actor, "volunteer.profileOwn")) return "forbidden";
  return getDatabase().write(async (tx) => {
    const values = {
      skills: input.skills,
      availability: input.availability,
      availabilitySlots: input.availabilitySlots,
      languages: input.languages,
    };
    await tx
      .insert(vp)
      .values({ userId: actor.id, ...values })
      .onConflictDoUpdate({ target: vp.userId, set: { ...values, updatedAt: now } });
    const compounds = await tx.select({ id: schema.compounds.id }).from(schema.compounds);
    const known = new Set(compounds.map((c) => c.id));
    const extra = [...new Set(input.extraCompoundIds)].filter(
      (id) => known.has(id) && id !== actor.compoundId,
    );
    await tx.delete(schema.volunteerCompounds).where(eq(schema.volunteerCompounds.userId, actor.id));
    if (extra.length > 0)
      await tx
        .insert(schema.volunteerCompounds)
        .values(extra.map((compoundId) => ({ userId: actor.id, compoundId })));
    await audit(tx, {
      actorId: actor.id,
      action: "service.profileUpdated",
      targetType: "user",
      targetId: actor.id,
      ip: meta.ip,
      details: { skills: input.skills, slots: input.availabilitySlots.length, compounds: extra },
    });
    return "ok" as const;
  });
}
