// Issue 16, items 3, 4 and 7: the connection card's QR works without an account and reaches the helper; a public
// announcement opens signed out; a targeted one explains itself; staff hand a request on. Both projects run it
// (1280 and 390 px), in Chinese and English, axe-clean, and save screenshots under test-results/reach/.
import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";
import { randomBytes } from "node:crypto";
import { and, desc, eq, isNull, like, sql } from "drizzle-orm";
import { everyResident } from "#app/modules/announcements/audience";
import { schema } from "#db/client.server";
import { expect, test } from "#tests/e2e/fixtures";

async function seriousViolations(page: Page) {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21aa"]).analyze();
  return results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => ({ rule: v.id, help: v.help, nodes: v.nodes.map((n) => n.target.join(" ")) }));
}

async function noSidewaysScroll(page: Page) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow, "the page scrolls sideways").toBeLessThanOrEqual(0);
}

async function look(page: Page, name: string, project: string) {
  await page.screenshot({ path: `test-results/reach/${name}-${project}.png`, fullPage: true });
}

test("an elderly resident without an account opens the card's QR, asks for help, and it reaches the helper", async ({
  page,
  loginAs,
  e2eDatabase,
}, testInfo) => {
  const project = testInfo.project.name;
  const [member] = await e2eDatabase.db
    .select({ householdId: schema.householdMembers.householdId })
    .from(schema.householdMembers)
    .innerJoin(schema.users, eq(schema.users.id, schema.householdMembers.userId))
    .where(eq(schema.users.email, "resident@example.org"));
  if (!member) throw new Error("the demo resident has no household");

  // Staff print the card; the QR carries the card's token.
  await loginAs("organizer@example.org");
  await page.goto(`/cards/connection/${member.householdId}`);
  await expect(page.locator(".connection-card").getByRole("img", { name: "扫码求助" })).toBeVisible();
  const [credentials] = await e2eDatabase.db
    .select({ token: schema.householdCardCredentials.token })
    .from(schema.householdCardCredentials)
    .where(
      and(
        eq(schema.householdCardCredentials.householdId, member.householdId),
        isNull(schema.householdCardCredentials.revokedAt),
      ),
    );
  if (!credentials) throw new Error("printing the card issued no credentials");
  const cardPath = `/c/${credentials.token}`;

  // Scanned on a phone without an account: the hotline, large, and the short form; nothing about the household.
  await page.context().clearCookies();
  await page.goto(cardPath);
  await expect(page.getByRole("heading", { name: "连心卡求助" })).toBeVisible();
  await expect(page.getByRole("link", { name: /拨打 1890/ })).toHaveAttribute("href", "tel:1890");
  const [head] = await e2eDatabase.db
    .select({ name: schema.householdMembers.name })
    .from(schema.householdMembers)
    .where(eq(schema.householdMembers.householdId, member.householdId));
  await expect(page.locator("main")).not.toContainText(head?.name ?? "never");
  await expect(page.locator("main")).not.toContainText("volunteer");

  // A wrong number is refused beside the field, then the request goes.
  const need = `家里老人不舒服，想请人来看看（${project}）`;
  await page.getByLabel("需要什么帮助？").fill(need);
  await page.getByRole("radio", { name: /较急/ }).check();
  await page.getByLabel("回电号码").fill("12");
  await page.getByRole("button", { name: "提交求助" }).click();
  await expect(page.getByText("电话号码只能是 7 到 15 位数字。")).toBeVisible();
  await page.getByLabel("回电号码").fill("139 0000 2222");
  await page.getByRole("button", { name: "提交求助" }).click();
  await expect(page.getByRole("heading", { name: "我们收到了" })).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);
  await noSidewaysScroll(page);
  await look(page, "card-sent-zh", project);

  const [request] = await e2eDatabase.db
    .select()
    .from(schema.helpRequests)
    .where(
      and(eq(schema.helpRequests.householdId, member.householdId), eq(schema.helpRequests.description, need)),
    )
    .orderBy(desc(schema.helpRequests.id));
  if (!request) throw new Error("no request was filed");
  expect(request).toMatchObject({ channel: "card", urgency: "soon", contactPhone: "13900002222" });
  const [helper] = await e2eDatabase.db
    .select({ id: schema.users.id, email: schema.users.email })
    .from(schema.users)
    .where(eq(schema.users.email, "volunteer4@example.org"));
  expect(request.assignedToId).toBe(helper?.id);

  // The helper has it in their messages, and an email is on its way (the outbox, then the local mailbox).
  const [email] = await e2eDatabase.db
    .select({ template: schema.emailOutbox.template })
    .from(schema.emailOutbox)
    .where(
      and(
        like(schema.emailOutbox.key, `help:${request.id}:new:%`),
        eq(schema.emailOutbox.to, "volunteer4@example.org"),
      ),
    );
  expect(email?.template).toBe("help.new");
  await loginAs("volunteer4@example.org");
  await page.goto("/messages");
  const message = page.getByRole("link", { name: /较急的求助/ }).first();
  await expect(message).toBeVisible();
  await message.click();
  await expect(page.getByRole("main")).toContainText(`/help/${request.id}`);
  await expect
    .poll(
      async () =>
        (
          await e2eDatabase.db
            .select({ id: schema.emailMailbox.id })
            .from(schema.emailMailbox)
            .where(like(schema.emailMailbox.outboxKey, `help:${request.id}:new:%`))
        ).length,
      { timeout: 20_000 },
    )
    .toBeGreaterThan(0);
});

