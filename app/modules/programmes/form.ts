// The programme form (the four clears), shared by the page (Conform) and the server. Repeated rows — members,
// conditions, steps — come as a fixed number of rows; empty ones are dropped. Errors are i18n keys.
import { z } from "zod";
import { maxChars } from "#app/modules/i18n/field-error";
import { categoryCodes, hardshipLevels, needs } from "#app/modules/households/codes";
import { formRows, maxCompounds, programmeKinds, stepRoles } from "./codes";
import type { ProgrammeInput } from "./programmes.server";

const text = (max: number) => z.string().trim().max(max, maxChars(max)).default("");
const id = z.coerce.number().int().positive();
const optionalId = z.preprocess((v) => (v === "" || v === undefined ? undefined : v), id.optional());
const tooMany = "programmes:validation.rows";
const list = <T extends z.ZodType>(item: T, max: number) =>
  z.preprocess((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]), z.array(item).max(max, tooMany));

/** How many of each repeated row the form has: its fixed rows, and one responsible per compound at most. */
export const rowCaps = { ...formRows, responsibles: maxCompounds } as const;
const repeated = Object.keys(rowCaps) as (keyof typeof rowCaps)[];

/**
 * Whether a posted programme form names a repeated row the form does not have (`steps[1000].name`, `steps.7`,
 * `steps[]`): a hand-made request, refused before parsing, which would build (and echo back) every row up to it.
 */
export function rowsBeyondForm(form: FormData): boolean {
  for (const key of form.keys()) {
    const row = repeated.find((r) => key.startsWith(`${r}[`) || key.startsWith(`${r}.`));
    if (!row) continue;
    const index = /^[a-z]+\[(\d{1,3})\]/.exec(key)?.[1];
    if (index === undefined || Number(index) >= rowCaps[row]) return true;
  }
  return false;
}

const memberRow = z.object({ userId: optionalId, duty: text(200) });
const responsibleRow = z.object({ compoundId: id, userId: optionalId });
const conditionRow = z.object({ condition: text(300), evidence: text(300) });
const stepRow = z.object({
  name: text(100),
  role: z.enum(stepRoles).default("compound"),
  limitDays: z.preprocess(
    (v) => (v === "" ? undefined : v),
    z.coerce
      .number({ error: "programmes:validation.limitDays" })
      .int("programmes:validation.limitDays")
      .min(1, "programmes:validation.limitDays")
      .max(365, "programmes:validation.limitDays")
      .optional(),
  ),
});

export const ProgrammeFormSchema = z
  .object({
    name: z
      .string({ error: "programmes:validation.name" })
      .trim()
      .min(1, "programmes:validation.name")
      .max(100, maxChars(100)),
    kind: z.enum(programmeKinds, { error: "programmes:validation.kind" }),
    plan: text(20_000),
    compoundIds: list(id, maxCompounds).default([]),
    levels: list(z.enum(hardshipLevels), hardshipLevels.length).default([]),
    categories: list(z.enum(categoryCodes), categoryCodes.length).default([]),
    needs: list(z.enum(needs), needs.length).default([]),
    zeroEmployment: z.boolean().default(false),
    leaderId: z.coerce.number({ error: "programmes:validation.leader" }).int().positive(),
    members: z.array(memberRow).max(rowCaps.members, tooMany).default([]),
    responsibles: z.array(responsibleRow).max(rowCaps.responsibles, tooMany).default([]),
    conditions: z.array(conditionRow).max(rowCaps.conditions, tooMany).default([]),
    steps: z.array(stepRow).max(rowCaps.steps, tooMany).default([]),
  })
  .superRefine((v, ctx) => {
    v.members.forEach((m, i) => {
      if (m.duty && m.userId === undefined)
        ctx.addIssue({
          code: "custom",
          path: ["members", i, "userId"],
          message: "programmes:validation.member",
        });
      if (m.userId !== undefined && !m.duty)
        ctx.addIssue({ code: "custom", path: ["members", i, "duty"], message: "programmes:validation.duty" });
    });
    v.conditions.forEach((c, i) => {
      if (c.evidence && !c.condition)
        ctx.addIssue({
          code: "custom",
          path: ["conditions", i, "condition"],
          message: "programmes:validation.condition",
        });
      if (c.condition && !c.evidence)
        ctx.addIssue({
          code: "custom",
          path: ["conditions", i, "evidence"],
          message: "programmes:validation.evidence",
        });
    });
    v.steps.forEach((s, i) => {
      if (s.name && s.limitDays === undefined)
        ctx.addIssue({
          code: "custom",
          path: ["steps", i, "limitDays"],
          message: "programmes:validation.limitDays",
        });
      if (!s.name && s.limitDays !== undefined)
        ctx.addIssue({
          code: "custom",
          path: ["steps", i, "name"],
          message: "programmes:validation.stepName",
        });
    });
    if (!v.steps.some((s) => s.name))
      ctx.addIssue({ code: "custom", path: ["steps"], message: "programmes:validation.steps" });
    if (!v.conditions.some((c) => c.condition))
      ctx.addIssue({ code: "custom", path: ["conditions"], message: "programmes:validation.conditions" });
  });
export type ProgrammeForm = z.output<typeof ProgrammeFormSchema>;

/** The form's values as the module's input: empty rows dropped, the scope as an audience of residents. */
export function toProgrammeInput(v: ProgrammeForm): ProgrammeInput {
  return {
    name: v.name,
    kind: v.kind,
    plan: v.plan,
    scope: {
      compoundIds: [...new Set(v.compoundIds)],
      levels: v.levels,
      categories: v.categories,
      needs: v.needs,
      zeroEmployment: v.zeroEmployment,
    },
    leaderId: v.leaderId,
    members: v.members.flatMap((m) => (m.userId === undefined ? [] : [{ userId: m.userId, duty: m.duty }])),
    responsibles: v.responsibles.flatMap((r) =>
      r.userId === undefined ? [] : [{ compoundId: r.compoundId, userId: r.userId }],
    ),
    conditions: v.conditions.filter((c) => c.condition),
    steps: v.steps.flatMap((s) =>
      s.name && s.limitDays !== undefined ? [{ name: s.name, role: s.role, limitDays: s.limitDays }] : [],
    ),
  };
}

export const CaseOpenSchema = z.object({
  householdId: z.coerce.number({ error: "programmes:validation.household" }).int().positive(),
  note: text(1000),
});

/**
 * The step the actor saw (0-based), always sent: an act on a case that has moved on since changes nothing
 * (the module's replay check), so the field is required and a whole number.
 */
const atStep = z.preprocess(
  (v) => (v === "" ? undefined : v),
  z.coerce
    .number({ error: "programmes:validation.atStep" })
    .int("programmes:validation.atStep")
    .min(0, "programmes:validation.atStep"),
);

export const CaseActionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("advance"), note: text(1000), atStep }),
  z.object({
    intent: z.literal("refuse"),
    atStep,
    note: z
      .string({ error: "programmes:validation.reason" })
      .trim()
      .min(1, "programmes:validation.reason")
      .max(1000, maxChars(1000)),
  }),
  z.object({
    intent: z.literal("close"),
    atStep,
    note: z
      .string({ error: "programmes:validation.reason" })
      .trim()
      .min(1, "programmes:validation.reason")
      .max(1000, maxChars(1000)),
  }),
]);
