// The fund's monthly statement: what the fund held at the month's start (its assets less what the cards still
// hold), income by source, spending by kind, and what it held at the end. Closing = opening + income − spending
// holds because every movement sums to zero; the statement shows both sides so a reader can check it.
import { and, gte, lt, sql } from "drizzle-orm";
import { getDatabase, schema } from "#db/client.server";
import { expenseAccounts, incomeAccounts, type FundAccount } from "./codes";
import { monthBounds } from "./clock.server";
import { fenToYuanText } from "./money";
import type { getT } from "#app/modules/i18n/i18n";
import type { ExportTable } from "#app/modules/lists/export.server";

export interface Statement {
  month: string;
  openingFen: number;
  income: { account: (typeof incomeAccounts)[number]; fen: number }[];
  incomeFen: number;
  spending: { account: (typeof expenseAccounts)[number]; fen: number }[];
  spendingFen: number;
  closingFen: number;
  /** What the fund holds at the month's end, by asset, and what cards hold (owed in goods). */
  closingBy: { cash: number; bank: number; stock: number; cardsHold: number };
  movements: number;
}

/** The net sum of entries per account kind over movements on days in [from, to). */
async function sumsByKind(from: string | null, to: string) {
  const e = schema.materialEntries;
  const a = schema.materialAccounts;
  const m = schema.materialMovements;
  const rows = await getDatabase()
    .db.select({ kind: a.kind, fen: sql<number>`sum(${e.amountFen})` })
    .from(e)
    .innerJoin(m, sql`${m.id} = ${e.movementId}`)
    .innerJoin(a, sql`${a.id} = ${e.accountId}`)
    .where(from === null ? lt(m.day, to) : and(gte(m.day, from), lt(m.day, to)))
    .groupBy(a.kind);
  const out = new Map<string, number>();
  for (const r of rows) out.set(r.kind, Number(r.fen));
  return out;
}

/** Net assets: cash, bank and stock, less what the cards hold (their balances are negative). */
function netAssets(sums: Map<string, number>): number {
  return (
    (sums.get("cash") ?? 0) + (sums.get("bank") ?? 0) + (sums.get("stock") ?? 0) + (sums.get("card") ?? 0)
  );
}

export async function monthlyStatement(month: string): Promise<Statement> {
  const { from, to } = monthBounds(month);
  const [before, during, [count]] = await Promise.all([
    sumsByKind(null, from),
    sumsByKind(from, to),
    getDatabase()
      .db.select({ n: sql<number>`count(*)` })
      .from(schema.materialMovements)
      .where(and(gte(schema.materialMovements.day, from), lt(schema.materialMovements.day, to))),
  ]);
  // The end is the start plus the month, not a third read: a movement posted while the statement is read would
  // otherwise be in the closing but not in the month, and the statement would not add up.
  const untilEnd = new Map(before);
  for (const [kind, fen] of during) untilEnd.set(kind, (untilEnd.get(kind) ?? 0) + fen);
  // `0 - x`, not `-x`: an account with nothing this month is 0, never −0.
  const income = incomeAccounts.map((account) => ({ account, fen: 0 - (during.get(account) ?? 0) }));
  const spending = expenseAccounts.map((account) => ({ account, fen: during.get(account) ?? 0 }));
  const incomeFen = income.reduce((s, i) => s + i.fen, 0);
  const spendingFen = spending.reduce((s, i) => s + i.fen, 0);
  const fund = (k: FundAccount) => untilEnd.get(k) ?? 0;
  return {
    month,
    openingFen: netAssets(before),
    income,
    incomeFen,
    spending,
    spendingFen,
    closingFen: netAssets(untilEnd),
    closingBy: {
      cash: fund("cash"),
      bank: fund("bank"),
      stock: fund("stock"),
      cardsHold: 0 - (untilEnd.get("card") ?? 0),
    },
    movements: Number(count?.n ?? 0),
  };
}

/** The statement as rows of a spreadsheet: label, amount in yuan (a number, so Excel can add it up). */
export interface StatementLine {
  label: string;
  fen: number;
}

/**
 * The statement as a file: one line per item, the amount in yuan written exactly from its fen (spending as a
 * positive amount under its heading), and the fen themselves for anyone who sums in a spreadsheet.
 */
export function statementTable(
  s: Statement,
  month: string,
  t: ReturnType<typeof getT>,
): ExportTable<StatementLine> {
  const label = (key: string) => t(`material:${key}` as never);
  const lines: StatementLine[] = [
    { label: label("statement.opening"), fen: s.openingFen },
    ...s.income.map((i) => ({ label: label(`account.${i.account}`), fen: i.fen })),
    { label: label("statement.incomeTotal"), fen: s.incomeFen },
    ...s.spending.map((i) => ({ label: label(`account.${i.account}`), fen: i.fen })),
    { label: label("statement.spendingTotal"), fen: s.spendingFen },
    { label: label("statement.closing"), fen: s.closingFen },
  ];
  return {
    name: `statement-${month}`,
    title: `${t("material:statement.title")} ${month}`,
    dated: false,
    rows: lines,
    columns: [
      { header: t("material:statement.item"), cell: (l) => l.label },
      { header: t("material:statement.amountYuan"), cell: (l) => fenToYuanText(l.fen) },
      { header: t("material:statement.amountFen"), cell: (l) => l.fen },
    ],
  };
}
