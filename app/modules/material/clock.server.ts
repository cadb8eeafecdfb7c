// The community's day and month for a moment: what a cashier's day, a statement's month and a credit run's
// month are counted in (settings' time zone, UTC stored).
import { calendarDay } from "#app/modules/dates/day";
import { getSettings } from "#app/modules/settings/settings.server";
import { monthPattern } from "./month";

export { monthPattern };

export interface LocalClock {
  at: Date;
  /** YYYY-MM-DD in the community's zone. */
  day: string;
  /** YYYY-MM. */
  month: string;
  zone: string;
}

export async function communityClock(at = new Date()): Promise<LocalClock> {
  const { timeZone } = await getSettings();
  const day = calendarDay(at, timeZone) ?? at.toISOString().slice(0, 10);
  return { at, day, month: day.slice(0, 7), zone: timeZone };
}

/** "2026-12" → its first day and the first day of the next month, as YYYY-MM-DD (days compare as text). */
export function monthBounds(month: string): { from: string; to: string } {
  const [y = 0, m = 1] = month.split("-").map(Number);
  const next = m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, "0")}`;
  return { from: `${month}-01`, to: `${next}-01` };
}

/** The `month` query parameter of a request when it is a month, else the current one. */
export async function monthParam(request: Request): Promise<string> {
  const param = new URL(request.url).searchParams.get("month");
  return param && monthPattern.test(param) ? param : (await communityClock()).month;
}
