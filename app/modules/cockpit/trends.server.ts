// Twelve months of the cockpit's figures, from the records' own times: visits done, help requests asked and
// resolved, the hardship households with a helper at each month's end, course places completed, agreement
// goals met, love-card credit issued and spent, and volunteer minutes. Each series is one indexed range scan
// that sums into twelve month buckets per compound in SQL, so the page reads twelve numbers, not a year of rows.
import { and, gte, inArray, lt, sql, type SQL } from "drizzle-orm";
import { DateTime } from "luxon";
import type { SQLiteColumn } from "drizzle-orm/sqlite-core";
import { db, schema } from "#db/client.server";
import { getSettings } from "#app/modules/settings/settings.server";
import { monthBounds } from "#app/modules/material/clock.server";
import { cardMoneyRows } from "./outcomes.server";

export { trendSeries, type TrendSeries } from "./series";
import { trendSeries, type TrendSeries } from "./series";

export type Trends = {
  /** "YYYY-MM", oldest first; the last is the current month. */
  months: string[];
} & Record<TrendSeries, number[]>;

export const monthCount = 12;

/** The month starts (monthCount + 1 of them, the last being next month's) in the community's zone. */
function boundaries(now: Date, zone: string): Date[] {
  const first = DateTime.fromJSDate(now, { zone })
    .startOf("month")
    .minus({ months: monthCount - 1 });
  return Array.from({ length: monthCount + 1 }, (_, i) => first.plus({ months: i }).toJSDate());
}

/** The twelve "YYYY-MM" months up to `now`'s, oldest first. */
export function trendMonths(now: Date, zone: string): string[] {
  return boundaries(now, zone)
    .slice(0, monthCount)
    .map((b) => DateTime.fromJSDate(b, { zone }).toFormat("yyyy-MM"));
}

/** `sum(column in month k)` for each month, as one select list. */
function buckets(column: SQL | SQLiteColumn, bounds: Date[]) {
  return Object.fromEntries(
    bounds
      .slice(0, monthCount)
      .map((from, i) => [
        `m${i}`,
        sql<number>`coalesce(sum(${column} >= ${from.getTime()} AND ${column} < ${bounds[i + 1]?.getTime() ?? 0}), 0)`,
      ]),
  );
}

function series(row: Record<string, unknown> | undefined): number[] {
  return Array.from({ length: monthCount }, (_, i) => Number(row?.[`m${i}`] ?? 0));
}

export function emptyTrends(months: string[]): Trends {
  const zero = () => Array<number>(monthCount).fill(0);
  return {
    months,
    ...(Object.fromEntries(trendSeries.map((key) => [key, zero()])) as Record<TrendSeries, number[]>),
  };
}

/** Adds `from` into `into`, series by series. */
export function addTrends(into: Trends, from: Trends): Trends {
  for (const key of trendSeries) into[key] = into[key].map((x, i) => x + (from[key][i] ?? 0));
  return into;
}

