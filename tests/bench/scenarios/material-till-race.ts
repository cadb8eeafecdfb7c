// 200 sales POSTed at once to the till on the running server, all on one love card that holds exactly enough
// for 50: exactly 50 must be charged (a redirect to the receipt), the other 150 refused with "insufficient
// balance" (400), no other answer, and the ledger must still sum to zero. Wrong counts fail the run.
import { eq } from "drizzle-orm";
import { schema } from "#db/client.server";
import { percentile } from "../harness";
import type { CustomScenario } from "../types";
import { activeCardOf, issueMissingCards } from "#app/modules/material/cards.server";
import { checkLedger } from "#app/modules/material/ledger.server";
import { actorByEmail, holdExactly } from "../material";

const racers = 200;
const price = 1000;

export default {
  kind: "custom",
  name: "material.tillRace",
  async run(ctx) {
    const { database } = ctx;
    const [household] = await database.db
      .select({ id: schema.households.id, compoundId: schema.households.compoundId })
      .from(schema.households)
      .where(eq(schema.households.hardshipLevel, "extreme"))
      .limit(1);
    if (!household) throw new Error("material.tillRace: no extreme-hardship household");
    const admin = await actorByEmail(database, "admin@example.org");
    await issueMissingCards(admin, household.compoundId, null);
    const card = await activeCardOf(household.id);
    if (!card) throw new Error("material.tillRace: no card");
    // Exactly enough for 50, whatever the demo's monthly credit put on the card before.
    await holdExactly(database, card, household.id, 50 * price);

    const cookie = await ctx.loginAs("admin@example.org");
    const latencies: number[] = [];
    const started = performance.now();
    const runId = Date.now();
    const answers = await Promise.all(
      Array.from({ length: racers }, async (_, i) => {
        const t0 = performance.now();
        try {
          const response = await fetch(`${ctx.baseUrl}/till`, {
            method: "POST",
            headers: { cookie, origin: ctx.baseUrl, "content-type": "application/x-www-form-urlencoded" },
            body: `card=${card.number}&amount=${price / 100}&key=bench-race-${runId}-${i}`,
            redirect: "manual",
          });
          // A refusal is the till page again, its action data naming the error.
          const body = await response.text();
          if (response.status === 302 || response.status === 303) return "sold";
          if (response.status === 400 && body.includes("till.error.insufficientBalance")) return "refused";
          return `HTTP ${response.status}`;
        } catch (error) {
          return error instanceof Error ? error.message : "network";
        } finally {
          latencies.push(performance.now() - t0);
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    const sold = answers.filter((a) => a === "sold").length;
    const refused = answers.filter((a) => a === "refused").length;
    const other = answers.filter((a) => a !== "sold" && a !== "refused");
    const check = await checkLedger(database.db);
    if (sold !== 50 || refused !== racers - 50 || !check.ok)
      throw new Error(
        `material.tillRace: ${sold} sold, ${refused} refused for insufficient balance (of ${racers}), ` +
          `other answers: ${[...new Set(other)].join(", ") || "none"}, ledger ok ${check.ok}`,
      );
    latencies.sort((a, b) => a - b);
    return {
      reqPerSec: racers / seconds,
      p50Ms: percentile(latencies, 50),
      p95Ms: percentile(latencies, 95),
      p99Ms: percentile(latencies, 99),
      extra: { sold, refused, errors: other.length },
    };
  },
} satisfies CustomScenario;
