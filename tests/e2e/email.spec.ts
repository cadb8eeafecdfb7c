import { expect, test } from "#tests/e2e/fixtures";
import { enqueueEmail } from "#app/modules/notifications/outbox.server";
import { readLatestEmail, sandboxNotice } from "#tests/e2e/mailbox";

test("an organizer reads an email the server's worker delivered to the local mailbox", async ({
  page,
  loginAs,
  e2eDatabase,
  consoleErrors,
}, testInfo) => {
  consoleErrors.allow(sandboxNotice);
  const address = `mailbox-${testInfo.project.name}-${Date.now()}@example.org`;
  await e2eDatabase.write((tx) =>
    enqueueEmail(tx, {
      key: `e2e:${address}`,
      to: address,
      template: "auth.verifyEmail",
      data: { name: "孙秀英", code: "20261128", minutes: 15 },
      locale: "zh-CN",
    }),
  );
  await loginAs("organizer@example.org");

  const email = await readLatestEmail(page, address);
  expect(email.subject).toBe("您的验证码：20261128");
  expect(email.text).toContain("20261128");
  expect(email.text).toContain("15 分钟内有效");
  expect(email.html).toContain("20261128");
  await expect(page.getByRole("row", { name: /List-Unsubscribe/ })).toHaveCount(0);
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
