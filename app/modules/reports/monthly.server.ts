// The committee's monthly report (issue 19): per compound in the reader's reach, and in total, this month
// beside last month — coverage, visits, help, courses, material help and volunteers. Months are the
// community's calendar months (settings' zone). Each figure is one GROUP BY over an indexed range of the two
// months, summed into "this" and "last" buckets in SQL; only a month's first-response times come back as rows,
// for their median. No household is named, so nothing here reads a household's record.
import { sql, type SQL } from "drizzle-orm";
import { DateTime } from "luxon";
import { db, getDatabase } from "#db/client.server";
import { audit } from "#app/modules/audit/audit.server";
import type { Actor } from "#app/modules/auth/policy";
import { compoundsOf, reachOf } from "#app/modules/auth/scope.server";
import { monthPattern, shiftMonth } from "#app/modules/material/month";
import { spendingByCompound } from "#app/modules/material/reports.server";
import { getSettings } from "#app/modules/settings/settings.server";
import type { getT } from "#app/modules/i18n/i18n";
import { sheetOf, type ExportColumn, type Sheet } from "#app/modules/lists/export.server";
import { median } from "#app/modules/cockpit/figures.server";
import { hoursOf } from "#app/modules/service/stars";
import { change, metricsOf, sectionKeys, sheetValue, type SectionKey, type Values } from "./sections";

export interface ReportRow<S extends SectionKey = SectionKey> {
  /** null for the total. */
  compoundId: number | null;
  compoundName: string;
  now: Values<S>;
  last: Values<S>;
}

export interface ReportSection<S extends SectionKey = SectionKey> {
  key: S;
  rows: ReportRow<S>[];
  total: ReportRow<S>;
}

export interface MonthlyReport {
  /** YYYY-MM, and the month before it. */
  month: string;
  previous: string;
  compounds: { id: number; name: string }[];
  sections: { [S in SectionKey]: ReportSection<S> };
  /** Donations and income into the fund, and what households received from it: community-wide readers only. */
  fund: { inFen: [number, number]; outFen: [number, number] } | null;
}

/** The earliest month the report is asked for. */
const firstMonth = "2000-01";

/** The month under way in the community's zone: the latest the picker offers. */
export async function currentMonth(now = new Date()): Promise<string> {
  const { timeZone } = await getSettings();
  return DateTime.fromJSDate(now, { zone: timeZone }).toFormat("yyyy-MM");
}

/**
 * The `month` query parameter when it is a month not in the future, else the last complete month: what the
 * committee meets about.
 */
export async function reportMonthParam(request: Request, now = new Date()): Promise<string> {
  const param = new URL(request.url).searchParams.get("month");
  const current = await currentMonth(now);
  // Before 2000 there is nothing to report, and a year like 0000 is no date at all.
  if (param && monthPattern.test(param) && param >= firstMonth && param <= current) return param;
  return shiftMonth(current, -1);
}

/** The compounds the reader's report covers: every one for admins and all-compound organizers, else theirs. */
async function reportCompounds(actor: Actor): Promise<{ id: number; name: string }[]> {
  if (actor.role !== "admin" && actor.role !== "organizer") return [];
  const covered = compoundsOf(await reachOf(actor));
  if (covered !== "all" && covered.length === 0) return [];
  const rows = await db().all<{ id: number; name: string }>(
    sql`SELECT id, name FROM compounds ${covered === "all" ? sql`` : sql`WHERE id IN (${sql.join([...covered], sql`, `)})`} ORDER BY code, id`,
  );
  return rows.map((r) => ({ id: Number(r.id), name: r.name }));
}

/** The raw sums one compound (or the total) gathers for one month. */
interface Raw {
  covered: number;
  withHelper: number;
  done: number;
  householdsVisited: number;
  unrecorded: number;
  asked: number;
  resolved: number;
  waits: number[];
  ratings: number;
  ratingSum: number;
  attendances: number;
  participants: number;
  completions: number;
  receivedFen: number;
  creditedFen: number;
  minutes: number;
  active: number;
}

const emptyRaw = (): Raw => ({
  covered: 0,
  withHelper: 0,
  done: 0,
  householdsVisited: 0,
  unrecorded: 0,
  asked: 0,
  resolved: 0,
  waits: [],
  ratings: 0,
  ratingSum: 0,
  attendances: 0,
  participants: 0,
  completions: 0,
  receivedFen: 0,
  creditedFen: 0,
  minutes: 0,
  active: 0,
});

