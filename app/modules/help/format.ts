// Times on the help pages: instants in the community's time zone, and how long a step took.

const formatters = new Map<string, Intl.DateTimeFormat>();

/**
 * "2026-03-02 09:30" in `zone`. One cached Intl formatter per zone: a list renders a hundred of these, and
 * luxon's per-call setup was a visible share of the page's time. Swedish writes dates in exactly this shape.
 */
export function formatDateTime(date: Date | string, zone: string): string {
  let formatter = formatters.get(zone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat("sv-SE", {
      timeZone: zone,
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      hourCycle: "h23",
    });
    formatters.set(zone, formatter);
  }
  return formatter.format(typeof date === "string" ? new Date(date) : date);
}

/** A duration in its largest sensible unit: minutes under two hours, hours under two days, else days. */
export function durationParts(ms: number): { unit: "minutes" | "hours" | "days"; count: number } {
  const minutes = Math.max(0, Math.round(ms / 60_000));
  if (minutes < 120) return { unit: "minutes", count: minutes };
  const hours = Math.round(minutes / 60);
  if (hours < 48) return { unit: "hours", count: hours };
  return { unit: "days", count: Math.round(hours / 24) };
}
