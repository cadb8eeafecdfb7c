// The home page, signed out and signed in as a volunteer (root loader with a session lookup).
import type { Scenario } from "../types";

export default [
  { kind: "http", name: "home", prepare: async () => ({ path: "/" }) },
  {
    kind: "http",
    name: "home-signed-in",
    prepare: async (ctx) => ({
      path: "/",
      headers: { cookie: await ctx.loginAs("volunteer3@example.org") },
    }),
  },
] satisfies Scenario[];
