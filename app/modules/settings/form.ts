// What the settings form accepts, shared by the page (browser) and the server. Errors are i18n keys.
import { z } from "zod";

/** `Name <address>` or a bare address, as email providers accept in From. */
const fromPattern = /^(?:[^<>]{1,100}<[^\s<>@]+@[^\s<>@]+\.[^\s<>@]+>|[^\s<>@]+@[^\s<>@]+\.[^\s<>@]+)$/;

/** A whole number of months between two verifications or visits. */
const months = z.coerce
  .number({ error: "settings:validation.months" })
  .int({ error: "settings:validation.months" })
  .min(1, { error: "settings:validation.months" })
  .max(24, { error: "settings:validation.months" });

/** Minutes after midnight as the clock shows them (`21:00`). */
export function clockTime(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, "0")}:${String(minutes % 60).padStart(2, "0")}`;
}

/** A time of day typed as HH:MM (a time input sends that), as minutes after midnight. */
const timeOfDay = z
  .string({ error: "settings:validation.quietTime" })
  .trim()
  .regex(/^([01]?[0-9]|2[0-3]):[0-5][0-9]$/, { error: "settings:validation.quietTime" })
  .transform((value) => {
    const [hours, minutes] = value.split(":").map(Number);
    return (hours ?? 0) * 60 + (minutes ?? 0);
  });

export const SettingsSchema = z
  .object({
    communityName: z
      .string({ error: "settings:validation.nameRequired" })
      .trim()
      .min(1, { error: "settings:validation.nameRequired" })
      .max(60, { error: "settings:validation.nameTooLong" }),
    hotline: z
      .string({ error: "settings:validation.hotline" })
      .trim()
      .regex(/^[0-9][0-9 -]{1,18}[0-9]$/, { error: "settings:validation.hotline" }),
    emailFrom: z
      .string({ error: "settings:validation.emailFrom" })
      .trim()
      .regex(fromPattern, { error: "settings:validation.emailFrom" }),
    emailReplyTo: z.email({ error: "settings:validation.emailReplyTo" }).optional(),
    verifyExtremeMonths: months,
    visitExtremeMonths: months,
    visitHardshipMonths: months,
    verifyHardshipMonths: months,
    smsQuietStart: timeOfDay,
    smsQuietEnd: timeOfDay,
  })
  .refine((v) => v.smsQuietStart !== v.smsQuietEnd, {
    path: ["smsQuietEnd"],
    error: "settings:validation.quietSame",
  });

export type SettingsInput = z.infer<typeof SettingsSchema>;

/** The form's fields as the page holds them (numbers arrive as text). */
export interface SettingsFormValues {
  communityName?: string;
  hotline?: string;
  emailFrom?: string;
  emailReplyTo?: string;
  verifyExtremeMonths?: number | string;
  verifyHardshipMonths?: number | string;
  visitExtremeMonths?: number | string;
  visitHardshipMonths?: number | string;
  smsQuietStart?: string;
  smsQuietEnd?: string;
}
