// The pages of issue 14's holes 1 and 8: a person's messages, the audit view, and "who looked at my record" on
// /me/household, in both languages, free of serious accessibility violations and of sideways scrolling on a
// phone. Screenshots go to test-results for a look.
import AxeBuilder from "@axe-core/playwright";
import { eq } from "drizzle-orm";
import type { Page } from "@playwright/test";
import { expect, test } from "#tests/e2e/fixtures";
import { getDatabase, schema } from "#db/client.server";

async function checkPage(page: Page, name: string) {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21aa"]).analyze();
  const serious = results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => ({ rule: v.id, targets: v.nodes.map((n) => n.target.join(" ")) }));
  expect(serious).toEqual([]);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await page.screenshot({ path: test.info().outputPath(`${name}.png`), fullPage: true });
}

for (const locale of ["zh-CN", "en"] as const) {
  test(`a resident's messages and who looked at their household, in ${locale}`, async ({
    page,
    context,
    loginAs,
  }) => {
    test.setTimeout(90_000);
    await context.addCookies([{ name: "lng", value: locale, url: test.info().project.use.baseURL ?? "" }]);
    const resident = await getDatabase().db.query.users.findFirst({
      where: eq(schema.users.email, "resident@example.org"),
    });
    const organizer = await getDatabase().db.query.users.findFirst({
      where: eq(schema.users.email, "organizer@example.org"),
    });
    const home = await getDatabase().db.query.householdMembers.findFirst({
      where: eq(schema.householdMembers.userId, resident!.id),
    });
    await getDatabase().writeAtomic((d) =>
      d.batch([
        d.insert(schema.messages).values({
          userId: resident!.id,
          sourceKey: `e2e:records:${locale}:${test.info().project.name}:${Date.now()}`,
          subject: locale === "en" ? "Course confirmed: cooking" : "报名成功：家政服务员培训班",
          text: "您好！\n\n您已报名成功。打开课程：\nhttp://127.0.0.1/courses/1\n\n油田社区",
        }),
        d.insert(schema.auditLog).values({
          actorId: organizer!.id,
          action: "household.viewed",
          targetType: "household",
          targetId: String(home!.householdId),
          details: { via: "households.detail" },
        }),
      ]),
    );

    await loginAs("resident@example.org");
    await page.goto("/messages");
    await expect(page.getByTestId("messages").getByRole("listitem").first()).toBeVisible();
    await checkPage(page, `messages-${locale}`);
    await page.getByTestId("messages").getByRole("link").first().click();
    await expect(page.getByTestId("message-body").getByRole("link", { name: /courses\/1/ })).toBeVisible();
    await checkPage(page, `message-${locale}`);

    await page.goto("/me/household");
    const looked = page.getByTestId("who-looked");
    await expect(looked.getByRole("listitem").first()).toContainText(/社区工作人员|Community staff/);
    await checkPage(page, `who-looked-${locale}`);
  });

  test(`the audit view for an admin and an organizer, in ${locale}`, async ({ page, context, loginAs }) => {
    test.setTimeout(90_000);
    await context.addCookies([{ name: "lng", value: locale, url: test.info().project.use.baseURL ?? "" }]);
    await loginAs("admin@example.org");
    await page.goto("/admin/audit");
    await expect(page.getByTestId("audit-entries").getByRole("listitem").first()).toBeVisible();
    await checkPage(page, `audit-admin-${locale}`);
    // A household is never typed here: a malformed one from a hand-made link is dropped, a bad date explained.
    await page.goto("/admin/audit?household=abc&from=2026-02-30");
    await expect(page.locator(".field-error")).toHaveCount(1);
    await expect(page.locator(".audit-household")).toHaveCount(0);
    await checkPage(page, `audit-errors-${locale}`);

    await context.clearCookies();
    await context.addCookies([{ name: "lng", value: locale, url: test.info().project.use.baseURL ?? "" }]);
    await loginAs("organizer@example.org");
    await page.goto("/admin/audit?action=household.viewed");
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    await checkPage(page, `audit-organizer-${locale}`);
    const csv = await page.request.get("/admin/audit/export.csv?action=household.viewed");
    expect(csv.headers()["content-type"]).toContain("text/csv");
    expect(csv.headers()["cache-control"]).toBe("no-store");
  });
}

test("a volunteer and a resident cannot open the audit view", async ({ page, context, loginAs }) => {
  await loginAs("volunteer1@example.org");
  expect((await page.goto("/admin/audit"))?.status()).toBe(403);
  await context.clearCookies();
  await loginAs("resident@example.org");
  expect((await page.goto("/admin/audit"))?.status()).toBe(403);
  expect((await page.request.get("/admin/audit/export.csv")).status()).toBe(403);
});

test("nobody opens another person's message", async ({ page, loginAs }) => {
  const resident = await getDatabase().db.query.users.findFirst({
    where: eq(schema.users.email, "resident@example.org"),
  });
  const [message] = await getDatabase().writeAtomic((d) =>
    d
      .insert(schema.messages)
      .values({
        userId: resident!.id,
        sourceKey: `e2e:private:${test.info().project.name}:${Date.now()}`,
        subject: "私信",
        text: "https://127.0.0.1/reset-password/secret-token",
      })
      .returning({ id: schema.messages.id }),
  );
  await loginAs("organizer@example.org");
  expect((await page.goto(`/messages/${message!.id}`))?.status()).toBe(404);
  await loginAs("admin@example.org");
  expect((await page.goto(`/messages/${message!.id}`))?.status()).toBe(404);
});