test("the card page reads well in both languages, and a withdrawn card says so with the hotline", async ({
  page,
  e2eDatabase,
}, testInfo) => {
  const project = testInfo.project.name;
  const [card] = await e2eDatabase.db
    .select({ token: schema.householdCardCredentials.token })
    .from(schema.householdCardCredentials)
    .where(isNull(schema.householdCardCredentials.revokedAt))
    .limit(1);
  const token = card?.token ?? "abcdefghijkmnopqrstuvwxy";
  for (const lng of ["zh-CN", "en"] as const) {
    await page.goto(`/c/${token}?lng=${lng}`);
    await expect(page.locator("html")).toHaveAttribute("lang", lng);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(
      lng === "en" ? "Ask for help" : "连心卡求助",
    );
    // Refused without typing anything: each field says what to do.
    await page.getByRole("button", { name: lng === "en" ? "Send my request" : "提交求助" }).click();
    await expect(page.locator(".field-error").first()).toBeVisible();
    expect(await seriousViolations(page)).toEqual([]);
    await noSidewaysScroll(page);
    await look(page, `card-form-${lng}`, project);

    const response = await page.goto(`/c/abcdefghijkmnopqrstuvwxy?lng=${lng}`);
    expect(response?.status()).toBe(404);
    await expect(page.getByRole("heading", { level: 2 })).toHaveText(
      lng === "en" ? "This card is no longer valid" : "这张连心卡已经失效",
    );
    await expect(page.getByRole("link", { name: /1890/ })).toBeVisible();
    expect(await seriousViolations(page)).toEqual([]);
    await noSidewaysScroll(page);
    await look(page, `card-invalid-${lng}`, project);
  }
});

test("a public announcement opens signed out; a targeted one says who it is for", async ({
  page,
  e2eDatabase,
}, testInfo) => {
  const project = testInfo.project.name;
  const now = new Date();
  const insert = (title: string, isPublic: boolean) =>
    e2eDatabase.db
      .insert(schema.announcements)
      .values({
        kind: "job",
        title,
        body: "## 岗位说明\n\n- 每天 4 小时\n- 就近安排",
        employer: "油田物业",
        payMin: 2200,
        payMax: 2800,
        contact: "李师傅 13900003333",
        audience: { ...everyResident, levels: ["extreme"] },
        isPublic,
        status: "published",
        publishAt: now,
        publishedAt: now,
      })
      .returning({ id: schema.announcements.id });
  const [open] = await insert(`公开招聘保洁员 ${project}`, true);
  const [closed] = await insert(`特困户定向招聘 ${project}`, false);
  for (const lng of ["zh-CN", "en"] as const) {
    await page.goto(`/announcements/${open?.id}?lng=${lng}`);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(`公开招聘保洁员 ${project}`);
    await expect(page.getByText("李师傅 13900003333")).toBeVisible();
    expect(await seriousViolations(page)).toEqual([]);
    await noSidewaysScroll(page);
    await look(page, `announcement-public-${lng}`, project);

    const response = await page.goto(`/announcements/${closed?.id}?lng=${lng}`);
    expect(response?.status()).toBe(403);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(
      lng === "en" ? "This notice is for certain people only" : "这条公告只发给部分人",
    );
    await expect(
      page.getByText(lng === "en" ? "Hardship level: Extreme-hardship household" : "困难程度：特困户"),
    ).toBeVisible();
    await expect(page.getByText(`特困户定向招聘 ${project}`)).toHaveCount(0);
    await expect(
      page.getByRole("main").getByRole("link", { name: lng === "en" ? "Sign in" : "登录" }),
    ).toBeVisible();
    expect(await seriousViolations(page)).toEqual([]);
    await noSidewaysScroll(page);
    await look(page, `announcement-restricted-${lng}`, project);
  }
});