function sectionValues(raw: Raw): { [S in SectionKey]: Values<S> } {
  const wait = median(raw.waits);
  return {
    coverage: {
      withHelper: raw.withHelper,
      covered: raw.covered,
      helperPercent: raw.covered ? Math.round((raw.withHelper / raw.covered) * 100) : null,
      unpaired: raw.covered - raw.withHelper,
    },
    visits: { done: raw.done, householdsVisited: raw.householdsVisited, unrecorded: raw.unrecorded },
    help: {
      asked: raw.asked,
      resolved: raw.resolved,
      medianResponse: wait === null ? null : Math.round(wait / 360_000) / 10,
      ratings: raw.ratings,
      rating: raw.ratings ? Math.round((raw.ratingSum / raw.ratings) * 10) / 10 : null,
    },
    courses: { attendances: raw.attendances, participants: raw.participants, completions: raw.completions },
    material: { receivedFen: raw.receivedFen, creditedFen: raw.creditedFen },
    volunteers: { hours: hoursOf(raw.minutes), active: raw.active },
  };
}

/** `sum(condition)` for this month ("n") and last month ("l"), over a time column in ms or a day column. */
function inMonths(column: SQL, bounds: { last: unknown; from: unknown; to: unknown }) {
  return {
    n: sql`(${column} >= ${bounds.from} AND ${column} < ${bounds.to})`,
    l: sql`(${column} >= ${bounds.last} AND ${column} < ${bounds.from})`,
  };
}

const num = (value: unknown) => Number(value ?? 0);

