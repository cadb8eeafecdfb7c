// Issue 17 done when, end to end: an organizer imports a volunteer from the roster file; the volunteer opens
// the invitation from their mailbox, sets a password and signs in; the organizer pairs them with a household;
// on a phone (390 px) the volunteer schedules a visit, opens it, presses "arrived" and "left" at the door and
// records what they found; their supervisor confirms the hours; the volunteer finds them confirmed on /service.
// The volunteer's pages are axe-checked, checked for sideways scroll and photographed at 390 and 1280 px.
import { and, eq } from "drizzle-orm";
import { DateTime } from "luxon";
import { needs } from "#app/modules/households/codes";
import { getSettings } from "#app/modules/settings/settings.server";
import { db, getDatabase, schema } from "#db/client.server";
import { seededFaker } from "#db/seed/context";
import { insertHousehold, makeHousehold } from "#db/seed/factories";
import { expect, test } from "#tests/e2e/fixtures";
import { expectAxeClean, expectNoOverflow, photograph, signInWithForm } from "#tests/e2e/support/pages";
import { acceptInvitation, importRoster } from "#tests/e2e/support/volunteers";

/**
 * A household of compound 1 at an address of its own, needing everything: the volunteer imported below has
 * every skill and room for fifty, so the pairing page suggests them first among the compound's volunteers.
 */
async function householdNeedingAll(run: string): Promise<{ id: number; address: string }> {
  const room = String(1000 + (Number(run.slice(-4)) % 8999));
  const draft = makeHousehold(seededFaker(Number(room), "e2e-journey"), {
    compoundId: 1,
    address: { building: "79", unit: "2", room },
    level: "extreme",
  });
  draft.needs = needs.map((need) => ({ need, note: null }));
  const { householdId } = await getDatabase().write((tx) => insertHousehold(tx, draft));
  return { id: householdId, address: `79-2-${room}` };
}

/** A visit starting a little over an hour from now, in the community's zone (the form's day and times). */
function visitTimes(zone: string) {
  const start = DateTime.now().setZone(zone).plus({ minutes: 65 }).startOf("minute").set({ second: 0 });
  const rounded = start.plus({ minutes: (5 - (start.minute % 5)) % 5 });
  const endOfDay = rounded.set({ hour: 23, minute: 59 });
  const end = DateTime.min(rounded.plus({ hours: 1 }), endOfDay);
  return { date: rounded.toISODate() ?? "", start: rounded.toFormat("HH:mm"), end: end.toFormat("HH:mm") };
}

