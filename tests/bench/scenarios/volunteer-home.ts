// volunteer.home: the home page of the volunteer with the most active pairings (their households, next
// steps and goals due soon).
import { sql } from "drizzle-orm";
import type { Scenario } from "../types";

const scenario: Scenario = {
  kind: "http",
  name: "volunteer.home",
  async prepare(ctx) {
    const [volunteer] = await ctx.database.db.all<{ email: string }>(sql`
      SELECT u.email FROM pairings p JOIN users u ON u.id = p.volunteer_id
      WHERE p.status = 'active' AND u.disabled_at IS NULL
      GROUP BY u.id ORDER BY count(*) DESC, u.id LIMIT 1`);
    if (!volunteer) throw new Error("volunteer.home needs a seeded pairing");
    return { path: "/volunteer", headers: { cookie: await ctx.loginAs(volunteer.email) } };
  },
};

export default scenario;
