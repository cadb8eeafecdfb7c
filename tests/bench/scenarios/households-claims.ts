// The claim queue at full scale: an organizer's first page of pending claims (decision 022). The seed has no
// claims, so the scenario files a queue first: one pending claim per 50 households, each by its own account,
// spread over the compounds, half matched to a household and half by an address that matches none.
import { count } from "drizzle-orm";
import { schema } from "#db/client.server";
import type { BenchContext, Scenario } from "../types";

async function fileQueue(ctx: BenchContext): Promise<void> {
  const db = ctx.database.db;
  const [existing] = await db.select({ n: count() }).from(schema.householdClaims);
  if ((existing?.n ?? 0) > 0) return;
  const households = await db
    .select({ id: schema.households.id, compoundId: schema.households.compoundId })
    .from(schema.households);
  const picked = households.filter((_, i) => i % 50 === 0);
  const now = Date.now();
  for (let start = 0; start < picked.length; start += 500) {
    const chunk = picked.slice(start, start + 500);
    await ctx.database.write(async (tx) => {
      const users = await tx
        .insert(schema.users)
        .values(
          chunk.map((h, i) => ({
            email: `bench.claim.${start + i}@example.org`,
            name: `认领人 ${start + i}`,
            role: "resident" as const,
          })),
        )
        .returning({ id: schema.users.id });
      await tx.insert(schema.householdClaims).values(
        chunk.map((h, i) => ({
          userId: users[i]?.id ?? 0,
          method: i % 2 === 0 ? ("card_code" as const) : ("address" as const),
          householdId: i % 2 === 0 ? h.id : null,
          compoundId: h.compoundId,
          building: i % 2 === 0 ? null : "99",
          unit: i % 2 === 0 ? null : "1",
          room: i % 2 === 0 ? null : String(100 + i),
          memberName: `认领人 ${start + i}`,
          createdAt: new Date(now - (chunk.length - i) * 60_000),
          updatedAt: new Date(now),
        })),
      );
    });
  }
}

export default {
  kind: "http",
  name: "households.claims",
  prepare: async (ctx) => {
    await fileQueue(ctx);
    return { path: "/households/claims", headers: { cookie: await ctx.loginAs("organizer@example.org") } };
  },
} satisfies Scenario;
