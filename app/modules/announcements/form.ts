// The announcement editor's and the publish form's schemas, shared by the page (Conform) and the server.
// Error messages are i18n keys in the `announcements` namespace.
import { DateTime } from "luxon";
import { z } from "zod";
import { maxChars } from "#app/modules/i18n/field-error";
import { categoryCodes, hardshipLevels, needs } from "#app/modules/households/codes";
import { announcementKinds, reachesAnyone, volunteerTiers, type Audience } from "./audience";

const optionalText = (max: number) => z.string().trim().max(max, maxChars(max)).optional();
const optionalCount = z.coerce
  .number({ error: "announcements:validation.number" })
  .int("announcements:validation.number")
  .min(0, "announcements:validation.number")
  .max(10_000_000, "announcements:validation.number")
  .optional();
const isoDate = z
  .string()
  .refine(
    (v) => DateTime.fromISO(v).isValid && /^\d{4}-\d{2}-\d{2}$/.test(v),
    "announcements:validation.date",
  )
  .optional();

export const AnnouncementFormSchema = z
  .object({
    kind: z.enum(announcementKinds, { error: "announcements:validation.kind" }),
    title: z
      .string({ error: "announcements:validation.titleRequired" })
      .trim()
      .min(1, "announcements:validation.titleRequired")
      .max(120, maxChars(120)),
    body: z
      .string({ error: "announcements:validation.bodyRequired" })
      .trim()
      .min(1, "announcements:validation.bodyRequired")
      .max(20_000, maxChars(20_000)),
    employer: optionalText(120),
    positions: optionalCount,
    payMin: optionalCount,
    payMax: optionalCount,
    requirements: optionalText(2000),
    contact: optionalText(200),
    deadline: isoDate,
    courseId: z.coerce
      .number({ error: "announcements:validation.number" })
      .int("announcements:validation.number")
      .positive("announcements:validation.number")
      .optional(),
    expiresOn: isoDate,
    isPublic: z.boolean().default(false),
    residents: z.boolean().default(false),
    compoundIds: z.array(z.coerce.number().int().positive()).default([]),
    levels: z.array(z.enum(hardshipLevels)).default([]),
    categories: z.array(z.enum(categoryCodes)).default([]),
    needs: z.array(z.enum(needs)).default([]),
    zeroEmployment: z.boolean().default(false),
    volunteerTiers: z
      .array(z.coerce.number().pipe(z.union(volunteerTiers.map((t) => z.literal(t)))))
      .default([]),
  })
  .superRefine((v, ctx) => {
    if (v.kind === "job" && !v.employer)
      ctx.addIssue({
        code: "custom",
        path: ["employer"],
        message: "announcements:validation.employerRequired",
      });
    if (v.payMin !== undefined && v.payMax !== undefined && v.payMax < v.payMin)
      ctx.addIssue({ code: "custom", path: ["payMax"], message: "announcements:validation.payRange" });
    if (!reachesAnyone(audienceOf(v)))
      ctx.addIssue({
        code: "custom",
        path: ["residents"],
        message: "announcements:validation.audienceEmpty",
      });
  });
export type AnnouncementForm = z.output<typeof AnnouncementFormSchema>;

export function audienceOf(v: Pick<AnnouncementForm, keyof Audience>): Audience {
  return {
    residents: v.residents,
    compoundIds: v.compoundIds,
    levels: v.levels,
    categories: v.categories,
    needs: v.needs,
    zeroEmployment: v.zeroEmployment,
    volunteerTiers: v.volunteerTiers,
  };
}

/** Just the audience part, for the live reach count while the form is being filled in. */
export const AudienceQuerySchema = z.object({
  residents: z.preprocess((v) => v === "on" || v === "true", z.boolean()),
  compoundIds: z.array(z.coerce.number().int().positive()).catch([]),
  levels: z.array(z.enum(hardshipLevels)).catch([]),
  categories: z.array(z.enum(categoryCodes)).catch([]),
  needs: z.array(z.enum(needs)).catch([]),
  zeroEmployment: z.preprocess((v) => v === "on" || v === "true", z.boolean()),
  volunteerTiers: z.array(z.coerce.number().pipe(z.union(volunteerTiers.map((t) => z.literal(t))))).catch([]),
});

export const PublishFormSchema = z.object({
  intent: z.literal("publish"),
  confirm: z
    .boolean({ error: "announcements:validation.confirm" })
    .refine((v) => v, "announcements:validation.confirm"),
  /** Empty: now. Otherwise a local date-time in the community's zone, in the future. */
  publishAt: z
    .string()
    .refine((v) => DateTime.fromISO(v).isValid, "announcements:validation.dateTime")
    .optional(),
});
