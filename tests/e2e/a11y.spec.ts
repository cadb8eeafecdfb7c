import { zhAuth } from "#tests/e2e/translations";
import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";
import { expect, test } from "#tests/e2e/fixtures";

async function seriousViolations(page: Page) {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21aa"]).analyze();
  return results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => ({
      rule: v.id,
      impact: v.impact,
      help: v.help,
      targets: v.nodes.map((n) => n.target.join(" ")),
    }));
}

const pages = [
  { name: "home", path: "/" },
  { name: "sign-in", path: "/login" },
  { name: "404", path: "/no-such-page" },
];

for (const { name, path } of pages) {
  for (const locale of ["zh-CN", "en"] as const) {
    test(`the ${name} page in ${locale} has no serious accessibility violation`, async ({
      page,
      context,
    }) => {
      await context.addCookies([{ name: "lng", value: locale, url: test.info().project.use.baseURL ?? "" }]);
      await page.goto(path);
      await expect(page.locator("html")).toHaveAttribute("lang", locale);
      expect(await seriousViolations(page)).toEqual([]);
    });
  }
}

test("the sign-in form with errors has no serious accessibility violation", async ({ page }) => {
  await page.goto("/login");
  await page.getByRole("button", { name: "登录" }).click();
  await expect(page.getByText(zhAuth.validation.emailRequired)).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);
});

test("the open navigation menu of a signed-in organizer has no serious accessibility violation", async ({
  page,
  loginAs,
  isMobile,
}) => {
  await loginAs("organizer@example.org");
  await page.goto("/admin");
  const nav = page.getByRole("navigation", { name: "主导航" });
  if (isMobile) await nav.locator("summary", { hasText: "菜单" }).click();
  await nav.locator("summary", { hasText: "管理" }).click();
  await expect(nav.getByRole("link", { name: "人员" })).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);
});
