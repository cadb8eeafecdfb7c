// The calendar feed end to end: a volunteer with a course place makes their feed link on /me/calendar, copies
// it, and the link serves a calendar with their session; making a new link turns the old one off. A resident with
// a seat gets each session as a Google Calendar link and an .ics file. Rows are written straight into the e2e
// database, as courses.spec.ts does (the course modules import translation JSON, which Playwright's loader
// cannot import).
import { randomBytes } from "node:crypto";
import AxeBuilder from "@axe-core/playwright";
import ICAL from "ical.js";
import { getDatabase, schema } from "#db/client.server";
import { expect, test } from "./fixtures";

const hour = 60 * 60 * 1000;

/** A household member for the account and a published course, starting in three days, with their seat in it. */
async function enrollInCourse(userId: number) {
  const run = `${Date.now()}-${randomBytes(3).toString("hex")}`;
  const startsAt = new Date(Date.now() + 72 * hour);
  const endsAt = new Date(startsAt.getTime() + 2 * hour);
  const title = `E2E 日历培训班 ${run}`;
  return getDatabase().write(async (tx) => {
    const [compound] = await tx.select({ id: schema.compounds.id }).from(schema.compounds).limit(1);
    if (!compound) throw new Error("no compound in the e2e database");
    const [household] = await tx
      .insert(schema.households)
      .values({ compoundId: compound.id, building: `CAL-${run}`, unit: "1", room: "101" })
      .returning({ id: schema.households.id });
    if (!household) throw new Error("no household inserted");
    const [member] = await tx
      .insert(schema.householdMembers)
      .values({ householdId: household.id, name: "日历志愿者", relation: "head", birthYear: 1980, userId })
      .returning({ id: schema.householdMembers.id });
    const [course] = await tx
      .insert(schema.courses)
      .values({
        title,
        kind: "prejob",
        provider: "油田职业技能培训中心",
        location: "社区服务中心",
        capacity: 10,
        seatsTaken: 1,
        enrollOpensAt: new Date(Date.now() - 24 * hour),
        enrollClosesAt: new Date(Date.now() + 24 * hour),
        eligibleCategories: [],
        priorityGroups: [],
        status: "published",
        startsAt,
        endsAt,
        checkinSecret: randomBytes(24).toString("base64url"),
      })
      .returning({ id: schema.courses.id });
    if (!course || !member) throw new Error("no course or member inserted");
    const [session] = await tx
      .insert(schema.courseSessions)
      .values({ courseId: course.id, startsAt, endsAt })
      .returning({ id: schema.courseSessions.id });
    await tx.insert(schema.enrollments).values({
      courseId: course.id,
      memberId: member.id,
      userId,
      status: "enrolled",
      requestedAt: new Date(),
      enrolledById: userId,
    });
    return {
      courseId: course.id,
      title,
      uid: `course-${course.id}-session-${session?.id ?? 0}@lianxin`,
      startsAt,
    };
  });
}

