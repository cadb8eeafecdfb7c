// roster.tree: the linkage tree of the tier-1 cadre with the most people under them, as that cadre sees it.
import { sql } from "drizzle-orm";
import type { Scenario } from "../types";

const scenario: Scenario = {
  kind: "http",
  name: "roster.tree",
  async prepare(ctx) {
    const [cadre] = await ctx.database.db.all<{ email: string }>(sql`
      WITH RECURSIVE t(root, id) AS (
        SELECT id, id FROM users WHERE role = 'volunteer' AND volunteer_tier = 1 AND disabled_at IS NULL
        UNION ALL
        SELECT t.root, u.id FROM users u JOIN t ON u.supervisor_id = t.id
      )
      SELECT r.email FROM t JOIN users r ON r.id = t.root GROUP BY r.id ORDER BY count(*) DESC, r.id LIMIT 1`);
    if (!cadre) throw new Error("roster.tree needs a seeded tier-1 cadre");
    return { path: "/roster?view=tree", headers: { cookie: await ctx.loginAs(cadre.email) } };
  },
};

export default scenario;