export async function monthlyReport(actor: Actor, month: string, now = new Date()): Promise<MonthlyReport> {
  const previous = shiftMonth(month, -1);
  const compounds = await reportCompounds(actor);
  const ids = compounds.map((c) => c.id);
  const all = actor.role === "admin" || compoundsOf(await reachOf(actor)) === "all";
  const { timeZone } = await getSettings();
  const start = (m: string) => DateTime.fromISO(`${m}-01`, { zone: timeZone }).startOf("month");
  const ms = {
    last: start(previous).toMillis(),
    from: start(month).toMillis(),
    to: start(shiftMonth(month, 1)).toMillis(),
  };
  const days = {
    last: `${previous}-01`,
    from: `${month}-01`,
    to: `${shiftMonth(month, 1)}-01`,
  };
  // A month's coverage is as it stood at its end, or now for the month under way.
  const endNow = Math.min(ms.to, now.getTime());
  const endLast = Math.min(ms.from, now.getTime());

  const raws = new Map<number, [Raw, Raw]>(ids.map((id) => [id, [emptyRaw(), emptyRaw()]]));
  const total: [Raw, Raw] = [emptyRaw(), emptyRaw()];
  if (ids.length === 0) return assemble(month, previous, [], raws, total, null);
  const idList = sql.join(ids, sql`, `);

  // The household's level as it stood at `end`: the level a later change replaced, else today's (history of
  // every change is kept, household_history), so that a finished month does not move when a level changes.
  const levelAt = (end: number) =>
    sql`coalesce((SELECT hh.before FROM household_history hh WHERE hh.household_id = h.id AND hh.field = 'hardshipLevel' AND hh.at >= ${end} ORDER BY hh.at LIMIT 1), h.hardship_level)`;
  const covering = (end: number) =>
    sql`(h.created_at < ${end} AND (h.closed_at IS NULL OR h.closed_at >= ${end}) AND ${levelAt(end)} IN ('extreme', 'hardship'))`;
  const helped = (end: number) =>
    sql`EXISTS (SELECT 1 FROM pairings p WHERE p.household_id = h.id AND p.role = 'primary' AND p.started_at < ${end} AND (p.ended_at IS NULL OR p.ended_at >= ${end}))`;
  const visit = inMonths(sql`v.starts_at`, ms);
  const asked = inMonths(sql`r.created_at`, ms);
  const resolved = inMonths(sql`r.resolved_at`, ms);
  const rated = inMonths(sql`r.rated_at`, ms);
  const session = inMonths(sql`s.starts_at`, ms);
  const completed = inMonths(sql`e.completed_at`, ms);
  const served = inMonths(sql`sh.served_at`, ms);
  const movement = inMonths(sql`m.day`, days);
  // A reversal counts against the month it was made in, as the material reports count it (decision 020).
  const signed = sql`(CASE WHEN m.kind = 'reversal' THEN -m.total_fen ELSE m.total_fen END)`;
  const kindOf = sql`coalesce(o.kind, m.kind)`;
  const counted = sql`sh.status IN ('pending', 'confirmed')`;

  type Row = Record<string, unknown> & { compound_id: number | null };
  const [
    coverage,
    visits,
    help,
    waits,
    attendance,
    completions,
    credits,
    hours,
    volunteers,
    received,
    receivedLast,
    fund,
  ] = await Promise.all([
    db().all<Row>(sql`
        SELECT h.compound_id,
          sum(${covering(endNow)}) AS n_covered,
          sum(${covering(endNow)} AND ${helped(endNow)}) AS n_helped,
          sum(${covering(endLast)}) AS l_covered,
          sum(${covering(endLast)} AND ${helped(endLast)}) AS l_helped
        FROM households h
        WHERE h.compound_id IN (${idList})
          AND (h.hardship_level IN ('extreme', 'hardship') OR EXISTS (SELECT 1 FROM household_history hh
            WHERE hh.household_id = h.id AND hh.field = 'hardshipLevel' AND hh.at >= ${endLast}))
          AND h.created_at < ${endNow} AND (h.closed_at IS NULL OR h.closed_at >= ${endLast})
        GROUP BY h.compound_id`),
    db().all<Row>(sql`
        SELECT v.compound_id,
          sum(${visit.n} AND v.status = 'done') AS n_done,
          sum(${visit.l} AND v.status = 'done') AS l_done,
          count(DISTINCT CASE WHEN ${visit.n} AND v.status = 'done' THEN v.household_id END) AS n_households,
          count(DISTINCT CASE WHEN ${visit.l} AND v.status = 'done' THEN v.household_id END) AS l_households,
          sum(${visit.n} AND v.status = 'scheduled' AND v.ends_at < ${now.getTime()}) AS n_unrecorded,
          sum(${visit.l} AND v.status = 'scheduled' AND v.ends_at < ${now.getTime()}) AS l_unrecorded
        FROM visits v
        WHERE v.compound_id IN (${idList}) AND v.starts_at >= ${ms.last} AND v.starts_at < ${ms.to}
        GROUP BY v.compound_id`),
    // Requests asked since last month's start, and older ones resolved or rated since: one pass each.
    db().all<Row>(sql`
        SELECT r.compound_id,
          sum(${asked.n}) AS n_asked, sum(${asked.l}) AS l_asked,
          sum(${resolved.n}) AS n_resolved, sum(${resolved.l}) AS l_resolved,
          sum(${rated.n} AND r.rating IS NOT NULL) AS n_ratings,
          sum(${rated.l} AND r.rating IS NOT NULL) AS l_ratings,
          sum(CASE WHEN ${rated.n} THEN r.rating END) AS n_rating_sum,
          sum(CASE WHEN ${rated.l} THEN r.rating END) AS l_rating_sum
        FROM help_requests r
        WHERE r.compound_id IN (${idList})
          AND (r.created_at >= ${ms.last} OR r.resolved_at >= ${ms.last} OR r.rated_at >= ${ms.last})
          AND r.created_at < ${ms.to}
        GROUP BY r.compound_id`),
    db().all<Row>(sql`
        SELECT r.compound_id, ${asked.n} AS n, r.acknowledged_at - r.created_at AS wait
        FROM help_requests r
        WHERE r.compound_id IN (${idList}) AND r.created_at >= ${ms.last} AND r.created_at < ${ms.to}
          AND r.acknowledged_at IS NOT NULL`),
    // Courses count by the participant's household's compound: where the people live, not where it is held.
    db().all<Row>(sql`
        SELECT h.compound_id,
          sum(${session.n}) AS n_attendances, sum(${session.l}) AS l_attendances,
          count(DISTINCT CASE WHEN ${session.n} THEN e.member_id END) AS n_participants,
          count(DISTINCT CASE WHEN ${session.l} THEN e.member_id END) AS l_participants
        FROM course_sessions s
        JOIN attendance a ON a.session_id = s.id AND a.present = 1
        JOIN enrollments e ON e.id = a.enrollment_id
        JOIN household_members hm ON hm.id = e.member_id
        JOIN households h ON h.id = hm.household_id
        WHERE s.starts_at >= ${ms.last} AND s.starts_at < ${ms.to} AND h.compound_id IN (${idList})
        GROUP BY h.compound_id`),
    db().all<Row>(sql`
        SELECT h.compound_id, sum(${completed.n}) AS n_completions, sum(${completed.l}) AS l_completions
        FROM enrollments e
        JOIN household_members hm ON hm.id = e.member_id
        JOIN households h ON h.id = hm.household_id
        WHERE e.completed_at >= ${ms.last} AND e.completed_at < ${ms.to} AND h.compound_id IN (${idList})
        GROUP BY h.compound_id`),
    db().all<Row>(sql`
        SELECT m.compound_id,
          sum(CASE WHEN ${movement.n} THEN ${signed} ELSE 0 END) AS n_credited,
          sum(CASE WHEN ${movement.l} THEN ${signed} ELSE 0 END) AS l_credited
        FROM material_movements m LEFT JOIN material_movements o ON o.id = m.reverses_id
        WHERE m.kind IN ('card_credit', 'reversal') AND m.day >= ${days.last} AND m.day < ${days.to}
          AND ${kindOf} = 'card_credit' AND m.compound_id IN (${idList})
        GROUP BY m.compound_id`),
    db().all<Row>(sql`
        SELECT sh.compound_id,
          sum(CASE WHEN ${served.n} THEN sh.minutes ELSE 0 END) AS n_minutes,
          sum(CASE WHEN ${served.l} THEN sh.minutes ELSE 0 END) AS l_minutes,
          count(DISTINCT CASE WHEN ${served.n} THEN sh.volunteer_id END) AS n_active,
          count(DISTINCT CASE WHEN ${served.l} THEN sh.volunteer_id END) AS l_active
        FROM service_hours sh
        WHERE sh.compound_id IN (${idList}) AND sh.served_at >= ${ms.last} AND sh.served_at < ${ms.to}
          AND ${counted}
        GROUP BY sh.compound_id`),
    // A volunteer serving two compounds counts once in the total.
    db().all<Row>(sql`
        SELECT NULL AS compound_id,
          count(DISTINCT CASE WHEN ${served.n} THEN sh.volunteer_id END) AS n_active,
          count(DISTINCT CASE WHEN ${served.l} THEN sh.volunteer_id END) AS l_active
        FROM service_hours sh
        WHERE sh.compound_id IN (${idList}) AND sh.served_at >= ${ms.last} AND sh.served_at < ${ms.to}
          AND ${counted}`),
    spendingByCompound(month),
    spendingByCompound(previous),
    all
      ? db().all<Row>(sql`
          SELECT NULL AS compound_id,
            sum(CASE WHEN ${movement.n} THEN ${signed} ELSE 0 END) AS n_in,
            sum(CASE WHEN ${movement.l} THEN ${signed} ELSE 0 END) AS l_in
          FROM material_movements m LEFT JOIN material_movements o ON o.id = m.reverses_id
          WHERE m.kind IN ('donation_cash', 'donation_goods', 'operating_income', 'reversal')
            AND m.day >= ${days.last} AND m.day < ${days.to}
            AND ${kindOf} IN ('donation_cash', 'donation_goods', 'operating_income')`)
      : Promise.resolve([]),
  ]);

  const add = (rows: readonly Row[], apply: (raw: Raw, row: Row, p: "n" | "l") => void) => {
    for (const row of rows) {
      const pair = row.compound_id === null ? undefined : raws.get(Number(row.compound_id));
      if (!pair) continue;
      apply(pair[0], row, "n");
      apply(pair[1], row, "l");
    }
  };
  add(coverage, (r, row, p) => {
    r.covered = num(row[`${p}_covered`]);
    r.withHelper = num(row[`${p}_helped`]);
  });
  add(visits, (r, row, p) => {
    r.done = num(row[`${p}_done`]);
    r.householdsVisited = num(row[`${p}_households`]);
    r.unrecorded = num(row[`${p}_unrecorded`]);
  });
  add(help, (r, row, p) => {
    r.asked = num(row[`${p}_asked`]);
    r.resolved = num(row[`${p}_resolved`]);
    r.ratings = num(row[`${p}_ratings`]);
    r.ratingSum = num(row[`${p}_rating_sum`]);
  });
  add(attendance, (r, row, p) => {
    r.attendances = num(row[`${p}_attendances`]);
    r.participants = num(row[`${p}_participants`]);
  });
  add(completions, (r, row, p) => {
    r.completions = num(row[`${p}_completions`]);
  });
  add(credits, (r, row, p) => {
    r.creditedFen = num(row[`${p}_credited`]);
  });
  add(hours, (r, row, p) => {
    r.minutes = num(row[`${p}_minutes`]);
    r.active = num(row[`${p}_active`]);
  });
  for (const row of waits) {
    const pair = raws.get(Number(row.compound_id));
    const wait = num(row.wait);
    pair?.[num(row.n) ? 0 : 1].waits.push(wait);
    total[num(row.n) ? 0 : 1].waits.push(wait);
  }
  for (const [i, bars] of [received, receivedLast].entries()) {
    for (const bar of bars) {
      const pair = raws.get(Number(bar.key));
      if (pair) pair[i === 0 ? 0 : 1].receivedFen = bar.fen;
    }
  }

  for (const [nowRaw, lastRaw] of raws.values()) {
    for (const [i, raw] of [nowRaw, lastRaw].entries()) {
      const sum = total[i === 0 ? 0 : 1];
      for (const key of Object.keys(sum) as (keyof Raw)[]) {
        if (key === "waits" || key === "active") continue;
        sum[key] += raw[key];
      }
    }
  }
  total[0].active = num(volunteers[0]?.n_active);
  total[1].active = num(volunteers[0]?.l_active);

  const fundRow = fund[0];
  return assemble(
    month,
    previous,
    compounds,
    raws,
    total,
    all
      ? {
          inFen: [num(fundRow?.n_in), num(fundRow?.l_in)],
          outFen: [total[0].receivedFen, total[1].receivedFen],
        }
      : null,
  );
}