test("staff hand a request to a named volunteer without JavaScript-only controls; the note box starts afresh", async ({
  page,
  loginAs,
  e2eDatabase,
}, testInfo) => {
  const project = testInfo.project.name;
  await loginAs("organizer@example.org");
  await page.goto("/admin/help/hotline");
  const [phoned] = await e2eDatabase.db
    .select({ phone: schema.householdMembers.phone, householdId: schema.householdMembers.householdId })
    .from(schema.householdMembers)
    .innerJoin(schema.users, eq(schema.users.id, schema.householdMembers.userId))
    .where(eq(schema.users.email, "resident@example.org"));
  const phone = phoned?.phone;
  if (!phone) throw new Error("the demo resident's member has no phone");
  await page.getByLabel("居民姓名或电话（电话可以只输前几位）").fill(phone.slice(0, 7));
  await page.getByRole("button", { name: "查找" }).click();
  await page.getByRole("link", { name: "为这户登记" }).first().click();
  await expect(page.getByLabel("联系电话")).toHaveValue(/^\d{7,15}$/);
  await page.getByRole("radio", { name: "日常生活" }).check();
  await page.getByRole("radio", { name: /一般/ }).check();
  await page.getByLabel("发生了什么？").fill(`电话求助：需要帮忙买菜（${project}）`);
  await page.getByRole("button", { name: "登记求助" }).click();
  await expect(page.getByRole("status")).toContainText("电话求助已登记");

  await page.getByRole("textbox", { name: "备注" }).fill("已打电话确认");
  await page.getByRole("button", { name: "添加备注" }).click();
  await expect(page.getByRole("status")).toContainText("已保存");
  await expect(page.getByRole("textbox", { name: "备注" })).toHaveValue("");

  await page.getByLabel("转交给").selectOption({ index: 1 });
  await page.getByRole("button", { name: "转交", exact: true }).click();
  await expect(page.getByRole("status")).toContainText("已转交");
  await expect(page.locator(".help-timeline")).toContainText("转交给");
  expect(await seriousViolations(page)).toEqual([]);
  await noSidewaysScroll(page);
  await look(page, "help-handover-zh", project);
  await page.goto(`${new URL(page.url()).pathname}?lng=en`);
  await expect(page.getByRole("heading", { name: "Hand over or escalate" })).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);
  await noSidewaysScroll(page);
  await look(page, "help-handover-en", project);
});

test("the card's form works without JavaScript, as a plain form post from the page", async ({
  browser,
  e2eDatabase,
}, testInfo) => {
  // A household with no card yet gets one here, so that this test counts against a card of its own.
  const [household] = await e2eDatabase.db
    .select({ id: schema.households.id })
    .from(schema.households)
    .where(
      and(
        eq(schema.households.status, "active"),
        sql`${schema.households.id} NOT IN (SELECT household_id FROM household_card_credentials)`,
      ),
    )
    .orderBy(testInfo.project.name === "phone" ? desc(schema.households.id) : schema.households.id)
    .limit(1);
  if (!household) throw new Error("every household has a card");
  const token = Array.from(randomBytes(24), (b) => "abcdefghijkmnopqrstuvwxyz23456789"[b % 33]).join("");
  await e2eDatabase.db.insert(schema.householdCardCredentials).values({
    householdId: household.id,
    token,
    claimCode: Array.from(randomBytes(10), (b) => "ABCDEFGHJKMNPQRSTUVWXYZ23456789"[b % 31]).join(""),
    issuedAt: new Date(),
  });
  const context = await browser.newContext({ javaScriptEnabled: false, locale: "zh-CN" });
  const page = await context.newPage();
  await page.goto(`/c/${token}`);
  await page.getByLabel("需要什么帮助？").fill("想请人帮忙换灯泡");
  await page.getByRole("radio", { name: /一般/ }).check();
  await page.getByLabel("回电号码").fill("0459-1234567");
  await page.getByRole("button", { name: "提交求助" }).click();
  await expect(page.getByRole("heading", { name: "我们收到了" })).toBeVisible();
  const [request] = await e2eDatabase.db
    .select({ channel: schema.helpRequests.channel, contactPhone: schema.helpRequests.contactPhone })
    .from(schema.helpRequests)
    .where(
      and(
        eq(schema.helpRequests.householdId, household.id),
        eq(schema.helpRequests.description, "想请人帮忙换灯泡"),
      ),
    );
  // The demo household may have asked before, by phone: this is the request the form filed.
  expect(request).toEqual({ channel: "card", contactPhone: "04591234567" });
  await context.close();
});
