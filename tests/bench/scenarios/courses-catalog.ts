// The course catalog as a signed-in resident sees it (filters off, then open seats only), and a course page.
import { and, asc, eq, gt } from "drizzle-orm";
import { schema } from "#db/client.server";
import type { Scenario } from "../types";

export default [
  {
    kind: "http",
    name: "courses.catalog",
    prepare: async (ctx) => ({
      path: "/courses",
      headers: { cookie: await ctx.loginAs("resident@example.org") },
    }),
  },
  {
    kind: "http",
    name: "courses.catalog-open-seats",
    prepare: async (ctx) => ({
      path: "/courses?open=1&kind=reemployment",
      headers: { cookie: await ctx.loginAs("resident@example.org") },
    }),
  },
  {
    kind: "http",
    name: "courses.page",
    prepare: async (ctx) => {
      const [course] = await ctx.database.db
        .select({ id: schema.courses.id })
        .from(schema.courses)
        .where(and(eq(schema.courses.status, "published"), gt(schema.courses.startsAt, new Date())))
        .orderBy(asc(schema.courses.startsAt))
        .limit(1);
      if (!course) throw new Error("courses.page: the seed has no published course");
      return {
        path: `/courses/${course.id}`,
        headers: { cookie: await ctx.loginAs("resident@example.org") },
      };
    },
  },
] satisfies Scenario[];
