// Hole 1 of issue 14: a secret meant for one person (a reset link, an invitation) reaches that person alone.
// Staff pages about mail show it masked; its owner reads it in their own messages (decision 015).
import { eq } from "drizzle-orm";
import { expect, test } from "#tests/e2e/fixtures";
import { invitePerson } from "#app/modules/people/people.server";
import { db, schema } from "#db/client.server";
import { readOwnMessage, sandboxNotice, secretInMessages } from "#tests/e2e/mailbox";
import type { Page } from "@playwright/test";

/** Every page an organizer has about mail, for one address: none may hold `secret`. */
async function expectNoStaffPageHolds(page: Page, address: string, secret: string) {
  const bodies: string[] = [];
  for (const path of [
    `/admin/mailbox?${new URLSearchParams({ to: address })}`,
    "/admin/outbox",
    "/messages",
  ]) {
    const response = await page.request.get(path);
    expect(response.status()).toBe(200);
    bodies.push(await response.text());
  }
  await page.goto(`/admin/mailbox?${new URLSearchParams({ to: address })}`);
  const links = page.locator(".message-list a");
  await expect(links.first()).toBeVisible();
  for (const href of await links.evaluateAll((as) => as.map((a) => a.getAttribute("href") ?? ""))) {
    for (const path of [href, `${href}/html`]) {
      const response = await page.request.get(path);
      expect(response.status()).toBe(200);
      bodies.push(await response.text());
    }
  }
  expect(bodies.length).toBeGreaterThan(4);
  for (const body of bodies) expect(body).not.toContain(secret);
}

test("an organizer cannot read an admin's password reset link; the admin finds it in their messages", async ({
  page,
  context,
  loginAs,
  newAccount,
  consoleErrors,
}) => {
  test.setTimeout(90_000);
  consoleErrors.allow(sandboxNotice);
  const admin = await newAccount("admin");
  await page.goto("/forgot-password");
  await page.getByLabel(/邮箱/).fill(admin.email);
  await page.getByRole("button", { name: "发送链接" }).click();
  await expect(page.getByRole("status")).toBeVisible();
  const { url } = await secretInMessages(admin.email, "auth.passwordReset");
  if (!url) throw new Error("the reset email holds no link");
  const token = new URL(url).pathname.split("/").pop() ?? "";
  expect(token.length).toBeGreaterThan(16);

  await loginAs("organizer@example.org");
  await expectNoStaffPageHolds(page, admin.email, token);

  await context.clearCookies();
  await loginAs(admin.email);
  const message = await readOwnMessage(page, "重设您的连心密码");
  expect(message.text).toContain(token);
  await page
    .getByTestId("message-body")
    .getByRole("link", { name: new RegExp(token) })
    .click();
  await expect(page.getByLabel("新密码", { exact: true })).toBeVisible();
});

test("an organizer cannot read an invitation meant for a new admin", async ({
  page,
  loginAs,
  consoleErrors,
}, testInfo) => {
  test.setTimeout(90_000);
  consoleErrors.allow(sandboxNotice);
  const inviter = await db().query.users.findFirst({ where: eq(schema.users.email, "admin@example.org") });
  if (!inviter) throw new Error("no demo admin");
  const email = `new-admin-${testInfo.project.name}-${Date.now()}@example.org`;
  const invited = await invitePerson(
    inviter,
    {
      email,
      name: "新管理员",
      locale: "zh-CN",
      role: "admin",
      volunteerTier: null,
      compoundId: null,
      supervisorId: null,
    },
    { ip: null, userAgent: null },
  );
  expect(invited.ok).toBe(true);
  const { url } = await secretInMessages(email, "auth.invitation");
  if (!url) throw new Error("the invitation holds no link");
  const token = new URL(url).pathname.split("/").pop() ?? "";

  await loginAs("organizer@example.org");
  await expectNoStaffPageHolds(page, email, token);
});
