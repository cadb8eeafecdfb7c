// Service hours end to end (issue 17 item 10–11): a volunteer records a visit as done and finds a pending entry,
// their tier-2 supervisor confirms it, the volunteer sees the hours and prints a certificate whose public page
// opens signed out with no household data; the team view of a tier-2 supervisor. Each page photographed and
// checked with axe.
import AxeBuilder from "@axe-core/playwright";
import { and, desc, eq } from "drizzle-orm";
import type { Page } from "@playwright/test";
import { expect, test } from "#tests/e2e/fixtures";
import { getDatabase, schema } from "#db/client.server";

async function expectAxeClean(page: Page, label: string) {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21aa"]).analyze();
  const serious = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(
    serious.map((v) => `${label}: ${v.id} ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`),
  ).toEqual([]);
}

async function photograph(page: Page, name: string, project: string) {
  await page.screenshot({ path: `test-results/service-shots/${name}-${project}.png`, fullPage: true });
}

test("a recorded visit gives a pending entry, a supervisor confirms it, and its certificate checks out signed out", async ({
  page,
  loginAs,
}, testInfo) => {
  test.setTimeout(90_000);
  const project = testInfo.project.name;
  const d = getDatabase().db;
  const [volunteer4] = await d
    .select({ id: schema.users.id })
    .from(schema.users)
    .where(eq(schema.users.email, "volunteer4@example.org"));
  if (!volunteer4) throw new Error("no volunteer4");
  const [pairing] = await d
    .select({ householdId: schema.pairings.householdId, compoundId: schema.households.compoundId })
    .from(schema.pairings)
    .innerJoin(schema.households, eq(schema.households.id, schema.pairings.householdId))
    .where(and(eq(schema.pairings.volunteerId, volunteer4.id), eq(schema.pairings.status, "active")))
    .limit(1);
  if (!pairing) throw new Error("volunteer4 has no household");
  const members = await d
    .select({ name: schema.householdMembers.name })
    .from(schema.householdMembers)
    .where(eq(schema.householdMembers.householdId, pairing.householdId));

  // A visit of yesterday, 90 minutes, left to record.
  const yesterday = Date.now() - 24 * 3_600_000;
  const [visit] = await getDatabase().writeAtomic((w) =>
    w
      .insert(schema.visits)
      .values({
        householdId: pairing.householdId,
        compoundId: pairing.compoundId,
        leadVolunteerId: volunteer4.id,
        startsAt: new Date(yesterday),
        endsAt: new Date(yesterday + 90 * 60_000),
        place: "户主家中",
        purpose: `服务时长 ${project}`,
      })
      .returning({ id: schema.visits.id }),
  );
  if (!visit) throw new Error("could not create the visit");

  await loginAs("volunteer4@example.org");
  await page.goto(`/visits/${visit.id}`);
  await page.getByRole("textbox", { name: "走访情况" }).fill("一切正常");
  await page.getByRole("button", { name: "保存走访情况" }).click();
  await expect(page.getByRole("status")).toContainText("走访情况已保存");

  const [entry] = await d
    .select({
      id: schema.serviceHours.id,
      status: schema.serviceHours.status,
      minutes: schema.serviceHours.minutes,
    })
    .from(schema.serviceHours)
    .where(
      and(
        eq(schema.serviceHours.source, "visit"),
        eq(schema.serviceHours.sourceId, visit.id),
        eq(schema.serviceHours.volunteerId, volunteer4.id),
      ),
    );
  expect(entry).toMatchObject({ status: "pending", minutes: 90 });
  if (!entry) throw new Error("no entry");
  await page.goto("/service");
  await expect(page.getByRole("heading", { name: "志愿服务时长" })).toBeVisible();
  await expect(page.locator(".service-entries li").filter({ hasText: "待确认" }).first()).toBeVisible();

  await page.context().clearCookies();
  await loginAs("volunteer2@example.org");
  await page.goto("/service/review");
  await page.locator(`input[name="entryIds"][value="${entry.id}"]`).check();
  await expectAxeClean(page, "/service/review");
  await photograph(page, "review", project);
  await page.getByRole("button", { name: "确认所选" }).click();
  await expect(page.getByRole("status")).toContainText("已确认 1 条");

  await page.context().clearCookies();
  await loginAs("volunteer4@example.org");
  await page.goto("/service");
  await expect(page.locator(".service-entries li").filter({ hasText: "已确认" }).first()).toBeVisible();
  await expectAxeClean(page, "/service");
  await photograph(page, "hours", project);
  await page.getByRole("button", { name: "开具证明" }).click();
  await expect(page).toHaveURL(/\/service\/certificates\/\d+$/);
  await expect(page.getByRole("heading", { name: "志愿服务证明" })).toBeVisible();
  await expect(page.getByRole("img", { name: "核验此证明的二维码" })).toBeVisible();
  await expectAxeClean(page, "certificate");
  await photograph(page, "certificate", project);
  const [certificate] = await d
    .select({ token: schema.serviceCertificates.token, code: schema.serviceCertificates.code })
    .from(schema.serviceCertificates)
    .where(eq(schema.serviceCertificates.volunteerId, volunteer4.id))
    .orderBy(desc(schema.serviceCertificates.id))
    .limit(1);
  if (!certificate) throw new Error("no certificate");
  await expect(page.getByText(certificate.code)).toBeVisible();

  await page.context().clearCookies();
  await page.goto(`/v/${certificate.token}`);
  await expect(page.getByText("此证明有效")).toBeVisible();
  await expect(page.getByText("团员青年 赵磊")).toBeVisible();
  const body = (await page.locator("main").textContent()) ?? "";
  for (const name of members.map((m) => m.name)) expect(body).not.toContain(name);
  expect(body).not.toContain("户主家中");
  await expectAxeClean(page, "/v/:token");
  await photograph(page, "public", project);
  await page.goto(`/verify?code=${certificate.code}`);
  await expect(page.getByText("此证明有效")).toBeVisible();
});

