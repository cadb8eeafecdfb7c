import { expect, test } from "#tests/e2e/fixtures";

test("shows the home page in Chinese by default", async ({ page }) => {
  const response = await page.goto("/");
  expect(response?.status()).toBe(200);
  await expect(page.locator("html")).toHaveAttribute("lang", "zh-CN");
  await expect(page.getByRole("heading", { level: 1 })).toContainText("连心");
});
