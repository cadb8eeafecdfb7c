// Dates of the registry as the community reads them: calendar days in the community's time zone, the same
// on the server and in the browser so that hydration agrees.
import { DateTime } from "luxon";
import { calendarDay } from "#app/modules/dates/day";

export const communityZone = "Asia/Shanghai";

export function day(value: Date | string | null | undefined): string {
  if (!value) return "—";
  return calendarDay(value, communityZone) ?? "—";
}

export function today(): string {
  return DateTime.now().setZone(communityZone).toISODate() ?? "";
}