/** Each compound's twelve months (every one of `compoundIds`, zeros included). */
export async function trendsByCompound(
  compoundIds: readonly number[],
  now = new Date(),
): Promise<{ months: string[]; byCompound: Map<number, Trends> }> {
  const { timeZone } = await getSettings();
  const bounds = boundaries(now, timeZone);
  const months = trendMonths(now, timeZone);
  const byCompound = new Map<number, Trends>(compoundIds.map((id) => [id, emptyTrends(months)]));
  if (compoundIds.length === 0) return { months, byCompound };
  const from = bounds[0] ?? now;
  const to = bounds[monthCount] ?? now;
  const ids = [...compoundIds];
  const v = schema.visits;
  const r = schema.helpRequests;
  const p = schema.pairings;
  const h = schema.households;
  const e = schema.enrollments;
  const c = schema.courses;
  const s = schema.serviceHours;
  // A month's end is the next month's start; the current month's is now.
  const ends = bounds.slice(1).map((b, i) => (i === monthCount - 1 ? now : b));
  const active = Object.fromEntries(
    ends.map((end, i) => [
      `m${i}`,
      sql<number>`coalesce(sum(${p.startedAt} < ${end.getTime()} AND (${p.endedAt} IS NULL OR ${p.endedAt} >= ${end.getTime()})), 0)`,
    ]),
  );
  const countedHours = inArray(s.status, ["pending", "confirmed"]);
  const [visits, asked, resolved, paired, completed, goals, money, minutes] = await Promise.all([
    db()
      .select({ compoundId: v.compoundId, ...buckets(v.startsAt, bounds) })
      .from(v)
      .where(
        and(inArray(v.compoundId, ids), gte(v.startsAt, from), lt(v.startsAt, to), sql`${v.status} = 'done'`),
      )
      .groupBy(v.compoundId),
    db()
      .select({ compoundId: r.compoundId, ...buckets(r.createdAt, bounds) })
      .from(r)
      .where(and(inArray(r.compoundId, ids), gte(r.createdAt, from), lt(r.createdAt, to)))
      .groupBy(r.compoundId),
    db()
      .select({ compoundId: r.compoundId, ...buckets(r.resolvedAt, bounds) })
      .from(r)
      .where(and(inArray(r.compoundId, ids), gte(r.resolvedAt, from), lt(r.resolvedAt, to)))
      .groupBy(r.compoundId),
    db()
      .select({ compoundId: h.compoundId, ...active })
      .from(p)
      .innerJoin(h, sql`${h.id} = ${p.householdId}`)
      .where(
        and(
          inArray(h.compoundId, ids),
          inArray(h.hardshipLevel, ["extreme", "hardship"]),
          sql`${p.role} = 'primary'`,
          lt(p.startedAt, now),
          sql`(${p.endedAt} IS NULL OR ${p.endedAt} >= ${from.getTime()})`,
        ),
      )
      .groupBy(h.compoundId),
    db()
      .select({ compoundId: c.compoundId, ...buckets(e.completedAt, bounds) })
      .from(e)
      .innerJoin(c, sql`${c.id} = ${e.courseId}`)
      .where(and(inArray(c.compoundId, ids), gte(e.completedAt, from), lt(e.completedAt, to)))
      .groupBy(c.compoundId),
    db().all<Record<string, number> & { compoundId: number }>(sql`
      SELECT h.compound_id AS compoundId, ${sql.join(
        bounds
          .slice(0, monthCount)
          .map(
            (start, i) =>
              sql`coalesce(sum(g.updated_at >= ${start.getTime()} AND g.updated_at < ${bounds[i + 1]?.getTime() ?? 0}), 0) AS ${sql.raw(`m${i}`)}`,
          ),
        sql`, `,
      )}
      FROM agreement_goals g
      JOIN agreements a ON a.id = g.agreement_id
      JOIN pairings p ON p.id = a.pairing_id
      JOIN households h ON h.id = p.household_id
      WHERE g.status = 'achieved' AND g.updated_at >= ${from.getTime()} AND g.updated_at < ${to.getTime()}
        AND h.compound_id IN (${sql.join(
          ids.map((id) => sql`${id}`),
          sql`, `,
        )})
      GROUP BY h.compound_id`),
    cardMoneyRows(monthBounds(months[0] ?? "").from, monthBounds(months.at(-1) ?? "").to, ids, false),
    db()
      .select({
        compoundId: s.compoundId,
        ...Object.fromEntries(
          bounds
            .slice(0, monthCount)
            .map((start, i) => [
              `m${i}`,
              sql<number>`coalesce(sum(CASE WHEN ${s.servedAt} >= ${start.getTime()} AND ${s.servedAt} < ${bounds[i + 1]?.getTime() ?? 0} THEN ${s.minutes} END), 0)`,
            ]),
        ),
      })
      .from(s)
      .where(and(inArray(s.compoundId, ids), gte(s.servedAt, from), lt(s.servedAt, to), countedHours))
      .groupBy(s.compoundId),
  ]);
  const fill = (key: TrendSeries, rows: ({ compoundId: number | null } & Record<string, unknown>)[]) => {
    for (const row of rows) {
      const t = row.compoundId === null ? undefined : byCompound.get(row.compoundId);
      if (t) t[key] = series(row);
    }
  };
  fill("visitsDone", visits);
  fill("helpAsked", asked);
  fill("helpResolved", resolved);
  fill("withHelper", paired);
  fill("coursesCompleted", completed);
  fill("goalsMet", goals);
  fill("volunteerMinutes", minutes);
  for (const row of money) {
    const t = row.compoundId === null ? undefined : byCompound.get(row.compoundId);
    const i = months.indexOf(row.month);
    if (!t || i < 0) continue;
    t.creditsIssuedFen[i] = Number(row.issued);
    t.creditsSpentFen[i] = Number(row.spent);
  }
  return { months, byCompound };
}

/** The twelve months of `compoundIds` together. */
export async function cockpitTrends(compoundIds: readonly number[], now = new Date()): Promise<Trends> {
  const { months, byCompound } = await trendsByCompound(compoundIds, now);
  return [...byCompound.values()].reduce(addTrends, emptyTrends(months));
}
