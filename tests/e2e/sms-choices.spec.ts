// Issue 20's rules as people set them: an admin sets the quiet hours for texts on the settings page (HH:MM, a
// window ending where it starts refused, in both languages), and a resident keeps a kind of message in the app
// only. Both pages pass axe without sideways scrolling at a phone's and a desk's width.
import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";
import { eq } from "drizzle-orm";
import { expect, test } from "#tests/e2e/fixtures";
import { getDatabase, schema } from "#db/client.server";

async function expectAccessibleAtBothWidths(page: Page, name: string) {
  for (const width of [390, 1280]) {
    await page.setViewportSize({ width, height: 900 });
    const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21aa"]).analyze();
    const serious = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
    expect(serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    expect(overflow, `no sideways scrolling at ${width}px on ${name}`).toBeLessThanOrEqual(0);
    await page.screenshot({ path: test.info().outputPath(`${name}-${width}.png`), fullPage: true });
  }
}

async function quietHours() {
  const [row] = await getDatabase()
    .db.select({ start: schema.settings.smsQuietStart, end: schema.settings.smsQuietEnd })
    .from(schema.settings)
    .where(eq(schema.settings.id, 1));
  return row;
}

test("an admin sets the quiet hours for texts", async ({ page, newAccount, loginAs }, testInfo) => {
  // The quiet hours are one community setting: two projects changing them at once would read each other's.
  test.skip(testInfo.project.name !== "desktop", "the settings are global; one project changes them");
  const admin = await newAccount("admin");
  await loginAs(admin.email);
  await page.goto("/admin/settings?lng=en");
  const start = page.getByLabel("Quiet hours start");
  const end = page.getByLabel("Quiet hours end");
  await expect(start).toHaveValue("21:00");
  await expect(end).toHaveValue("08:00");
  await end.fill("21:00");
  await page.getByRole("button", { name: "Save settings" }).click();
  await expect(page.getByText("The end must differ from the start.")).toBeVisible();
  await expectAccessibleAtBothWidths(page, "settings-quiet-en");

  await page.goto("/admin/settings?lng=zh-CN");
  await page.getByLabel("静默时段开始").fill("21:30");
  await page.getByLabel("静默时段结束").fill("07:45");
  await page.getByRole("button", { name: "保存设置" }).click();
  await expect(page.getByRole("status")).toContainText("设置已保存");
  await expect.poll(quietHours).toEqual({ start: 21 * 60 + 30, end: 7 * 60 + 45 });
  await expect(page.getByLabel("静默时段开始")).toHaveValue("21:30");
  await expectAccessibleAtBothWidths(page, "settings-quiet-zh");
  // Back to the defaults the other tests expect.
  await page.getByLabel("静默时段开始").fill("21:00");
  await page.getByLabel("静默时段结束").fill("08:00");
  await page.getByRole("button", { name: "保存设置" }).click();
  // The status still shows the first save's words: wait for the second save itself.
  await expect.poll(quietHours).toEqual({ start: 21 * 60, end: 8 * 60 });
});

test("a resident keeps visit reminders in the app only", async ({ page, newAccount, loginAs }) => {
  const resident = await newAccount("resident");
  await loginAs(resident.email);
  await page.goto("/account/email?lng=en");
  const group = page.getByRole("group", { name: "Only in Messages here (no email)" });
  await group.getByLabel("Visit reminders").check();
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByRole("status")).toBeVisible();
  const row = await getDatabase().db.query.emailPreferences.findFirst({
    where: eq(schema.emailPreferences.userId, resident.id),
  });
  expect(row?.channels).toMatchObject({ reminders: ["inapp"], courses: ["email"] });
  await expect(group.getByLabel("Visit reminders")).toBeChecked();
  await expectAccessibleAtBothWidths(page, "account-inapp-en");
  await page.goto("/account/email?lng=zh-CN");
  await expect(page.getByRole("group", { name: "只在站内“消息”里接收（不发邮件）" })).toBeVisible();
  await expectAccessibleAtBothWidths(page, "account-inapp-zh");
});
