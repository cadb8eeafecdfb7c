// What the help led to, per compound, for the cockpit (issue 19): course seats filled and completion, residents
// whose employment goal was met after a course, agreement goals met by domain, the love-card credit issued and
// spent this month, volunteer hours this month and the volunteers who served, and the fund's net balance. Each
// is a GROUP BY over the compounds asked; courses held elsewhere in town and the fund belong to the community.
import { sql, type SQL } from "drizzle-orm";
import { DateTime } from "luxon";
import { db } from "#db/client.server";
import { fundNetFen } from "#app/modules/material/ledger.server";
import { monthBounds } from "#app/modules/material/clock.server";
import { calendarDay } from "#app/modules/dates/day";

export interface Outcomes {
  /** Seats of the courses open or running (published or closed to enrolment), and those taken. */
  seatsCapacity: number;
  seatsTaken: number;
  /** Places in courses finished in the last twelve months, and of them those completed. */
  placesFinished: number;
  placesCompleted: number;
  /** Residents who completed a course and whose household's employment goal was met after it. */
  employedAfterCourse: number;
  /** Goals being worked on (on an active pairing) or met, and met, by domain. */
  goalsEmployment: number;
  goalsEmploymentMet: number;
  goalsMedical: number;
  goalsMedicalMet: number;
  goalsSchooling: number;
  goalsSchoolingMet: number;
  /** Love-card credit put on cards and spent at the till this month, net of reversals, in fen. */
  creditsIssuedFen: number;
  creditsSpentFen: number;
  /** Service minutes this month (pending or confirmed) and the volunteers who served them. */
  volunteerMinutes: number;
  activeVolunteers: number;
}

export const emptyOutcomes = (): Outcomes => ({
  seatsCapacity: 0,
  seatsTaken: 0,
  placesFinished: 0,
  placesCompleted: 0,
  employedAfterCourse: 0,
  goalsEmployment: 0,
  goalsEmploymentMet: 0,
  goalsMedical: 0,
  goalsMedicalMet: 0,
  goalsSchooling: 0,
  goalsSchoolingMet: 0,
  creditsIssuedFen: 0,
  creditsSpentFen: 0,
  volunteerMinutes: 0,
  activeVolunteers: 0,
});

const goalKeys = {
  employment: ["goalsEmployment", "goalsEmploymentMet"],
  medical: ["goalsMedical", "goalsMedicalMet"],
  schooling: ["goalsSchooling", "goalsSchoolingMet"],
} as const;

/** `compound_id IN (…)`, or also the rows of no compound when the community as a whole is asked. */
function ofCompounds(column: SQL, ids: readonly number[], community: boolean): SQL {
  const listed = sql`${column} IN (${sql.join(
    ids.map((id) => sql`${id}`),
    sql`, `,
  )})`;
  if (ids.length === 0) return community ? sql`${column} IS NULL` : sql`0`;
  return community ? sql`(${listed} OR ${column} IS NULL)` : listed;
}

/** Love-card movements of [from, to) by compound and month: credit put on cards and spent, reversals netted. */
export function cardMoneyRows(from: string, to: string, ids: readonly number[], community: boolean) {
  return db().all<{ compoundId: number | null; month: string; issued: number; spent: number }>(sql`
    SELECT m.compound_id AS compoundId, substr(m.day, 1, 7) AS month,
      coalesce(sum(CASE coalesce(o.kind, m.kind) WHEN 'card_credit'
        THEN CASE WHEN m.kind = 'reversal' THEN -m.total_fen ELSE m.total_fen END END), 0) AS issued,
      coalesce(sum(CASE coalesce(o.kind, m.kind) WHEN 'card_sale'
        THEN CASE WHEN m.kind = 'reversal' THEN -m.total_fen ELSE m.total_fen END END), 0) AS spent
    FROM material_movements m LEFT JOIN material_movements o ON o.id = m.reverses_id
    WHERE m.kind IN ('card_credit', 'card_sale', 'reversal') AND m.day >= ${from} AND m.day < ${to}
      AND coalesce(o.kind, m.kind) IN ('card_credit', 'card_sale')
      AND ${ofCompounds(sql`m.compound_id`, ids, community)}
    GROUP BY m.compound_id, substr(m.day, 1, 7)`);
}

export interface OutcomeCount {
  byCompound: Map<number, Outcomes>;
  total: Outcomes;
  /** The fund's net (cash, bank and stock less what cards still hold), in fen; only for the community. */
  fundNetFen: number | null;
}

/**
 * The outcomes of `ids`' compounds at `now`; with `community`, the total also counts what belongs to no
 * compound (courses held elsewhere in town, hours of no compound) and the fund's balance.
 */
