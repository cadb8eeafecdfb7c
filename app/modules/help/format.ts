// How long a step of a help request took, in words (instants are formatted by app/modules/dates/day.ts).

/** A duration in its largest sensible unit: minutes under two hours, hours under two days, else days. */
export function durationParts(ms: number): { unit: "minutes" | "hours" | "days"; count: number } {
  const minutes = Math.max(0, Math.round(ms / 60_000));
  if (minutes < 120) return { unit: "minutes", count: minutes };
  const hours = Math.round(minutes / 60);
  if (hours < 48) return { unit: "hours", count: hours };
  return { unit: "days", count: Math.round(hours / 24) };
}
