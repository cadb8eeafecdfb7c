// The audit view's search: who, which household, which action, which days. Shared by the page's form and the
// export, so both read the same filters the same way.
import { DateTime } from "luxon";
import { z } from "zod";

/** An export holds at most this many entries, the newest that match. */
export const auditExportMax = 10_000;

const isoDay = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "audit:validation.date")
  .refine((value) => DateTime.fromISO(value).isValid, "audit:validation.date");

export const AuditFilterSchema = z
  .object({
    person: z.string().trim().max(100).optional(),
    household: z.coerce
      .number("audit:validation.household")
      .int("audit:validation.household")
      .positive("audit:validation.household")
      .max(Number.MAX_SAFE_INTEGER, "audit:validation.household")
      .optional(),
    /** An unknown code matches nothing rather than being refused: the list of codes grows. */
    action: z.string().trim().max(80).optional(),
    from: isoDay.optional(),
    to: isoDay.optional(),
  })
  .refine((f) => !f.from || !f.to || f.from <= f.to, { path: ["to"], message: "audit:validation.range" });

export type AuditFilter = z.output<typeof AuditFilterSchema>;

/** The filters as a query string (for paging and the export link), empty ones left out. */
export function filterQuery(filter: AuditFilter, extra: Record<string, string> = {}): string {
  const entries = Object.entries({ ...filter, ...extra }).flatMap(([key, value]) =>
    value === undefined || value === "" ? [] : [[key, String(value)] as [string, string]],
  );
  return new URLSearchParams(entries).toString();
}
