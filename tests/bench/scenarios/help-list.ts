// The organizer's help-request list at full scale (all of their compounds, open ones first), and a filtered one.
import type { Scenario } from "../types";

export default [
  {
    kind: "http",
    name: "help.list",
    prepare: async (ctx) => ({
      path: "/help",
      headers: { cookie: await ctx.loginAs("organizer@example.org") },
    }),
  },
  {
    kind: "http",
    name: "help.list-filtered",
    prepare: async (ctx) => ({
      path: "/help?status=new&age=month",
      headers: { cookie: await ctx.loginAs("organizer@example.org") },
    }),
  },
] satisfies Scenario[];
