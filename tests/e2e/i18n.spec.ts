import { expect, test } from "#tests/e2e/fixtures";

const zhTitle = "连心 · 社区帮扶平台";

test.describe("the home page's language", () => {
  test("is Chinese for a browser that asks for nothing in particular", async ({ playwright, baseURL }) => {
    const bare = await playwright.request.newContext({ baseURL, extraHTTPHeaders: {} });
    const html = await (await bare.get("/")).text();
    await bare.dispose();
    expect(html).toContain('<html lang="zh-CN"');
  });

  test("is Chinese by default", async ({ page }) => {
    await page.goto("/");
    await expect(page.locator("html")).toHaveAttribute("lang", "zh-CN");
    await expect(page.getByRole("link", { name: "登录" })).toBeVisible();
  });

  test.describe("for an English browser", () => {
    test.use({ locale: "en-US" });

    test("is English from Accept-Language", async ({ page }) => {
      await page.goto("/");
      await expect(page.locator("html")).toHaveAttribute("lang", "en");
      await expect(page.getByRole("heading", { level: 1 })).toHaveText("Lianxin · linking hearts");
      await expect(page.getByRole("link", { name: "Sign in" })).toBeVisible();
    });
  });

  test("is English after ?lng=en, which is remembered", async ({ page }) => {
    await page.goto("/?lng=en");
    await expect(page).toHaveURL("/");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Lianxin · linking hearts");
    await page.goto("/login");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Sign in");
  });
});

test.describe("the language switch", () => {
  for (const path of ["/", "/login?redirectTo=%2Faccount", "/no-such-page"]) {
    test(`keeps you on ${path} and remembers the choice`, async ({ page }) => {
      await page.goto(path);
      await expect(page.locator("html")).toHaveAttribute("lang", "zh-CN");

      await page.getByRole("link", { name: "Switch to English" }).click();
      await expect(page.locator("html")).toHaveAttribute("lang", "en");
      expect(new URL(page.url()).pathname + new URL(page.url()).search).toBe(path);

      await page.goto("/");
      await expect(page.locator("html")).toHaveAttribute("lang", "en");
      await page.getByRole("link", { name: "切换到中文" }).click();
      await expect(page.locator("html")).toHaveAttribute("lang", "zh-CN");
      await expect(page).toHaveURL("/");
    });
  }
});

test.describe("the 404 page", () => {
  test("answers 404 in Chinese", async ({ page }) => {
    const response = await page.goto("/no-such-page");
    expect(response?.status()).toBe(404);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("找不到这个页面");
    await expect(page).toHaveTitle("找不到这个页面 · 连心");
    await expect(page.getByRole("link", { name: "返回首页" })).toBeVisible();
  });

  test.describe("in English", () => {
    test.use({ locale: "en-GB" });

    test("answers 404 in English", async ({ page }) => {
      const response = await page.goto("/no-such-page/deeper");
      expect(response?.status()).toBe(404);
      await expect(page.getByRole("heading", { level: 1 })).toHaveText("Page not found");
      await expect(page).toHaveTitle("Page not found · Lianxin");
      await page.getByRole("link", { name: "Back to the home page" }).click();
      await expect(page).toHaveURL("/");
    });
  });
});

test("the home page's title is translated", async ({ page }) => {
  await page.goto("/");
  await expect(page).toHaveTitle(zhTitle);
});

test.describe("page titles", () => {
  const pages = [
    { path: "/courses", zh: "培训课程 · 连心", en: "Training courses · Lianxin" },
    { path: "/login", zh: "登录 · 连心", en: "Sign in · Lianxin" },
  ];
  for (const { path, zh, en } of pages) {
    test(`name ${path} in Chinese by default and in English after ?lng=en`, async ({ page }) => {
      await page.goto(path);
      await expect(page).toHaveTitle(zh);
      await page.goto(`${path}?lng=en`);
      await expect(page).toHaveTitle(en);
    });
  }

  test("name a signed-in page in the reader's language", async ({ page, loginAs }) => {
    await loginAs("resident@example.org");
    await page.goto("/me/household");
    await expect(page).toHaveTitle("我的家庭 · 连心");
    await page.goto("/me/household?lng=en");
    await expect(page).toHaveTitle("My household · Lianxin");
  });
});
