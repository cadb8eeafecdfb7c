// Courses end to end: a resident finds a course and enrolls (the confirmation reaches the mailbox), a second
// is waitlisted and promoted when the first cancels; attendance gives a certificate; ineligible people are
// told why. Residents and courses are made in the e2e database with the shared fixtures.
import { eq } from "drizzle-orm";
import { db, schema } from "#db/client.server";
import { createPublishedCourse, createResident, times } from "#tests/fixtures/courses";
import { expect, test } from "./fixtures";
import { lastEmailData } from "./mailbox";

async function organizerId(): Promise<number> {
  const organizer = await db().query.users.findFirst({
    where: eq(schema.users.email, "organizer@example.org"),
  });
  if (!organizer) throw new Error("no demo organizer");
  return organizer.id;
}

/** A one-session course starting in ten minutes: open for enrollment now, and its attendance can be marked. */
async function soonCourse(overrides: Parameters<typeof createPublishedCourse>[1] = {}) {
  const now = Date.now();
  const title = `E2E 电工短训 ${now}`;
  const id = await createPublishedCourse(await organizerId(), {
    title,
    capacity: 1,
    enrollClosesAt: new Date(now + 5 * 60 * 1000),
    sessions: [
      { startsAt: new Date(now + 10 * 60 * 1000), endsAt: new Date(now + 10 * 60 * 1000 + 2 * times.hour) },
    ],
    ...overrides,
  });
  return { id, title };
}

test("a resident enrolls, a second waits and is promoted when the first cancels", async ({
  page,
  context,
  loginAs,
}) => {
  const course = await soonCourse();
  const first = await createResident();
  const second = await createResident();
  if (!first.email || !second.email) throw new Error("residents without accounts");

  await loginAs(first.email);
  await page.goto("/courses?soon=1");
  await page.getByRole("link", { name: course.title }).click();
  await page.getByRole("button", { name: "报名" }).click();
  await expect(page.getByRole("status")).toContainText("报名成功");
  await expect(page.getByText("已报名", { exact: true })).toBeVisible();

  await context.clearCookies();
  await loginAs(second.email);
  await page.goto(`/courses/${course.id}`);
  await page.getByRole("button", { name: "加入候补" }).click();
  await expect(page.getByRole("status")).toContainText("候补中排第 1 位");

  await context.clearCookies();
  await loginAs(first.email);
  await page.goto(`/courses/${course.id}`);
  page.once("dialog", (dialog) => void dialog.accept());
  await page.getByRole("button", { name: "取消报名" }).click();
  await expect(page.getByRole("status")).toContainText("已取消报名");

  await context.clearCookies();
  await loginAs(second.email);
  await page.goto("/me/courses");
  await expect(page.getByRole("link", { name: course.title })).toBeVisible();
  await expect(page.getByText("已报名", { exact: true })).toBeVisible();
  expect(await lastEmailData(second.email, "courses.promoted")).toMatchObject({ courseTitle: course.title });

  // The first resident's confirmation was delivered to the local mailbox, where staff can read it.
  await context.clearCookies();
  await loginAs("organizer@example.org");
  await expect
    .poll(
      async () => {
        await page.goto("/admin/mailbox");
        return page.getByText(`报名成功：${course.title}`).count();
      },
      { timeout: 20_000 },
    )
    .toBeGreaterThan(0);
});

test("an organizer marks attendance and the resident gets a certificate", async ({
  page,
  context,
  loginAs,
}) => {
  const course = await soonCourse({ capacity: 5 });
  const resident = await createResident();
  if (!resident.email) throw new Error("resident without an account");
  await loginAs(resident.email);
  await page.goto(`/courses/${course.id}`);
  await page.getByRole("button", { name: "报名" }).click();
  await expect(page.getByRole("status")).toContainText("报名成功");

  await context.clearCookies();
  await loginAs("organizer@example.org");
  await page.goto(`/admin/courses/${course.id}`);
  await page.getByRole("link", { name: "记录考勤" }).click();
  const member = await db().query.householdMembers.findFirst({
    where: eq(schema.householdMembers.id, resident.memberId),
  });
  await page.getByLabel(member?.name ?? "").check();
  await page.getByRole("button", { name: "保存考勤" }).click();
  await expect(page.getByRole("status")).toContainText("考勤已保存");

  await context.clearCookies();
  await loginAs(resident.email);
  await page.goto("/me/courses");
  await page.getByRole("link", { name: "结业证书" }).click();
  await expect(page.getByRole("heading", { name: "结业证书" })).toBeVisible();
  await expect(page.getByText(course.title)).toBeVisible();
});

test("a resident outside a course's eligibility is refused with the reason", async ({ page, loginAs }) => {
  const course = await soonCourse({ eligibility: "hardship", capacity: 5 });
  const resident = await createResident({ level: "none" });
  if (!resident.email) throw new Error("resident without an account");
  await loginAs(resident.email);
  await page.goto(`/courses/${course.id}`);
  await expect(page.getByText("仅限已登记的困难家庭报名。")).toBeVisible();
  await page.getByRole("button", { name: "报名" }).click();
  await expect(page.getByRole("alert")).toHaveText("这个培训班仅限已登记的困难家庭报名。");
});
