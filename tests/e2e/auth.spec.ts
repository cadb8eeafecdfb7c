import { DEMO_PASSWORD } from "#db/seed/demo";
import { expect, test } from "#tests/e2e/fixtures";

test("signs in with a demo account through the form and signs out", async ({ page }) => {
  await page.goto("/login");
  await page.getByLabel("电子邮箱").fill("volunteer3@example.org");
  await page.getByLabel("密码").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "登录" }).click();

  await expect(page).toHaveURL("/");
  const signOut = page.getByRole("button", { name: "退出登录" });
  await expect(signOut).toBeVisible();

  await signOut.click();
  await expect(page.getByRole("link", { name: "登录" })).toBeVisible();
  await page.goto("/login");
  await expect(page.getByRole("heading", { name: "登录" })).toBeVisible();
});

test("refuses a wrong password with a message on the form", async ({ page }) => {
  await page.goto("/login");
  await page.getByLabel("电子邮箱").fill("volunteer3@example.org");
  await page.getByLabel("密码").fill("not-the-password");
  await page.getByRole("button", { name: "登录" }).click();

  await expect(page.getByRole("alert")).toHaveText("邮箱或密码不正确。请检查后再试。");
  await expect(page).toHaveURL("/login");
});

test("loginAs signs a demo account in without the form", async ({ page, loginAs }) => {
  const user = await loginAs("organizer@example.org");
  expect(user.role).toBe("organizer");
  await page.goto("/");
  await expect(page.getByRole("button", { name: "退出登录" })).toBeVisible();
  // A signed-in visitor has no business on the sign-in page.
  await page.goto("/login");
  await expect(page).toHaveURL("/");
});
