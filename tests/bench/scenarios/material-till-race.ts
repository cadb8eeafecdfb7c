// 200 sales POSTed at once to the till on the running server, all on one love card that holds enough for 50:
// exactly 50 must be charged (a redirect to the receipt), the other 150 refused with "insufficient balance"
// (400), no other answer, and the ledger must still sum to zero.
import { and, eq } from "drizzle-orm";
import { schema } from "#db/client.server";
import { percentile } from "../harness";
import type { CustomScenario } from "../types";
import { activeCardOf, issueMissingCards } from "#app/modules/material/cards.server";
import { checkLedger } from "#app/modules/material/ledger.server";
import { decideGrant, payGrant, proposeGrant } from "#app/modules/material/relief.server";

const racers = 200;
const price = 1000;

export default {
  kind: "custom",
  name: "material.tillRace",
  async run(ctx) {
    const { database } = ctx;
    const staff = await database.db
      .select({
        id: schema.users.id,
        email: schema.users.email,
        role: schema.users.role,
        compoundId: schema.users.compoundId,
      })
      .from(schema.users)
      .where(and(eq(schema.users.role, "admin")));
    const admin = staff.find((s) => s.email === "admin@example.org");
    if (!admin) throw new Error("material.tillRace: no admin account");
    const [household] = await database.db
      .select({ id: schema.households.id, compoundId: schema.households.compoundId })
      .from(schema.households)
      .where(eq(schema.households.hardshipLevel, "extreme"))
      .limit(1);
    if (!household) throw new Error("material.tillRace: no extreme-hardship household");
    const actor = {
      id: admin.id,
      role: admin.role,
      volunteerTier: null,
      compoundId: null,
      supervisorId: null,
      duties: [],
    };
    await issueMissingCards(actor, household.compoundId, null);
    const card = await activeCardOf(household.id);
    if (!card) throw new Error("material.tillRace: no card");
    // A second person approves: the benchmark's organizer.
    const organizer = await database.db.query.users.findFirst({
      where: eq(schema.users.email, "organizer@example.org"),
    });
    const proposed = await proposeGrant(
      actor,
      {
        householdId: household.id,
        reason: "other",
        description: "bench",
        amountFen: 50 * price,
        method: "card",
        helpRequestId: null,
      },
      null,
    );
    if (!proposed.ok || !organizer) throw new Error("material.tillRace: could not fund the card");
    await decideGrant(
      {
        id: organizer.id,
        role: organizer.role,
        volunteerTier: null,
        compoundId: null,
        supervisorId: null,
        duties: [],
      },
      proposed.grantId,
      "approve",
      null,
      null,
    );
    await payGrant(actor, proposed.grantId, null);
    const before = await database.db
      .select({ balance: schema.materialAccounts.balanceFen })
      .from(schema.materialAccounts)
      .where(eq(schema.materialAccounts.cardId, card.id));

    const cookie = await ctx.loginAs("admin@example.org");
    const latencies: number[] = [];
    const started = performance.now();
    const statuses = await Promise.all(
      Array.from({ length: racers }, async (_, i) => {
        const t0 = performance.now();
        try {
          const response = await fetch(`${ctx.baseUrl}/till`, {
            method: "POST",
            headers: { cookie, origin: ctx.baseUrl, "content-type": "application/x-www-form-urlencoded" },
            body: `card=${card.number}&amount=${price / 100}&key=bench-race-${i}-${Date.now()}`,
            redirect: "manual",
          });
          await response.arrayBuffer();
          return response.status;
        } catch {
          return 0;
        } finally {
          latencies.push(performance.now() - t0);
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    const sold = statuses.filter((s) => s === 302 || s === 303).length;
    const refused = statuses.filter((s) => s === 400).length;
    const check = await checkLedger(database.db);
    if (sold !== 50 || refused !== racers - 50 || !check.ok)
      throw new Error(
        `material.tillRace: ${sold} sold, ${refused} refused, ledger ok ${check.ok}, balance before ${before[0]?.balance}`,
      );
    latencies.sort((a, b) => a - b);
    return {
      reqPerSec: racers / seconds,
      p50Ms: percentile(latencies, 50),
      p95Ms: percentile(latencies, 95),
      p99Ms: percentile(latencies, 99),
      extra: { sold, refused, errors: racers - sold - refused },
    };
  },
} satisfies CustomScenario;
