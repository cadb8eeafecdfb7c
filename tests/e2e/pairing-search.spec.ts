// Issue 17 item 8: pairing that scales. An organizer finds a volunteer beyond the top suggestions by searching
// (as one types, and without JavaScript through the GET form), and pairs a volunteer with a household from the
// volunteer's own page. Both go through the same pairing rules (a volunteer at capacity needs a reason).
import AxeBuilder from "@axe-core/playwright";
import { and, eq } from "drizzle-orm";
import type { Page } from "@playwright/test";
import { db, getDatabase, schema } from "#db/client.server";
import { seededFaker } from "#db/seed/context";
import { insertHousehold, makeHousehold } from "#db/seed/factories";
import { expect, test } from "#tests/e2e/fixtures";

async function expectNoSeriousAxeViolations(page: Page) {
  const results = await new AxeBuilder({ page }).analyze();
  const serious = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(
    serious.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`),
  ).toEqual([]);
}

async function expectNoHorizontalOverflow(page: Page) {
  expect(await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth)).toBe(false);
}

const shot = (name: string) => test.info().outputPath(`${name}.png`);

let sequence = 0;
const unique = () => `${Date.now() % 1_000_000}${++sequence}${Math.floor(Math.random() * 90) + 10}`;

/** A household of compound 1 whose head has a name of its own, with a note naming a dialect. */
async function household(headName: string): Promise<number> {
  const faker = seededFaker(Date.now() % 100_000, "pairing-search");
  const draft = makeHousehold(faker, {
    compoundId: 1,
    address: { building: "88", unit: "8", room: String(Date.now() % 100_000) + String(++sequence) },
    level: "extreme",
  });
  const { householdId } = await getDatabase().write((tx) => insertHousehold(tx, draft));
  await getDatabase().writeAtomic(async (d) => {
    await d
      .update(schema.householdMembers)
      .set({ name: headName })
      .where(
        and(
          eq(schema.householdMembers.householdId, householdId),
          eq(schema.householdMembers.relation, "head"),
        ),
      );
    await d
      .update(schema.households)
      .set({ note: "老人平时说粤语" })
      .where(eq(schema.households.id, householdId));
  });
  return householdId;
}

/** A volunteer of compound 1; `capacity` 0 puts them at capacity, below every one with room to spare. */
async function volunteer(name: string, capacity: number): Promise<number> {
  const [row] = await getDatabase().writeAtomic((d) =>
    d
      .insert(schema.users)
      .values({
        email: `pairing-search-${unique()}@example.org`,
        name,
        role: "volunteer",
        volunteerTier: 4,
        compoundId: 1,
      })
      .returning({ id: schema.users.id }),
  );
  if (!row) throw new Error("no volunteer");
  await getDatabase().writeAtomic((d) =>
    d.insert(schema.volunteerProfiles).values({
      userId: row.id,
      capacity,
      languages: ["粤语"],
      availabilitySlots: [{ day: 6, from: "09:00", to: "12:00" }],
    }),
  );
  return row.id;
}

async function pairingOf(householdId: number, volunteerId: number) {
  return db().query.pairings.findFirst({
    where: and(
      eq(schema.pairings.householdId, householdId),
      eq(schema.pairings.volunteerId, volunteerId),
      eq(schema.pairings.status, "active"),
    ),
  });
}

test("an organizer pairs a volunteer found by search, beyond the top suggestions", async ({
  page,
  loginAs,
}, info) => {
  const run = unique();
  const householdId = await household(`结对户主${run}`);
  const name = `搜索志愿者${run}`;
  const volunteerId = await volunteer(name, 0);
  await loginAs("organizer@example.org");

  await page.goto(`/pairings/new?household=${householdId}`);
  const suggestions = page.locator(".suggestion-list");
  await expect(suggestions.locator("li")).toHaveCount(8);
  await expect(suggestions).not.toContainText(name);
  // The reasons beside each suggestion: the compound, and days given or not.
  await expect(suggestions.locator("li").first()).toContainText(/本小区志愿者|本人资料中服务本小区/);

  await page.getByRole("searchbox", { name: "搜索所有可结对的志愿者" }).fill(name.slice(2));
  const found = page.locator(".picker-options").getByRole("radio", { name: new RegExp(name) });
  await expect(found).toBeVisible();
  const option = page.locator(".picker-options li").filter({ hasText: name });
  await expect(option).toContainText("结对 0/0");
  await expect(option).toContainText("已满额");
  await expect(option).toContainText("会说粤语");
  await expect(option).toContainText("周六");
  await expectNoSeriousAxeViolations(page);
  await expectNoHorizontalOverflow(page);
  await page.screenshot({ path: shot(`pairing-search-${info.project.name}`), fullPage: true });

  await found.check();
  await page.getByRole("button", { name: "确认结对" }).click();
  // At capacity: the same rule as any pairing asks for a reason.
  await expect(page.getByText("该志愿者已满额；如仍要结对，请填写理由")).toBeVisible();
  await expect(page.getByRole("radio", { name: new RegExp(name) })).toBeChecked();
  await expect(page.getByRole("searchbox", { name: "搜索所有可结对的志愿者" })).toHaveValue(name.slice(2));
  await page.getByLabel("超出上限的理由").fill("会说粤语，同一楼栋");
  await page.getByRole("button", { name: "确认结对" }).click();
  await expect(page).toHaveURL(/\/pairings\/\d+\/agreement/);
  expect(await pairingOf(householdId, volunteerId)).toMatchObject({ overrideReason: "会说粤语，同一楼栋" });
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("the volunteer search is a GET form whose matches one picks from", async ({ page, loginAs }) => {
    const run = unique();
    const householdId = await household(`无脚本户主${run}`);
    const name = `无脚本志愿者${run}`;
    const volunteerId = await volunteer(name, 3);
    await loginAs("organizer@example.org");

    await page.goto(`/pairings/new?household=${householdId}`);
    await page.getByRole("searchbox", { name: "搜索所有可结对的志愿者" }).fill(name);
    await page.getByRole("button", { name: "搜索", exact: true }).click();
    await expect(page).toHaveURL(new RegExp(`household=${householdId}.*q=`));
    await page
      .locator(".picker-options")
      .getByRole("radio", { name: new RegExp(name) })
      .check();
    await page.getByRole("button", { name: "确认结对" }).click();
    await expect(page).toHaveURL(/\/pairings\/\d+\/agreement/);
    expect(await pairingOf(householdId, volunteerId)).toBeTruthy();
  });
  test("the search keeps a reassignment: the new helper takes the waiting pairing's place", async ({
    page,
    loginAs,
  }) => {
    const run = unique();
    const householdId = await household(`重新结对户主${run}`);
    const former = await volunteer(`原帮扶人${run}`, 3);
    const name = `新帮扶人${run}`;
    const volunteerId = await volunteer(name, 3);
    const [waiting] = await getDatabase().writeAtomic((d) =>
      d
        .insert(schema.pairings)
        .values({
          householdId,
          volunteerId: former,
          role: "primary",
          status: "needs_reassignment",
          startedAt: new Date(),
        })
        .returning({ id: schema.pairings.id }),
    );
    if (!waiting) throw new Error("no pairing");
    await loginAs("organizer@example.org");

    await page.goto(`/pairings/new?reassign=${waiting.id}`);
    await page.getByRole("searchbox", { name: "搜索所有可结对的志愿者" }).fill(name);
    await page.getByRole("button", { name: "搜索", exact: true }).click();
    await expect(page).toHaveURL(new RegExp(`reassign=${waiting.id}.*q=`));
    await page
      .locator(".picker-options")
      .getByRole("radio", { name: new RegExp(name) })
      .check();
    await page.getByRole("button", { name: "确认重新结对" }).click();
    await expect(page).toHaveURL(/\/pairings\/\d+\/agreement/);
    expect(await pairingOf(householdId, volunteerId)).toMatchObject({ role: "primary" });
    const old = await db().query.pairings.findFirst({ where: eq(schema.pairings.id, waiting.id) });
    expect(old?.status).toBe("ended");
  });
});

test("an organizer pairs a volunteer with a household from the volunteer's page", async ({
  page,
  loginAs,
}, info) => {
  const run = unique();
  const head = `志愿者页户主${run}`;
  const householdId = await household(head);
  const volunteerId = await volunteer(`志愿者页${run}`, 3);
  await loginAs("organizer@example.org");

  await page.goto(`/roster/volunteers/${volunteerId}`);
  // What the suggestions read of their own profile is shown on their page.
  await expect(page.locator(".facts")).toContainText("周六 09:00–12:00");
  await expect(page.locator(".facts")).toContainText("粤语");
  await page.getByRole("link", { name: "为其结对家庭" }).click();
  await expect(page).toHaveURL(`/roster/volunteers/${volunteerId}/pair`);
  await page.getByRole("searchbox").fill(head);
  const found = page.getByRole("radio", { name: new RegExp(head) });
  await expect(found).toBeVisible();
  await expect(page.locator(".picker-options li").filter({ hasText: head })).toContainText("尚无主帮扶人");
  await expectNoSeriousAxeViolations(page);
  await expectNoHorizontalOverflow(page);
  await page.screenshot({ path: shot(`pair-from-volunteer-${info.project.name}`), fullPage: true });

  await found.check();
  await page.getByRole("button", { name: "确认结对" }).click();
  await expect(page).toHaveURL(/\/pairings\/\d+\/agreement/);
  expect(await pairingOf(householdId, volunteerId)).toMatchObject({ role: "primary" });
});
