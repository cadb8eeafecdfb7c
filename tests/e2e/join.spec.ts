// Issue 16's journeys of residents and households joining up, in both languages at both widths (the desktop
// and phone projects), each page checked with axe: a new resident registers, claims their household with the
// card's code, is approved by staff, enrolls in a course and asks for help; staff register a household with
// members, edit a member, link an account and apply a resident's correction.
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import type { Page } from "@playwright/test";
import { randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import { db, getDatabase, schema } from "#db/client.server";
import { cardCredentialsFor, formatClaimCode } from "#app/modules/households/card-credentials.server";
import { expect, test } from "#tests/e2e/fixtures";
import { secretInMessages } from "#tests/e2e/mailbox";
import { locales, seriousViolations, useLocale, type Locale } from "#tests/e2e/material-helpers";

const strings = new Map<string, unknown>();

/** The string at `ns:key` in `locale`, with `{{name}}` filled from `values`. */
function tr(locale: Locale, path: string, values: Record<string, string | number> = {}): string {
  const [ns = "", key = ""] = path.split(":");
  const file = `${locale}/${ns}`;
  if (!strings.has(file))
    strings.set(file, JSON.parse(readFileSync(resolve("app/locales", `${file}.json`), "utf8")));
  let node = strings.get(file);
  for (const part of key.split(".")) node = (node as Record<string, unknown> | undefined)?.[part];
  if (typeof node !== "string") throw new Error(`no string ${path} in ${locale}`);
  return node.replace(/\{\{(\w+)\}\}/g, (_, name: string) => String(values[name] ?? ""));
}

async function axeClean(page: Page) {
  expect(await seriousViolations(page)).toEqual([]);
}

/** No page of the journey is wider than the screen. */
async function noSidewaysScroll(page: Page) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(1);
}

async function organizerOfCompoundA() {
  const organizer = await db().query.users.findFirst({
    where: eq(schema.users.email, "organizer@example.org"),
  });
  if (!organizer?.compoundId) throw new Error("no demo organizer");
  return organizer;
}

/** A published course open for enrolment to every resident, its one session a month away. */
async function openCourse(compoundId: number, title: string): Promise<number> {
  const hour = 60 * 60 * 1000;
  const now = Date.now();
  const startsAt = new Date(now + 30 * 24 * hour);
  const endsAt = new Date(startsAt.getTime() + 2 * hour);
  return getDatabase().write(async (tx) => {
    const [row] = await tx
      .insert(schema.courses)
      .values({
        title,
        kind: "reemployment",
        provider: "油田职业技能培训中心",
        location: "社区服务中心",
        compoundId,
        capacity: 5,
        enrollOpensAt: new Date(now - 24 * hour),
        enrollClosesAt: new Date(now + 24 * hour),
        eligibleCategories: [],
        priorityGroups: [],
        status: "published",
        startsAt,
        endsAt,
        checkinSecret: randomBytes(24).toString("base64url"),
      })
      .returning({ id: schema.courses.id });
    await tx.insert(schema.courseSessions).values({ courseId: row?.id ?? 0, startsAt, endsAt });
    return row?.id ?? 0;
  });
}

let sequence = 0;
/** Letters around the digits, so that no 8-digit run can pass for an emailed verification code. */
const unique = () => `k${Date.now() % 100000}${++sequence}${Math.floor(Math.random() * 1000)}q`;

