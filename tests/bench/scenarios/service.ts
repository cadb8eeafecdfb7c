// Service hours and the team view (issue 17): the hours page of the volunteer with the most entries (the
// busiest by pairings when none has any), and the team view of the tier-2 cadre with the most people under them.
import { sql } from "drizzle-orm";
import { page, type BenchContext } from "../types";

async function busiestVolunteer(ctx: BenchContext): Promise<string> {
  const [volunteer] = await ctx.database.db.all<{ email: string }>(sql`
    SELECT u.email FROM users u
    WHERE u.role = 'volunteer' AND u.disabled_at IS NULL
    ORDER BY (SELECT count(*) FROM service_hours h WHERE h.volunteer_id = u.id) DESC,
      (SELECT count(*) FROM pairings p WHERE p.volunteer_id = u.id AND p.status = 'active') DESC, u.id
    LIMIT 1`);
  if (!volunteer) throw new Error("service.hours needs a seeded volunteer");
  return volunteer.email;
}

async function largestTeam(ctx: BenchContext): Promise<string> {
  const [cadre] = await ctx.database.db.all<{ email: string }>(sql`
    WITH RECURSIVE t(root, id) AS (
      SELECT id, id FROM users WHERE role = 'volunteer' AND volunteer_tier = 2 AND disabled_at IS NULL
      UNION ALL
      SELECT t.root, u.id FROM users u JOIN t ON u.supervisor_id = t.id
    )
    SELECT r.email FROM t JOIN users r ON r.id = t.root GROUP BY r.id ORDER BY count(*) DESC, r.id LIMIT 1`);
  if (!cadre) throw new Error("team.view needs a seeded tier-2 cadre");
  return cadre.email;
}

export default [
  page("service.hours", "/service", { as: busiestVolunteer }),
  page("team.view", "/team", { as: largestTeam }),
];
