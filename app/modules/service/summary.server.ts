// What a volunteer's record adds up to: confirmed and waiting minutes by month and by year in the community's
// calendar, the star level held and what the next needs. One volunteer's entries are a few hundred a year, so
// they are summed here rather than grouped in SQL across time zones.
import { and, desc, eq, inArray, sql } from "drizzle-orm";
import { DateTime } from "luxon";
import { db, schema, type Queryable } from "#db/client.server";
import { calendarDay } from "#app/modules/dates/day";
import { nextStar, starLevelFor } from "./stars";

const sh = schema.serviceHours;

export interface PeriodTotal {
  /** "2026-03" or "2026". */
  period: string;
  confirmed: number;
  waiting: number;
}

export interface ServiceSummary {
  confirmedMinutes: number;
  /** Pending or disputed: not counted yet. */
  waitingMinutes: number;
  thisMonthMinutes: number;
  level: number;
  next: ReturnType<typeof nextStar>;
  byMonth: PeriodTotal[];
  byYear: PeriodTotal[];
}

function add(map: Map<string, PeriodTotal>, period: string, confirmed: number, waiting: number) {
  const total = map.get(period) ?? { period, confirmed: 0, waiting: 0 };
  total.confirmed += confirmed;
  total.waiting += waiting;
  map.set(period, total);
}

export async function serviceSummary(
  volunteerId: number,
  timeZone: string,
  now = new Date(),
  q: Queryable = db(),
): Promise<ServiceSummary> {
  const rows = await q
    .select({ servedAt: sh.servedAt, minutes: sh.minutes, status: sh.status })
    .from(sh)
    .where(and(eq(sh.volunteerId, volunteerId), inArray(sh.status, ["pending", "confirmed", "disputed"])));
  const months = new Map<string, PeriodTotal>();
  const years = new Map<string, PeriodTotal>();
  const thisMonth = (calendarDay(now, timeZone) ?? "").slice(0, 7);
  let confirmedMinutes = 0;
  let waitingMinutes = 0;
  let thisMonthMinutes = 0;
  for (const row of rows) {
    const day = calendarDay(row.servedAt, timeZone) ?? "";
    const confirmed = row.status === "confirmed" ? row.minutes : 0;
    const waiting = row.minutes - confirmed;
    confirmedMinutes += confirmed;
    waitingMinutes += waiting;
    if (day.startsWith(thisMonth)) thisMonthMinutes += row.minutes;
    add(months, day.slice(0, 7), confirmed, waiting);
    add(years, day.slice(0, 4), confirmed, waiting);
  }
  const newestFirst = (a: PeriodTotal, b: PeriodTotal) => b.period.localeCompare(a.period);
  return {
    confirmedMinutes,
    waitingMinutes,
    thisMonthMinutes,
    level: starLevelFor(confirmedMinutes),
    next: nextStar(confirmedMinutes),
    byMonth: [...months.values()].sort(newestFirst).slice(0, 24),
    byYear: [...years.values()].sort(newestFirst),
  };
}

/** The first instant of the month `now` falls in, in `timeZone`. */
export function monthStart(now: Date, timeZone: string): Date {
  return DateTime.fromJSDate(now, { zone: timeZone }).startOf("month").toJSDate();
}

/** The volunteer home's star entry: the level held, hours confirmed, and a thank-you for a level reached lately. */
export async function homeStars(volunteerId: number, now = new Date(), q: Queryable = db()) {
  const [minutes, latest] = await Promise.all([
    q
      .select({ minutes: sql<number>`coalesce(sum(${sh.minutes}), 0)` })
      .from(sh)
      .where(and(eq(sh.volunteerId, volunteerId), eq(sh.status, "confirmed")))
      .then((rows) => rows[0]?.minutes ?? 0),
    q
      .select({ level: schema.volunteerStars.level, reachedAt: schema.volunteerStars.reachedAt })
      .from(schema.volunteerStars)
      .where(eq(schema.volunteerStars.userId, volunteerId))
      .orderBy(desc(schema.volunteerStars.level))
      .limit(1)
      .then((rows) => rows[0] ?? null),
  ]);
  const thanksFor = 30 * 86_400_000;
  return {
    level: starLevelFor(minutes),
    confirmedMinutes: minutes,
    next: nextStar(minutes),
    reached: latest && now.getTime() - latest.reachedAt.getTime() < thanksFor ? latest : null,
  };
}
