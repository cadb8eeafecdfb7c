// No page scrolls sideways on a 390 px phone, in either language: every page in each role's navigation and a
// detail page of each kind from the demo data. A table may scroll inside its own container; the page itself
// may not. A failure names each page and the elements that stick out, widest first (issue 16, item 10).
import { and, asc, eq, inArray, isNotNull, isNull, or } from "drizzle-orm";
import type { Page } from "@playwright/test";
import { navItems } from "#app/components/nav-items";
import { db, schema } from "#db/client.server";
import type { Role } from "#db/schema/core";
import { expect, test } from "#tests/e2e/fixtures";

// The phone project is the 390 px phone (playwright.config.ts); the desktop project has nothing to add here.
// eslint-disable-next-line no-empty-pattern
test.beforeEach(({}, testInfo) => test.skip(testInfo.project.name !== "phone", "a phone's width"));

/** The page's width beyond the viewport, and what sticks out (not inside an element that scrolls itself). */
async function overflowOf(page: Page) {
  return page.evaluate(() => {
    const width = window.innerWidth;
    const over = document.documentElement.scrollWidth - width;
    if (over <= 0) return { over, culprits: [] as string[] };
    const scrollsItself = (el: Element | null): boolean => {
      for (let e = el?.parentElement ?? null; e && e !== document.body; e = e.parentElement) {
        const style = getComputedStyle(e);
        if (/(auto|scroll|hidden)/.test(style.overflowX)) return true;
      }
      return false;
    };
    const describe = ({ el, right }: { el: Element; right: number }) => {
      const cls =
        typeof el.className === "string" && el.className ? `.${el.className.split(" ").join(".")}` : "";
      const text = (el.textContent ?? "").trim().slice(0, 30);
      return `${el.tagName.toLowerCase()}${cls} → ${Math.round(right)}px "${text}"`;
    };
    // The page's own content first, then the header: each named by its widest elements.
    const culprits = ["main", ".site-header", "body"].flatMap((selector) =>
      [...(document.querySelector(selector)?.querySelectorAll("*") ?? [])]
        .map((el) => ({ el, right: el.getBoundingClientRect().right }))
        .filter(({ el, right }) => right > width + 0.5 && !scrollsItself(el))
        .sort((a, b) => b.right - a.right)
        .slice(0, 3)
        .map(describe),
    );
    return { over, culprits };
  });
}

