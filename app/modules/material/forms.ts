// What the material-help forms accept, shared by pages and server. Amounts are typed in yuan and kept in fen;
// errors are i18n keys in the `material` namespace.
import { z } from "zod";
import { donorKinds, duties, goodsCategories, goodsSources, grantReasons, paymentMethods } from "./codes";
import { parseYuan } from "./money";

/**
 * The most one amount may be: ¥1,000,000.00. With at most 100,000 of an item, every total stays far inside
 * the integers a ledger entry can hold exactly.
 */
export const maxFen = 100_000_000;

/** An amount in yuan as typed ("12.50"), as fen; `min` in fen. */
export const yuan = (min = 1) =>
  z
    .string({ error: "material:validation.amount" })
    .trim()
    .transform((text, ctx) => {
      const fen = parseYuan(text);
      if (fen === null || fen < min) {
        ctx.addIssue({ code: "custom", message: "material:validation.amount" });
        return z.NEVER;
      }
      if (fen > maxFen) {
        ctx.addIssue({ code: "custom", message: "material:validation.amountMax" });
        return z.NEVER;
      }
      return fen;
    });

const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, { error: "material:validation.tooLong" })
    .optional()
    .transform((v) => v || null);

const requiredText = (max: number) =>
  z
    .string({ error: "material:validation.required" })
    .trim()
    .min(1, { error: "material:validation.required" })
    .max(max, { error: "material:validation.tooLong" });

const count = (min: number, max = 100_000) =>
  z.coerce
    .number({ error: "material:validation.quantity" })
    .int({ error: "material:validation.quantity" })
    .min(min, { error: "material:validation.quantity" })
    .max(max, { error: "material:validation.quantity" });

const id = z.coerce.number().int().positive();

export const donorShape = {
  donorKind: z.enum(donorKinds, { error: "material:validation.donorKind" }),
  donorName: optionalText(80),
  donorEmail: z
    .email({ error: "material:validation.email" })
    .optional()
    .transform((v) => v ?? null),
  donorPhone: optionalText(30),
  purpose: optionalText(200),
};

function namedDonor<T extends { donorKind: string; donorName: string | null }>(v: T, ctx: z.RefinementCtx) {
  if (v.donorKind !== "anonymous" && !v.donorName)
    ctx.addIssue({ code: "custom", path: ["donorName"], message: "material:validation.donorName" });
}

export const CashDonationSchema = z
  .object({ ...donorShape, amount: yuan(1), method: z.enum(["cash", "transfer"]) })
  .superRefine(namedDonor);

export const goodsLine = z.object({
  itemId: id.optional(),
  quantity: z.coerce.number().int().min(0).max(100_000).optional(),
  unitValue: z.string().trim().optional(),
});

export const GoodsDonationSchema = z
  .object({
    ...donorShape,
    lines: z.array(goodsLine).max(10),
  })
  .superRefine(namedDonor)
  .transform((v, ctx) => {
    const items: { itemId: number; quantity: number; unitValueFen: number }[] = [];
    v.lines.forEach((line, i) => {
      if (!line.itemId || !line.quantity) return;
      const unitValueFen = parseYuan(line.unitValue ?? "");
      if (unitValueFen === null || unitValueFen > maxFen) {
        ctx.addIssue({
          code: "custom",
          path: ["lines", i, "unitValue"],
          message: "material:validation.amount",
        });
        return;
      }
      items.push({ itemId: line.itemId, quantity: line.quantity, unitValueFen });
    });
    if (items.length === 0)
      ctx.addIssue({ code: "custom", path: ["lines"], message: "material:validation.noGoods" });
    return { ...v, items };
  });

export const IncomeSchema = z.object({
  amount: yuan(1),
  method: z.enum(["cash", "transfer"]),
  memo: requiredText(200),
});

export const ItemSchema = z.object({
  name: requiredText(60),
  unit: requiredText(10),
  category: z.enum(goodsCategories, { error: "material:validation.required" }),
  price: yuan(0),
  freeWithCard: z
    .string()
    .optional()
    .transform((v) => v === "on"),
  source: z.enum(goodsSources, { error: "material:validation.required" }),
  lowStockAt: count(0, 10_000),
});

export const PurchaseSchema = z.object({
  quantity: count(1),
  unitValue: yuan(0),
  method: z.enum(["cash", "transfer"]),
  memo: requiredText(200),
});

export const StocktakeSchema = z.object({
  counted: count(0),
  reason: requiredText(200),
});

export const GrantSchema = z.object({
  householdId: id,
  helpRequestId: id.optional(),
  reason: z.enum(grantReasons, { error: "material:validation.required" }),
  description: requiredText(500),
  amount: yuan(1),
  method: z.enum(paymentMethods, { error: "material:validation.required" }),
});

export const DecisionSchema = z.object({
  intent: z.enum(["approve", "reject"]),
  note: optionalText(300),
});

export const ReverseSchema = z.object({ memo: requiredText(200) });

export const BlockSchema = z.object({
  reason: requiredText(200),
  confirm: z.literal("yes", { error: "material:validation.confirm" }),
});

export const CreditRunSchema = z.object({
  confirm: z.literal("yes", { error: "material:validation.confirm" }),
});

export const DutySchema = z.object({
  duty: z.enum(duties, { error: "material:validation.required" }),
  compoundId: z
    .string()
    .optional()
    .transform((v) => (v ? Number(v) : null))
    .pipe(z.number().int().positive().nullable()),
});

export const MaterialSettingsSchema = z.object({
  creditHardship: yuan(0),
  creditExtreme: yuan(0),
  creditPriorityExtra: yuan(0),
  creditCeiling: yuan(0),
  grantCeilingVolunteer: yuan(0),
  grantCeilingOrganizer: yuan(0),
  grantCeilingAdmin: yuan(0),
});

/** The till's sale: the card (blank for a sale to the public), quantities by item, an extra amount. */
export const SaleSchema = z.object({
  card: z.string().trim().optional(),
  key: z.string().regex(/^[A-Za-z0-9_-]{16,64}$/),
  amount: z
    .string()
    .trim()
    .optional()
    .transform((text, ctx) => {
      if (!text) return 0;
      const fen = parseYuan(text);
      if (fen === null) {
        ctx.addIssue({ code: "custom", message: "material:validation.amount" });
        return z.NEVER;
      }
      return fen;
    }),
});

export const RefundSchema = z.object({ reason: requiredText(200) });

/** A form's fields as the page holds them: text, whatever the schema makes of them. */
export type FormText<S extends z.ZodType> = { [K in keyof z.input<S>]?: string };
