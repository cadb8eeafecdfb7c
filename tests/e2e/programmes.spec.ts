import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";
import { and, eq, like } from "drizzle-orm";
import { getDatabase, schema } from "#db/client.server";
import { seededFaker } from "#db/seed/context";
import { insertHousehold, makeHousehold } from "#db/seed/factories";
import { expect, test } from "#tests/e2e/fixtures";

/** A compound of the test's own with one extreme-hardship household, so the scope's count is the test's. */
async function ownCompound(tag: string) {
  const [compound] = await getDatabase().writeAtomic((d) =>
    d
      .insert(schema.compounds)
      .values({ code: `PG-${tag}`, name: `项目小区 ${tag}` })
      .returning({ id: schema.compounds.id }),
  );
  if (!compound) throw new Error("no compound");
  const draft = makeHousehold(seededFaker(Number(tag.replace(/\D/g, "").slice(-6)), "e2e-programmes"), {
    compoundId: compound.id,
    address: { building: "5", unit: "2", room: "301" },
    level: "extreme",
  });
  const { householdId } = await getDatabase().write((tx) => insertHousehold(tx, draft));
  return { compoundId: compound.id, householdId, name: `项目小区 ${tag}` };
}

async function checkPage(page: Page, shot: string) {
  const axe = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21aa"]).analyze();
  expect(axe.violations.filter((v) => v.impact === "serious" || v.impact === "critical")).toEqual([]);
  expect(await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth)).toBe(false);
  await page.screenshot({ path: `test-results/programmes-shots/${shot}.png`, fullPage: true });
}

