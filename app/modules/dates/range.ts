// How far back and ahead each kind of date a form takes may lie, counted in the calendar from the community's
// today: a visit in 9999 or a pairing from 1900 is a typing slip, refused beside the field with the range.
// Shared by the forms (Conform, client and server) and the modules that check again.
import { DateTime, type DurationLikeObject } from "luxon";
import { z } from "zod";
import { calendarDay } from "./day";

export const dayRanges = {
  /** A visit or a follow-up: from today to a year ahead. */
  visit: { back: {}, ahead: { years: 1 } },
  /** A pairing's start: up to five years back (paper records), not in the future. */
  pairingStart: { back: { years: 5 }, ahead: {} },
  /** A goal's due date: a month back (written down late) to five years ahead (an agreement's horizon). */
  goalDue: { back: { months: 1 }, ahead: { years: 5 } },
  /** A progress note or a signing: the past year, not the future. */
  progressNote: { back: { years: 1 }, ahead: {} },
  signing: { back: { years: 1 }, ahead: {} },
  /** A visit list's date filter: five years back (the records kept) to a year ahead (the furthest visit). */
  visitFilter: { back: { years: 5 }, ahead: { years: 1 } },
} as const satisfies Record<string, { back: DurationLikeObject; ahead: DurationLikeObject }>;

export type DayKind = keyof typeof dayRanges;

/** The community's today (YYYY-MM-DD) in `zone`. */
export function todayIn(zone: string, now = new Date()): string {
  return calendarDay(now, zone) ?? now.toISOString().slice(0, 10);
}

/** The first and last day a `kind` of date may take, for `min`/`max` and the range the form states. */
export function dayBounds(kind: DayKind, today: string): { min: string; max: string } {
  const base = DateTime.fromISO(today, { zone: "utc" });
  const { back, ahead } = dayRanges[kind];
  return {
    min: base.minus(back).toISODate() ?? today,
    max: base.plus(ahead).toISODate() ?? today,
  };
}

/** The error (an i18n key carrying the range) when `value` lies outside its range; null when inside. */
export function dayOutOfRange(value: string, kind: DayKind, today: string): string | null {
  const { min, max } = dayBounds(kind, today);
  // YYYY-MM-DD compares as text.
  return value < min || value > max ? `common:validation.dayRange|${min} – ${max}` : null;
}

/** A Zod check for a YYYY-MM-DD field of `kind`, given today: add it with `.check(...)` or `.superRefine`. */
export function dayWithin(kind: DayKind, today: string) {
  return (value: string | undefined, ctx: z.RefinementCtx) => {
    if (!value || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return;
    const error = dayOutOfRange(value, kind, today);
    if (error) ctx.addIssue({ code: "custom", message: error });
  };
}
