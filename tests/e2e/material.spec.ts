// Material help end to end (issue 18): a donation of goods, the month's credit run, a grant approved by a second
// person, the month's statement; the till's sale and refund are in material-till.spec.ts (their own browser, with a
// fake camera). Each in Chinese and English, each page checked by axe. Every test makes what it counts (an item,
// a household and its card) and compares before and after: other specs, and the other project running this
// file, share the database.
import { readFile } from "node:fs/promises";
import ExcelJS from "exceljs";
import { parse } from "csv-parse/sync";
import { and, eq } from "drizzle-orm";
import { db, schema } from "#db/client.server";
import { expect, test } from "#tests/e2e/fixtures";
import {
  fenOf,
  freshHousehold,
  issueCard,
  locales,
  marker,
  readCard,
  seriousViolations,
  startCreditRun,
  tm,
  useLocale,
} from "#tests/e2e/material-helpers";

for (const locale of locales) {
  test.describe(`material help in ${locale}`, () => {
    test.beforeEach(async ({ context, baseURL }) => {
      await useLocale(context, locale, baseURL ?? "");
    });

    test("the treasurer records a donation of goods: a numbered receipt, and the goods in stock", async ({
      page,
      loginAs,
      isMobile,
    }) => {
      // At 1280 px, once: the desktop project.
      test.skip(isMobile, "the treasurer's desk is a computer");
      await loginAs("organizer@example.org");
      // An item of its own, so that no other sale or donation moves its stock while this test counts it.
      const name = `E2E ${marker(test.info().project.name, locale)}`;
      await page.goto("/supermarket");
      const newItem = page.getByRole("form", { name: tm(locale, "stock.newItem") });
      await newItem.getByLabel(tm(locale, "stock.name")).fill(name);
      await newItem.getByLabel(tm(locale, "stock.unit")).fill(locale === "en" ? "bag" : "袋");
      await newItem.getByLabel(tm(locale, "stock.priceYuan")).fill("12.50");
      await newItem.getByRole("button", { name: tm(locale, "stock.add") }).click();
      await expect(page).toHaveURL(/\/supermarket\/items\/\d+$/);
      // Its price changed on its page: the next sale's price, shown at once.
      const edit = page.getByRole("form", { name: tm(locale, "stock.editTitle") });
      await expect(edit.getByLabel(tm(locale, "stock.priceYuan"))).toHaveValue("12.50");
      await edit.getByLabel(tm(locale, "stock.priceYuan")).fill("13.00");
      await edit.getByRole("button", { name: tm(locale, "stock.save") }).click();
      await expect(page.getByRole("status")).toHaveText(tm(locale, "stock.edited"));
      await expect(page.locator("dl.facts")).toContainText("13.00");
      expect(await seriousViolations(page)).toEqual([]);
      const stockOf = async () => {
        await page.goto("/supermarket");
        const row = page.getByRole("row").filter({ has: page.getByRole("link", { name, exact: true }) });
        return Number(await row.locator("td").last().textContent());
      };
      const before = await stockOf();
      expect(before).toBe(0);
      expect(await seriousViolations(page)).toEqual([]);

      await page.goto("/fund/donations/new");
      await page.getByRole("link", { name: tm(locale, "donation.goods"), exact: true }).click();
      await expect(page).toHaveURL(/kind=goods/);
      const donor = locale === "en" ? "Harbour Grain Co." : "海港粮油公司";
      await page.getByRole("radio", { name: tm(locale, "donor.company") }).check();
      await page.getByLabel(tm(locale, "donation.donorName")).fill(donor);
      await page
        .getByLabel(tm(locale, "donation.item", { n: 1 }))
        .selectOption({ label: `${name}（${locale === "en" ? "bag" : "袋"}）` });
      await page.locator("#line-0-qty").fill("12");
      await page.locator("#line-0-value").fill("12.50");
      expect(await seriousViolations(page)).toEqual([]);
      await page.getByRole("button", { name: tm(locale, "donation.save") }).click();

      await expect(page).toHaveURL(/\/fund\/donations\/\d+$/);
      await expect(
        page.getByRole("heading", { level: 1, name: tm(locale, "donation.receipt") }),
      ).toBeVisible();
      const receipt = page.getByRole("article");
      const year = new Date().getUTCFullYear();
      const receiptNo = receipt.getByText(new RegExp(`^JZ${year}-\\d{6}$`));
      await expect(receiptNo).toBeVisible();
      await expect(receipt).toContainText(donor);
      await expect(receipt.getByRole("row", { name: new RegExp(name) })).toContainText("12");
      // 12 bags at ¥12.50.
      const value = receipt.locator("p", { hasText: tm(locale, "donation.value") }).locator("strong");
      expect(fenOf(await value.textContent())).toBe(15_000);
      await expect(page.getByRole("button", { name: tm(locale, "donation.printReceipt") })).toBeVisible();
      expect(await seriousViolations(page)).toEqual([]);

      // The receipt number is the donation's, and unique to it.
      const number = (await receiptNo.textContent()) ?? "";
      const movements = await db().query.materialMovements.findMany({
        where: eq(schema.materialMovements.documentNo, number),
      });
      expect(movements.map((m) => m.kind)).toEqual(["donation_goods"]);

      expect(await stockOf()).toBe(before + 12);
    });

    test("the month's credit run, started twice, credits each card once", async ({
      page,
      loginAs,
      isMobile,
    }) => {
      test.skip(isMobile, "run from the office");
      await loginAs("organizer@example.org");
      // The demo has credited this month already: a household new today has a card no run has credited.
      const householdId = await freshHousehold();
      const card = await issueCard(page, locale, householdId);
      // Uncredited, unless a run started by a test running beside this one has just credited it.
      const fresh = await readCard(page, locale, card.id);
      expect(fresh.entries.length).toBeLessThanOrEqual(1);

      const first = await startCreditRun(page, locale);
      expect(await seriousViolations(page)).toEqual([]);
      const credited = await readCard(page, locale, card.id);
      expect(credited.holdingFen).toBeGreaterThan(0);
      expect(credited.entries).toHaveLength(1);
      expect(credited.entries[0]?.what).toContain(tm(locale, "kind.card_credit"));
      expect(credited.entries[0]?.changeFen).toBe(credited.holdingFen);
      expect(await seriousViolations(page)).toEqual([]);

      const second = await startCreditRun(page, locale);
      // Every card credited by the first start (and all the demo's) is "already credited" the second time.
      expect(second.already).toBeGreaterThanOrEqual(first.credited + first.already);
      const again = await readCard(page, locale, card.id);
      expect(again).toEqual(credited);

      // In the ledger too: one credit movement for the household this month.
      const month = /CR(\d{6})-/.exec(credited.entries[0]?.what ?? "")?.[1];
      expect(month).toBeTruthy();
      const movements = await db().query.materialMovements.findMany({
        where: and(
          eq(schema.materialMovements.kind, "card_credit"),
          eq(schema.materialMovements.documentNo, `CR${month}-${householdId}`),
        ),
      });
      expect(movements).toHaveLength(1);
    });

    test("a relief grant needs a second person: proposed by a volunteer, approved by the approver, paid by the treasurer", async ({
      page,
      loginAs,
      baseURL,
    }) => {
      test.setTimeout(90_000);
      const origin = baseURL ?? "";
      // volunteer4 helps the demo resident's household.
      const proposer = await loginAs("volunteer4@example.org");
      const pairing = await db().query.pairings.findFirst({
        where: and(eq(schema.pairings.volunteerId, proposer.id), eq(schema.pairings.status, "active")),
      });
      expect(pairing, "volunteer4 helps a household").toBeTruthy();
      const householdId = pairing?.householdId ?? 0;

      await page.goto(`/fund/grants/new?household=${householdId}`);
      await expect(page.getByRole("heading", { level: 1, name: tm(locale, "grantNew.title") })).toBeVisible();
      const description = `${locale === "en" ? "The roof leaked in the storm" : "暴雨后屋顶漏水"} ${marker(test.info().project.name, locale)}`;
      await page
        .getByLabel(tm(locale, "grants.reason"))
        .selectOption({ label: tm(locale, "reason.disaster") });
      await page.getByLabel(tm(locale, "grantNew.description")).fill(description);
      await page.getByLabel(tm(locale, "grantNew.amount")).fill("320.00");
      await page.getByLabel(tm(locale, "grantNew.method")).selectOption({ label: tm(locale, "method.cash") });
      expect(await seriousViolations(page)).toEqual([]);
      await page.getByRole("button", { name: tm(locale, "grantNew.submit") }).click();

      await expect(page).toHaveURL(/\/fund\/grants\/\d+$/);
      const grantUrl = new URL(page.url()).pathname;
      const status = page
        .locator("dt", { hasText: tm(locale, "grants.status") })
        .locator("xpath=following-sibling::dd[1]");
      await expect(status).toHaveText(tm(locale, "grantStatus.proposed"));
      await expect(page.getByText(description)).toBeVisible();
      // The proposer is told to wait for someone else, has no way to approve, and is refused if they try.
      await expect(page.getByText(tm(locale, "grant.waitSecond"))).toBeVisible();
      await expect(page.getByRole("button", { name: tm(locale, "grant.approve"), exact: true })).toHaveCount(
        0,
      );
      expect(await seriousViolations(page)).toEqual([]);
      const selfApproval = await page.request.post(`${grantUrl}`, {
        form: { intent: "approve" },
        headers: { Origin: origin },
        maxRedirects: 0,
      });
      expect(selfApproval.status()).toBe(403);
      await page.reload();
      await expect(status).toHaveText(tm(locale, "grantStatus.proposed"));

      // volunteer2, the approver of the compound, approves.
      await loginAs("volunteer2@example.org");
      await page.goto(grantUrl);
      const decide = page.getByRole("form", { name: tm(locale, "grant.decideTitle") });
      await decide
        .getByLabel(tm(locale, "grant.note"))
        .fill(locale === "en" ? "Seen the roof" : "已入户查看");
      expect(await seriousViolations(page)).toEqual([]);
      await decide.getByRole("button", { name: tm(locale, "grant.approve"), exact: true }).click();
      await expect(status).toHaveText(tm(locale, "grantStatus.approved"));
      // Approving is not paying: the approver has no pay button.
      await expect(
        page.getByRole("button", { name: tm(locale, "grant.pay", { amount: "" }).trim() }),
      ).toHaveCount(0);

      // The treasurer pays it in cash, and the voucher prints.
      await loginAs("organizer@example.org");
      await page.goto(grantUrl);
      const pay = page.getByRole("form", { name: tm(locale, "grant.payTitle") });
      const payButton = pay.getByRole("button");
      expect(fenOf(await payButton.textContent())).toBe(32_000);
      expect(await seriousViolations(page)).toEqual([]);
      await payButton.click();
      await expect(status).toHaveText(tm(locale, "grantStatus.paid"));
      const year = new Date().getUTCFullYear();
      await expect(page.locator("dd", { hasText: new RegExp(`^FK${year}-\\d{6}`) })).toBeVisible();
      await page.getByRole("link", { name: tm(locale, "grant.voucher") }).click();
      await expect(page).toHaveURL(/\/voucher$/);
      const voucher = page.getByRole("article");
      await expect(
        voucher.getByRole("heading", { name: new RegExp(tm(locale, "grant.voucherHeading")) }),
      ).toBeVisible();
      await expect(voucher.locator("strong", { hasText: new RegExp(`^FK${year}-\\d{6}$`) })).toBeVisible();
      expect(
        fenOf(
          await voucher
            .locator("dt", { hasText: tm(locale, "grants.amount") })
            .locator("xpath=following-sibling::dd[1]")
            .textContent(),
        ),
      ).toBe(32_000);
      await expect(voucher).toContainText(
        tm(locale, "grant.signLine").replace(/\s+/g, " ").split(" ")[0] ?? "",
      );
      await expect(page.getByRole("button", { name: tm(locale, "grant.printVoucher") })).toBeVisible();
      expect(await seriousViolations(page)).toEqual([]);
    });

    test("the month's statement adds up, and downloads as XLSX and CSV", async ({
      page,
      loginAs,
      isMobile,
    }) => {
      test.skip(isMobile, "read at a desk, 1280 px");
      await loginAs("organizer@example.org");
      await page.goto("/fund/statement");
      await expect(
        page.getByRole("heading", { level: 1, name: tm(locale, "statement.title") }),
      ).toBeVisible();
      const document = page.getByRole("article");
      const rowFen = async (label: string) =>
        fenOf(
          await document
            .getByRole("row")
            .filter({ has: page.getByRole("rowheader", { name: label, exact: true }) })
            .first()
            .locator("td")
            .textContent(),
        );
      const opening = await rowFen(tm(locale, "statement.opening"));
      const income = await rowFen(tm(locale, "statement.incomeTotal"));
      const spending = await rowFen(tm(locale, "statement.spendingTotal"));
      const closing = await rowFen(tm(locale, "statement.closing"));
      expect(opening + income - spending).toBe(closing);
      // Each total is its lines', and the closing is what the fund holds less what the cards hold.
      const sumOf = async (caption: string) => {
        const cells = await document
          .getByRole("table", { name: caption })
          .locator("tbody td")
          .allTextContents();
        return cells.reduce((sum, cell) => sum + fenOf(cell), 0);
      };
      expect(await sumOf(tm(locale, "statement.income"))).toBe(income);
      expect(await sumOf(tm(locale, "statement.spending"))).toBe(spending);
      const held =
        (await rowFen(tm(locale, "statement.closingCash"))) +
        (await rowFen(tm(locale, "statement.closingBank"))) +
        (await rowFen(tm(locale, "statement.closingStock"))) +
        (await rowFen(tm(locale, "statement.closingCards")));
      expect(held).toBe(closing);
      expect(await seriousViolations(page)).toEqual([]);

      const downloading = page.waitForEvent("download");
      await page.getByRole("link", { name: tm(locale, "statement.xlsx") }).click();
      const download = await downloading;
      expect(download.suggestedFilename()).toMatch(/\d{4}-\d{2}\.xlsx$/);
      const workbook = new ExcelJS.Workbook();
      // ExcelJS types its input as an ArrayBuffer; a Buffer is what it reads (tests/support/exports.ts does the same).
      await workbook.xlsx.load((await readFile((await download.path()) ?? "")) as unknown as ArrayBuffer);
      const sheet = workbook.worksheets[0];
      const fenByLabel = new Map<string, number>();
      sheet?.eachRow((row) => {
        const label = row.getCell(1).text;
        const fen = Number(row.getCell(3).text);
        if (label && Number.isInteger(fen) && row.getCell(3).text !== "") fenByLabel.set(label, fen);
      });
      const fileFen = (key: string) => {
        const fen = fenByLabel.get(tm(locale, key));
        expect(fen, `${key} in the XLSX`).toEqual(expect.any(Number));
        return fen ?? 0;
      };
      expect(
        fileFen("statement.opening") + fileFen("statement.incomeTotal") - fileFen("statement.spendingTotal"),
      ).toBe(fileFen("statement.closing"));

      // The same export as CSV (the kit's `format=csv`), with its BOM for Excel.
      const csv = await page.request.get(`/fund/statement/export?format=csv`);
      expect(csv.status()).toBe(200);
      const bytes = await csv.body();
      expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const rows = parse(bytes.toString("utf8"), { bom: true }) as string[][];
      const csvFen = (key: string) => {
        const cell = rows.find((r) => r[0] === tm(locale, key))?.[2];
        expect(cell, `${key} in the CSV`).toMatch(/^-?\d+$/);
        return Number(cell);
      };
      expect(
        csvFen("statement.opening") + csvFen("statement.incomeTotal") - csvFen("statement.spendingTotal"),
      ).toBe(csvFen("statement.closing"));
    });
  });
}