for (const locale of locales) {
  test(`a new resident registers, claims the household with the card code, is approved, enrolls and asks for help (${locale})`, async ({
    page,
    context,
    baseURL,
    loginAs,
  }) => {
    test.setTimeout(120_000);
    page.on("dialog", (dialog) => void dialog.accept());
    const organizer = await organizerOfCompoundA();
    const tag = unique();
    const name = `居民${tag}`;
    const householdId = await getDatabase().write(async (tx) => {
      const now = new Date();
      const [row] = await tx
        .insert(schema.households)
        .values({
          compoundId: organizer.compoundId ?? 0,
          building: `E${tag}`,
          unit: "1",
          room: "101",
          createdAt: now,
          updatedAt: now,
        })
        .returning({ id: schema.households.id });
      await tx
        .insert(schema.householdMembers)
        .values({ householdId: row?.id ?? 0, name, relation: "head", birthYear: 1968 });
      return row?.id ?? 0;
    });
    const card = (await cardCredentialsFor([householdId], organizer.id)).get(householdId);
    if (!card) throw new Error("no card");
    const courseId = await openCourse(organizer.compoundId ?? 0, `连心课程 ${tag}`);

    // Registers through the real form.
    await useLocale(context, locale, baseURL ?? "");
    const email = `join-${tag}@example.org`;
    await page.goto("/register");
    await page.getByLabel(tr(locale, "auth:register.name")).fill(name);
    await page.getByLabel(tr(locale, "auth:register.email")).fill(email);
    // Not the phone on record (none is), so the claim waits for staff.
    await page.getByLabel(tr(locale, "auth:register.phone")).fill("13500001234");
    await page.getByLabel(tr(locale, "auth:register.compound")).selectOption({ index: 1 });
    await page.getByLabel(tr(locale, "auth:register.password")).fill("plum blossoms in winter");
    await page.getByRole("button", { name: tr(locale, "auth:register.submit") }).click();
    await expect(page.getByRole("heading", { name: tr(locale, "auth:verify.title") })).toBeVisible();
    const { code } = await secretInMessages(email, "auth.verifyEmail");
    await page.getByLabel(tr(locale, "auth:verify.code")).fill(String(code));
    await page.getByRole("button", { name: tr(locale, "auth:verify.submit"), exact: true }).click();
    await expect(page).toHaveURL(/\/me$/);

    // Before the claim, the course says what to do instead of offering 报名.
    await page.goto(`/courses/${courseId}`);
    await expect(page.getByTestId("claim-first")).toBeVisible();
    await expect(page.getByRole("button", { name: tr(locale, "courses:course.enroll") })).toHaveCount(0);
    await page.getByRole("link", { name: tr(locale, "courses:course.claimLink") }).click();

    // Claims with the card's code.
    await expect(page).toHaveURL(/\/me\/household$/);
    await axeClean(page);
    await noSidewaysScroll(page);
    await page
      .getByRole("textbox", { name: tr(locale, "households:claim.code") })
      .fill(formatClaimCode(card.claimCode).toLowerCase());
    await page.getByRole("textbox", { name: tr(locale, "households:claim.memberName") }).fill(name);
    await page.getByRole("button", { name: tr(locale, "households:claim.send") }).click();
    await expect(page.getByRole("status")).toContainText(tr(locale, "households:claim.notice.claimed"));
    await expect(
      page.getByRole("heading", { name: tr(locale, "households:claim.pendingTitle") }),
    ).toBeVisible();
    await axeClean(page);

    // Staff approve it from the queue.
    await loginAs("organizer@example.org");
    await page.goto("/households/claims");
    await axeClean(page);
    await noSidewaysScroll(page);
    await page
      .getByRole("link", { name: new RegExp(name) })
      .first()
      .click();
    await expect(
      page.getByRole("heading", { name: tr(locale, "households:claims.decideTitle") }),
    ).toBeVisible();
    await axeClean(page);
    await noSidewaysScroll(page);
    await expect(page.getByRole("radio", { name: new RegExp(name) })).toBeChecked();
    await page.getByRole("button", { name: tr(locale, "households:claims.approve") }).click();
    await expect(page.getByRole("status")).toContainText(tr(locale, "households:claims.notice.approved"));

    // The resident, linked, enrolls and asks for help.
    await loginAs(email);
    await page.goto("/me/household");
    await expect(page.getByRole("heading", { name: tr(locale, "households:mine.title") })).toBeVisible();
    await expect(page.getByText(name).first()).toBeVisible();
    await page.goto(`/courses/${courseId}`);
    await page.getByRole("button", { name: tr(locale, "courses:course.enroll") }).click();
    await expect(page.getByText(tr(locale, "courses:enrollmentStatus.enrolled")).first()).toBeVisible();
    await page.goto("/help/ask");
    await expect(
      page.getByText(tr(locale, "help:ask.forHousehold", { address: "" }).trim()).first(),
    ).toBeVisible();
    await page.getByRole("radio", { name: tr(locale, "help:kind.daily") }).check();
    await page.getByLabel(tr(locale, "help:ask.description")).fill("家里的灯坏了，需要人帮忙换");
    await page.getByLabel(tr(locale, "help:ask.contactPhone")).fill("13600001234");
    await page.getByRole("button", { name: tr(locale, "help:ask.submit") }).click();
    await expect(page.getByRole("status")).toContainText(tr(locale, "help:ask.sent"));
  });

  test(`staff register a household with members, edit a member, link an account and apply a correction (${locale})`, async ({
    page,
    context,
    baseURL,
    loginAs,
    newAccount,
  }) => {
    test.setTimeout(120_000);
    page.on("dialog", (dialog) => void dialog.accept());
    await useLocale(context, locale, baseURL ?? "");
    const tag = unique();
    const head = `户主${tag}`;
    await loginAs("organizer@example.org");
    await page.goto("/households/new");
    await axeClean(page);
    await noSidewaysScroll(page);
    await page.getByLabel(tr(locale, "households:field.building")).fill(`N${tag}`);
    await page.getByLabel(tr(locale, "households:field.unit")).fill("2");
    await page.getByLabel(tr(locale, "households:field.room")).fill("301");
    await page.getByLabel(tr(locale, "households:members.name")).fill(head);
    await page.getByLabel(tr(locale, "households:members.birthYear")).fill("1966");
    await page.getByLabel(tr(locale, "households:members.phone")).fill("13700001234");
    await page.getByRole("button", { name: tr(locale, "households:create.submit") }).click();
    await expect(page.getByRole("status")).toContainText(tr(locale, "households:record.notice.created"));
    const householdUrl = page.url().replace(/\?.*$/, "");

    // The same address again: a warning that links to the household.
    await page.goto("/households/new");
    await page.getByLabel(tr(locale, "households:field.building")).fill(`N${tag}`);
    await page.getByLabel(tr(locale, "households:field.unit")).fill("2");
    await page.getByLabel(tr(locale, "households:field.room")).fill("301");
    await page.getByLabel(tr(locale, "households:members.name")).fill("别人");
    await page.getByLabel(tr(locale, "households:members.birthYear")).fill("1970");
    await page.getByRole("button", { name: tr(locale, "households:create.submit") }).click();
    await expect(
      page.getByRole("alert").filter({ hasText: tr(locale, "households:create.taken") }),
    ).toBeVisible();
    await axeClean(page);
    await page.getByRole("link", { name: tr(locale, "households:create.openTaken") }).click();
    await expect(page).toHaveURL(householdUrl);

    // A second member, then an edit of them.
    const spouse = `配偶${tag}`;
    await page.getByRole("link", { name: tr(locale, "households:members.add") }).click();
    await axeClean(page);
    await page.getByLabel(tr(locale, "households:members.name")).fill(spouse);
    await page.getByLabel(tr(locale, "households:members.relation")).selectOption("spouse");
    await page.getByLabel(tr(locale, "households:members.birthYear")).fill("1969");
    await page.getByRole("button", { name: tr(locale, "households:members.save") }).click();
    await expect(page.getByRole("status")).toContainText(tr(locale, "households:record.notice.memberAdded"));
    await page.getByRole("link", { name: tr(locale, "households:members.edit", { name: spouse }) }).click();
    await axeClean(page);
    await noSidewaysScroll(page);
    await page.getByLabel(tr(locale, "households:members.phone")).fill("13700005678");
    await page.getByRole("checkbox", { name: tr(locale, "households:members.flag.employed") }).check();
    await page.getByRole("button", { name: tr(locale, "households:members.save") }).click();
    await expect(page.getByRole("status")).toContainText(tr(locale, "households:record.notice.memberSaved"));
    await expect(page.getByText("13700005678").first()).toBeVisible();

    // Link the head's own account, found by the search form.
    // Registered in the organizer's compound, where the new household is.
    const account = await newAccount("resident", {
      compoundId: (await organizerOfCompoundA()).compoundId ?? 0,
    });
    await page.getByRole("link", { name: tr(locale, "households:link.action", { name: head }) }).click();
    await page
      .getByRole("searchbox", { name: tr(locale, "households:link.search") })
      .fill(account.email.slice(0, 12));
    await page.getByRole("button", { name: tr(locale, "households:link.find") }).click();
    await axeClean(page);
    await noSidewaysScroll(page);
    await page.getByRole("button", { name: new RegExp(head) }).click();
    await expect(page.getByRole("status")).toContainText(tr(locale, "households:record.notice.linked"));
    await axeClean(page);
    await noSidewaysScroll(page);

    // The resident asks for a correction; staff apply it through the edit form.
    await loginAs(account.email);
    await page.goto("/me/household");
    const proposal = `我家应登记为困难户（${tag}）`;
    await page.getByLabel(tr(locale, "households:mine.wrongText")).fill(proposal);
    await page.getByRole("button", { name: tr(locale, "households:mine.send") }).click();
    await expect(page.getByRole("status")).toContainText(tr(locale, "households:mine.sent"));
    await loginAs("organizer@example.org");
    await page.goto("/households/corrections");
    const request = page.getByRole("listitem").filter({ hasText: proposal });
    await request.getByRole("link", { name: tr(locale, "households:corrections.apply") }).click();
    await expect(page.getByText(proposal)).toBeVisible();
    await axeClean(page);
    await noSidewaysScroll(page);
    await page
      .getByRole("radio", { name: tr(locale, "households:hardshipLevel.hardship"), exact: true })
      .check();
    await page.getByRole("button", { name: tr(locale, "households:edit.saveApplying") }).click();
    await expect(page.getByRole("status")).toContainText(tr(locale, "households:record.notice.applied"));
    const history = page.locator(".history");
    await expect(history).toContainText(
      tr(locale, "households:record.historyLine", {
        field: tr(locale, "households:field.hardshipLevel"),
        before: tr(locale, "households:hardshipLevel.none"),
        after: tr(locale, "households:hardshipLevel.hardship"),
      }),
    );
    await expect(history).toContainText(tr(locale, "households:record.source.correction"));
    await expect(history).not.toContainText("T00:");
    await loginAs(account.email);
    await page.goto("/me/household");
    await expect(page.getByText(tr(locale, "households:mine.status.applied")).first()).toBeVisible();
  });
}
