// Calendar days as the community writes them (YYYY-MM-DD in its time zone), to and from UTC instants.
import { DateTime } from "luxon";
import { calendarDay } from "#app/modules/dates/day";
import { z } from "zod";

export function formatDay(date: Date | string | null | undefined, zone: string): string {
  if (!date) return "";
  return calendarDay(date, zone) ?? "";
}

/** Start of the day `value` in `zone`, or null when it is not a real date. */
export function parseDay(value: string, zone: string): Date | null {
  const day = DateTime.fromFormat(value, "yyyy-MM-dd", { zone });
  return day.isValid ? day.toJSDate() : null;
}

/** A required YYYY-MM-DD field whose errors are roster i18n keys. */
export const dayField = z
  .string({ error: "roster:validation.dateRequired" })
  .trim()
  .regex(/^\d{4}-\d{2}-\d{2}$/, { error: "roster:validation.dateInvalid" })
  .refine((v) => DateTime.fromFormat(v, "yyyy-MM-dd").isValid, { error: "roster:validation.dateInvalid" });
