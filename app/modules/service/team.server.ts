// The team view (tiers 1–3): the volunteers under a supervisor, at any depth, with their load, last visit,
// households overdue a visit, visits left unrecorded, agreement goals due, and hours this month. Counts only:
// no household is named, so nothing here is a read of household records.
import { sql } from "drizzle-orm";
import { db, type Queryable } from "#db/client.server";
import type { Actor } from "#app/modules/auth/policy";
import { subtreeIds } from "#app/modules/roster/linkage.server";
import { defaultCapacity } from "#app/modules/roster/codes";

export interface TeamRow {
  id: number;
  name: string;
  tier: number | null;
  supervisorName: string | null;
  load: number;
  capacity: number;
  lastVisitAt: Date | null;
  /** Paired households whose cadence says a visit is overdue. */
  overdueVisits: number;
  /** Visits of theirs that ended and were not recorded. */
  unrecorded: number;
  /** Open agreement goals of their pairings due within two weeks or past due. */
  goalsDue: number;
  monthMinutes: number;
}

const day = 86_400_000;

export async function teamOverview(
  actor: Actor,
  options: { now: Date; monthStart: Date; extremeMonths: number; hardshipMonths: number },
  q: Queryable = db(),
): Promise<TeamRow[]> {
  const ids = (await subtreeIds(actor.id, q)).filter((id) => id !== actor.id);
  if (ids.length === 0) return [];
  const now = options.now.getTime();
  const goalsBy = now + 14 * day;
  const rows = await q.all<Omit<TeamRow, "lastVisitAt"> & { lastVisitAt: number | null }>(sql`
    SELECT u.id, u.name, u.volunteer_tier AS tier, s.name AS supervisorName,
      (SELECT count(*) FROM pairings p WHERE p.volunteer_id = u.id AND p.status = 'active') AS load,
      coalesce(vp.capacity, ${defaultCapacity}) AS capacity,
      (SELECT max(v.starts_at) FROM visits v WHERE v.status = 'done' AND (v.lead_volunteer_id = u.id
        OR EXISTS (SELECT 1 FROM visit_co_visitors cv WHERE cv.visit_id = v.id AND cv.volunteer_id = u.id)))
        AS lastVisitAt,
      (SELECT count(*) FROM pairings p JOIN households h ON h.id = p.household_id
        WHERE p.volunteer_id = u.id AND p.status = 'active' AND h.status = 'active'
          AND h.hardship_level IN ('extreme', 'hardship')
          AND coalesce((SELECT max(v.starts_at) FROM visits v WHERE v.household_id = h.id AND v.status = 'done'), 0)
            < CAST(strftime('%s', ${new Date(now).toISOString()}, '-' ||
                CASE h.hardship_level WHEN 'extreme' THEN ${options.extremeMonths} ELSE ${options.hardshipMonths} END
                || ' months') AS INTEGER) * 1000) AS overdueVisits,
      (SELECT count(*) FROM visits v WHERE v.lead_volunteer_id = u.id AND v.status = 'scheduled'
        AND v.ends_at < ${now}) AS unrecorded,
      (SELECT count(*) FROM agreement_goals g JOIN agreements a ON a.id = g.agreement_id
        JOIN pairings p ON p.id = a.pairing_id
        WHERE p.volunteer_id = u.id AND p.status = 'active' AND g.status = 'open' AND g.due_at <= ${goalsBy})
        AS goalsDue,
      (SELECT coalesce(sum(e.minutes), 0) FROM service_hours e WHERE e.volunteer_id = u.id
        AND e.status IN ('pending', 'confirmed', 'disputed') AND e.served_at >= ${options.monthStart.getTime()})
        AS monthMinutes
    FROM users u
    LEFT JOIN users s ON s.id = u.supervisor_id
    LEFT JOIN volunteer_profiles vp ON vp.user_id = u.id
    WHERE u.id IN (${sql.join(
      ids.map((id) => sql`${id}`),
      sql`, `,
    )}) AND u.role = 'volunteer' AND u.disabled_at IS NULL
    ORDER BY u.volunteer_tier, u.name, u.id`);
  return rows.map((r) => ({ ...r, lastVisitAt: r.lastVisitAt === null ? null : new Date(r.lastVisitAt) }));
}
