import AxeBuilder from "@axe-core/playwright";
import { and, eq, isNull } from "drizzle-orm";
import { expect, test } from "#tests/e2e/fixtures";
import { readLatestEmail, sandboxNotice } from "#tests/e2e/mailbox";
import { getDatabase, schema } from "#db/client.server";
import { seededFaker } from "#db/seed/context";
import { insertHousehold, makeHousehold } from "#db/seed/factories";

/** A fresh volunteer paired with a fresh extreme-hardship household of the first compound. */
async function pairedVolunteer(accountId: number) {
  const database = getDatabase();
  const [compound] = await database.db.select({ id: schema.compounds.id }).from(schema.compounds).limit(1);
  if (!compound) throw new Error("no compound seeded");
  const room = String(1000 + Math.floor(Math.random() * 8999));
  const draft = makeHousehold(seededFaker(Number(room), "e2e-visits"), {
    compoundId: compound.id,
    address: { building: "88", unit: String((accountId % 9) + 1), room },
    level: "extreme",
  });
  const { householdId } = await database.write((tx) => insertHousehold(tx, draft));
  await database.write(async (tx) => {
    await tx.update(schema.users).set({ compoundId: compound.id }).where(eq(schema.users.id, accountId));
    await tx
      .insert(schema.pairings)
      .values({ volunteerId: accountId, householdId, role: "primary", startedAt: new Date() });
  });
  return { householdId, compoundId: compound.id, address: `88-${(accountId % 9) + 1}-${room}` };
}

test("a volunteer schedules a visit, finds the invitation, and records a visit's outcome afterwards", async ({
  page,
  loginAs,
  newAccount,
  consoleErrors,
}) => {
  consoleErrors.allow(sandboxNotice);
  const account = await newAccount("volunteer", { volunteerTier: 4 });
  const home = await pairedVolunteer(account.id);

  await loginAs(account.email);
  await page.goto("/visits");
  await page.getByRole("link", { name: "安排走访" }).first().click();
  await page.getByLabel("家庭").selectOption({ index: 1 });
  await page.getByLabel("开始时间").fill("14:00");
  await page.getByLabel("结束时间").fill("15:00");
  await page.getByLabel("走访目的").fill("了解冬季取暖情况");
  await page.getByRole("button", { name: "安排走访" }).click();
  await expect(page.getByRole("status")).toContainText("走访已安排");
  await expect(page.getByText(home.address).first()).toBeVisible();
  await expect(page.getByRole("link", { name: "添加到 Google 日历" })).toHaveAttribute(
    "href",
    /calendar\.google\.com/,
  );
  const visitPath = new URL(page.url()).pathname;
  const ics = await page.request.get(`${visitPath}/ics`);
  expect(ics.headers()["content-type"]).toContain("text/calendar");
  expect(await ics.text()).toContain("METHOD:PUBLISH");

  // The volunteer copies their feed link; their calendar app, without a session, then sees the visit.
  await page.goto("/me/calendar");
  await page.getByRole("button", { name: "创建订阅链接" }).click();
  const link = await page.getByLabel("订阅链接（网址）").inputValue();
  const feed = await page.request.get(new URL(link).pathname, { headers: { cookie: "" } });
  expect(feed.status()).toBe(200);
  expect(await feed.text()).toContain(`UID:visit-${visitPath.split("/").pop()}@lianxin`);

  await page.context().clearCookies();
  await loginAs("organizer@example.org");
  const email = await readLatestEmail(page, account.email, 20_000);
  expect(email.subject).toContain("走访邀请");
  expect(email.text).toContain("了解冬季取暖情况");

  // A visit of yesterday, left to record.
  const yesterday = Date.now() - 24 * 3_600_000;
  const [past] = await getDatabase().writeAtomic((d) =>
    d
      .insert(schema.visits)
      .values({
        householdId: home.householdId,
        compoundId: home.compoundId,
        leadVolunteerId: account.id,
        startsAt: new Date(yesterday),
        endsAt: new Date(yesterday + 3_600_000),
        place: "户主家中",
        purpose: "了解近况",
      })
      .returning({ id: schema.visits.id }),
  );
  if (!past) throw new Error("could not create the past visit");

  await page.context().clearCookies();
  await loginAs(account.email);
  await page.goto("/visits");
  const toRecord = page.getByRole("region", { name: "待记录" });
  await toRecord.getByRole("link").first().click();
  await expect(page).toHaveURL(new RegExp(`/visits/${past.id}$`));
  await page.getByRole("textbox", { name: "走访情况" }).fill("老人身体尚可，需要陪同复诊");
  await page.getByRole("checkbox", { name: "就医" }).check();
  await page.getByRole("button", { name: "保存走访情况" }).click();
  await expect(page.getByRole("status")).toContainText("走访情况已保存");
  await expect(page.getByText("老人身体尚可，需要陪同复诊")).toBeVisible();
});

test("a volunteer who opens the form for a household not theirs gets 403, and the attempt is logged", async ({
  page,
  loginAs,
  e2eDatabase,
}) => {
  const volunteer = await loginAs("volunteer4@example.org");
  const [other] = await e2eDatabase.db
    .select({ id: schema.households.id })
    .from(schema.households)
    .leftJoin(
      schema.pairings,
      and(
        eq(schema.pairings.householdId, schema.households.id),
        eq(schema.pairings.volunteerId, volunteer.id),
      ),
    )
    .where(isNull(schema.pairings.id))
    .limit(1);
  if (!other) throw new Error("no household outside volunteer4's");
  const response = await page.goto(`/visits/new?household=${other.id}`);
  expect(response?.status()).toBe(403);
  const logged = await e2eDatabase.db
    .select({ id: schema.auditLog.id })
    .from(schema.auditLog)
    .where(
      and(
        eq(schema.auditLog.action, "visit.schedule.denied"),
        eq(schema.auditLog.actorId, volunteer.id),
        eq(schema.auditLog.targetId, String(other.id)),
      ),
    );
  expect(logged.length).toBeGreaterThan(0);
});

test("the visit pages have no serious accessibility violation", async ({ page, loginAs }) => {
  await loginAs("volunteer4@example.org");
  for (const path of ["/visits", "/visits?tab=due", "/visits/new"]) {
    await page.goto(path);
    const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21aa"]).analyze();
    const serious = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
    expect(
      serious.map((v) => `${path}: ${v.id} ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`),
    ).toEqual([]);
  }
  await page.goto("/visits");
  await page.locator(".visit-item-title").first().click();
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21aa"]).analyze();
  expect(results.violations.filter((v) => v.impact === "serious" || v.impact === "critical")).toEqual([]);
});
