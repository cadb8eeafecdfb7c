// Phone-only accounts (decision 027): a resident with a mobile number and no email registers with a texted
// code (shown on the page in this demo, which has no SMS provider), is linked to her household by staff,
// enrolls in a course, and the day before the session her reminder reaches the SMS box at her number (her
// sign-up code there masked for staff). She signs in again with the number and her password. The register,
// verify, sign-in and forgot-password pages pass axe without sideways scrolling at 390 and 1280 px, in both
// languages.
import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";
import { and, eq, like } from "drizzle-orm";
import { randomBytes } from "node:crypto";
import { expect, test } from "#tests/e2e/fixtures";
import { sandboxNotice } from "#tests/e2e/mailbox";
import { getDatabase, schema } from "#db/client.server";

const hour = 60 * 60 * 1000;
const password = "我家门口的老槐树 2026";

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

function uniquePhone(): string {
  return `137${String((Date.now() * 7 + Math.floor(Math.random() * 1000)) % 1e8).padStart(8, "0")}`;
}

/** A zone where it is now about noon, so that a reminder is not held by quiet hours (21:00–08:00). */
function noonZone(): string {
  const offset = 12 - new Date().getUTCHours();
  if (offset === 0) return "Etc/GMT";
  return offset > 0 ? `Etc/GMT-${offset}` : `Etc/GMT+${-offset}`;
}

/** A registry household whose head has no account yet, and a course whose session starts in 30 hours. */
async function householdAndCourse(run: string) {
  return getDatabase().write(async (tx) => {
    const [compound] = await tx
      .select({ id: schema.compounds.id, name: schema.compounds.name })
      .from(schema.compounds)
      .limit(1);
    if (!compound) throw new Error("no compound in the e2e database");
    const [household] = await tx
      .insert(schema.households)
      .values({
        compoundId: compound.id,
        building: `PH-${run}`,
        unit: "1",
        room: "101",
        hardshipLevel: "none",
      })
      .returning({ id: schema.households.id });
    const [member] = await tx
      .insert(schema.householdMembers)
      .values({
        householdId: household?.id ?? 0,
        name: `王桂兰${run.slice(-4)}`,
        relation: "head",
        birthYear: 1958,
      })
      .returning({ id: schema.householdMembers.id });
    const now = Date.now();
    const startsAt = new Date(now + 30 * hour);
    const endsAt = new Date(startsAt.getTime() + 2 * hour);
    const title = `E2E 智能手机课 ${run}`;
    const [course] = await tx
      .insert(schema.courses)
      .values({
        title,
        kind: "reemployment",
        provider: "社区服务中心",
        location: "社区服务中心二楼",
        capacity: 10,
        enrollOpensAt: new Date(now - hour),
        enrollClosesAt: new Date(now + 24 * hour),
        eligibility: "everyone",
        eligibleCategories: [],
        priorityGroups: [],
        status: "published",
        startsAt,
        endsAt,
        checkinSecret: randomBytes(24).toString("base64url"),
      })
      .returning({ id: schema.courses.id });
    await tx.insert(schema.courseSessions).values({ courseId: course?.id ?? 0, startsAt, endsAt });
    return { compound, memberId: member?.id ?? 0, course: { id: course?.id ?? 0, title } };
  });
}

