// The monthly credit run at full scale: a love card for every household (30,000 at full scale), then the
// month's run timed; a second start must credit nobody. Budget (DESIGN/issue 18): ≤ 10 s, and the second run 0.
import { eq } from "drizzle-orm";
import { schema } from "#db/client.server";
import type { CustomScenario } from "../types";
import { runMonthlyCredits } from "#app/modules/material/credits.server";
import { checkLedger } from "#app/modules/material/ledger.server";
import { newCardNumber } from "#app/modules/material/card-number";

export default {
  kind: "custom",
  name: "material.creditRun",
  async run(ctx) {
    const { database } = ctx;
    const admin = await database.db.query.users.findFirst({
      where: eq(schema.users.email, "admin@example.org"),
      columns: { id: true },
    });
    // Every household gets a card (not only the hardship ledgers), so the run meets the budget's 30,000.
    const households = await database.db.select({ id: schema.households.id }).from(schema.households);
    for (let i = 0; i < households.length; i += 2000) {
      const chunk = households.slice(i, i + 2000);
      await database.write(async (tx) => {
        const cards = await tx
          .insert(schema.materialCards)
          .values(chunk.map((h) => ({ number: newCardNumber(), householdId: h.id, issuedAt: new Date() })))
          .onConflictDoNothing()
          .returning({ id: schema.materialCards.id });
        if (cards.length > 0)
          await tx
            .insert(schema.materialAccounts)
            .values(cards.map((c) => ({ kind: "card" as const, cardId: c.id })));
      });
    }
    // Households of level "none" are credited only through their priority groups; give them a floor for the run.
    await database.writeAtomic((db) =>
      db
        .insert(schema.materialSettings)
        .values({ id: 1, creditHardshipFen: 5000, creditExtremeFen: 10000 })
        .onConflictDoNothing(),
    );
    const month = "2099-01";
    const t0 = performance.now();
    const first = await runMonthlyCredits(admin?.id ?? null, { month });
    const seconds = (performance.now() - t0) / 1000;
    const t1 = performance.now();
    const second = await runMonthlyCredits(admin?.id ?? null, { month });
    const secondSeconds = (performance.now() - t1) / 1000;
    const check = await checkLedger(database.db);
    if (second.credited !== 0 || !check.ok)
      throw new Error(`material.creditRun: second run credited ${second.credited}, ledger ok ${check.ok}`);
    return {
      reqPerSec: first.credited / seconds,
      p50Ms: seconds * 1000,
      p95Ms: seconds * 1000,
      p99Ms: seconds * 1000,
      extra: {
        cards: households.length,
        credited: first.credited,
        seconds: Number(seconds.toFixed(2)),
        secondRunSeconds: Number(secondSeconds.toFixed(2)),
        secondRunCredited: second.credited,
      },
    };
  },
} satisfies CustomScenario;