test("a volunteer copies their calendar link, it serves their course session, and a new link ends the old", async ({
  page,
  context,
  newAccount,
  loginAs,
}) => {
  const volunteer = await newAccount("volunteer");
  const course = await enrollInCourse(volunteer.id);
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  await loginAs(volunteer.email);

  await page.goto("/volunteer");
  await page.getByRole("link", { name: /日历订阅/ }).click();
  await expect(page.getByRole("heading", { level: 1, name: "日历订阅" })).toBeVisible();
  await page.getByRole("button", { name: "创建订阅链接" }).click();
  await expect(page.getByRole("heading", { name: "您的订阅链接" })).toBeVisible();

  const field = page.getByLabel("订阅链接（网址）");
  const link = await field.inputValue();
  expect(link).toMatch(/\/calendar\/[a-z2-7]{32}\.ics$/);
  await expect(page.getByLabel("日历应用链接（webcal）")).toHaveValue(link.replace(/^https?:/, "webcal:"));
  await page.getByRole("button", { name: "复制" }).first().click();
  await expect(page.getByText("已复制")).toBeVisible();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(link);

  // Calendar apps fetch without a session: the request context here sends no cookie of the page's.
  const path = new URL(link).pathname;
  const feed = await page.request.get(path, { headers: { cookie: "" } });
  expect(feed.status()).toBe(200);
  expect(feed.headers()["content-type"]).toBe("text/calendar; charset=utf-8");
  const calendar = new ICAL.Component(ICAL.parse(await feed.text()));
  const events = calendar.getAllSubcomponents("vevent").map((c) => new ICAL.Event(c));
  expect(events.map((e) => [e.uid, e.summary])).toEqual([[course.uid, `${course.title}（第 1/1 次）`]]);
  expect(events[0]?.startDate.toJSDate().getTime()).toBe(Math.floor(course.startsAt.getTime() / 1000) * 1000);

  await page.getByText("重新生成链接", { exact: true }).click();
  await page.getByRole("button", { name: "确认重新生成" }).click();
  await expect(page.getByLabel("订阅链接（网址）")).not.toHaveValue(link);
  const fresh = new URL(await page.getByLabel("订阅链接（网址）").inputValue()).pathname;
  expect((await page.request.get(path)).status()).toBe(404);
  expect((await page.request.get(fresh)).status()).toBe(200);
});

test("the calendar page works without JavaScript and answers bad input with 400 and a message", async ({
  page,
  newAccount,
  loginAs,
  baseURL,
}) => {
  const volunteer = await newAccount("volunteer");
  await loginAs(volunteer.email);
  const origin = { origin: baseURL ?? "" };

  const bad = await page.request.post("/me/calendar", { form: { intent: "everything" }, headers: origin });
  expect(bad.status()).toBe(400);
  expect(await bad.text()).toContain("请选择要做的操作。");

  // A plain form post, as a browser without scripts sends it: the page comes back with the link in a field.
  const made = await page.request.post("/me/calendar", { form: { intent: "create" }, headers: origin });
  expect(made.status()).toBe(200);
  const link = /value="(http[^"]+\/calendar\/[a-z2-7]{32}\.ics)"/.exec(await made.text())?.[1] ?? "";
  expect(link).not.toBe("");
  expect((await page.request.get(new URL(link).pathname)).status()).toBe(200);
});

test("the calendar page has no serious accessibility violation, before or after making a link", async ({
  page,
  newAccount,
  loginAs,
}) => {
  const volunteer = await newAccount("volunteer");
  await loginAs(volunteer.email);
  const serious = async () =>
    (await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21aa"]).analyze()).violations
      .filter((v) => v.impact === "serious" || v.impact === "critical")
      .map((v) => v.id);
  await page.goto("/me/calendar");
  expect(await serious()).toEqual([]);
  await page.getByRole("button", { name: "创建订阅链接" }).click();
  await expect(page.getByRole("heading", { name: "您的订阅链接" })).toBeVisible();
  await page.getByText("重新生成链接", { exact: true }).click();
  expect(await serious()).toEqual([]);
});

test("a resident with a seat adds a session to Google Calendar or downloads it as a calendar file", async ({
  page,
  newAccount,
  loginAs,
}) => {
  const resident = await newAccount("resident");
  const course = await enrollInCourse(resident.id);
  await loginAs(resident.email);
  await page.goto(`/courses/${course.courseId}`);

  const google = new URL(
    (await page.getByRole("link", { name: "加入 Google 日历" }).getAttribute("href")) ?? "",
  );
  expect(google.hostname).toBe("calendar.google.com");
  expect(google.searchParams.get("text")).toBe(`${course.title}（第 1/1 次）`);

  const download = await page.getByRole("link", { name: "下载日历文件" }).getAttribute("href");
  const file = await page.request.get(download ?? "");
  expect(file.status()).toBe(200);
  expect(file.headers()["content-disposition"]).toMatch(
    /^attachment; filename="course-\d+-session-\d+\.ics"$/,
  );
  const events = new ICAL.Component(ICAL.parse(await file.text())).getAllSubcomponents("vevent");
  expect(events.map((e) => new ICAL.Event(e).uid)).toEqual([course.uid]);
});
