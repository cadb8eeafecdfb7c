// A visit's times as the community writes them (a day and two clock times in its zone) to and from UTC instants.
import { DateTime } from "luxon";

/** The instant of `date` at `time` in `zone`; null when that is no real time (a bad date, a DST gap). */
export function zonedInstant(date: string, time: string, zone: string): Date | null {
  const at = DateTime.fromFormat(`${date} ${time}`, "yyyy-MM-dd HH:mm", { zone });
  if (!at.isValid) return null;
  // Luxon moves a time that falls in a DST gap forward; such a time was never on the clock.
  if (at.toFormat("yyyy-MM-dd HH:mm") !== `${date} ${time}`) return null;
  return at.toJSDate();
}

/** The form fields for an instant pair, for prefilling a reschedule form. */
export function zonedFields(start: Date | string, end: Date | string, zone: string) {
  const s = DateTime.fromJSDate(new Date(start), { zone });
  const e = DateTime.fromJSDate(new Date(end), { zone });
  return { date: s.toFormat("yyyy-MM-dd"), startTime: s.toFormat("HH:mm"), endTime: e.toFormat("HH:mm") };
}

/** "2026-12-01 周二 09:00–10:00" in `zone` and the reader's language. */
export function formatVisitTime(
  start: Date | string,
  end: Date | string,
  zone: string,
  locale: string,
): string {
  const s = DateTime.fromJSDate(new Date(start), { zone }).setLocale(locale);
  const e = DateTime.fromJSDate(new Date(end), { zone });
  return `${s.toFormat("yyyy-MM-dd")} ${s.toFormat("ccc")} ${s.toFormat("HH:mm")}–${e.toFormat("HH:mm")}`;
}