test("a resident with only a phone registers by text, enrolls, and her reminder reaches the SMS box", async ({
  page,
  context,
  loginAs,
  consoleErrors,
}) => {
  test.setTimeout(180_000);
  consoleErrors.allow(sandboxNotice);
  const database = getDatabase();
  const run = `${Date.now()}`;
  const phone = uniquePhone();
  const { compound, memberId, course } = await householdAndCourse(run);

  // Sign up by mobile number.
  await page.goto("/register");
  await page.getByRole("link", { name: "用手机号" }).click();
  await expect(page.getByLabel("手机号")).toBeVisible();
  await expect(page.getByLabel("电子邮箱")).toHaveCount(0);
  await expectAccessibleAtBothWidths(page, "register-phone-zh");
  await page.getByLabel("姓名").fill(`王桂兰${run.slice(-4)}`);
  await page.getByLabel("手机号").fill(`${phone.slice(0, 3)} ${phone.slice(3, 7)} ${phone.slice(7)}`);
  await page.getByLabel("所在小区").selectOption({ value: String(compound.id) });
  await page.getByLabel("密码").fill(password);
  await page.getByRole("button", { name: "注册" }).click();

  // The demo has no SMS provider: the page says so and shows the code; the text is in the outbox as well.
  await expect(page.getByRole("heading", { name: "确认手机号" })).toBeVisible();
  await expect(page.getByRole("status")).toContainText("6 位验证码");
  const banner = page.getByRole("note");
  await expect(banner).toContainText("演示模式：未配置短信服务商");
  const shown = /(\d{6})/.exec((await banner.textContent()) ?? "")?.[1] ?? "";
  const [texted] = await database.db
    .select()
    .from(schema.emailOutbox)
    .where(and(eq(schema.emailOutbox.to, `+86${phone}`), eq(schema.emailOutbox.template, "code")));
  expect(texted?.data.code).toBe(shown);
  await expectAccessibleAtBothWidths(page, "verify-phone-zh");

  // A wrong code first: told so, in words, on the field.
  await page.getByLabel("验证码").fill(shown === "000000" ? "111111" : "000000");
  await page.getByRole("button", { name: "确认" }).click();
  await expect(page.getByText("验证码不正确")).toBeVisible();
  await page.getByLabel("验证码").fill(shown);
  await page.getByRole("button", { name: "确认" }).click();
  await expect(page).toHaveURL(/\/me$/);

  const user = await database.db.query.users.findFirst({ where: eq(schema.users.phone, `+86${phone}`) });
  expect(user).toMatchObject({ email: null, role: "resident" });
  expect(user?.phoneVerifiedAt).toBeInstanceOf(Date);

  // Staff link her account to her household (as the claim queue would).
  await database.write((tx) =>
    tx
      .update(schema.householdMembers)
      .set({ userId: user?.id ?? 0 })
      .where(eq(schema.householdMembers.id, memberId)),
  );

  // She enrolls; with no address, the confirmation is in her messages.
  await page.goto(`/courses/${course.id}`);
  await page.getByRole("button", { name: "报名" }).click();
  await expect(page.getByRole("status")).toContainText("报名成功");
  await page.goto("/messages");
  await expect(page.getByRole("link", { name: new RegExp(`报名成功.*${course.title}`) })).toBeVisible();

  // Her reminder waits in the outbox as a text to her number, due a day before the session.
  const reminderRow = () =>
    database.db
      .select()
      .from(schema.emailOutbox)
      .where(
        and(eq(schema.emailOutbox.to, `+86${phone}`), eq(schema.emailOutbox.template, "courseReminder")),
      );
  const [reminder] = await reminderRow();
  expect(reminder).toMatchObject({ channel: "sms", status: "queued" });
  expect(reminder?.nextAttemptAt.getTime()).toBeGreaterThan(Date.now() + 5 * hour);

  // A day passes: the reminder falls due at noon, community time (the zone is put back afterwards).
  const settings = await database.db.query.settings.findFirst();
  const zoneBefore = settings?.timeZone ?? "Asia/Shanghai";
  try {
    await database.write(async (tx) => {
      await tx.update(schema.settings).set({ timeZone: noonZone() }).where(eq(schema.settings.id, 1));
      await tx
        .update(schema.emailOutbox)
        .set({ nextAttemptAt: new Date() })
        .where(eq(schema.emailOutbox.id, reminder?.id ?? 0));
    });
    await expect
      .poll(
        async () =>
          (
            await database.db
              .select({ id: schema.smsBox.id })
              .from(schema.smsBox)
              .where(and(like(schema.smsBox.to, `%${phone}`), eq(schema.smsBox.template, "courseReminder")))
          ).length,
        { timeout: 30_000 },
      )
      .toBe(1);
  } finally {
    await database.write((tx) =>
      tx.update(schema.settings).set({ timeZone: zoneBefore }).where(eq(schema.settings.id, 1)),
    );
  }

  // The admin sees it in the SMS box at her number; her sign-up code is there too, masked (decision 015).
  await context.clearCookies();
  await loginAs("admin@example.org");
  await page.goto(`/admin/sms?to=${phone}`);
  const reminderItem = page.locator(".sms-box li").filter({ hasText: course.title });
  await expect(reminderItem).toHaveCount(1);
  await expect(reminderItem).toContainText(`+86${phone}`);
  await expect(reminderItem).toContainText("courseReminder");
  const codeItem = page.locator(".sms-box li").filter({ hasText: "您的验证码是" });
  await expect(codeItem).toHaveCount(1);
  await expect(codeItem).toContainText("您的验证码是••••••");
  await expect(codeItem).not.toContainText(shown);

  // She signs in again with her number and password.
  await context.clearCookies();
  await page.goto("/login");
  await expectAccessibleAtBothWidths(page, "login-zh");
  await page.getByLabel("电子邮箱或手机号").fill(phone);
  await page.getByLabel("密码").fill(password);
  await page.getByRole("button", { name: "登录" }).click();
  await expect(page).toHaveURL(/\/me$/);
  // Her account pages work without an address: texts for every kind that can go by text.
  await page.goto("/account");
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  await page.goto("/account/email");
  await expect(page.getByRole("checkbox", { name: "培训班提醒和候补转正" })).toBeChecked();

  // And with a texted code instead of the password.
  await context.clearCookies();
  await page.goto("/login");
  await page.getByRole("link", { name: "用短信验证码登录" }).click();
  await expect(page.getByRole("heading", { name: "用短信验证码登录" })).toBeVisible();
  await page.getByLabel("手机号", { exact: true }).fill(phone);
  await page.getByRole("button", { name: "发送验证码" }).click();
  const codeNote = page.getByRole("note");
  await expect(codeNote).toContainText("演示模式");
  await expectAccessibleAtBothWidths(page, "login-code-zh");
  const signInCode = /(\d{6})/.exec((await codeNote.textContent()) ?? "")?.[1] ?? "";
  await page.getByRole("textbox", { name: "验证码" }).fill(signInCode);
  await page.getByRole("button", { name: "登录", exact: true }).click();
  await expect(page).toHaveURL(/\/me$/);
});

test("the phone pages in English say what is wrong in words and pass axe at both widths", async ({
  page,
}) => {
  test.setTimeout(120_000);
  await page.goto("/register?via=phone&lng=en");
  await expect(page.getByRole("link", { name: "Mobile number" })).toHaveAttribute("aria-current", "page");
  await expectAccessibleAtBothWidths(page, "register-phone-en");
  // Errors in words on the fields.
  await page.getByLabel("Mobile number", { exact: true }).fill("12345");
  await page.getByRole("button", { name: "Register" }).click();
  await expect(page.getByText("Enter a valid mobile number")).toBeVisible();
  await page.goto("/verify-phone?lng=en");
  await expectAccessibleAtBothWidths(page, "verify-phone-en");
  await page.goto("/login?lng=en");
  await page.getByLabel("Email or mobile number").fill("not a number");
  await page.getByLabel("Password").fill("whatever it is");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByText("Enter an email address or a mobile number")).toBeVisible();
  await expectAccessibleAtBothWidths(page, "login-en");
  await page.goto("/forgot-password?lng=en");
  await expectAccessibleAtBothWidths(page, "forgot-en");
});
