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

/** The net sum of entries per account kind over movements on days in [from, to) (to the end when null). */
async function sumsByKind(from: string, to: string | null) {
  const e = schema.materialEntries;
  const a = schema.materialAccounts;
  const m = schema.materialMovements;
  const rows = await getDatabase()
    .db.select({ kind: a.kind, fen: sql<number>`sum(${e.amountFen})` })
    .from(e)
    .innerJoin(m, sql`${m.id} = ${e.movementId}`)
    .innerJoin(a, sql`${a.id} = ${e.accountId}`)
    .where(to === null ? gte(m.day, from) : and(gte(m.day, from), lt(m.day, to)))
    .groupBy(a.kind);
  const out = new Map<string, number>();
  for (const r of rows) out.set(r.kind, Number(r.fen));
  return out;
}

/** Every account kind's balance now, from the balances each account caches (`checkLedger` proves them). */
async function balancesByKind() {
  const a = schema.materialAccounts;
  const rows = await getDatabase()
    .db.select({ kind: a.kind, fen: sql<number>`sum(${a.balanceFen})` })
    .from(a)
    .groupBy(a.kind);
  return new Map(rows.map((r) => [r.kind as string, Number(r.fen)]));
}

const minus = (x: Map<string, number>, y: Map<string, number>) =>
  new Map([...new Set([...x.keys(), ...y.keys()])].map((k) => [k, (x.get(k) ?? 0) - (y.get(k) ?? 0)]));

/** Net assets: cash, bank and stock, less what the cards hold (their balances are negative). */
function netAssets(sums: Map<string, number>): number {
  return (
    (sums.get("cash") ?? 0) + (sums.get("bank") ?? 0) + (sums.get("stock") ?? 0) + (sums.get("card") ?? 0)
  );
}

/**
 * The ledger's version: its newest movement's id. Entries and balances change only with a new movement (they are
 * never edited), and one writer at a time allots ids in order, so the same version is the same ledger.
 */
async function ledgerVersion(): Promise<number> {
  const [row] = await getDatabase()
    .db.select({ id: sql<number>`coalesce(max(${schema.materialMovements.id}), 0)` })
    .from(schema.materialMovements);
  return Number(row?.id ?? 0);
}

/**
 * Statements already computed, per database (tests switch them) and month, with the ledger version they were
 * read at (a few months at most).
 */
const computedIn = new WeakMap<object, Map<string, { version: number; statement: Statement }>>();

/**
 * The month's statement. A month's sums read every entry of that month (a credit run alone posts one movement
 * per card), so a statement is kept until the ledger changes: the version is read first, so a movement posted
 * while the sums are read makes the next call compute afresh.
 */
export async function monthlyStatement(month: string): Promise<Statement> {
  const database = getDatabase();
  let computed = computedIn.get(database);
  if (!computed) computedIn.set(database, (computed = new Map()));
  const version = await ledgerVersion();
  const kept = computed.get(month);
  if (kept && kept.version === version) return kept.statement;
  const statement = await computeStatement(month);
  computed.delete(month);
  computed.set(month, { version, statement });
  if (computed.size > 24) computed.delete(computed.keys().next().value ?? "");
  return statement;
}

async function computeStatement(month: string): Promise<Statement> {
  const { from, to } = monthBounds(month);
  // Balances at the month's end and start are today's balances less what came after: only the entries from the
  // month's first day on are read (through the day index), not the ledger's whole history.
  const [now, during, after, [count]] = await Promise.all([
    balancesByKind(),
    sumsByKind(from, to),
    sumsByKind(to, null),
    getDatabase()
      .db.select({ n: sql<number>`count(*)` })
      .from(schema.materialMovements)
      .where(and(gte(schema.materialMovements.day, from), lt(schema.materialMovements.day, to))),
  ]);
  // The start is the end less the month, so the statement adds up whatever is posted while it is read.
  const untilEnd = minus(now, after);
  const before = minus(untilEnd, during);
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