function assemble(
  month: string,
  previous: string,
  compounds: { id: number; name: string }[],
  raws: Map<number, [Raw, Raw]>,
  total: [Raw, Raw],
  fund: MonthlyReport["fund"],
): MonthlyReport {
  const rows = compounds.map((c) => {
    const [n, l] = raws.get(c.id) ?? [emptyRaw(), emptyRaw()];
    return { compoundId: c.id, compoundName: c.name, now: sectionValues(n), last: sectionValues(l) };
  });
  const totals = { now: sectionValues(total[0]), last: sectionValues(total[1]) };
  const section = <S extends SectionKey>(key: S): ReportSection<S> => ({
    key,
    rows: rows.map((r) => ({
      compoundId: r.compoundId,
      compoundName: r.compoundName,
      now: r.now[key],
      last: r.last[key],
    })),
    total: { compoundId: null, compoundName: "", now: totals.now[key], last: totals.last[key] },
  });
  return {
    month,
    previous,
    compounds,
    sections: {
      coverage: section("coverage"),
      visits: section("visits"),
      help: section("help"),
      courses: section("courses"),
      material: section("material"),
      volunteers: section("volunteers"),
    },
    fund,
  };
}

type ReportT = ReturnType<typeof getT>;

/** The report as workbook sheets: one per section (a row per compound and the total), and the fund's. */
export function reportSheets(report: MonthlyReport, t: ReportT): Sheet[] {
  const sheets = sectionKeys.map(<S extends SectionKey>(key: S) => {
    const section = report.sections[key] as ReportSection<S>;
    const metrics = metricsOf(key);
    const columns: ExportColumn<ReportRow<S>>[] = [
      { header: t("reports:monthly.compound"), cell: (r) => r.compoundName, width: 16 },
      ...metrics.flatMap(({ key: metric, kind }): ExportColumn<ReportRow<S>>[] => {
        const name = t(`reports:monthly.metrics.${metric}` as never);
        return [
          { header: `${name} ${report.month}`, cell: (r) => sheetValue(kind, r.now[metric]) },
          { header: `${name} ${report.previous}`, cell: (r) => sheetValue(kind, r.last[metric]) },
          {
            header: `${name} ${t("reports:monthly.change")}`,
            cell: (r) => sheetValue(kind, change(r.now[metric], r.last[metric])),
          },
        ];
      }),
    ];
    return sheetOf({
      name: key,
      title: t(`reports:monthly.sections.${key}` as never),
      columns,
      rows: [...section.rows, { ...section.total, compoundName: t("reports:monthly.total") }],
    });
  });
  if (report.fund) {
    const { inFen, outFen } = report.fund;
    const rows = [
      { label: t("reports:monthly.fund.in"), fen: inFen },
      { label: t("reports:monthly.fund.out"), fen: outFen },
    ];
    sheets.push(
      sheetOf({
        name: "fund",
        title: t("reports:monthly.fund.title"),
        columns: [
          { header: t("reports:monthly.sheet.metric"), cell: (r) => r.label, width: 24 },
          { header: report.month, cell: (r) => r.fen[0] / 100 },
          { header: report.previous, cell: (r) => r.fen[1] / 100 },
          { header: t("reports:monthly.change"), cell: (r) => (r.fen[0] - r.fen[1]) / 100 },
        ],
        rows,
      }),
    );
  }
  return sheets;
}

/** A download of the report is logged, with its month and compounds, as every export is. */
export async function recordReportDownload(
  actor: Actor,
  report: MonthlyReport,
  ip: string | null,
): Promise<void> {
  await getDatabase().writeAtomic((d) =>
    audit(d, {
      actorId: actor.id,
      action: "report.exported",
      targetType: "report",
      ip,
      details: { month: report.month, compounds: report.compounds.map((c) => c.id) },
    }),
  );
}
