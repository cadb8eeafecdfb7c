import { and, eq } from "drizzle-orm";
import { getDatabase, db, schema } from "#db/client.server";
import { seededFaker } from "#db/seed/context";
import { insertHousehold, makeHousehold } from "#db/seed/factories";
import { expect, test } from "#tests/e2e/fixtures";

/** A fresh extreme-hardship household in the organizer's compound, so that parallel runs never share one. */
async function unpairedExtremeHousehold(compoundId: number) {
  const room = String(Date.now() % 100_000) + String(Math.floor(Math.random() * 90) + 10);
  const draft = makeHousehold(seededFaker(Number(room), "e2e-roster"), {
    compoundId,
    address: { building: "88", unit: "1", room },
    level: "extreme",
  });
  const { householdId } = await getDatabase().write((tx) => insertHousehold(tx, draft));
  return { householdId, address: `88-1-${room}` };
}

test("an organizer pairs an unpaired extreme-hardship household from a suggestion, records the agreement, prints both cards, and the volunteer sees it at home", async ({
  page,
  loginAs,
}) => {
  const organizer = await loginAs("organizer@example.org");
  const account = await db().query.users.findFirst({ where: eq(schema.users.id, organizer.id) });
  const { householdId, address } = await unpairedExtremeHousehold(account?.compoundId ?? 1);

  await page.goto(`/roster/coverage?compound=${account?.compoundId ?? 1}`);
  const row = page.getByRole("listitem").filter({ hasText: address });
  await expect(row).toContainText("特困户");
  await row.getByRole("link", { name: "结对" }).click();

  await expect(page.getByRole("heading", { level: 1 })).toHaveText("为家庭结对");
  const suggestion = page.locator(".suggestion").first();
  const helperName = (await suggestion.locator("strong").textContent()) ?? "";
  await suggestion.getByRole("radio").check();
  await page.getByRole("button", { name: "确认结对" }).click();

  await expect(page.getByRole("status")).toContainText("结对成功");
  await expect(page.locator(".agreement-card")).toContainText(helperName);
  await page.getByRole("textbox", { name: "目标", exact: true }).fill("推荐参加再就业培训");
  await page.getByLabel("完成期限").fill("2030-01-15");
  await page.getByRole("button", { name: "保存目标" }).click();
  await expect(page.locator(".goal-list")).toContainText("推荐参加再就业培训");
  await page.getByRole("button", { name: "保存签订信息" }).click();
  await expect(page.locator(".signing")).toContainText("纸质签字");

  // The printed card is the card alone, with lines to sign on.
  await page.emulateMedia({ media: "print" });
  await expect(page.locator(".agreement-card")).toBeVisible();
  await expect(page.getByRole("button", { name: "保存目标" })).toBeHidden();
  await expect(page.locator(".signature-lines")).toBeVisible();
  await page.emulateMedia({ media: "screen" });

  await page.getByRole("link", { name: "连心卡" }).click();
  const card = page.locator(".connection-card");
  await expect(card).toContainText(helperName);
  await expect(card).toContainText("1890");
  // Printing the card issued its credentials: the claim code a resident types is on it, beside the QR.
  await expect(card.getByRole("img", { name: "扫码求助" })).toBeVisible();
  const [credentials] = await db()
    .select({ claimCode: schema.householdCardCredentials.claimCode })
    .from(schema.householdCardCredentials)
    .where(eq(schema.householdCardCredentials.householdId, householdId));
  expect(credentials).toBeDefined();
  const code = credentials?.claimCode ?? "";
  await expect(card.locator(".claim-code")).toHaveText(`${code.slice(0, 5)}-${code.slice(5)}`);

  const [pairing] = await db()
    .select({ email: schema.users.email })
    .from(schema.pairings)
    .innerJoin(schema.users, eq(schema.users.id, schema.pairings.volunteerId))
    .where(and(eq(schema.pairings.householdId, householdId), eq(schema.pairings.status, "active")));
  expect(pairing).toBeDefined();
  await loginAs(pairing?.email ?? "");
  await page.goto("/volunteer");
  const mine = page.getByRole("region", { name: "我的结对家庭" });
  await expect(mine).toContainText(address);
  await expect(mine).toContainText("推荐参加再就业培训");
});

test("a resident sees their helper's name and phone and can open their agreement card", async ({
  page,
  loginAs,
}) => {
  await loginAs("resident@example.org");
  await page.goto("/me");
  const helper = page.getByRole("region", { name: "我的帮扶人" });
  await expect(helper.getByRole("link", { name: /拨打/ })).toBeVisible();
  await helper.getByRole("link", { name: "查看协议卡" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("一帮一结对帮扶协议卡");
});
