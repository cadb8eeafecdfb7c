// Twelve months of the cockpit's figures, from the records' own times: visits done, help requests asked and
// resolved, and the hardship households with a helper at each month's end. Each series is one indexed range
// scan that sums into twelve month buckets in SQL, so the page reads twelve numbers, not a year of rows.
import { and, gte, inArray, lt, sql, type SQL } from "drizzle-orm";
import { DateTime } from "luxon";
import type { SQLiteColumn } from "drizzle-orm/sqlite-core";
import { db, schema } from "#db/client.server";
import { getSettings } from "#app/modules/settings/settings.server";

export interface Trends {
  /** "YYYY-MM", oldest first; the last is the current month. */
  months: string[];
  visitsDone: number[];
  helpAsked: number[];
  helpResolved: number[];
  /** Hardship households (as graded today) with an active primary helper at each month's end (or now). */
  withHelper: number[];
}

const monthCount = 12;

/** The month starts (monthCount + 1 of them, the last being next month's) in the community's zone. */
function boundaries(now: Date, zone: string): Date[] {
  const first = DateTime.fromJSDate(now, { zone })
    .startOf("month")
    .minus({ months: monthCount - 1 });
  return Array.from({ length: monthCount + 1 }, (_, i) => first.plus({ months: i }).toJSDate());
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

export async function cockpitTrends(compoundIds: readonly number[], now = new Date()): Promise<Trends> {
  const { timeZone } = await getSettings();
  const bounds = boundaries(now, timeZone);
  const from = bounds[0] ?? now;
  const to = bounds[monthCount] ?? now;
  const months = bounds
    .slice(0, monthCount)
    .map((b) => DateTime.fromJSDate(b, { zone: timeZone }).toFormat("yyyy-MM"));
  if (compoundIds.length === 0) {
    const zero = Array<number>(monthCount).fill(0);
    return { months, visitsDone: zero, helpAsked: zero, helpResolved: zero, withHelper: zero };
  }
  const ids = [...compoundIds];
  const v = schema.visits;
  const r = schema.helpRequests;
  const p = schema.pairings;
  const h = schema.households;
  // A month's end is the next month's start; the current month's is now.
  const ends = bounds.slice(1).map((b, i) => (i === monthCount - 1 ? now : b));
  const active = Object.fromEntries(
    ends.map((end, i) => [
      `m${i}`,
      sql<number>`coalesce(sum(${p.startedAt} < ${end.getTime()} AND (${p.endedAt} IS NULL OR ${p.endedAt} >= ${end.getTime()})), 0)`,
    ]),
  );
  const [visits, asked, resolved, paired] = await Promise.all([
    db()
      .select(buckets(v.startsAt, bounds))
      .from(v)
      .where(
        and(inArray(v.compoundId, ids), gte(v.startsAt, from), lt(v.startsAt, to), sql`${v.status} = 'done'`),
      ),
    db()
      .select(buckets(r.createdAt, bounds))
      .from(r)
      .where(and(inArray(r.compoundId, ids), gte(r.createdAt, from), lt(r.createdAt, to))),
    db()
      .select(buckets(r.resolvedAt, bounds))
      .from(r)
      .where(and(inArray(r.compoundId, ids), gte(r.resolvedAt, from), lt(r.resolvedAt, to))),
    db()
      .select(active)
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
      ),
  ]);
  return {
    months,
    visitsDone: series(visits[0]),
    helpAsked: series(asked[0]),
    helpResolved: series(resolved[0]),
    withHelper: series(paired[0]),
  };
}
