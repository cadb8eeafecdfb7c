// The forms of the service pages, shared by server and client through Conform. Errors are `service:` keys.
import { z } from "zod";
import { skills } from "#app/modules/roster/codes";
import { weekdays, type AvailabilitySlot, type Weekday } from "./codes";

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "service:errors.invalid");
const time = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "service:errors.invalid");
const ids = z.preprocess(
  (v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]),
  z.array(z.coerce.number().int().positive()),
);

export const DisputeSchema = z.object({
  intent: z.literal("dispute"),
  entryId: z.coerce.number().int().positive(),
  reason: z.string({ error: "service:errors.invalid" }).trim().min(1, "service:errors.invalid").max(300),
});

export const CertificateSchema = z
  .object({ intent: z.literal("certificate"), from: day, to: day })
  .refine((v) => v.to >= v.from, { path: ["to"], message: "service:errors.period" });

export const ServicePageSchema = z.discriminatedUnion("intent", [DisputeSchema, CertificateSchema]);

export const DecideSchema = z.object({
  intent: z.enum(["confirm", "reject"]),
  entryIds: ids.pipe(z.array(z.number()).min(1, "service:review.nothingSelected")),
});

export const ActivitySchema = z.object({
  intent: z.literal("activity"),
  title: z.string({ error: "service:errors.invalid" }).trim().min(1, "service:errors.invalid").max(100),
  description: z.string().trim().max(500).optional(),
  compoundId: z.coerce.number().int().positive().optional(),
  date: day,
  startTime: time,
  minutes: z
    .string({ error: "service:errors.invalid" })
    .regex(/^\d{1,4}$/, "service:errors.invalid")
    .transform(Number)
    .pipe(z.number().min(1, "service:errors.invalid").max(1440, "service:errors.invalid")),
  volunteerIds: ids,
});

export const HelpersSchema = z.object({
  intent: z.literal("helpers"),
  sessionId: z.coerce.number({ error: "service:errors.invalid" }).int().positive(),
  volunteerIds: ids.pipe(z.array(z.number()).min(1, "service:errors.invalid")),
});

export const ActivitiesPageSchema = z.discriminatedUnion("intent", [ActivitySchema, HelpersSchema]);

// Conform hands an empty field over as undefined.
const optionalTime = time.optional();

/** One row per weekday: a time from and to, or neither. */
const slotFields = Object.fromEntries(
  weekdays.flatMap((d) => [
    [`from${d}`, optionalTime],
    [`to${d}`, optionalTime],
  ]),
) as Record<`${"from" | "to"}${Weekday}`, typeof optionalTime>;

export const ProfileSchema = z
  .object({
    skills: z.preprocess((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]), z.array(z.enum(skills))),
    availability: z.string().trim().max(200).optional(),
    languages: z.string().trim().max(200).optional(),
    extraCompoundIds: ids,
    ...slotFields,
  })
  .superRefine((v, ctx) => {
    for (const d of weekdays) {
      const from = v[`from${d}`];
      const to = v[`to${d}`];
      if ((from === undefined) !== (to === undefined) || (from && to && to <= from))
        ctx.addIssue({ code: "custom", path: [`to${d}`], message: "service:profile.slotInvalid" });
    }
  });

/** The availability slots a profile form gives, Monday first. */
export function slotsOf(v: z.output<typeof ProfileSchema>): AvailabilitySlot[] {
  return weekdays.flatMap((day) => {
    const from = v[`from${day}`];
    const to = v[`to${day}`];
    return from && to ? [{ day, from, to }] : [];
  });
}

/** "粤语, English，闽南话" → the languages, each once. */
export function parseLanguages(text: string | undefined): string[] {
  return [
    ...new Set(
      (text ?? "")
        .split(/[,，、;；\n]/)
        .map((s) => s.trim())
        .filter(Boolean),
    ),
  ].slice(0, 10);
}
