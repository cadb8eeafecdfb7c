// The household forms' schemas, shared by the browser (Conform's validation) and the server. Error
// messages are i18n keys in the `households` namespace.
import { z } from "zod";
import { maxChars } from "#app/modules/i18n/field-error";
import { categoryCodes, consentScopes, hardshipLevels, memberRelations, needs, type Need } from "./codes";
import { today } from "./format";

/** A checkbox group arrives as nothing, one string or several: always an array here. */
const checkboxes = <T extends readonly [string, ...string[]]>(values: T) =>
  z.preprocess(
    (v) => (v === undefined || v === "" ? [] : Array.isArray(v) ? v : [v]),
    z.array(z.enum(values)),
  );

const text = (max: number) =>
  z
    .string()
    .trim()
    .max(max, maxChars(max))
    .optional()
    .transform((v) => v || null);

const required = (max: number) =>
  z
    .string({ error: "households:validation.required" })
    .trim()
    .min(1, "households:validation.required")
    .max(max, maxChars(max));

const needNotes = z
  .object(Object.fromEntries(needs.map((n) => [n, text(200)])) as Record<Need, ReturnType<typeof text>>)
  .partial()
  .optional();

export const HouseholdEditSchema = z
  .object({
    building: required(20),
    unit: required(20),
    room: required(20),
    hardshipLevel: z.enum(hardshipLevels, { error: "households:validation.level" }),
    categories: checkboxes(categoryCodes),
    needs: checkboxes(needs),
    needNotes,
    note: text(500),
    healthNote: text(500),
    consentGivenBy: text(40),
    consentScopes: checkboxes(consentScopes),
  })
  .superRefine((v, ctx) => {
    if (v.consentGivenBy && v.consentScopes.length === 0)
      ctx.addIssue({
        code: "custom",
        path: ["consentScopes"],
        message: "households:validation.consentScopes",
      });
  });

const isoDate = /^\d{4}-\d{2}-\d{2}$/;

export const VerificationSchema = z.object({
  verifiedAt: z
    .string({ error: "households:validation.date" })
    .regex(isoDate, "households:validation.date")
    // A day in the community's calendar, compared with today there: from 16:00 UTC Shanghai is already on the
    // next day, and a verification done then is dated that day.
    .refine((d) => !Number.isNaN(Date.parse(d)) && d <= today(), "households:validation.date"),
  verifierName: required(40),
  findings: required(1000),
  hardshipLevel: z.enum(hardshipLevels, { error: "households:validation.level" }),
  categories: checkboxes(categoryCodes),
  needs: checkboxes(needs),
  needNotes,
});

export const CorrectionSchema = z.object({
  field: text(60),
  text: required(1000),
});

/** The needs with their notes, from the checkbox group and the note beside each. */
export function needsWithNotes(
  chosen: readonly Need[],
  notes: Partial<Record<Need, string | null>> | undefined,
): { need: Need; note: string | null }[] {
  return chosen.map((need) => ({ need, note: notes?.[need] ?? null }));
}

const thisYear = () => new Date().getUTCFullYear();

const yesNo = z.preprocess((v) => v === "on" || v === "true" || v === true, z.boolean());

const phone = z
  .string()
  .trim()
  .max(20, "households:validation.tooLong")
  .regex(/^\+?[0-9 -]*$/, "households:validation.phone")
  .optional()
  .transform((v) => v || null);

/** A household member as the forms take them (add, edit, and the head of a new household). */
export const MemberSchema = z.object({
  name: required(40),
  relation: z.enum(memberRelations, { error: "households:validation.relation" }),
  birthYear: z.coerce
    .number({ error: "households:validation.birthYear" })
    .int("households:validation.birthYear")
    .min(1900, "households:validation.birthYear")
    .refine((y) => y <= thisYear(), "households:validation.birthYear"),
  phone,
  employed: yesNo,
  disabled: yesNo,
  inSchool: yesNo,
});

export const NewHouseholdSchema = MemberSchema.extend({
  compoundId: z.coerce.number({ error: "households:validation.compound" }).int().positive(),
  building: required(20),
  unit: required(20),
  room: required(20),
});

export const CloseHouseholdSchema = z.object({
  status: z.enum(["moved_out", "dissolved"], { error: "households:validation.closeStatus" }),
  reason: required(300),
  closedOn: z
    .string({ error: "households:validation.date" })
    .regex(isoDate, "households:validation.date")
    .refine((d) => !Number.isNaN(Date.parse(d)) && d <= today(), "households:validation.date"),
});

/** Why staff refuse (a claim or a correction): the resident reads it. */
export const RefuseSchema = z.object({ reason: required(300) });

export const ClaimByCodeSchema = z.object({
  method: z.literal("card_code"),
  code: required(20),
  memberName: required(40),
});

export const ClaimByAddressSchema = z.object({
  method: z.literal("address"),
  compoundId: z.coerce.number({ error: "households:validation.compound" }).int().positive(),
  building: required(20),
  unit: required(20),
  room: required(20),
  memberName: required(40),
  phone: required(20).regex(/^\+?[0-9 -]+$/, "households:validation.phone"),
});
