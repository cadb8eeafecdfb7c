// The vocabulary of announcements shared by server, forms and seed: kinds and the audience an announcement is
// aimed at. An audience is stored as this JSON shape; each filter is optional and any-of within itself.
import { z } from "zod";
import { categoryCodes, hardshipLevels, needs } from "#app/modules/households/codes";

export const announcementKinds = ["job", "training", "policy", "activity"] as const;
export type AnnouncementKind = (typeof announcementKinds)[number];

export const volunteerTiers = [1, 2, 3, 4] as const;

export const audienceSchema = z.object({
  /** Resident accounts are reached at all; the filters below narrow them by their household. */
  residents: z.boolean(),
  compoundIds: z.array(z.number().int().positive()),
  levels: z.array(z.enum(hardshipLevels)),
  categories: z.array(z.enum(categoryCodes)),
  needs: z.array(z.enum(needs)),
  /** Only 零就业家庭 (no working-age member in work). */
  zeroEmployment: z.boolean(),
  /** Volunteers of these tiers (in the chosen compounds, when any) are reached as well. */
  volunteerTiers: z.array(z.union(volunteerTiers.map((t) => z.literal(t)))),
});
export type Audience = z.infer<typeof audienceSchema>;

export const everyResident: Audience = {
  residents: true,
  compoundIds: [],
  levels: [],
  categories: [],
  needs: [],
  zeroEmployment: false,
  volunteerTiers: [],
};

export function reachesAnyone(audience: Audience): boolean {
  return audience.residents || audience.volunteerTiers.length > 0;
}
