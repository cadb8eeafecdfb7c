// How long a visit really took, for its service hours: the recorded duration, else from arrival to departure,
// else the planned time. Kept apart so the visit's own timing (arrived/left) can change without touching hours.

interface VisitTiming {
  durationMinutes?: number | null;
  arrivedAt?: Date | null;
  leftAt?: Date | null;
  startsAt: Date;
  endsAt: Date;
}

const minute = 60_000;

/** Whole minutes of service a visit gives, within the entry's range (1–1440). */
export function visitServiceMinutes(visit: VisitTiming): number {
  const onSpot =
    visit.arrivedAt && visit.leftAt && visit.leftAt > visit.arrivedAt
      ? Math.round((visit.leftAt.getTime() - visit.arrivedAt.getTime()) / minute)
      : null;
  const planned = Math.round((visit.endsAt.getTime() - visit.startsAt.getTime()) / minute);
  const minutes = visit.durationMinutes ?? onSpot ?? planned;
  return Math.min(1440, Math.max(1, minutes));
}
