// Shared by the material-help specs: the page's strings in either language, amounts read back from the page,
// the accessibility check, and a fresh household with a love card of its own (so no test leans on a card or a
// total another test, or the other project running the same test, is changing).
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import AxeBuilder from "@axe-core/playwright";
import type { BrowserContext, Page } from "@playwright/test";
import { faker } from "@faker-js/faker";
import { and, eq } from "drizzle-orm";
import type zhMaterialShape from "#app/locales/zh-CN/material.json";
import { db, getDatabase, schema } from "#db/client.server";
import { insertHousehold, makeHousehold } from "#db/seed/factories";
import { expect } from "#tests/e2e/fixtures";

export type Locale = "zh-CN" | "en";
export const locales: Locale[] = ["zh-CN", "en"];

const material: Record<Locale, unknown> = {
  "zh-CN": JSON.parse(
    readFileSync(resolve("app/locales/zh-CN/material.json"), "utf8"),
  ) as typeof zhMaterialShape,
  en: JSON.parse(readFileSync(resolve("app/locales/en/material.json"), "utf8")) as typeof zhMaterialShape,
};

/**
 * The `material` string at `key` ("till.scan") in `locale`, with `{{name}}` filled from `values`. A counted
 * string is kept as i18next's plural keys (`issued_one`, `issued_other`): the one `values.count` picks.
 */
export function tm(
  locale: Locale,
  key: string,
  values: Record<string, string | number> = {},
  fill = true,
): string {
  const parts = key.split(".");
  const last = parts.pop() ?? "";
  let parent: unknown = material[locale];
  for (const part of parts) parent = (parent as Record<string, unknown> | undefined)?.[part];
  const at = (name: string) => (parent as Record<string, unknown> | undefined)?.[name];
  const plural = new Intl.PluralRules(locale).select(Number(values.count ?? 2));
  const node = at(last) ?? at(`${last}_${plural}`) ?? at(`${last}_other`);
  if (typeof node !== "string") throw new Error(`no material string ${key} in ${locale}`);
  if (!fill) return node;
  return node.replace(/\{\{(\w+)\}\}/g, (_, name: string) => String(values[name] ?? `{{${name}}}`));
}

/** A pattern for a translated sentence whose `{{…}}` values vary: the fixed text escaped, each value `(.+?)`. */
export function tmPattern(locale: Locale, key: string): RegExp {
  // A counted string may be said in its singular or plural form: either matches.
  const texts = new Set([tm(locale, key, { count: 1 }, false), tm(locale, key, { count: 2 }, false)]);
  const one = (text: string) =>
    text
      .replace(/\{\{\w+\}\}/g, "\u0000")
      .replace(/[.*+?^${}()|[\]\\]/g, "\\$&")
      .split("\u0000")
      .join("(.+?)");
  return new RegExp([...texts].map(one).join("|"));
}

/** Fen from an amount as the page shows it: "¥1,234.50", "CN¥1,234.50", "−¥3.00", "+¥10.00". */
export function fenOf(text: string | null): number {
  const cleaned = (text ?? "").replace(/\s/g, "");
  const match = /([-−])?[^\d-−]*([\d,]+)\.(\d{2})/.exec(cleaned);
  if (!match) throw new Error(`no amount in "${text}"`);
  const [, sign, whole = "0", cents = "0"] = match;
  const fen = Number(whole.replace(/,/g, "")) * 100 + Number(cents);
  return sign ? -fen : fen;
}

/** Shows the app in `locale` for the rest of the test (the `lng` cookie that `?lng=` sets). */
export async function useLocale(context: BrowserContext, locale: Locale, baseURL: string): Promise<void> {
  await context.addCookies([{ name: "lng", value: locale, url: baseURL }]);
}

/** Serious or critical axe violations on the page as it is now, as readable lines. */
export async function seriousViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21aa"]).analyze();
  return results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map(
      (v) => `${new URL(page.url()).pathname}: ${v.id} ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`,
    );
}

/** A test's own marker: which project and locale, and when. */
export function marker(project: string, locale: Locale): string {
  return `${project}-${locale}-${Date.now()}-${faker.string.alphanumeric(4)}`;
}

/**
 * A new hardship household in compound 1 at an address no one else uses (the registry is set up directly, as
 * households.spec.ts does: this spec is about material help, not the registry).
 */
export async function freshHousehold(compoundId = 1): Promise<number> {
  const address = {
    building: `E2E-${faker.string.alphanumeric(6)}`,
    unit: "1",
    room: String(faker.number.int({ min: 100, max: 999 })),
  };
  return getDatabase().write(async (tx) => {
    const { householdId } = await insertHousehold(
      tx,
      makeHousehold(faker, { compoundId, address, level: "hardship" }),
    );
    return householdId;
  });
}

/** The household's active love card, if it has one (the id for the card's pages). */
export async function activeCard(householdId: number) {
  return db().query.materialCards.findFirst({
    where: and(eq(schema.materialCards.householdId, householdId), eq(schema.materialCards.status, "active")),
  });
}

/**
 * Issues the love cards of compound 1 that are missing (among them the fresh household's), through the card
 * page as the signed-in organizer, and returns the household's card.
 */
export async function issueCard(page: Page, locale: Locale, householdId: number) {
  await page.goto("/love-card");
  const issue = page.getByRole("form", { name: tm(locale, "cards.issueTitle") });
  // Another test may have issued it (every missing card of the compound goes at once): then it is there.
  if (await issue.isVisible()) {
    await issue.getByLabel(tm(locale, "cards.issueFor")).selectOption({ index: 0 });
    await issue.getByRole("button", { name: tm(locale, "cards.issue"), exact: true }).click();
    await expect(page.getByRole("status")).toContainText(tmPattern(locale, "cards.issued"));
  }
  const card = await activeCard(householdId);
  expect(card, "the fresh household has a love card").toBeTruthy();
  return card as NonNullable<typeof card>;
}

/** Starts this month's credit run from the card page; returns the counts the page reports. */
export async function startCreditRun(page: Page, locale: Locale) {
  await page.goto("/love-card");
  const run = page.getByRole("form", { name: tm(locale, "cards.runTitle") });
  await run.getByRole("checkbox").check();
  await run.getByRole("button", { name: tmPattern(locale, "cards.run") }).click();
  const status = page.getByRole("status");
  await expect(status).toContainText(tmPattern(locale, "cards.credited"));
  const match = tmPattern(locale, "cards.credited").exec((await status.textContent()) ?? "");
  return { credited: Number(match?.[1]), already: Number(match?.[2]) };
}

/** The card's balance and its entries (what, change in fen) as its page shows them. */
export async function readCard(page: Page, locale: Locale, cardId: number) {
  await page.goto(`/love-card/${cardId}`);
  const holds = page
    .locator("dt", { hasText: tm(locale, "cards.holds") })
    .locator("xpath=following-sibling::dd[1]");
  const holdingFen = fenOf(await holds.textContent());
  const rows = await page.locator("table.material-table tbody tr").all();
  const entries = [];
  for (const row of rows) {
    const cells = await row.locator("td").allTextContents();
    entries.push({ what: cells[1] ?? "", changeFen: fenOf(cells[2] ?? "") });
  }
  return { holdingFen, entries };
}
