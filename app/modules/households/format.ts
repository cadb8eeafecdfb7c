// Dates of the registry as the community reads them: calendar days in the community's time zone, the same
// on the server and in the browser so that hydration agrees.
import { DateTime } from "luxon";

export const communityZone = "Asia/Shanghai";

export function day(value: Date | string | null | undefined): string {
  if (!value) return "—";
  const dt = typeof value === "string" ? DateTime.fromISO(value) : DateTime.fromJSDate(value);
  return dt.setZone(communityZone).toISODate() ?? "—";
}

export function today(): string {
  return DateTime.now().setZone(communityZone).toISODate() ?? "";
}
