// The material-help main pages: the till as its cashier opens it (volunteer4, compound 1), the till with a
// card looked up (the masked name and the balance, read through the audited reader), and the month's fund
// statement as the treasurer reads it.
import { and, eq, sql } from "drizzle-orm";
import { schema } from "#db/client.server";
import { page, type Scenario } from "../types";

const cashier = "volunteer4@example.org";

export default [
  page("till", "/till", { as: cashier }),
  page(
    "till.card",
    async (ctx) => {
      const [card] = await ctx.database.db
        .select({ number: schema.materialCards.number })
        .from(schema.materialCards)
        .innerJoin(schema.households, eq(schema.households.id, schema.materialCards.householdId))
        .innerJoin(schema.users, eq(schema.users.email, cashier))
        .where(
          and(
            eq(schema.materialCards.status, "active"),
            sql`${schema.households.compoundId} = ${schema.users.compoundId}`,
          ),
        )
        .limit(1);
      if (!card) throw new Error("till.card: no active love card in the cashier's compound");
      return `/till?card=${card.number}`;
    },
    { as: cashier },
  ),
  page("fund.statement", "/fund/statement", { as: "organizer@example.org" }),
] satisfies Scenario[];
