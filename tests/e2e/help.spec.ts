import { eq, ne } from "drizzle-orm";
import { expect, test } from "#tests/e2e/fixtures";
import { readLatestEmail } from "#tests/e2e/mailbox";
import { schema } from "#db/client.server";

// Emails are shown in a sandboxed iframe; Chromium reports Playwright's own helpers there as blocked.
const sandboxNotice = /Blocked script execution in .*\/admin\/mailbox\/\d+\/html/;

test("a resident asks for urgent help from the card link; the helper acts on the email; the resident rates it", async ({
  page,
  loginAs,
  e2eDatabase,
  consoleErrors,
}) => {
  consoleErrors.allow(sandboxNotice);
  const [member] = await e2eDatabase.db
    .select({ householdId: schema.householdMembers.householdId })
    .from(schema.householdMembers)
    .innerJoin(schema.users, eq(schema.users.id, schema.householdMembers.userId))
    .where(eq(schema.users.email, "resident@example.org"));
  if (!member) throw new Error("the demo resident has no household");
  const cardLink = `/help/ask?household=${member.householdId}`;

  // The card's QR code, opened signed out, asks to sign in first and keeps where it was going.
  await page.goto(cardLink);
  await expect(page).toHaveURL(/\/login\?redirectTo=/);
  expect(decodeURIComponent(new URL(page.url()).searchParams.get("redirectTo") ?? "")).toBe(cardLink);

  await loginAs("resident@example.org");
  await page.goto(cardLink);
  await page.getByRole("radio", { name: "紧急／临时灾难" }).check();
  await page.getByLabel("发生了什么？").fill("家里水管爆裂，屋里进水了");
  await page.getByRole("radio", { name: "打电话给我" }).check();
  await page.getByLabel("联系电话").fill("13900001111");
  await page.getByRole("button", { name: "提交求助" }).click();
  await expect(page.getByRole("status")).toContainText("求助已提交");
  const requestPath = new URL(page.url()).pathname;
  await expect(page.getByText("新求助").first()).toBeVisible();

  await context(page).clearCookies();
  await loginAs("organizer@example.org");
  // The other project's run of this test emails the same helper: wait for the email about this request.
  await expect
    .poll(async () => (await readLatestEmail(page, "volunteer4@example.org")).text, { timeout: 20_000 })
    .toContain(requestPath);
  const email = await readLatestEmail(page, "volunteer4@example.org");
  expect(email.subject).toContain("紧急求助");

  await context(page).clearCookies();
  await loginAs("volunteer4@example.org");
  await page.goto(requestPath);
  await page.getByRole("textbox", { name: "备注" }).fill("马上联系物业关水阀");
  await page.getByRole("button", { name: "受理" }).click();
  await expect(page.getByRole("status")).toContainText("已保存");
  await page.getByRole("button", { name: "标记为已解决" }).click();
  // The notice from the first save is still on the page: wait for the resolved request's page instead.
  await expect(page.getByRole("button", { name: "标记为已解决" })).toHaveCount(0);

  await context(page).clearCookies();
  await loginAs("resident@example.org");
  await page.goto(requestPath);
  const timeline = page.getByRole("list").filter({ hasText: "提交求助" });
  await expect(timeline).toContainText("已受理");
  await expect(timeline).toContainText("马上联系物业关水阀");
  await expect(timeline).toContainText("已解决");
  await page.getByRole("radio", { name: "5 — 帮助很大" }).check();
  await page.getByLabel("想对我们说的话（可不填）").fill("来得很快，谢谢");
  await page.getByRole("button", { name: "提交评价" }).click();
  await expect(page.getByText("您的评分：5/5")).toBeVisible();

  await page.goto("/help");
  await expect(page.getByRole("link", { name: /紧急／临时灾难/ }).first()).toBeVisible();
});

test("a resident cannot open another household's help request", async ({ page, loginAs, e2eDatabase }) => {
  const [own] = await e2eDatabase.db
    .select({ householdId: schema.householdMembers.householdId })
    .from(schema.householdMembers)
    .innerJoin(schema.users, eq(schema.users.id, schema.householdMembers.userId))
    .where(eq(schema.users.email, "resident@example.org"));
  const [organizer] = await e2eDatabase.db
    .select()
    .from(schema.users)
    .where(eq(schema.users.email, "admin@example.org"));
  const [neighbour] = await e2eDatabase.db
    .select({ id: schema.households.id, compoundId: schema.households.compoundId })
    .from(schema.households)
    .where(ne(schema.households.id, own?.householdId ?? 0))
    .limit(1);
  if (!organizer || !neighbour) throw new Error("the demo seed has no organizer or second household");
  // Written straight into the table: the help module renders its notices, which this process cannot load.
  const now = new Date();
  const [recorded] = await e2eDatabase.db
    .insert(schema.helpRequests)
    .values({
      householdId: neighbour.id,
      compoundId: neighbour.compoundId,
      recordedById: organizer.id,
      channel: "phone",
      kind: "daily",
      description: "需要帮忙买菜",
      contactMethod: "app",
      escalationLevel: 2,
      acknowledgeBy: new Date(now.getTime() + 86_400_000),
      createdAt: now,
      updatedAt: now,
    })
    .returning({ id: schema.helpRequests.id });
  if (!recorded) throw new Error("no request inserted");

  await loginAs("resident@example.org");
  const response = await page.goto(`/help/${recorded.id}`);
  expect(response?.status()).toBe(403);
});

function context(page: import("@playwright/test").Page) {
  return page.context();
}
