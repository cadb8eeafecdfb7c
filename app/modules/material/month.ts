/** A month as forms and links carry it: YYYY-MM. */
export const monthPattern = /^\d{4}-(0[1-9]|1[0-2])$/;

/** The month `by` months after `month` (before, when negative): shiftMonth("2026-01", -1) is "2025-12". */
export function shiftMonth(month: string, by: number): string {
  const [y = 0, m = 1] = month.split("-").map(Number);
  const index = y * 12 + (m - 1) + by;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, "0")}`;
}
