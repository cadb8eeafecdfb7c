// The forms of the service pages, shared by server and client through Conform. Errors are `service:` keys.
import { z } from "zod";
import { skills } from "#app/modules/roster/codes";
import { weekdays, type Weekday } from "./codes";

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

const slot = z
  .object({
    day: z.coerce
      .number()
      .int()
      .refine((d): d is Weekday => (weekdays as readonly number[]).includes(d), "service:profile.slotInvalid"),
    from: time,
    to: time,
  })
  .refine((s) => s.to > s.from, { path: ["to"], message: "service:profile.slotInvalid" });

export const ProfileSchema = z.object({
  skills: z.preprocess((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]), z.array(z.enum(skills))),
  availability: z.string().trim().max(200).optional(),
  slots: z.array(slot).max(21).default([]),
  languages: z.string().trim().max(200).optional(),
  extraCompoundIds: ids,
});

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
