// The household registry at full scale: an organizer's filtered list (level and need, sorted by due date,
// a later page) and a name-prefix search across every compound by an admin.
import type { Scenario } from "../types";

export default [
  {
    kind: "http",
    name: "households.list",
    prepare: async (ctx) => ({
      path: "/households?level=hardship&need=employment&sort=due&page=3",
      headers: { cookie: await ctx.loginAs("organizer@example.org") },
    }),
  },
  {
    kind: "http",
    name: "households.search",
    prepare: async (ctx) => ({
      path: `/households?q=${encodeURIComponent("王")}`,
      headers: { cookie: await ctx.loginAs("admin@example.org") },
    }),
  },
] satisfies Scenario[];