export async function countOutcomes(
  ids: readonly number[],
  community: boolean,
  timeZone: string,
  now: Date,
): Promise<OutcomeCount> {
  const local = DateTime.fromJSDate(now, { zone: timeZone });
  const monthStart = local.startOf("month");
  const month = calendarDay(now, timeZone)?.slice(0, 7) ?? local.toFormat("yyyy-MM");
  const { from, to } = monthBounds(month);
  const yearAgo = local.minus({ months: 12 }).toMillis();
  const inIds = (column: SQL) => ofCompounds(column, ids, false);
  const [seats, places, employed, goals, money, hours, servedTotal, fundNet] = await Promise.all([
    db().all<{ compoundId: number | null; capacity: number; taken: number }>(sql`
      SELECT compound_id AS compoundId, sum(capacity) AS capacity, sum(seats_taken) AS taken FROM courses
      WHERE status IN ('published', 'closed') AND ${ofCompounds(sql`compound_id`, ids, community)}
      GROUP BY compound_id`),
    db().all<{ compoundId: number | null; finished: number; completed: number }>(sql`
      SELECT c.compound_id AS compoundId, count(*) AS finished, sum(e.status = 'completed') AS completed
      FROM courses c JOIN enrollments e ON e.course_id = c.id
      WHERE c.status = 'finished' AND c.ends_at >= ${yearAgo} AND e.status IN ('enrolled', 'completed', 'no_show')
        AND ${ofCompounds(sql`c.compound_id`, ids, community)}
      GROUP BY c.compound_id`),
    db().all<{ compoundId: number; n: number }>(sql`
      SELECT h.compound_id AS compoundId, count(DISTINCT e.member_id) AS n
      FROM enrollments e
      JOIN household_members hm ON hm.id = e.member_id
      JOIN households h ON h.id = hm.household_id
      WHERE e.status = 'completed' AND e.completed_at IS NOT NULL AND ${inIds(sql`h.compound_id`)}
        AND EXISTS (SELECT 1 FROM pairings p
          JOIN agreements a ON a.pairing_id = p.id
          JOIN agreement_goals g ON g.agreement_id = a.id
          WHERE p.household_id = h.id AND g.domain = 'employment' AND g.status = 'achieved'
            AND g.updated_at >= e.completed_at)
      GROUP BY h.compound_id`),
    // A goal carried over to a new helper stays open on the ended pairing too: count open goals of active
    // pairings only, and met goals wherever they were met.
    db().all<{ compoundId: number; domain: string; worked: number; met: number }>(sql`
      SELECT h.compound_id AS compoundId, g.domain AS domain,
        sum(g.status = 'achieved' OR (g.status IN ('open', 'in_progress') AND p.status = 'active')) AS worked,
        sum(g.status = 'achieved') AS met
      FROM agreement_goals g
      JOIN agreements a ON a.id = g.agreement_id
      JOIN pairings p ON p.id = a.pairing_id
      JOIN households h ON h.id = p.household_id
      WHERE g.domain IN ('employment', 'medical', 'schooling') AND ${inIds(sql`h.compound_id`)}
      GROUP BY h.compound_id, g.domain`),
    cardMoneyRows(from, to, ids, community),
    db().all<{ compoundId: number | null; minutes: number; volunteers: number }>(sql`
      SELECT compound_id AS compoundId, sum(minutes) AS minutes, count(DISTINCT volunteer_id) AS volunteers
      FROM service_hours
      WHERE served_at >= ${monthStart.toMillis()} AND served_at < ${monthStart.plus({ months: 1 }).toMillis()}
        AND status IN ('pending', 'confirmed') AND ${ofCompounds(sql`compound_id`, ids, community)}
      GROUP BY compound_id`),
    // A volunteer serving in two compounds is one volunteer in the total.
    db().all<{ n: number }>(sql`
      SELECT count(DISTINCT volunteer_id) AS n FROM service_hours
      WHERE served_at >= ${monthStart.toMillis()} AND served_at < ${monthStart.plus({ months: 1 }).toMillis()}
        AND status IN ('pending', 'confirmed') AND ${ofCompounds(sql`compound_id`, ids, community)}`),
    community ? fundNetFen() : null,
  ]);

  const byCompound = new Map<number, Outcomes>(ids.map((id) => [id, emptyOutcomes()]));
  const total = emptyOutcomes();
  /** Adds to the compound's figures (when it is one of `ids`) and to the total. */
  const add = (compoundId: number | null, key: keyof Outcomes, value: number) => {
    const own = compoundId === null ? undefined : byCompound.get(compoundId);
    if (own) own[key] += value;
    if (own || community) total[key] += value;
  };
  for (const r of seats) {
    add(r.compoundId, "seatsCapacity", Number(r.capacity));
    add(r.compoundId, "seatsTaken", Number(r.taken));
  }
  for (const r of places) {
    add(r.compoundId, "placesFinished", Number(r.finished));
    add(r.compoundId, "placesCompleted", Number(r.completed));
  }
  for (const r of employed) add(r.compoundId, "employedAfterCourse", Number(r.n));
  for (const r of goals) {
    const keys = goalKeys[r.domain as keyof typeof goalKeys];
    if (!keys) continue;
    add(r.compoundId, keys[0], Number(r.worked));
    add(r.compoundId, keys[1], Number(r.met));
  }
  for (const r of money) {
    add(r.compoundId, "creditsIssuedFen", Number(r.issued));
    add(r.compoundId, "creditsSpentFen", Number(r.spent));
  }
  for (const r of hours) {
    add(r.compoundId, "volunteerMinutes", Number(r.minutes));
    add(r.compoundId, "activeVolunteers", Number(r.volunteers));
  }
  total.activeVolunteers = Number(servedTotal[0]?.n ?? 0);
  return { byCompound, total, fundNetFen: fundNet };
}
