// Dates of the registry as the community reads them: calendar days in the community's time zone, the same
// on the server and in the browser so that hydration agrees.
import { DateTime } from "luxon";

export const communityZone = "Asia/Shanghai";

// A list page formats a date per row; one Intl formatter does it many times faster than a Luxon DateTime each.
const dayParts = new Intl.DateTimeFormat("en-US", {
  timeZone: communityZone,
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
});

export function day(value: Date | string | null | undefined): string {
  if (!value) return "—";
  const date = typeof value === "string" ? new Date(value) : value;
  if (Number.isNaN(date.getTime())) return "—";
  const parts = dayParts.formatToParts(date);
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? "";
  return `${part("year")}-${part("month")}-${part("day")}`;
}

export function today(): string {
  return DateTime.now().setZone(communityZone).toISODate() ?? "";
}
