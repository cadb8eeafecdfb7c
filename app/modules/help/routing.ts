// Where a help request goes and when it must be acknowledged, as pure functions of the request and a clock:
// to the household's helper, else to the compound's organizers; unacknowledged past its window, one level up
// (helper → the helper's supervisor → organizers), each level with a fresh window.
import { acknowledgeWindowMs, escalationLevels, type EscalationLevel, type HelpUrgency } from "./codes";

export interface Holder {
  /** Null when the request is with the compound's organizers. */
  assignedToId: number | null;
  escalationLevel: EscalationLevel;
  acknowledgeBy: Date;
}

export function routeNewRequest(input: { urgency: HelpUrgency; helperId: number | null }, now: Date): Holder {
  const acknowledgeBy = new Date(now.getTime() + acknowledgeWindowMs(input.urgency));
  return input.helperId === null
    ? { assignedToId: null, escalationLevel: escalationLevels.organizers, acknowledgeBy }
    : { assignedToId: input.helperId, escalationLevel: escalationLevels.helper, acknowledgeBy };
}

/**
 * The next holder of a request still unacknowledged at `now`, or null when it is not yet due or already
 * with the organizers. `holderSupervisorId` is the supervisor of whoever holds it now.
 */
export function nextEscalation(
  request: {
    urgency: HelpUrgency;
    escalationLevel: number;
    acknowledgeBy: Date;
    holderSupervisorId: number | null;
  },
  now: Date,
): Holder | null {
  if (request.acknowledgeBy.getTime() > now.getTime()) return null;
  return oneLevelUp(request, now);
}

/**
 * One level up from where the request is now, whatever its deadline (the tick when it is due, staff by hand
 * at any time); null when it is with the organizers already.
 */
export function oneLevelUp(
  request: { urgency: HelpUrgency; escalationLevel: number; holderSupervisorId: number | null },
  now: Date,
): Holder | null {
  if (request.escalationLevel >= escalationLevels.organizers) return null;
  const acknowledgeBy = new Date(now.getTime() + acknowledgeWindowMs(request.urgency));
  if (request.escalationLevel === escalationLevels.helper && request.holderSupervisorId !== null)
    return {
      assignedToId: request.holderSupervisorId,
      escalationLevel: escalationLevels.supervisor,
      acknowledgeBy,
    };
  return { assignedToId: null, escalationLevel: escalationLevels.organizers, acknowledgeBy };
}

/** Milliseconds from `from` to `to`, or null while `to` has not happened. */
export function elapsedMs(from: Date, to: Date | null): number | null {
  return to === null ? null : to.getTime() - from.getTime();
}
