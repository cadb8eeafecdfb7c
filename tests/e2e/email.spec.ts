import { expect, test } from "#tests/e2e/fixtures";
import { enqueueEmail } from "#app/modules/notifications/outbox.server";
import { readLatestEmail, readOwnMessage, sandboxNotice } from "#tests/e2e/mailbox";

test("staff see a delivered email with its code masked; its recipient reads it whole in their messages", async ({
  page,
  context,
  loginAs,
  newAccount,
  e2eDatabase,
  consoleErrors,
}) => {
  test.setTimeout(90_000);
  consoleErrors.allow(sandboxNotice);
  const recipient = await newAccount("resident");
  await e2eDatabase.write((tx) =>
    enqueueEmail(tx, {
      key: `e2e:${recipient.email}`,
      to: recipient.email,
      template: "auth.verifyEmail",
      data: { name: "孙秀英", code: "20261128", minutes: 15 },
      locale: "zh-CN",
    }),
  );
  await loginAs("organizer@example.org");

  const email = await readLatestEmail(page, recipient.email);
  expect(email.subject).toBe("您的验证码：••••••");
  expect(email.text).toContain("15 分钟内有效");
  for (const part of [email.subject, email.text, email.html]) expect(part).not.toContain("20261128");
  await expect(page.getByTestId("message-in-app")).toHaveText("未读");
  await expect(page.getByRole("row", { name: /List-Unsubscribe/ })).toHaveCount(0);

  await context.clearCookies();
  await loginAs(recipient.email);
  await page.goto("/messages");
  await expect(page.getByTestId("nav-unread").first()).toContainText("1");
  const own = await readOwnMessage(page, "您的验证码：20261128");
  expect(own.text).toContain("20261128");
  await page.goto("/messages");
  await expect(page.getByTestId("nav-unread")).toHaveCount(0);
});

test("a resident cannot open the mailbox", async ({ page, loginAs }) => {
  await loginAs("resident@example.org");
  const response = await page.goto("/admin/mailbox");
  expect(response?.status()).toBe(403);
});

for (const path of ["/admin/outbox", "/admin/emails/preview", "/account/email"]) {
  test(`staff pages for email open: ${path}`, async ({ page, loginAs, consoleErrors }) => {
    consoleErrors.allow(sandboxNotice);
    await loginAs("organizer@example.org");
    const response = await page.goto(path);
    expect(response?.status()).toBe(200);
    await expect(page.locator("h1")).toBeVisible();
  });
}
