// The committee's monthly report: an organizer of one compound reads theirs alone (charts, each with its table),
// the page is accessible and fits a phone and a desk, prints on A4 (the PDF's pages are 595 × 842 pt), and its
// XLSX holds a sheet per section; an administrator's covers every compound and the fund; in English too; a
// volunteer is refused.
import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";
import ExcelJS from "exceljs";
import { readFile, writeFile } from "node:fs/promises";
import { expect, test } from "#tests/e2e/fixtures";

async function expectNoSeriousAxeViolations(page: Page) {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21aa"]).analyze();
  const serious = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(
    serious.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`),
  ).toEqual([]);
}

async function downloadedSheets(page: Page, link: string): Promise<string[]> {
  const downloading = page.waitForEvent("download");
  await page.getByRole("link", { name: link }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/\.xlsx$/);
  const workbook = new ExcelJS.Workbook();
  const bytes = await readFile((await download.path()) ?? "");
  await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  return workbook.worksheets.map((s) => s.name);
}

/** The size of each page of a PDF, in points, from its MediaBoxes. */
function pageSizes(pdf: Buffer): string[] {
  const text = pdf.toString("latin1");
  return [...text.matchAll(/\/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]/g)].map(
    (m) => `${Math.round(Number(m[1]))}x${Math.round(Number(m[2]))}`,
  );
}

const sections = ["结对覆盖", "走访", "求助", "培训课程", "物质帮扶", "志愿者"];

test("an organizer of one compound reads, prints and downloads their monthly report", async ({
  page,
  context,
  loginAs,
}, testInfo) => {
  await context.addCookies([{ name: "lng", value: "zh-CN", url: testInfo.project.use.baseURL ?? "" }]);
  await loginAs("organizer@example.org");
  await page.goto("/admin");
  await page.getByRole("link", { name: "月度报告" }).click();
  await expect(page).toHaveURL(/\/reports\/monthly$/);
  // Rendered by the server too, as a printed or reloaded page is (the CSP refuses inline styles there).
  await page.reload();
  const heading = page.getByRole("heading", { level: 1 });
  await expect(heading).toHaveText(/^\d{4}-\d{2} 月度报告$/);
  const month = (await heading.textContent())?.slice(0, 7) ?? "";

  for (const name of sections) await expect(page.getByRole("heading", { name, level: 2 })).toBeVisible();
  // A chart per section, named by its title; the organizer's compound alone beside the total.
  // (A chart of nothing but zeros is left out: the demo's compound has some figures in every section but two.)
  expect(await page.getByRole("img").count()).toBeGreaterThan(0);
  await expect(page.getByRole("img", { name: /结对覆盖：各小区有帮扶人/ })).toBeVisible();
  const coverage = page.getByRole("table", { name: /^结对覆盖，/ });
  await expect(coverage.locator("tbody tr")).toHaveCount(2);
  await expect(coverage.locator("tbody tr").last().getByRole("rowheader")).toHaveText("合计");
  await expect(page.getByTestId("report-fund")).toHaveCount(0);

  for (const width of [390, 1280]) {
    await page.setViewportSize({ width, height: 900 });
    await expectNoSeriousAxeViolations(page);
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    expect(overflow, `no sideways scrolling at ${width}px`).toBeLessThanOrEqual(0);
    await page.screenshot({ path: testInfo.outputPath(`monthly-report-${width}.png`), fullPage: true });
  }

  // Printed: no navigation, and every page of the PDF is A4 as the page's own @page asks.
  await page.emulateMedia({ media: "print" });
  await expect(page.locator(".site-header")).toBeHidden();
  await expect(page.getByRole("button", { name: "打印" })).toBeHidden();
  await page.screenshot({ path: testInfo.outputPath("monthly-report-print.png"), fullPage: true });
  const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true });
  const sizes = pageSizes(pdf);
  expect(sizes.length).toBeGreaterThan(0);
  expect(sizes.length, "the report prints on a few pages").toBeLessThanOrEqual(6);
  expect(new Set(sizes)).toEqual(new Set(["595x842"]));
  await writeFile(testInfo.outputPath("monthly-report.pdf"), pdf);
  await page.emulateMedia({ media: "screen" });

  expect(await downloadedSheets(page, "下载 XLSX")).toEqual(sections);

  // Another month from the picker.
  const [y = 0, m = 1] = month.split("-").map(Number);
  const before = m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, "0")}`;
  await page.getByLabel("月份").fill(before);
  await page.getByRole("button", { name: "查看" }).click();
  await expect(page).toHaveURL(new RegExp(`month=${before}$`));
  await expect(heading).toHaveText(`${before} 月度报告`);
});

test("an administrator's report covers every compound and the fund, in English", async ({
  page,
  context,
  loginAs,
}, testInfo) => {
  await context.addCookies([{ name: "lng", value: "en", url: testInfo.project.use.baseURL ?? "" }]);
  await loginAs("admin@example.org");
  await page.goto("/admin");
  await page.getByRole("link", { name: "Monthly report" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(/^Monthly report for \d{4}-\d{2}$/);
  await expect(page.getByRole("heading", { name: "Volunteers", level: 2 })).toBeVisible();
  await expect(page.getByRole("heading", { name: "The fund as a whole" })).toBeVisible();
  const visits = page.getByRole("table", { name: /^Visits, / });
  expect(await visits.locator("tbody tr").count()).toBeGreaterThan(2);
  await expectNoSeriousAxeViolations(page);
  expect(await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth)).toBe(false);
  await page.screenshot({ path: testInfo.outputPath("monthly-report-en.png"), fullPage: true });
  expect(await downloadedSheets(page, "Download XLSX")).toEqual([
    "Coverage",
    "Visits",
    "Help requests",
    "Courses",
    "Material help",
    "Volunteers",
    "The fund as a whole",
  ]);
});

test("a volunteer is refused the report and its file", async ({ page, loginAs }) => {
  await loginAs("volunteer1@example.org");
  expect((await page.request.get("/reports/monthly")).status()).toBe(403);
  expect((await page.request.get("/reports/monthly/export.xlsx")).status()).toBe(403);
});
