// Times on the help pages: instants in the community's time zone, and how long a step took.
import { DateTime } from "luxon";

export function formatDateTime(date: Date | string, zone: string): string {
  const d = typeof date === "string" ? new Date(date) : date;
  return DateTime.fromJSDate(d, { zone }).toFormat("yyyy-MM-dd HH:mm");
}

/** A duration in its largest sensible unit: minutes under two hours, hours under two days, else days. */
export function durationParts(ms: number): { unit: "minutes" | "hours" | "days"; count: number } {
  const minutes = Math.max(0, Math.round(ms / 60_000));
  if (minutes < 120) return { unit: "minutes", count: minutes };
  const hours = Math.round(minutes / 60);
  if (hours < 48) return { unit: "hours", count: hours };
  return { unit: "days", count: Math.round(hours / 24) };
}
