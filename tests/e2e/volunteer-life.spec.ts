// Issue 17's volunteer lifecycle end to end: a volunteer imported from the roster file receives an invitation,
// accepts it and signs in; a volunteer who leaves is gone from every place the issue lists (roster, suggestions,
// the supervisor of their people, the connection card, sign-in, sessions, feed link) and comes back with history.
import AxeBuilder from "@axe-core/playwright";
import { eq } from "drizzle-orm";
import type { Page } from "@playwright/test";
import { hashPassword } from "#app/modules/auth/password.server";
import { createFeed } from "#app/modules/calendar/feeds.server";
import { db, getDatabase, schema } from "#db/client.server";
import { seededFaker } from "#db/seed/context";
import { insertHousehold, makeHousehold } from "#db/seed/factories";
import { expect, test } from "#tests/e2e/fixtures";
import { signInWithForm } from "#tests/e2e/support/pages";
import { acceptInvitation, importRoster } from "#tests/e2e/support/volunteers";

async function expectNoSeriousAxeViolations(page: Page) {
  const results = await new AxeBuilder({ page }).analyze();
  const serious = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(
    serious.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`),
  ).toEqual([]);
}

const run = `${Date.now() % 1_000_000}${Math.floor(Math.random() * 900) + 100}`;

test("an imported volunteer receives an invitation, accepts it and signs in", async ({
  page,
  loginAs,
  browser,
}) => {
  await loginAs("organizer@example.org");
  const compound = await db().query.compounds.findFirst({ where: eq(schema.compounds.id, 1) });
  const email = `imported-${run}@example.org`;
  const csvRow = `${email},导入 志愿者${run},139 0000 ${run.slice(-4)},1,,${compound?.name ?? ""},,care,周末,2`;

  await page.goto("/roster/import");
  await expect(page.getByRole("table")).toContainText(compound?.code ?? "");
  await expectNoSeriousAxeViolations(page);
  await importRoster(page, [csvRow], 1);

  await page.goto("/admin/people/invitations");
  const row = page.getByRole("listitem").filter({ hasText: email });
  await expect(row).toContainText("等待接受");
  await expect(row).toContainText("今天");
  await expectNoSeriousAxeViolations(page);

  const invitee = await browser.newContext({ locale: "zh-CN" });
  const inviteePage = await invitee.newPage();
  await acceptInvitation(inviteePage, email, "imported volunteer passphrase");
  await invitee.clearCookies();
  await signInWithForm(inviteePage, email, "imported volunteer passphrase");
  await expect(inviteePage).toHaveURL(/\/volunteer$/);
  await invitee.close();

  await page.goto("/admin/people/invitations");
  await expect(page.getByText(email)).toHaveCount(0);
});

/** A compound of its own with an organizer, a small linkage and two paired households. */
async function world() {
  const database = getDatabase();
  const passwordHash = await hashPassword("leaving volunteer passphrase");
  const [compound] = await database.writeAtomic((d) =>
    d
      .insert(schema.compounds)
      .values({ code: `life-${run}`, name: `离开测试小区${run}` })
      .returning({ id: schema.compounds.id }),
  );
  const compoundId = compound?.id ?? 0;
  const person = async (
    key: string,
    name: string,
    role: "organizer" | "volunteer",
    tier: number | null,
    supervisorId: number | null,
  ) => {
    const email = `life-${key}-${run}@example.org`;
    const [row] = await database.writeAtomic((d) =>
      d
        .insert(schema.users)
        .values({
          email,
          name: `${name}${run}`,
          phone: "13900001111",
          role,
          volunteerTier: tier,
          supervisorId,
          compoundId,
          passwordHash,
          emailVerifiedAt: new Date(),
        })
        .returning(),
    );
    if (!row) throw new Error("no user");
    // Made with an address, so the address is there (users.email is nullable for phone-only accounts).
    return { ...row, email };
  };
  const organizer = await person("organizer", "组织者", "organizer", null, null);
  const cadre1 = await person("cadre1", "一级", "volunteer", 1, null);
  const leaver = await person("leaver", "离开者", "volunteer", 2, cadre1.id);
  const successor = await person("successor", "接替者", "volunteer", 2, cadre1.id);
  const member = await person("member", "党员", "volunteer", 3, leaver.id);
  await database.writeAtomic((d) =>
    d.insert(schema.volunteerProfiles).values({ userId: leaver.id, capacity: 1, skills: ["care"] }),
  );
  const household = async (room: string) => {
    const draft = makeHousehold(seededFaker(Number(run) + Number(room), "e2e-life"), {
      compoundId,
      address: { building: "7", unit: "1", room },
      level: "extreme",
    });
    const { householdId } = await database.write((tx) => insertHousehold(tx, draft));
    await database.writeAtomic((d) =>
      d.insert(schema.pairings).values({
        householdId,
        volunteerId: room === "101" ? leaver.id : member.id,
        role: "primary",
        status: "active",
        startedAt: new Date(),
      }),
    );
    return householdId;
  };
  return {
    organizer,
    cadre1,
    leaver,
    successor,
    member,
    released: await household("101"),
    membersHousehold: await household("102"),
  };
}

test("a volunteer who leaves is gone from roster, suggestions, supervision, card, sign-in, sessions and feed; coming back shows in history", async ({
  page,
  loginAs,
  browser,
}) => {
  const w = await world();
  const feedToken = await createFeed(w.leaver.id);
  expect((await page.request.get(`/calendar/${feedToken}.ics`)).status()).toBe(200);
  const leaverContext = await browser.newContext({ locale: "zh-CN" });
  const leaverPage = await leaverContext.newPage();
  await signInWithForm(leaverPage, w.leaver.email, "leaving volunteer passphrase");
  await expect(leaverPage).toHaveURL(/\/volunteer$/);

  await loginAs(w.organizer.email);
  await page.goto(`/roster/volunteers/${w.leaver.id}`);
  await expectNoSeriousAxeViolations(page);
  await page
    .getByLabel("由谁接替其下属（1 人）")
    .selectOption({ label: `${w.successor.name} · 离开测试小区${run}` });
  await page.getByLabel("原因（可选）").fill("工作调动，搬去外地");
  await page.getByLabel("确认该志愿者已离开").check();
  await page.getByRole("button", { name: "志愿者离开" }).click();
  await expect(page.getByRole("status")).toContainText("已记录该志愿者离开");
  await expect(page.getByText("已离开", { exact: true })).toBeVisible();

  // The roster, table and tree.
  await page.goto(`/roster?view=table&compound=${w.organizer.compoundId}`);
  await expect(page.getByRole("table")).toContainText(w.successor.name);
  await expect(page.getByRole("table")).not.toContainText(w.leaver.name);
  await page.goto(`/roster?view=tree&root=${w.cadre1.id}`);
  await expect(page.locator(".tree-root")).toContainText(w.member.name);
  await expect(page.locator(".tree-root")).not.toContainText(w.leaver.name);
  await expectNoSeriousAxeViolations(page);

  // Suggestions for the household just released.
  await page.goto("/roster/reassign");
  const waiting = page
    .getByRole("listitem")
    .filter({ hasText: "7-1-101" })
    .filter({ hasText: w.leaver.name });
  await waiting.getByRole("link").last().click();
  await expect(page.locator(".suggestion-list")).toContainText(w.successor.name);
  await expect(page.locator(".suggestion-list")).not.toContainText(w.leaver.name);

  // Their people answer to the successor, on the roster and on the connection card.
  await page.goto(`/roster/volunteers/${w.member.id}`);
  await expect(page.locator(".facts")).toContainText(w.successor.name);
  await page.goto(`/cards/connection/${w.membersHousehold}`);
  await expect(page.locator(".connection-card")).toContainText(w.successor.name);
  await expect(page.locator(".connection-card")).not.toContainText(w.leaver.name);
  await page.goto(`/cards/connection/${w.released}`);
  await expect(page.locator(".connection-card")).toContainText("待安排");
  await expect(page.locator(".connection-card")).not.toContainText(w.leaver.name);

  // Their session ended, sign-in is refused and the feed link is revoked.
  await leaverPage.goto("/volunteer");
  await expect(leaverPage).toHaveURL(/\/login/);
  await signInWithForm(leaverPage, w.leaver.email, "leaving volunteer passphrase");
  await expect(leaverPage.getByText("账户或密码不正确", { exact: false })).toBeVisible();
  expect((await page.request.get(`/calendar/${feedToken}.ics`)).status()).toBe(404);
  await leaverContext.close();

  // Coming back.
  await page.goto(`/roster/volunteers/${w.leaver.id}`);
  await page.getByLabel("原因（可选）").fill("调回本地");
  await page.getByRole("button", { name: "恢复为志愿者" }).click();
  await expect(page.getByRole("status")).toContainText("该志愿者已恢复");
  const history = page.getByRole("region", { name: "离开与回来记录" });
  await expect(history).toContainText("离开");
  await expect(history).toContainText("工作调动，搬去外地");
  await expect(history).toContainText(w.successor.name);
  await expect(history).toContainText("回来");
  await expect(history).toContainText("调回本地");
  await expectNoSeriousAxeViolations(page);
  const back = await db().query.users.findFirst({ where: eq(schema.users.id, w.leaver.id) });
  expect(back?.disabledAt).toBeNull();
});

test("the linkage tree is axe-clean for a tier-1 cadre, and a resident cannot be its root", async ({
  page,
  loginAs,
}) => {
  await loginAs("volunteer1@example.org");
  for (const path of ["/roster", "/roster?view=tree"]) {
    await page.goto(path);
    await expect(page.locator(".tree-root")).toBeVisible();
    await expectNoSeriousAxeViolations(page);
  }
  const resident = await db().query.users.findFirst({
    where: eq(schema.users.email, "resident@example.org"),
  });
  await loginAs("organizer@example.org");
  await page.goto(`/roster?view=tree&root=${resident?.id ?? 0}`);
  await expect(page.getByRole("heading", { name: "一级领导干部" })).toBeVisible();
  await expect(page.locator(".tree-root")).toHaveCount(0);
});
