import { zhAuth } from "#tests/e2e/translations";
import { expect, test } from "#tests/e2e/fixtures";

const zh = zhAuth;

test("signs in through the form, lands on the volunteer home, and signs out", async ({
  page,
  newAccount,
}) => {
  const account = await newAccount("volunteer");
  await page.goto("/login");
  await page.getByLabel("电子邮箱").fill(account.email);
  await page.getByLabel("密码").fill(account.password);
  await page.getByRole("button", { name: "登录" }).click();

  await expect(page).toHaveURL("/volunteer");
  const signOut = page.getByRole("button", { name: "退出登录" });
  await expect(signOut).toBeVisible();

  await signOut.click();
  await expect(page.getByRole("link", { name: "登录" })).toBeVisible();
  await page.goto("/login");
  await expect(page.getByRole("heading", { name: "登录" })).toBeVisible();
});

test("refuses a wrong password with a message on the form", async ({ page, newAccount }) => {
  const account = await newAccount("volunteer");
  await page.goto("/login");
  await page.getByLabel("电子邮箱").fill(account.email);
  await page.getByLabel("密码").fill("not-the-password");
  await page.getByRole("button", { name: "登录" }).click();

  await expect(page.getByRole("alert")).toHaveText(zh.login.invalid);
  await expect(page).toHaveURL("/login");
});

test("loginAs signs a demo account in without the form", async ({ page, loginAs }) => {
  const user = await loginAs("organizer@example.org");
  expect(user.role).toBe("organizer");
  await page.goto("/");
  await expect(page.getByRole("button", { name: "退出登录" })).toBeVisible();
  // A signed-in visitor has no business on the sign-in page: it sends them to their own home.
  await page.goto("/login");
  await expect(page).toHaveURL("/admin");
});