test("a tier-2 supervisor sees their team and opens a volunteer from it", async ({
  page,
  loginAs,
}, testInfo) => {
  await loginAs("volunteer2@example.org");
  await page.goto("/team");
  await expect(page.getByRole("heading", { name: "我的团队" })).toBeVisible();
  await expect(page.getByRole("link", { name: "党员 陈伟" })).toBeVisible();
  await expectAxeClean(page, "/team");
  await photograph(page, "team", testInfo.project.name);
  await page.getByRole("link", { name: "团员青年 赵磊" }).click();
  await expect(page).toHaveURL(/\/roster\/volunteers\/\d+$/);
});

test("a volunteer edits their profile and an organizer opens the activities page", async ({
  page,
  loginAs,
}, testInfo) => {
  await loginAs("volunteer3@example.org");
  await page.goto("/volunteer/profile");
  await page.getByLabel("周六 从").fill("09:00");
  await page.getByLabel("周六 到").fill("12:00");
  await page.getByLabel("语言或方言").fill("粤语, English");
  await page.getByRole("button", { name: "保存" }).click();
  await expect(page.getByRole("status")).toContainText("资料已保存");
  await expect(page.getByLabel("语言或方言")).toHaveValue("粤语, English");
  await expectAxeClean(page, "/volunteer/profile");
  await photograph(page, "profile", testInfo.project.name);

  await page.goto("/volunteer");
  await expect(page.getByRole("heading", { name: "服务时长与星级" })).toBeVisible();

  await page.context().clearCookies();
  await loginAs("organizer@example.org");
  await page.goto("/service/activities");
  await expect(page.getByRole("heading", { name: "服务活动" })).toBeVisible();
  await expectAxeClean(page, "/service/activities");
  await photograph(page, "activities", testInfo.project.name);
});
