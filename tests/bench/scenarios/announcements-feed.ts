// announcements.feed: the demo resident's feed at full scale — the announcements aimed at their household
// among a year of them, newest first, with unread marks.
import type { Scenario } from "../types";

export default [
  {
    kind: "http",
    name: "announcements.feed",
    prepare: async (ctx) => ({
      path: "/announcements",
      headers: { cookie: await ctx.loginAs("resident@example.org") },
    }),
  },
] satisfies Scenario[];
