// The till's charge under a steady stream of customers: the compound's cashier (volunteer4) POSTs a sale of
// 0.01 yuan on one love card after another, offered at 100 sales a second in an open loop (each due at its own
// time, its latency counted from then). Budget (issue 18): p95 ≤ 50 ms. Every sale must be charged (a redirect
// to its receipt), one sale movement each, and the ledger still balanced; anything else fails the run.
import { and, eq, sql } from "drizzle-orm";
import { schema } from "#db/client.server";
import { checkLedger } from "#app/modules/material/ledger.server";
import { errorText, openLoop } from "../load";
import type { CustomScenario } from "../types";

const rate = 100;
const budgetP95Ms = 50;
const cashier = "volunteer4@example.org";

export default {
  kind: "custom",
  name: "material.tillCharge",
  async run(ctx) {
    const { database } = ctx;
    const seller = await database.db.query.users.findFirst({ where: eq(schema.users.email, cashier) });
    if (!seller?.compoundId) throw new Error(`material.tillCharge: ${cashier} has no compound`);
    const seconds = Math.max(5, ctx.durationSeconds);
    // Cards of the cashier's compound holding at least a yuan (the demo's monthly credit put it there).
    const cards = await database.db
      .select({ number: schema.materialCards.number })
      .from(schema.materialCards)
      .innerJoin(schema.materialAccounts, eq(schema.materialAccounts.cardId, schema.materialCards.id))
      .innerJoin(schema.households, eq(schema.households.id, schema.materialCards.householdId))
      .where(
        and(
          eq(schema.materialCards.status, "active"),
          eq(schema.households.compoundId, seller.compoundId),
          sql`${schema.materialAccounts.balanceFen} <= -100`,
        ),
      )
      .limit(200);
    const sales = rate * (seconds + 1);
    if (cards.length === 0 || cards.length * 100 < sales)
      throw new Error(
        `material.tillCharge: ${cards.length} funded cards cannot take ${sales} sales of 1 fen`,
      );
    const countSales = async () => {
      const [row] = await database.db
        .select({ n: sql<number>`count(*)` })
        .from(schema.materialMovements)
        .where(eq(schema.materialMovements.kind, "card_sale"));
      return Number(row?.n ?? 0);
    };
    const before = await countSales();
    const cookie = await ctx.loginAs(cashier);
    const runId = Date.now();
    const target = { url: new URL("/till", ctx.baseUrl).href, headers: { cookie } };
    const charge = (round: string) => ({
      method: "POST" as const,
      headers: { origin: ctx.baseUrl, "content-type": "application/x-www-form-urlencoded" },
      body: (i: number) =>
        `card=${cards[i % cards.length]?.number ?? ""}&amount=0.01&key=bench-charge-${runId}-${round}-${i}`,
      ok: (status: number) => status === 302 || status === 303,
    });
    // A second unrecorded, as for every page, then the measured run.
    const warm = await openLoop(target, { rate, seconds: 1, request: charge("warm") });
    const measured = await openLoop(target, { rate, seconds, request: charge("run") });
    const problems = errorText({ ...warm.errors, ...measured.errors });
    const charged = (await countSales()) - before;
    const check = await checkLedger(database.db);
    if (problems || charged !== warm.completed + measured.completed || !check.ok)
      throw new Error(
        `material.tillCharge: ${problems ?? "no errors"}, ${charged} sales recorded for ` +
          `${warm.completed + measured.completed} answered, ledger ok ${check.ok}`,
      );
    return {
      reqPerSec: measured.completed / seconds,
      rate,
      p50Ms: measured.p50Ms,
      p95Ms: measured.p95Ms,
      p99Ms: measured.p99Ms,
      extra: {
        sales: measured.completed,
        cards: cards.length,
        ...(measured.maxInFlight > 50 ? { inFlight: measured.maxInFlight } : {}),
        ...(measured.maxSendLagMs > 50 ? { clientLagMs: Math.round(measured.maxSendLagMs) } : {}),
      },
      over: measured.p95Ms > budgetP95Ms ? [`p95 ${budgetP95Ms} ms`] : [],
    };
  },
} satisfies CustomScenario;
