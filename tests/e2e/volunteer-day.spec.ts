// The day's work on a phone (issue 17): a volunteer opens their home, finds their own next visit first, taps
// "arrived" and "left" at the door, records the outcome (the draft survives a reload) and sees its length.
import AxeBuilder from "@axe-core/playwright";
import { eq } from "drizzle-orm";
import { expect, test } from "#tests/e2e/fixtures";
import { getDatabase, schema } from "#db/client.server";
import { seededFaker } from "#db/seed/context";
import { insertHousehold, makeHousehold } from "#db/seed/factories";

test.use({ viewport: { width: 390, height: 844 } });

/** A fresh volunteer paired with a fresh household, and one visit of theirs starting in half an hour. */
async function volunteerWithVisit(accountId: number) {
  const database = getDatabase();
  const [compound] = await database.db.select({ id: schema.compounds.id }).from(schema.compounds).limit(1);
  if (!compound) throw new Error("no compound seeded");
  const room = String(1000 + Math.floor(Math.random() * 8999));
  const draft = makeHousehold(seededFaker(Number(room), "e2e-day"), {
    compoundId: compound.id,
    address: { building: "77", unit: String((accountId % 9) + 1), room },
    level: "extreme",
  });
  const { householdId } = await database.write((tx) => insertHousehold(tx, draft));
  const startsAt = new Date(Date.now() + 30 * 60_000);
  const [visit] = await database.write(async (tx) => {
    await tx.update(schema.users).set({ compoundId: compound.id }).where(eq(schema.users.id, accountId));
    await tx
      .insert(schema.pairings)
      .values({ volunteerId: accountId, householdId, role: "primary", startedAt: new Date() });
    return tx
      .insert(schema.visits)
      .values({
        householdId,
        compoundId: compound.id,
        leadVolunteerId: accountId,
        scheduledById: accountId,
        startsAt,
        endsAt: new Date(startsAt.getTime() + 3_600_000),
        place: "户主家中",
        purpose: "冬季走访",
      })
      .returning({ id: schema.visits.id });
  });
  if (!visit) throw new Error("could not create the visit");
  return { visitId: visit.id, address: `77-${(accountId % 9) + 1}-${room}` };
}

async function expectNoOverflow(page: import("@playwright/test").Page) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
}

async function expectAxeClean(page: import("@playwright/test").Page) {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21aa"]).analyze();
  expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(", ")}`)).toEqual([]);
}

test("a volunteer goes from their home to the door and back, and the visit's length is recorded", async ({
  page,
  loginAs,
  newAccount,
}, testInfo) => {
  const account = await newAccount("volunteer", { volunteerTier: 4 });
  const { visitId, address } = await volunteerWithVisit(account.id);
  await loginAs(account.email);

  await page.goto("/volunteer");
  const next = page.getByRole("region", { name: "我的下次走访" });
  await expect(next.getByText(address)).toBeVisible();
  await expectNoOverflow(page);
  await expectAxeClean(page);
  await page.screenshot({ path: testInfo.outputPath("volunteer-home-390.png"), fullPage: true });
  await next.getByRole("link", { name: "打开" }).first().click();
  await expect(page).toHaveURL(new RegExp(`/visits/${visitId}$`));

  await page.getByRole("button", { name: "我已到达" }).click();
  await expect(page.getByRole("status").first()).toContainText("已记录到达时间");
  await page.getByRole("button", { name: "我要离开" }).click();
  await expect(page.getByRole("status").first()).toContainText("已记录离开时间");

  // What was typed survives a reload (a dropped connection, a new sign-in) until it is saved.
  await page.getByRole("textbox", { name: "走访情况" }).fill("老人精神不错，暖气已修好");
  await page.getByRole("checkbox", { name: "就医" }).check();
  await page.reload();
  await expect(page.getByText("您之前填写的内容已保存在本设备上")).toBeVisible();
  await expect(page.getByRole("textbox", { name: "走访情况" })).toHaveValue("老人精神不错，暖气已修好");
  await expect(page.getByRole("checkbox", { name: "就医" })).toBeChecked();
  await expectNoOverflow(page);
  await expectAxeClean(page);
  await page.screenshot({ path: testInfo.outputPath("visit-390.png"), fullPage: true });

  await page.getByRole("button", { name: "保存走访情况" }).click();
  await expect(page.getByRole("status").first()).toContainText("走访情况已保存");
  await expect(page.getByTestId("visit-duration")).toContainText("1 分钟");
  // The same pages on a wide screen, for a look.
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.screenshot({ path: testInfo.outputPath("visit-1280.png"), fullPage: true });
  await page.goto("/volunteer");
  await page.screenshot({ path: testInfo.outputPath("volunteer-home-1280.png"), fullPage: true });
  expect(
    await page.evaluate(() => Object.keys(window.localStorage).filter((k) => k.includes("visit-draft"))),
  ).toEqual([]);
});

test("an error stays beside its field until it is put right, and the button below does not move", async ({
  page,
  loginAs,
  newAccount,
}) => {
  const account = await newAccount("volunteer", { volunteerTier: 4 });
  const { visitId } = await volunteerWithVisit(account.id);
  await loginAs(account.email);
  await page.goto(`/visits/${visitId}`);
  await page.locator("summary", { hasText: "取消走访" }).click();
  const submit = page.getByRole("button", { name: "取消走访" });
  await submit.click();
  const confirmError = page.getByText("请勾选确认。");
  await expect(confirmError).toBeVisible();
  // Typing a reason and leaving the field keeps the checkbox's message.
  await page.getByRole("textbox", { name: "取消原因" }).fill("户主外出");
  await page.getByRole("textbox", { name: "取消原因" }).blur();
  await expect(confirmError).toBeVisible();
  const before = await submit.boundingBox();
  const box = page.getByRole("checkbox", { name: /确认取消这次走访/ });
  expect((await box.boundingBox())?.height ?? 0).toBeGreaterThanOrEqual(24);
  await box.check();
  await expect(confirmError).toBeHidden();
  expect((await submit.boundingBox())?.y).toBe(before?.y);
});
