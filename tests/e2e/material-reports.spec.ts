// The fund's reports page: the treasurer sees the month's charts and tables (each chart an image with a title,
// its table beside it), the page has no serious accessibility violation at a phone's and a desk's width, every
// table downloads as one XLSX of several sheets, and a resident is refused the page and the file.
import ExcelJS from "exceljs";
import { readFile } from "node:fs/promises";
import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";
import { expect, test } from "#tests/e2e/fixtures";

async function expectNoSeriousAxeViolations(page: Page) {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21aa"]).analyze();
  const serious = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(
    serious.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`),
  ).toEqual([]);
}

test("the treasurer reads the month's reports, downloads them as XLSX, and the page is accessible", async ({
  page,
  loginAs,
}) => {
  await loginAs("organizer@example.org");
  await page.goto("/fund");
  await page.getByRole("link", { name: "帮扶报表" }).click();
  await expect(page).toHaveURL(/\/fund\/reports\?month=\d{4}-\d{2}$/);
  await expect(page.getByRole("heading", { name: "帮扶报表", level: 1 })).toBeVisible();
  // Five charts, each an image named by its title, each beside a table.
  await expect(page.getByRole("img")).toHaveCount(5);
  await expect(page.getByRole("img", { name: /各小区得到的帮扶/ })).toBeVisible();
  await expect(page.getByRole("heading", { name: "领取最多的物品", exact: false })).toBeVisible();
  // The demo's sales took goods this month, and its credits left cards holding money.
  await expect(
    page
      .getByRole("region", { name: /领取最多的物品/ })
      .locator("tbody tr")
      .first(),
  ).toBeVisible();
  await expect(
    page.getByRole("region", { name: "爱心卡余额未用的家庭" }).locator("tbody tr").first(),
  ).toBeVisible();

  for (const width of [390, 1280]) {
    await page.setViewportSize({ width, height: 900 });
    await expectNoSeriousAxeViolations(page);
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    expect(overflow, `no sideways scrolling at ${width}px`).toBeLessThanOrEqual(0);
    await page.screenshot({ path: test.info().outputPath(`reports-${width}.png`), fullPage: true });
  }

  const downloading = page.waitForEvent("download");
  await page.getByRole("link", { name: "下载全部表格（XLSX）" }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/\.xlsx$/);
  const workbook = new ExcelJS.Workbook();
  const bytes = await readFile((await download.path()) ?? "");
  await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  expect(workbook.worksheets.map((s) => s.name)).toEqual([
    "按小区",
    "按困难程度",
    "按优先群体",
    "按月份",
    "爱心卡余额未用的家庭",
    "领取最多的物品",
  ]);
  expect(workbook.worksheets[0]?.getRow(1).getCell(1).value).toBe("小区");
});

test("a resident is refused the reports and their file", async ({ page, loginAs }) => {
  await loginAs("resident@example.org");
  const response = await page.goto("/fund/reports");
  expect(response?.status()).toBe(403);
  const file = await page.request.get("/fund/reports/export");
  expect(file.status()).toBe(403);
});
