import { expect, test } from "#tests/e2e/fixtures";

// The guard belongs to the harness, not to a screen size: once is enough.
test.skip(({ isMobile }) => isMobile, "checked on the desktop project");

test.fail("fails a test whose page logs a console error", async ({ page }) => {
  await page.goto("/");
  await Promise.all([page.waitForEvent("console"), page.evaluate(() => console.error("something broke"))]);
});

test.fail("fails a test whose page throws an uncaught error", async ({ page }) => {
  await page.goto("/");
  await Promise.all([
    page.waitForEvent("pageerror"),
    page.evaluate(() => {
      setTimeout(() => {
        throw new Error("uncaught in the page");
      });
    }),
  ]);
});

test("lets through an error the test expects", async ({ page, consoleErrors }) => {
  consoleErrors.allow(/expected by this test/);
  await page.goto("/");
  const [message] = await Promise.all([
    page.waitForEvent("console"),
    page.evaluate(() => console.error("expected by this test")),
  ]);
  expect(message.type()).toBe("error");
});
