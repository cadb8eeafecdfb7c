// No page scrolls sideways on a 390 px phone, in either language: every page in each role's navigation and a
// detail page of each kind from the demo data. A table may scroll inside its own container; the page itself
// may not. A failure names each page and the elements that stick out, widest first (issue 16, item 10).
import { and, asc, eq, isNotNull } from "drizzle-orm";
import type { Page } from "@playwright/test";
import { navItems } from "#app/components/nav-items";
import { db, schema } from "#db/client.server";
import type { Role } from "#db/schema/core";
import { expect, test } from "#tests/e2e/fixtures";

test.use({ viewport: { width: 390, height: 844 } });

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
    const culprits = [...document.body.querySelectorAll("*")]
      .map((el) => ({ el, right: el.getBoundingClientRect().right }))
      .filter(({ el, right }) => right > width + 0.5 && !scrollsItself(el))
      .sort((a, b) => b.right - a.right)
      .slice(0, 4)
      .map(({ el, right }) => {
        const cls =
          typeof el.className === "string" && el.className ? `.${el.className.split(" ").join(".")}` : "";
        const text = (el.textContent ?? "").trim().slice(0, 30);
        return `${el.tagName.toLowerCase()}${cls} → ${Math.round(right)}px "${text}"`;
      });
    return { over, culprits };
  });
}

/** A detail page of each kind, from the demo data. */
async function detailPages(): Promise<Record<"staff" | "volunteer" | "resident" | "anyone", string[]>> {
  const course = await db().query.courses.findFirst({
    where: eq(schema.courses.status, "published"),
    orderBy: asc(schema.courses.id),
  });
  const announcement = await db().query.announcements.findFirst({
    where: eq(schema.announcements.status, "published"),
    orderBy: asc(schema.announcements.id),
  });
  const organizer = await db().query.users.findFirst({
    where: eq(schema.users.email, "organizer@example.org"),
  });
  const household = await db().query.households.findFirst({
    where: eq(schema.households.compoundId, organizer?.compoundId ?? 1),
    orderBy: asc(schema.households.id),
  });
  const visit = await db().query.visits.findFirst({ orderBy: asc(schema.visits.id) });
  const help = await db().query.helpRequests.findFirst({ orderBy: asc(schema.helpRequests.id) });
  const volunteer = await db().query.users.findFirst({
    where: eq(schema.users.email, "volunteer3@example.org"),
  });
  const card = await db().query.materialCards.findFirst({ orderBy: asc(schema.materialCards.id) });
  const pairing = await db().query.pairings.findFirst({
    where: and(isNotNull(schema.pairings.id), eq(schema.pairings.volunteerId, volunteer?.id ?? 0)),
  });
  const defined = (paths: (string | false)[]) => paths.filter((p): p is string => typeof p === "string");
  return {
    anyone: defined(["/login", "/register", "/transparency", course ? `/courses/${course.id}` : false]),
    resident: defined([announcement ? `/announcements/${announcement.id}` : false, "/help/ask"]),
    volunteer: defined([
      announcement ? `/announcements/${announcement.id}` : false,
      pairing ? `/pairings/${pairing.id}/agreement` : false,
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
      volunteer ? `/roster/volunteers/${volunteer.id}` : false,
      volunteer ? `/admin/people/${volunteer.id}` : false,
      visit ? `/visits/${visit.id}` : false,
      help ? `/help/${help.id}` : false,
      card ? `/love-card/${card.id}` : false,
      "/cards/connection",
      "/fund/donations",
      "/fund/grants",
      "/fund/statement",
      "/fund/reports",
      "/supermarket",
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
      const found: string[] = [];
      for (const path of paths) {
        const response = await page.goto(path);
        expect(response?.status(), path).toBeLessThan(400);
        const { over, culprits } = await overflowOf(page);
        if (over > 0) found.push(`${path} is ${over}px too wide: ${culprits.join("; ")}`);
      }
      expect(found).toEqual([]);
    });
