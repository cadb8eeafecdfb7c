// The help forms' Zod schemas, shared by the pages (Conform) and their actions. Errors are help i18n keys.
import { z } from "zod";
import { ageFilters, contactMethods, helpKinds, helpStatuses, helpUrgencies } from "./codes";

export const AskSchema = z
  .object({
    household: z.number({ error: "help:validation.householdRequired" }).int().positive(),
    kind: z.enum(helpKinds, { error: "help:validation.kindRequired" }),
    urgency: z.enum(helpUrgencies, { error: "help:validation.urgencyRequired" }),
    description: z
      .string({ error: "help:validation.descriptionRequired" })
      .trim()
      .min(1, "help:validation.descriptionRequired")
      .max(2000, "help:validation.descriptionTooLong"),
    contactMethod: z.enum(contactMethods, { error: "help:validation.contactRequired" }),
    contactPhone: z
      .string()
      .trim()
      .regex(/^\+?\d{7,15}$/, "help:validation.phoneInvalid")
      .optional(),
  })
  .superRefine((v, ctx) => {
    if (v.contactMethod === "phone" && !v.contactPhone)
      ctx.addIssue({ code: "custom", path: ["contactPhone"], message: "help:validation.phoneRequired" });
  });

/** A parsed ask form as the request it describes (the resident's own form and the hotline's are one form). */
export function askInput(v: z.infer<typeof AskSchema>) {
  return {
    householdId: v.household,
    kind: v.kind,
    urgency: v.urgency,
    description: v.description,
    contactMethod: v.contactMethod,
    contactPhone: v.contactPhone ?? null,
  };
}

const visibleToResident = z.boolean().default(false);
const optionalNote = z.string().trim().max(2000, "help:validation.descriptionTooLong").optional();

export const RequestActionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("acknowledged"), note: optionalNote, visibleToResident }),
  z.object({ intent: z.literal("in_progress"), note: optionalNote, visibleToResident }),
  z.object({ intent: z.literal("resolved"), note: optionalNote, visibleToResident }),
  z.object({
    intent: z.literal("note"),
    note: z
      .string({ error: "help:validation.noteRequired" })
      .trim()
      .min(1, "help:validation.noteRequired")
      .max(2000, "help:validation.descriptionTooLong"),
    visibleToResident,
  }),
  z.object({
    intent: z.literal("reassign"),
    assignee: z.number({ error: "help:validation.assigneeRequired" }).int().positive(),
  }),
  z.object({ intent: z.literal("escalate") }),
  z.object({
    intent: z.literal("rate"),
    rating: z.number({ error: "help:validation.ratingRequired" }).int().min(1).max(5),
    comment: z.string().trim().max(1000, "help:validation.commentTooLong").optional(),
  }),
]);

/** The list's query string; anything unknown is ignored rather than refused. */
export const ListFilterSchema = z.object({
  kind: z.enum(helpKinds).optional().catch(undefined),
  status: z.enum(helpStatuses).optional().catch(undefined),
  age: z.enum(ageFilters).optional().catch(undefined),
  page: z.coerce.number().int().min(0).max(1000).optional().catch(undefined),
});

/** A phone as people write it (spaces, dashes, brackets allowed), kept as its digits and a leading +. */
const callbackPhone = z
  .string({ error: "help:validation.phoneRequired" })
  .transform((v) => v.replace(/[\s\-()（）]/g, ""))
  .pipe(
    z
      .string()
      .min(1, "help:validation.phoneRequired")
      .regex(/^\+?\d{7,15}$/, "help:validation.phoneInvalid"),
  );

/** The public card page's short form: what is needed, how soon, a number to call back. */
export const CardAskSchema = z.object({
  need: z
    .string({ error: "help:validation.needRequired" })
    .trim()
    .min(1, "help:validation.needRequired")
    .max(500, "help:validation.needTooLong"),
  urgency: z.enum(helpUrgencies, { error: "help:validation.urgencyRequired" }),
  phone: callbackPhone,
});
