// The monthly credit run: every household with an active love card is credited its month's amount by the rules
// in the material settings, exactly once per household and month. The key `credit:<month>:<household>` is
// unique on the movement, so each household's credit is one conditional insert; a batch of households is one
// transaction (movements, entries, balances, audit, notices), so a run that crashes leaves whole batches and
// a second start credits only what the first did not.
import { and, between, eq, gt, inArray, sql } from "drizzle-orm";
import { appOrigin } from "#app/config.server";
import { getDatabase, schema, type Tx } from "#db/client.server";
import { can, type Actor, type DutyFacts } from "#app/modules/auth/policy";
import { audit } from "#app/modules/audit/audit.server";
import { notifyAccount } from "#app/modules/notifications/reach.server";
import { smsNumberFor } from "#app/modules/notifications/preferences.server";
import { enqueueSms } from "#app/modules/notifications/sms.server";
import { fundAccountIds } from "./ledger.server";
import { creditAmountSql, type CreditRules } from "./households.server";
import { getMaterialSettings } from "./settings.server";
import { communityClock, monthPattern } from "./clock.server";

export interface CreditRunResult {
  month: string;
  credited: number;
  totalFen: number;
  /** Households with a card whose credit this month was already there. */
  alreadyCredited: number;
}

const batchSize = 2000;

export type StartedRun =
  { ok: true; result: CreditRunResult } | { ok: false; error: "forbidden" | "notThisMonth" };

/**
 * A run started by a person: only someone allowed `card.creditRun`, and only for the community's current month
 * (the month the form showed; a form left open across midnight at the month's end is refused, not run for
 * the new month). Any other month would credit every card again, as often as asked.
 */
export async function startCreditRun(
  actor: Actor & DutyFacts,
  month: string,
  ip: string | null,
): Promise<StartedRun> {
  if (!can(actor, "card.creditRun", actor)) return { ok: false, error: "forbidden" };
  if (month !== (await communityClock()).month) return { ok: false, error: "notThisMonth" };
  return { ok: true, result: await runMonthlyCredits(actor.id, { month, ip }) };
}

/** Runs the month's credits (`month` YYYY-MM, the current month by default). Safe to start twice. */
export async function runMonthlyCredits(
  actorId: number | null,
  options: { month?: string; ip?: string | null; batchSize?: number; at?: Date } = {},
): Promise<CreditRunResult> {
  // `at` dates the run back, for the demo's month of sales; a run started by a person is always now.
  const clock = await communityClock(options.at);
  const month = options.month ?? clock.month;
  if (!monthPattern.test(month)) throw new Error(`not a month: ${month}`);
  const settings = await getMaterialSettings();
  const rules: CreditRules = {
    hardshipFen: settings.creditHardshipFen,
    extremeFen: settings.creditExtremeFen,
    priorityExtraFen: settings.creditPriorityExtraFen,
    ceilingFen: settings.creditCeilingFen,
  };
  const result: CreditRunResult = { month, credited: 0, totalFen: 0, alreadyCredited: 0 };
  let afterCardId = 0;
  for (;;) {
    const batch = await getDatabase().write((tx) =>
      creditBatch(tx, {
        month,
        rules,
        afterCardId,
        limit: options.batchSize ?? batchSize,
        actorId,
        clock,
        ip: options.ip ?? null,
      }),
    );
    result.credited += batch.credited;
    result.totalFen += batch.totalFen;
    result.alreadyCredited += batch.skipped;
    if (batch.lastCardId === null) break;
    afterCardId = batch.lastCardId;
  }
  return result;
}

