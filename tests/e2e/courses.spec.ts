// Courses end to end: a resident finds a course and enrolls (the confirmation reaches the mailbox), a second
// is waitlisted and promoted when the first cancels; attendance gives a certificate; ineligible people are
// told why. Residents and courses are made in the e2e database with the shared fixtures.
import { randomBytes } from "node:crypto";
import { getDatabase, schema } from "#db/client.server";
import type { HardshipLevel } from "#app/modules/households/codes";
import { expect, test } from "./fixtures";
import { lastEmailData } from "./mailbox";

// Rows are written straight into the e2e database: the course modules import translation JSON, which
// Playwright's loader cannot import, so the spec does not go through them.
const hour = 60 * 60 * 1000;
let sequence = 0;

/** A registry household with one member who has a resident account. */
async function createResident(level: HardshipLevel = "none") {
  const run = `${Date.now()}-${++sequence}`;
  return getDatabase().write(async (tx) => {
    const [compound] = await tx.select({ id: schema.compounds.id }).from(schema.compounds).limit(1);
    if (!compound) throw new Error("no compound in the e2e database");
    const [household] = await tx
      .insert(schema.households)
      .values({
        compoundId: compound.id,
        building: `E2E-${run}`,
        unit: "1",
        room: "101",
        hardshipLevel: level,
      })
      .returning({ id: schema.households.id });
    const email = `e2e-course-${run}@example.org`;
    const [user] = await tx
      .insert(schema.users)
      .values({
        email,
        name: `居民 ${run}`,
        role: "resident",
        compoundId: compound.id,
        emailVerifiedAt: new Date(),
      })
      .returning({ id: schema.users.id });
    const name = `学员${run.slice(-6)}`;
    const [member] = await tx
      .insert(schema.householdMembers)
      .values({ householdId: household?.id ?? 0, name, relation: "head", birthYear: 1976, userId: user?.id })
      .returning({ id: schema.householdMembers.id });
    return { email, name, memberId: member?.id ?? 0 };
  });
}

/** A published one-session course starting in ten minutes: open for enrollment now, attendance markable. */
async function soonCourse(options: { capacity: number; eligibility?: "everyone" | "hardship" }) {
  const now = Date.now();
  const title = `E2E 电工短训 ${now}-${++sequence}`;
  const startsAt = new Date(now + 10 * 60 * 1000);
  const endsAt = new Date(startsAt.getTime() + 2 * hour);
  const id = await getDatabase().write(async (tx) => {
    const [course] = await tx
      .insert(schema.courses)
      .values({
        title,
        kind: "prejob",
        provider: "油田职业技能培训中心",
        location: "社区服务中心",
        capacity: options.capacity,
        enrollOpensAt: new Date(now - hour),
        enrollClosesAt: new Date(now + 5 * 60 * 1000),
        eligibility: options.eligibility ?? "everyone",
        eligibleCategories: [],
        priorityGroups: ["elderly_alone", "serious_illness", "zero_employment", "disabled"],
        status: "published",
        startsAt,
        endsAt,
        checkinSecret: randomBytes(24).toString("base64url"),
      })
      .returning({ id: schema.courses.id });
    await tx.insert(schema.courseSessions).values({ courseId: course?.id ?? 0, startsAt, endsAt });
    return course?.id ?? 0;
  });
  return { id, title };
}

test("a resident enrolls, a second waits and is promoted when the first cancels", async ({
  page,
  context,
  loginAs,
}) => {
  const course = await soonCourse({ capacity: 1 });
  const first = await createResident();
  const second = await createResident();

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
  await loginAs(resident.email);
  await page.goto(`/courses/${course.id}`);
  await page.getByRole("button", { name: "报名" }).click();
  await expect(page.getByRole("status")).toContainText("报名成功");

  await context.clearCookies();
  await loginAs("organizer@example.org");
  await page.goto(`/admin/courses/${course.id}`);
  await page.getByRole("link", { name: "记录考勤" }).click();
  await page.getByLabel(resident.name).check();
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
  const resident = await createResident("none");
  await loginAs(resident.email);
  await page.goto(`/courses/${course.id}`);
  await expect(page.getByText("仅限已登记的困难家庭报名。")).toBeVisible();
  await page.getByRole("button", { name: "报名" }).click();
  await expect(page.getByRole("alert")).toHaveText("这个培训班仅限已登记的困难家庭报名。");
});