test("a programme is created with its four clears, a household applies through its procedure, and an overdue step is escalated", async ({
  page,
  context,
  newAccount,
  loginAs,
}, testInfo) => {
  test.setTimeout(90_000);
  const width = testInfo.project.use.viewport?.width ?? 1280;
  const tag = `${testInfo.project.name}${Date.now()}`;
  const place = await ownCompound(tag);
  const organizer = await newAccount("organizer", { compoundId: place.compoundId });
  const cadre = await newAccount("volunteer", { compoundId: place.compoundId, volunteerTier: 2 });
  const name = `再就业培训 ${tag}`;
  await context.addCookies([{ name: "lng", value: "zh-CN", url: testInfo.project.use.baseURL ?? "" }]);
  await loginAs(organizer.email);

  // Create: a form left empty says what is missing, in Chinese, beside the fields.
  await page.goto("/programmes");
  await page.getByRole("link", { name: "新建项目" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("新建帮扶项目");
  await checkPage(page, `form-${width}`);
  await page.getByRole("button", { name: "保存项目" }).click();
  await expect(page.getByText("请填写项目名称。")).toBeVisible();

  await page.getByLabel("项目名称").fill(name);
  await page.getByLabel("实施方案").fill("每季度开班，结业推荐就业。");
  await page.getByLabel("负总责（党政一把手）").selectOption(String(organizer.id));
  await page.getByLabel("成员 1", { exact: true }).selectOption(String(cadre.id));
  await page.getByLabel("成员 1 的分工").fill("审批");
  await page.getByLabel(`${place.name} 责任人`).selectOption(String(organizer.id));
  await page.getByLabel("条件 1", { exact: true }).fill("家中有劳动年龄内未就业成员");
  await page.getByLabel("条件 1 所需证明").fill("失业登记证");
  const step = async (n: number, stepName: string, role: string, days: string) => {
    await page.getByLabel(`第 ${n} 步名称`).fill(stepName);
    await page.getByLabel(`第 ${n} 步办理人`).selectOption(role);
    await page.getByLabel(`第 ${n} 步时限（天）`).fill(days);
  };
  await step(1, "提出申请", "household", "7");
  await step(2, "小区审核", "compound", "5");
  await step(3, "领导小组审批", "group", "5");
  await page.getByRole("button", { name: "保存项目" }).click();
  await expect(page.getByRole("status")).toHaveText("项目已保存。");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(name);
  await expect(page.getByText("目前符合范围的家庭：1 户")).toBeVisible();
  for (const clear of ["范围清", "职责清", "条件清", "程序清"])
    await expect(page.getByRole("heading", { level: 2, name: clear })).toBeVisible();
  await expect(page.getByRole("cell", { name: "失业登记证" })).toBeVisible();
  await checkPage(page, `programme-${width}`);
  const programmeUrl = page.url();

  // The plan prints on A4 without the site's navigation.
  await page.getByRole("link", { name: "打印实施方案" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(name);
  expect(
    await page.evaluate(() =>
      [...document.styleSheets]
        .flatMap((sheet) => {
          try {
            return [...sheet.cssRules];
          } catch {
            return [];
          }
        })
        .some((rule) => rule instanceof CSSPageRule && /a4/i.test(rule.style.getPropertyValue("size"))),
    ),
  ).toBe(true);
  await checkPage(page, `plan-${width}`);
  await page.emulateMedia({ media: "print" });
  await expect(page.locator(".site-header")).toBeHidden();
  await page.screenshot({ path: `test-results/programmes-shots/plan-print-${width}.png`, fullPage: true });
  await page.emulateMedia({ media: "screen" });

  // The household applies (recorded by staff on its page) and the case moves through its first step.
  await page.goto(`/households/${place.householdId}`);
  const plan = page.locator("#help-plan");
  await expect(plan.getByRole("heading", { name: "帮扶计划" })).toBeVisible();
  await plan.getByLabel("项目").selectOption({ label: name });
  await plan.getByRole("button", { name: "提交申请" }).click();
  await expect(page.getByRole("status")).toHaveText("申请已提交，进入第一步。");
  await expect(page.getByRole("heading", { level: 2, name: "第 1/3 步：提出申请" })).toBeVisible();
  await page.getByLabel("说明（可不填）").fill("申请书已交");
  await page.getByRole("button", { name: "完成本步" }).click();
  await expect(page.getByRole("status")).toHaveText("已完成本步。");
  await expect(page.getByRole("heading", { level: 2, name: "第 2/3 步：小区审核" })).toBeVisible();
  await expect(page.locator(".case-timeline")).toContainText("申请书已交");
  await checkPage(page, `case-${width}`);
  const caseId = Number(new URL(page.url()).pathname.split("/").at(-1));

  // Time passes: the review was due yesterday. The escalation (run here by an admin, every minute on its own)
  // sends it to the compound's responsible person, once.
  await getDatabase().write((tx) =>
    tx
      .update(schema.programmeCases)
      .set({ stepDueAt: new Date(Date.now() - 86_400_000) })
      .where(eq(schema.programmeCases.id, caseId)),
  );
  await loginAs("admin@example.org");
  await page.goto("/programmes");
  await page.getByRole("button", { name: "立即检查超时步骤" }).click();
  await expect(page.getByRole("status")).toContainText(/已上报 \d+ 件超时办理/);
  await page.goto(`${new URL(programmeUrl).pathname}/cases/${caseId}`);
  await expect(page.locator(".case-now .badge.escalated")).toContainText("上报给 测试 organizer");
  await expect(page.locator(".case-timeline")).toContainText("超时上报");
  const messages = await getDatabase()
    .db.select({ subject: schema.messages.subject })
    .from(schema.messages)
    .where(
      and(
        eq(schema.messages.userId, organizer.id),
        like(schema.messages.sourceKey, `programme-case:${caseId}:%`),
      ),
    );
  expect(messages).toEqual([{ subject: expect.stringContaining(name) as unknown as string }]);

  // The household's page shows the programme, its next step and that it went up.
  await page.goto(`/households/${place.householdId}`);
  await expect(plan).toContainText("下一步：小区审核");
  await expect(plan.locator(".badge.escalated")).toHaveText("已上报");
  await checkPage(page, `household-${width}`);

  // In English.
  await context.addCookies([{ name: "lng", value: "en", url: testInfo.project.use.baseURL ?? "" }]);
  await page.goto(`${new URL(programmeUrl).pathname}/cases/${caseId}`);
  await expect(page.getByRole("heading", { level: 2, name: "Step 2 of 3: 小区审核" })).toBeVisible();
  await expect(page.locator(".case-timeline")).toContainText("Escalated (overdue)");
  await checkPage(page, `case-en-${width}`);
  await page.goto(new URL(programmeUrl).pathname);
  await expect(page.getByText("Households in scope now: 1")).toBeVisible();
  await expect(page.getByRole("heading", { level: 2, name: "Procedure" })).toBeVisible();
  await checkPage(page, `programme-en-${width}`);
});

test("the demo's programmes are seeded, and the resident sees their plan with its next step", async ({
  page,
  context,
  loginAs,
}, testInfo) => {
  await context.addCookies([{ name: "lng", value: "zh-CN", url: testInfo.project.use.baseURL ?? "" }]);
  await loginAs("organizer@example.org");
  await page.goto("/programmes");
  for (const programme of ["再就业培训", "一帮一结对", "爱心卡", "临时救助金"])
    await expect(page.getByRole("link", { name: programme, exact: true })).toBeVisible();
  await checkPage(page, `list-${testInfo.project.use.viewport?.width ?? 1280}`);
  await loginAs("resident@example.org");
  await page.goto("/me/household");
  const plan = page.locator("#help-plan");
  await expect(plan).toContainText("再就业培训");
  await expect(plan).toContainText("下一步：小区审核");
  await checkPage(page, `me-household-${testInfo.project.use.viewport?.width ?? 1280}`);
});

test("refusing or closing a case asks first; dismissed, the case stays as it was", async ({
  page,
  context,
  loginAs,
}, testInfo) => {
  await context.addCookies([{ name: "lng", value: "zh-CN", url: testInfo.project.use.baseURL ?? "" }]);
  await loginAs("organizer@example.org");
  // The demo resident's training case, waiting at the compound's review (db/seed/programmes.ts).
  const [seeded] = await getDatabase()
    .db.select({ id: schema.programmeCases.id, programmeId: schema.programmeCases.programmeId })
    .from(schema.programmeCases)
    .where(eq(schema.programmeCases.status, "open"))
    .limit(1);
  if (!seeded) throw new Error("the demo has no open case");
  await page.goto(`/programmes/${seeded.programmeId}/cases/${seeded.id}`);
  await page.getByLabel("原因", { exact: true }).fill("材料不全");
  for (const [button, question] of [
    ["不予通过", "确定不予通过吗？"],
    ["关闭办理", "确定关闭办理吗？"],
  ] as const) {
    let message = "";
    // The dialog must be answered while the click waits for it.
    page.once("dialog", (dialog) => {
      message = dialog.message();
      void dialog.dismiss();
    });
    await page.getByRole("button", { name: button }).click();
    expect(message).toContain(question);
  }
  const [after] = await getDatabase()
    .db.select({ status: schema.programmeCases.status })
    .from(schema.programmeCases)
    .where(eq(schema.programmeCases.id, seeded.id));
  expect(after?.status).toBe("open");
});
