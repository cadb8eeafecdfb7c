// The visit lists' filters and export (issue 17 item 8): a volunteer narrows their past visits by state and
// exports what they see; days outside the range are refused beside the field (with script and without); a
// filter that finds nothing says so; an organizer finds a volunteer by part of their name and lists only theirs.
// Each page axe-checked, checked for sideways scroll and photographed at the project's width.
import { eq } from "drizzle-orm";
import { dayBounds, todayIn } from "#app/modules/dates/range";
import { getSettings } from "#app/modules/settings/settings.server";
import { getDatabase, schema } from "#db/client.server";
import { seededFaker } from "#db/seed/context";
import { insertHousehold, makeHousehold } from "#db/seed/factories";
import { expect, test } from "#tests/e2e/fixtures";
import { expectAxeClean, expectNoOverflow, photograph } from "#tests/e2e/support/pages";

const day = 86_400_000;

/** A volunteer of compound 1 with a household of their own, a visit done yesterday and one cancelled before. */
async function volunteerWithPastVisits(accountId: number, run: string) {
  const database = getDatabase();
  const room = String(1000 + Math.floor(Math.random() * 8999));
  const draft = makeHousehold(seededFaker(Number(room), "e2e-lists"), {
    compoundId: 1,
    address: { building: "78", unit: "1", room },
    level: "extreme",
  });
  const { householdId } = await database.write((tx) => insertHousehold(tx, draft));
  const name = `筛选志愿者${run}`;
  const visit = (daysAgo: number, status: "done" | "cancelled", purpose: string) => ({
    householdId,
    compoundId: 1,
    leadVolunteerId: accountId,
    startsAt: new Date(Date.now() - daysAgo * day),
    endsAt: new Date(Date.now() - daysAgo * day + 3_600_000),
    place: "户主家中",
    purpose,
    status,
  });
  await database.write(async (tx) => {
    await tx.update(schema.users).set({ compoundId: 1, name }).where(eq(schema.users.id, accountId));
    await tx.insert(schema.pairings).values({
      volunteerId: accountId,
      householdId,
      role: "primary",
      startedAt: new Date(Date.now() - 9 * day),
    });
    await tx
      .insert(schema.visits)
      .values([visit(1, "done", `已完成走访 ${run}`), visit(2, "cancelled", `已取消走访 ${run}`)]);
  });
  return { name, done: `已完成走访 ${run}`, cancelled: `已取消走访 ${run}` };
}

test("visit lists filter by state, volunteer and days, refuse days out of range, and export what they show", async ({
  page,
  context,
  loginAs,
  newAccount,
  baseURL,
}, testInfo) => {
  test.setTimeout(90_000);
  const run = `${testInfo.project.name}${Date.now() % 100_000}`;
  const account = await newAccount("volunteer", { volunteerTier: 4, compoundId: 1 });
  const mine = await volunteerWithPastVisits(account.id, run);
  const today = todayIn((await getSettings()).timeZone);
  const { min, max } = dayBounds("visitFilter", today);
  const shot = (name: string) => photograph(page, name, (f) => testInfo.outputPath(f));

  await loginAs(account.email);
  await page.goto("/visits?tab=past");
  await expect(page.getByText(mine.done)).toBeVisible();
  await expect(page.getByText(mine.cancelled)).toBeVisible();
  // The filters are folded away until asked for (the list comes first on a phone).
  await page.getByText("筛选列表", { exact: true }).click();
  const filters = page.getByRole("search", { name: "筛选走访" });
  await filters.getByLabel("状态").selectOption({ label: "已走访" });
  await filters.getByRole("button", { name: "筛选" }).click();
  await expect(page).toHaveURL(/status=done/);
  await expect(page.getByText(mine.done)).toBeVisible();
  await expect(page.getByText(mine.cancelled)).toHaveCount(0);
  await expectNoOverflow(page);
  await expectAxeClean(page);
  await shot("visits-filtered");

  // The export holds what the list shows (the same scope and filters), named with the community's date.
  const href = await page.getByRole("link", { name: "导出 CSV" }).getAttribute("href");
  expect(href).toMatch(/^\/visits\/export\.csv\?.*status=done/);
  const csv = await page.request.get(href ?? "");
  expect(csv.status()).toBe(200);
  expect(csv.headers()["content-disposition"]).toContain(`visits-${today}.csv`);
  const text = await csv.text();
  expect(text).toContain(mine.done);
  expect(text).not.toContain(mine.cancelled);
  const xlsx = await page.request.get((href ?? "").replace("export.csv", "export.xlsx"));
  expect(xlsx.status()).toBe(200);
  expect(xlsx.headers()["content-disposition"]).toContain(`visits-${today}.xlsx`);

  // A day out of range is refused beside its field, with the range: in the browser, and by the server.
  await filters.getByLabel("开始日期").fill("1999-01-01");
  await filters.getByRole("button", { name: "筛选" }).click();
  await expect(filters.getByText(`请输入 ${min} – ${max} 之间的日期。`)).toBeVisible();
  await page.goto("/visits?tab=past&from=1999-01-01");
  await expect(page.getByText(`请输入 ${min} – ${max} 之间的日期。`)).toBeVisible();
  await expect(page.getByText("筛选未生效：请更正上方的日期。")).toBeVisible();
  await expect(page.getByRole("link", { name: "导出 CSV" })).toHaveCount(0);
  await expectNoOverflow(page);
  await expectAxeClean(page);
  await shot("visits-refused");
  expect((await page.request.get("/visits/export.csv?tab=past&from=1999-01-01")).status()).toBe(400);

  // Nothing found: said so, with the way back.
  await page.goto("/visits?tab=past&status=missed");
  await expect(page.getByText("没有符合这些条件的走访。")).toBeVisible();
  await page.getByRole("link", { name: "清除筛选" }).last().click();
  await expect(page.getByText(mine.cancelled)).toBeVisible();

  // An organizer finds the volunteer by part of their name, without script, and lists only their visits.
  await page.context().clearCookies();
  await loginAs("organizer@example.org");
  await page.goto("/visits?tab=past");
  await page.getByText("筛选列表", { exact: true }).click();
  const staffFilters = page.getByRole("search", { name: "筛选走访" });
  await staffFilters.getByLabel("查找志愿者").fill(mine.name.slice(-8));
  await staffFilters.getByRole("button", { name: "筛选" }).click();
  // The search's page must have arrived before a volunteer is chosen in it, or the choice lands on the old one.
  await expect(page).toHaveURL(/who=/);
  const volunteerSelect = page
    .getByRole("search", { name: "筛选走访" })
    .getByLabel("志愿者", { exact: true });
  await volunteerSelect.selectOption({ label: mine.name });
  await expect(volunteerSelect).toHaveValue(String(account.id));
  await page.getByRole("search", { name: "筛选走访" }).getByRole("button", { name: "筛选" }).click();
  await expect(page).toHaveURL(new RegExp(`volunteer=${account.id}`));
  await expect(page.locator(".visit-item")).toHaveCount(2);
  await expectNoOverflow(page);
  await expectAxeClean(page);
  await shot("visits-organizer");

  // And in English.
  await context.addCookies([{ name: "lng", value: "en", url: baseURL ?? "" }]);
  await page.reload();
  await expect(page.getByRole("search", { name: "Filter the visits" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Export Excel" })).toBeVisible();
  await expectAxeClean(page);
  await shot("visits-organizer-en");
});
