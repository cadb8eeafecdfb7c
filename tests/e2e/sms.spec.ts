// Text messages through the embedded default (the local SMS box): a volunteer's visit reminder is queued as a
// text to the household's head; a code texted to a resident reaches their messages whole and the staff's SMS box
// masked; the SMS page, the outbox filtered to texts and the text choices on the account page pass axe without
// sideways scrolling at a phone's and a desk's width, in both languages.
import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";
import { and, eq, like } from "drizzle-orm";
import { expect, test } from "#tests/e2e/fixtures";
import { sandboxNotice } from "#tests/e2e/mailbox";
import { getDatabase, schema } from "#db/client.server";
import { seededFaker } from "#db/seed/context";
import { insertHousehold, makeHousehold } from "#db/seed/factories";

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
  return `139${String(Date.now() % 1e8).padStart(8, "0")}`;
}

test("a volunteer's visit reminder goes to the household by text", async ({
  page,
  loginAs,
  newAccount,
  consoleErrors,
}) => {
  consoleErrors.allow(sandboxNotice);
  const account = await newAccount("volunteer", { volunteerTier: 4 });
  const database = getDatabase();
  const [compound] = await database.db.select({ id: schema.compounds.id }).from(schema.compounds).limit(1);
  if (!compound) throw new Error("no compound seeded");
  const room = String(1000 + Math.floor(Math.random() * 8999));
  const draft = makeHousehold(seededFaker(Number(room), "e2e-sms"), {
    compoundId: compound.id,
    address: { building: "77", unit: String((account.id % 9) + 1), room },
    level: "extreme",
  });
  const { householdId } = await database.write((tx) => insertHousehold(tx, draft));
  const phone = uniquePhone();
  await database.write(async (tx) => {
    await tx.update(schema.users).set({ compoundId: compound.id }).where(eq(schema.users.id, account.id));
    await tx
      .insert(schema.pairings)
      .values({ volunteerId: account.id, householdId, role: "primary", startedAt: new Date() });
    await tx
      .update(schema.householdMembers)
      .set({ phone })
      .where(
        and(
          eq(schema.householdMembers.householdId, householdId),
          eq(schema.householdMembers.relation, "head"),
        ),
      );
  });

  await loginAs(account.email);
  await page.goto("/visits");
  await page.getByRole("link", { name: "安排走访" }).first().click();
  await page.getByLabel("家庭").selectOption({ value: String(householdId) });
  await page.getByLabel("开始时间").fill("14:00");
  await page.getByLabel("结束时间").fill("15:00");
  await page.getByLabel("走访目的").fill("了解冬季取暖情况");
  await page.getByRole("button", { name: "安排走访" }).click();
  await expect(page.getByRole("status")).toContainText("走访已安排");

  const [text] = await database.db
    .select()
    .from(schema.emailOutbox)
    .where(and(eq(schema.emailOutbox.channel, "sms"), eq(schema.emailOutbox.to, `+86${phone}`)));
  expect(text).toMatchObject({ template: "visitHousehold" });
  expect(text?.data).toMatchObject({ volunteer: expect.any(String) });

  await loginAs("admin@example.org");
  await page.goto(`/admin/outbox?channel=sms&template=visitHousehold`);
  await expect(page.getByText(`+86${phone}`)).toBeVisible();
});

test("a code texted to a resident reaches their messages whole and the SMS box masked", async ({
  page,
  loginAs,
  newAccount,
}) => {
  // Ten pages and widths, each analysed by axe: more than the default time on a busy machine.
  test.setTimeout(120_000);
  const resident = await newAccount("resident");
  const phone = uniquePhone();
  const code = String(100000 + Math.floor(Math.random() * 899999));
  const database = getDatabase();
  await database.write(async (tx) => {
    await tx
      .update(schema.users)
      .set({ phone: `+86${phone}` })
      .where(eq(schema.users.id, resident.id));
    await tx.insert(schema.emailOutbox).values({
      key: `e2e:sms:code:${resident.id}`,
      channel: "sms",
      to: `+86${phone}`,
      userId: resident.id,
      template: "code",
      data: { code, minutes: 10 },
      nextAttemptAt: new Date(),
    });
  });
  await expect
    .poll(
      async () =>
        (
          await database.db
            .select()
            .from(schema.smsBox)
            .where(like(schema.smsBox.to, `%${phone}`))
        ).length,
      { timeout: 20_000 },
    )
    .toBe(1);

  await loginAs(resident.email);
  await page.goto("/messages");
  await page
    .getByRole("link", { name: /验证码/ })
    .first()
    .click();
  await expect(page.getByText(code)).toBeVisible();

  await loginAs("admin@example.org");
  await page.goto(`/admin/sms?to=${phone}`);
  await expect(page.getByText(/您的验证码是••••••/)).toBeVisible();
  await expect(page.getByText(code)).toHaveCount(0);
  await expectAccessibleAtBothWidths(page, "admin-sms-zh");
  await page.goto("/admin/outbox?channel=sms");
  await expectAccessibleAtBothWidths(page, "outbox-sms-zh");
  await page.goto(`/admin/sms?lng=en`);
  await expect(page.getByRole("heading", { name: "Text messages", level: 1 })).toBeVisible();
  await expectAccessibleAtBothWidths(page, "admin-sms-en");
  await page.goto("/account/email?lng=en");
  await expect(page.getByText("Also tell me by text message")).toBeVisible();
  await expectAccessibleAtBothWidths(page, "account-email-en");
  await page.goto("/account/email?lng=zh-CN");
  await expectAccessibleAtBothWidths(page, "account-email-zh");
});
