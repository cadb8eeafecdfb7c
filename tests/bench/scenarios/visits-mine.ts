// visits.mine: the visit list of the volunteer who leads the most visits at full scale (to record, and the
// first page of upcoming ones).
import { sql } from "drizzle-orm";
import type { Scenario } from "../types";

const scenario: Scenario = {
  kind: "http",
  name: "visits.mine",
  async prepare(ctx) {
    const [volunteer] = await ctx.database.db.all<{ email: string }>(sql`
      SELECT u.email FROM visits v JOIN users u ON u.id = v.lead_volunteer_id
      WHERE u.disabled_at IS NULL
      GROUP BY u.id ORDER BY count(*) DESC, u.id LIMIT 1`);
    if (!volunteer) throw new Error("visits.mine needs seeded visits");
    return { path: "/visits", headers: { cookie: await ctx.loginAs(volunteer.email) } };
  },
};

export default scenario;
