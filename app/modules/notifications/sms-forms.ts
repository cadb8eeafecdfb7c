// What the text message page's forms accept, shared by the page (browser) and the server. Errors are i18n keys.
import { z } from "zod";

const whole = (max: number) =>
  z.coerce
    .number({ error: "sms:page.validation.whole" })
    .int({ error: "sms:page.validation.whole" })
    .min(0, { error: "sms:page.validation.whole" })
    .max(max, { error: "sms:page.validation.whole" });

export const SmsLimitsSchema = z.object({
  intent: z.literal("limits"),
  smsDailyPerNumber: whole(100).pipe(z.number().min(1, { error: "sms:page.validation.atLeastOne" })),
  smsMonthlyCap: whole(10_000_000),
  /** Yuan per text, e.g. 0.045; kept in li. */
  price: z
    .string({ error: "sms:page.validation.price" })
    .trim()
    .regex(/^\d{1,2}(\.\d{1,3})?$/, { error: "sms:page.validation.price" }),
});
export type SmsLimitsInput = z.infer<typeof SmsLimitsSchema>;

export const SmsReplySchema = z.object({
  intent: z.literal("reply"),
  phone: z
    .string({ error: "sms:page.validation.phone" })
    .trim()
    .min(5, { error: "sms:page.validation.phone" }),
  text: z
    .string({ error: "sms:page.validation.reply" })
    .trim()
    .min(1, { error: "sms:page.validation.reply" })
    .max(70),
});
export type SmsReplyInput = z.infer<typeof SmsReplySchema>;

/** ¥0.045 → 45 li; li → "0.045". */
export function yuanToLi(yuan: string): number {
  const [whole = "0", fraction = ""] = yuan.split(".");
  return Number(whole) * 1000 + Number(fraction.padEnd(3, "0"));
}

export function liToYuan(li: number): string {
  return (li / 1000).toFixed(3).replace(/0$/, "");
}