async function creditBatch(
  tx: Tx,
  args: {
    month: string;
    rules: CreditRules;
    afterCardId: number;
    limit: number;
    actorId: number | null;
    clock: { at: Date; day: string };
    ip: string | null;
  },
): Promise<{ credited: number; totalFen: number; skipped: number; lastCardId: number | null }> {
  const cards = schema.materialCards;
  const window = await tx
    .select({ id: cards.id })
    .from(cards)
    .where(and(eq(cards.status, "active"), gt(cards.id, args.afterCardId)))
    .orderBy(cards.id)
    .limit(args.limit);
  const last = window.at(-1);
  if (!last) return { credited: 0, totalFen: 0, skipped: 0, lastCardId: null };
  const first = window[0]?.id ?? last.id;
  const monthKey = args.month.replace("-", "");
  // One statement: a credit movement for each card of the window whose household has none this month.
  const inserted = await tx.all<{
    id: number;
    card_id: number;
    total_fen: number;
    household_id: number;
    compound_id: number | null;
  }>(sql`
    INSERT INTO material_movements
      (kind, document_no, idempotency_key, memo, actor_id, at, day, household_id, compound_id, card_id, total_fen)
    SELECT 'card_credit', 'CR' || ${monthKey} || '-' || h.id, 'credit:' || ${args.month} || ':' || h.id,
           ${args.month}, ${args.actorId}, ${args.clock.at.getTime()}, ${args.clock.day}, h.id, h.compound_id, c.id,
           ${creditAmountSql("h", args.rules)} AS amount
    FROM material_cards c JOIN households h ON h.id = c.household_id
    WHERE c.status = 'active' AND c.id BETWEEN ${first} AND ${last.id} AND amount > 0
    ON CONFLICT DO NOTHING
    RETURNING id, card_id, total_fen, household_id, compound_id`);
  const skipped = window.length - inserted.length;
  if (inserted.length === 0) return { credited: 0, totalFen: 0, skipped, lastCardId: last.id };

  const fund = await fundAccountIds(tx);
  const creditsAccount = fund.get("card_credits");
  if (creditsAccount === undefined) throw new Error("no card_credits account");
  const ids = inserted.map((m) => m.id);
  const lo = Math.min(...ids);
  const hi = Math.max(...ids);
  const creditWhere = sql`m.kind = 'card_credit' AND m.id BETWEEN ${lo} AND ${hi} AND m.day = ${args.clock.day} AND m.idempotency_key LIKE ${`credit:${args.month}:%`}`;
  // Two entries per movement: the card's account is credited, the fund's credits expense debited.
  await tx.run(sql`
    INSERT INTO material_entries (movement_id, account_id, amount_fen)
    SELECT m.id, a.id, -m.total_fen FROM material_movements m JOIN material_accounts a ON a.card_id = m.card_id
    WHERE ${creditWhere}
    UNION ALL
    SELECT m.id, ${creditsAccount}, m.total_fen FROM material_movements m WHERE ${creditWhere}`);
  await tx.run(sql`
    UPDATE material_accounts SET balance_fen = balance_fen - (
      SELECT m.total_fen FROM material_movements m WHERE m.card_id = material_accounts.card_id AND ${creditWhere}),
      updated_at = ${args.clock.at.getTime()}
    WHERE card_id IN (SELECT m.card_id FROM material_movements m WHERE ${creditWhere})`);
  const totalFen = inserted.reduce((sum, m) => sum + m.total_fen, 0);
  await tx
    .update(schema.materialAccounts)
    .set({ balanceFen: sql`${schema.materialAccounts.balanceFen} + ${totalFen}`, updatedAt: args.clock.at })
    .where(eq(schema.materialAccounts.id, creditsAccount));
  await audit(tx, {
    actorId: args.actorId,
    action: "material.card_credit",
    targetType: "material_movement",
    targetId: `${lo}-${hi}`,
    ip: args.ip,
    details: { month: args.month, count: inserted.length, totalFen, firstMovementId: lo, lastMovementId: hi },
  });
  await tellHouseholds(tx, inserted, args.month);
  return { credited: inserted.length, totalFen, skipped, lastCardId: last.id };
}

/** Each resident with an account in a credited household is told of the credit (one email per credit). */
async function tellHouseholds(
  tx: Tx,
  credited: readonly { id: number; household_id: number; total_fen: number; compound_id: number | null }[],
  month: string,
): Promise<void> {
  const byHousehold = new Map(credited.map((c) => [c.household_id, c]));
  const residents = await tx
    .select({
      householdId: schema.householdMembers.householdId,
      userId: schema.users.id,
      email: schema.users.email,
      name: schema.users.name,
      locale: schema.users.locale,
    })
    .from(schema.householdMembers)
    .innerJoin(schema.users, eq(schema.users.id, schema.householdMembers.userId))
    .where(
      and(
        inArray(schema.householdMembers.householdId, [...byHousehold.keys()]),
        sql`${schema.users.disabledAt} IS NULL`,
      ),
    );
  for (const r of residents) {
    const credit = byHousehold.get(r.householdId);
    if (!credit) continue;
    await notifyAccount(tx, {
      userId: r.userId,
      email: r.email,
      template: "material.credited",
      data: { name: r.name, month, amountFen: credit.total_fen, url: `${appOrigin()}/me` },
      locale: r.locale,
      key: `material:credit:${credit.id}:${r.userId}`,
    });
    // By text too where the resident chose texts for love card credits (decision 025).
    const phone = await smsNumberFor(tx, r.userId, "lovecard");
    if (phone)
      await enqueueSms(tx, {
        key: `material:credit:${credit.id}:${r.userId}:sms`,
        to: phone,
        template: "loveCardCredit",
        data: { month, amount: (credit.total_fen / 100).toFixed(2) },
        locale: r.locale,
        userId: r.userId,
        compoundId: credit.compound_id,
      });
  }
}

/** Whether the month's run has credited anyone yet, and how much in all, for the run's page. */
export async function creditRunSummary(month: string) {
  const [row] = await getDatabase()
    .db.select({
      count: sql<number>`count(*)`,
      totalFen: sql<number>`coalesce(sum(${schema.materialMovements.totalFen}), 0)`,
    })
    .from(schema.materialMovements)
    .where(
      and(
        eq(schema.materialMovements.kind, "card_credit"),
        between(
          schema.materialMovements.documentNo,
          `CR${month.replace("-", "")}-`,
          `CR${month.replace("-", "")}.`,
        ),
      ),
    );
  return { count: Number(row?.count ?? 0), totalFen: Number(row?.totalFen ?? 0) };
}
