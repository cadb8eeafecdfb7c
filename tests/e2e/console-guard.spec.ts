import { expect, test } from "#tests/e2e/fixtures";

test.fail("fails a test whose page logs a console error", async ({ page }) => {
  await page.goto("/");
  await page.evaluate(() => console.error("something broke"));
});

test.fail("fails a test whose page throws an uncaught error", async ({ page }) => {
  await page.goto("/");
  await page.evaluate(() =>
    setTimeout(() => {
      throw new Error("uncaught in the page");
    }),
  );
  await page.waitForTimeout(100);
});

test("lets through an error the test expects", async ({ page, consoleErrors }) => {
  consoleErrors.allow(/expected by this test/);
  await page.goto("/");
  await page.evaluate(() => console.error("expected by this test"));
  await expect(page.locator("html")).toHaveAttribute("lang", "zh-CN");
});
