// The header navigation: one menu on a phone, a bar with drop-downs on a wide screen, both plain <details>
// that work without JavaScript; and one entry marked as the current page.
import { expect, test } from "#tests/e2e/fixtures";
import type { Page } from "@playwright/test";

const mainNav = (page: Page) => page.getByRole("navigation", { name: "主导航" });
const summary = (page: Page, text: string) => mainNav(page).locator("summary", { hasText: text });

test("marks only the closest entry as the current page", async ({ page, loginAs }) => {
  await loginAs("resident@example.org");
  await page.goto("/me/household");
  const current = mainNav(page).locator('[aria-current="page"]');
  await expect(current).toHaveCount(1);
  await expect(current).toHaveText("我的家庭");
  await page.goto("/me");
  await expect(current).toHaveText("我的主页");
});

test.describe("on a phone", () => {
  test.skip(({ isMobile }) => !isMobile, "the phone project's layout");

  test("staff reach a page in a folded group through the menu, which closes behind them", async ({
    page,
    loginAs,
  }) => {
    await loginAs("organizer@example.org");
    await page.goto("/admin");
    const people = mainNav(page).getByRole("link", { name: "人员" });
    await expect(people).toBeHidden();
    await expect(mainNav(page).getByRole("button", { name: "退出登录" })).toBeVisible();

    await summary(page, "菜单").click();
    await expect(mainNav(page).getByRole("link", { name: "培训课程" })).toBeVisible();
    // The workbench's own group opens with the menu.
    await expect(mainNav(page).getByRole("link", { name: "家庭信息" })).toBeVisible();
    await summary(page, "管理").click();
    await people.click();

    await expect(page).toHaveURL("/admin/people");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("人员");
    await expect(mainNav(page).getByRole("link", { name: "培训课程" })).toBeHidden();
    await expect(summary(page, "菜单")).toContainText("人员");
  });

  test.describe("without JavaScript", () => {
    test.use({ javaScriptEnabled: false });

    test("the menu still opens and leads to a page", async ({ page, loginAs }) => {
      await loginAs("organizer@example.org");
      await page.goto("/admin");
      await summary(page, "菜单").click();
      await summary(page, "社区工作").click();
      await mainNav(page).getByRole("link", { name: "家庭信息" }).click();
      await expect(page).toHaveURL("/households");
      await expect(page.getByRole("heading", { level: 1 })).toHaveText("家庭信息库");
    });
  });
});

test.describe("on a wide screen", () => {
  test.skip(({ isMobile }) => isMobile, "the desktop project's layout");

  test("shows the everyday pages in the bar and a group's pages in its drop-down", async ({
    page,
    loginAs,
  }) => {
    await loginAs("organizer@example.org");
    await page.goto("/admin");
    await expect(summary(page, "菜单")).toBeHidden();
    await expect(mainNav(page).getByRole("link", { name: "培训课程" })).toBeVisible();
    const people = mainNav(page).getByRole("link", { name: "人员" });
    await expect(people).toBeHidden();

    await summary(page, "管理").click();
    await expect(people).toBeVisible();
    await page.keyboard.press("Escape");
    await expect(people).toBeHidden();

    await summary(page, "管理").click();
    await people.click();
    await expect(page).toHaveURL("/admin/people");
    await expect(people).toBeHidden();
    await expect(mainNav(page).locator("details[data-current] > summary")).toHaveText("管理");
  });
});