test("a volunteer is imported, invited, paired, visits on a phone, and sees their confirmed hours", async ({
  page,
  browser,
  loginAs,
}, testInfo) => {
  test.setTimeout(120_000);
  const run = `${testInfo.project.name}${Date.now() % 1_000_000}`;
  const email = `journey-${run}@example.org`;
  const name = `旅程志愿者${run}`;
  const password = "journey volunteer passphrase";
  const shotPath = (file: string) => testInfo.outputPath(file);
  const compound = await db().query.compounds.findFirst({ where: eq(schema.compounds.id, 1) });
  const household = await householdNeedingAll(run);

  // The organizer imports the volunteer: tier 3 under the demo tier-2 cadre, every skill, room for fifty.
  await loginAs("organizer@example.org");
  await importRoster(
    page,
    [
      `${email},${name},139 1${run.slice(-3).padStart(3, "0")} ${run.slice(-4).padStart(4, "0")},3,volunteer2@example.org,${compound?.name ?? ""},,${needs.join("|")},周末,50`,
    ],
    1,
  );

  // The volunteer, on their phone, opens the invitation from their mailbox, sets a password and signs in.
  const phone = await browser.newContext({ locale: "zh-CN", viewport: { width: 390, height: 844 } });
  const mobile = await phone.newPage();
  await acceptInvitation(mobile, email, password);
  await phone.clearCookies();
  await signInWithForm(mobile, email, password);
  await expect(mobile).toHaveURL(/\/volunteer$/);

  // The organizer pairs them with the household, from the pairing page's suggestions.
  await page.goto(`/pairings/new?household=${household.id}`);
  await page.getByRole("radio", { name: new RegExp(name) }).check();
  await page.getByRole("button", { name: "确认结对" }).click();
  await expect(page).toHaveURL(/\/pairings\/\d+\/agreement/);

  // The volunteer schedules a visit to their household for a little over an hour from now…
  const { timeZone } = await getSettings();
  const when = visitTimes(timeZone);
  await mobile.goto("/visits/new");
  await mobile.getByLabel("家庭").selectOption(String(household.id));
  await mobile.getByLabel("日期").fill(when.date);
  await mobile.getByLabel("开始时间").fill(when.start);
  await mobile.getByLabel("结束时间").fill(when.end);
  await mobile.getByLabel("走访目的").fill(`了解近况 ${run}`);
  await expectNoOverflow(mobile);
  await expectAxeClean(mobile);
  await photograph(mobile, "journey-schedule", shotPath);
  await mobile.getByRole("button", { name: "安排走访" }).click();
  await expect(mobile).toHaveURL(/\/visits\/\d+\?notice=scheduled$/);
  const visitId = Number(/\/visits\/(\d+)/.exec(mobile.url())?.[1]);

  // …finds it on their home, opens it, and presses "arrived" at the door.
  await mobile.goto("/volunteer");
  const next = mobile.getByRole("region", { name: "我的下次走访" });
  await expect(next.getByText(household.address)).toBeVisible();
  await expectNoOverflow(mobile);
  await expectAxeClean(mobile);
  await photograph(mobile, "journey-home", shotPath);
  await next.getByRole("link", { name: "打开" }).first().click();
  await expect(mobile).toHaveURL(new RegExp(`/visits/${visitId}$`));
  await mobile.getByRole("button", { name: "我已到达" }).click();
  await expect(mobile.getByRole("status").first()).toContainText("已记录到达时间");

  // An hour and a half at the door, without waiting for it: the arrival is moved 90 minutes back, as a clock
  // would have it. The duration is still worked out by the app from the arrival and the press of "left" below.
  await getDatabase().writeAtomic((d) =>
    d
      .update(schema.visits)
      .set({ arrivedAt: new Date(Date.now() - 90 * 60_000) })
      .where(eq(schema.visits.id, visitId)),
  );
  await mobile.getByRole("button", { name: "我要离开" }).click();
  await expect(mobile.getByRole("status").first()).toContainText("已记录离开时间");
  await expect(mobile.getByTestId("visit-duration")).toContainText("90 分钟");

  // The outcome.
  await mobile.getByRole("textbox", { name: "走访情况" }).fill("老人身体尚好，已了解冬季取暖需要");
  await expectNoOverflow(mobile);
  await expectAxeClean(mobile);
  await photograph(mobile, "journey-visit", shotPath);
  await mobile.getByRole("button", { name: "保存走访情况" }).click();
  await expect(mobile.getByRole("status").first()).toContainText("走访情况已保存");

  const volunteer = await db().query.users.findFirst({ where: eq(schema.users.email, email) });
  const entry = await db().query.serviceHours.findFirst({
    where: and(
      eq(schema.serviceHours.source, "visit"),
      eq(schema.serviceHours.sourceId, visitId),
      eq(schema.serviceHours.volunteerId, volunteer?.id ?? 0),
    ),
  });
  expect(entry).toMatchObject({ status: "pending", minutes: 90 });

  // Their supervisor (the tier-2 cadre named in the roster file) confirms the hours.
  await page.context().clearCookies();
  await loginAs("volunteer2@example.org");
  await page.goto("/service/review");
  await page.locator(`input[name="entryIds"][value="${entry?.id ?? 0}"]`).check();
  await page.getByRole("button", { name: "确认所选" }).click();
  await expect(page.getByRole("status")).toContainText("已确认 1 条");

  // The volunteer sees them confirmed.
  await mobile.goto("/service");
  await expect(mobile.locator(".service-stats > div").filter({ hasText: "已确认" })).toContainText(
    "1.5 小时",
  );
  await expect(mobile.locator(".service-entries li").filter({ hasText: "已确认" })).toHaveCount(1);
  await expectNoOverflow(mobile);
  await expectAxeClean(mobile);
  await photograph(mobile, "journey-service", shotPath);

  // The same pages on a wide screen, for a look.
  await mobile.setViewportSize({ width: 1280, height: 800 });
  await photograph(mobile, "journey-service", shotPath);
  await mobile.goto(`/visits/${visitId}`);
  await photograph(mobile, "journey-visit", shotPath);
  await mobile.goto("/visits?tab=past");
  await photograph(mobile, "journey-visits", shotPath);
  await phone.close();
});