/** A detail page of each kind, from the demo data. */
async function detailPages(): Promise<Record<"staff" | "volunteer" | "resident" | "anyone", string[]>> {
  const organizer = await db().query.users.findFirst({
    where: eq(schema.users.email, "organizer@example.org"),
  });
  // A course the organizer manages: held in their compound or elsewhere in town.
  const course = await db().query.courses.findFirst({
    where: and(
      eq(schema.courses.status, "published"),
      or(isNull(schema.courses.compoundId), eq(schema.courses.compoundId, organizer?.compoundId ?? 0)),
    ),
    orderBy: asc(schema.courses.id),
  });
  const announcement = await db().query.announcements.findFirst({
    where: eq(schema.announcements.status, "published"),
    orderBy: asc(schema.announcements.id),
  });
  const household = await db().query.households.findFirst({
    where: eq(schema.households.compoundId, organizer?.compoundId ?? 1),
    orderBy: asc(schema.households.id),
  });
  // A visit and a help request of the organizer's compound (the admin sees them too).
  const inCompound = db()
    .select({ id: schema.households.id })
    .from(schema.households)
    .where(eq(schema.households.compoundId, organizer?.compoundId ?? 1));
  const visit = await db().query.visits.findFirst({
    where: inArray(schema.visits.householdId, inCompound),
    orderBy: asc(schema.visits.id),
  });
  const help = await db().query.helpRequests.findFirst({
    where: inArray(schema.helpRequests.householdId, inCompound),
    orderBy: asc(schema.helpRequests.id),
  });
  const volunteer = await db().query.users.findFirst({
    where: eq(schema.users.email, "volunteer3@example.org"),
  });
  const card = await db().query.materialCards.findFirst({ orderBy: asc(schema.materialCards.id) });
  const pairing = await db().query.pairings.findFirst({
    where: and(isNotNull(schema.pairings.id), eq(schema.pairings.volunteerId, volunteer?.id ?? 0)),
  });
  const programmeCase = await db().query.programmeCases.findFirst({
    orderBy: asc(schema.programmeCases.id),
  });
  const defined = (paths: (string | false)[]) => paths.filter((p): p is string => typeof p === "string");
  return {
    anyone: defined(["/login", "/register", "/transparency", course ? `/courses/${course.id}` : false]),
    resident: defined(["/help/ask"]),
    volunteer: defined([
      pairing ? `/pairings/${pairing.id}/agreement` : false,
      // The visit lists filtered, and with a day out of range refused beside its field.
      "/visits?tab=past&status=done&who=%E5%BF%97",
      "/visits?tab=upcoming&from=1999-01-01&to=2000-01-01",
    ]),
    staff: defined([
      course ? `/admin/courses/${course.id}` : false,
      course ? `/admin/courses/${course.id}/edit` : false,
      "/admin/courses/new",
      announcement ? `/admin/announcements/${announcement.id}` : false,
      "/admin/announcements/new",
      household ? `/households/${household.id}` : false,
      household ? `/households/${household.id}/edit` : false,
      household ? `/households/${household.id}/verify` : false,
      "/households/import",
      "/households/overdue",
      "/households/corrections",
      "/ledgers/hardship",
      "/roster/coverage",
      "/pairings?status=active",
      "/roster/import",
      "/admin/people/invitations",
      volunteer ? `/roster/volunteers/${volunteer.id}` : false,
      volunteer ? `/admin/people/${volunteer.id}` : false,
      visit ? `/visits/${visit.id}` : false,
      "/visits?tab=past&status=done&who=%E5%BF%97",
      "/visits?tab=upcoming&from=1999-01-01&to=2000-01-01",
      help ? `/help/${help.id}` : false,
      card ? `/love-card/${card.id}` : false,
      "/cards/connection",
      "/fund/donations",
      "/fund/grants",
      "/fund/statement",
      "/fund/reports",
      "/supermarket",
      "/reports/monthly",
      "/programmes/new",
      programmeCase ? `/programmes/${programmeCase.programmeId}` : false,
      programmeCase ? `/programmes/${programmeCase.programmeId}/plan` : false,
      programmeCase ? `/programmes/${programmeCase.programmeId}/cases/${programmeCase.id}` : false,
    ]),
  };
}

const people: { email: string | null; role: Role | null; tier?: number }[] = [
  { email: null, role: null },
  { email: "resident@example.org", role: "resident" },
  { email: "volunteer1@example.org", role: "volunteer", tier: 1 },
  { email: "organizer@example.org", role: "organizer" },
  { email: "admin@example.org", role: "admin" },
];

for (const locale of ["zh-CN", "en"] as const)
  for (const person of people)
    test(`no page scrolls sideways at 390 px: ${person.role ?? "signed out"}, ${locale}`, async ({
      page,
      context,
      loginAs,
      e2eDatabase: _,
    }) => {
      test.setTimeout(180_000);
      await context.addCookies([{ name: "lng", value: locale, url: test.info().project.use.baseURL ?? "" }]);
      const signedIn = person.email ? await loginAs(person.email) : null;
      const details = await detailPages();
      const nav = navItems(
        signedIn && person.role
          ? { id: signedIn.id, name: signedIn.name, role: person.role, volunteerTier: person.tier ?? null }
          : null,
      ).map((i) => i.to);
      const staff = person.role === "organizer" || person.role === "admin";
      const paths = [
        ...new Set([
          ...nav,
          ...details.anyone,
          ...(person.role === "resident" ? details.resident : []),
          ...(person.role === "volunteer" ? details.volunteer : []),
          ...(staff ? details.staff : []),
        ]),
      ];
      // An announcement the person may read: the first in their own list.
      if (person.role === "resident" || person.role === "volunteer") {
        await page.goto("/announcements");
        const links = page.locator('main a[href^="/announcements/"]');
        const first = (await links.count()) > 0 ? await links.first().getAttribute("href") : null;
        if (first) paths.push(first);
      }
      const found: string[] = [];
      for (const path of paths) {
        const response = await page.goto(path);
        if ((response?.status() ?? 0) >= 400) {
          found.push(`${path} answered ${response?.status()}`);
          continue;
        }
        const { over, culprits } = await overflowOf(page);
        if (over > 0) found.push(`${path} is ${over}px too wide: ${culprits.join("; ")}`);
      }
      expect(found).toEqual([]);
    });
