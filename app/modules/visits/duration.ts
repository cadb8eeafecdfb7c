// A visit's real length: what was entered (or corrected, with a reason), else the time between "arrived" and
// "left", else its planned slot. Service hours (the `hours` module) count a recorded visit by this.

/** The range a duration may take, in minutes; checked here, not by the database (decision 026). */
export const durationRange = { min: 1, max: 1440 } as const;

export interface DurationFacts {
  durationMinutes: number | null;
  arrivedAt: Date | null;
  leftAt: Date | null;
  startsAt: Date;
  endsAt: Date;
}

const minutesBetween = (from: Date, to: Date) => Math.round((to.getTime() - from.getTime()) / 60_000);

/** Clamped to the range: a visit of a few seconds still counts a minute, one left open counts a day at most. */
export function clampDuration(minutes: number): number {
  return Math.min(durationRange.max, Math.max(durationRange.min, minutes));
}

/** A recorded visit's duration in minutes: duration_minutes, else left − arrived, else ends − starts. */
export function visitDurationMinutes(visit: DurationFacts): number {
  if (visit.durationMinutes !== null) return visit.durationMinutes;
  if (visit.arrivedAt && visit.leftAt && visit.leftAt > visit.arrivedAt)
    return clampDuration(minutesBetween(visit.arrivedAt, visit.leftAt));
  return clampDuration(minutesBetween(visit.startsAt, visit.endsAt));
}

export function durationInRange(minutes: number): boolean {
  return Number.isInteger(minutes) && minutes >= durationRange.min && minutes <= durationRange.max;
}
