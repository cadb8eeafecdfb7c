// Issue 14 on the pages themselves: a supervisor one tier up reads what the escalation of their volunteer's
// visit links to, with health facts withheld and said to be; an organizer of one compound sees that compound
// only, and every household a page shows leaves a trace in the audit log.
import AxeBuilder from "@axe-core/playwright";
import { and, desc, eq, sql } from "drizzle-orm";
import { schema } from "#db/client.server";
import { expect, test } from "#tests/e2e/fixtures";

async function residentHousehold(database: Parameters<Parameters<typeof test>[2]>[0]["e2eDatabase"]) {
  const [row] = await database.db
    .select({ householdId: schema.householdMembers.householdId })
    .from(schema.householdMembers)
    .innerJoin(schema.users, eq(schema.users.id, schema.householdMembers.userId))
    .where(eq(schema.users.email, "resident@example.org"));
  if (!row) throw new Error("the demo resident has no household");
  return row.householdId;
}

test("the supervisor one tier up opens the household, agreement and visit of the volunteer under them, health withheld", async ({
  page,
  loginAs,
  e2eDatabase,
  context,
}) => {
  test.slow(); // four pages and an accessibility scan
  const householdId = await residentHousehold(e2eDatabase);
  const [visit] = await e2eDatabase.db
    .select({ id: schema.visits.id })
    .from(schema.visits)
    .innerJoin(schema.users, eq(schema.users.id, schema.visits.leadVolunteerId))
    .where(and(eq(schema.users.email, "volunteer4@example.org"), eq(schema.visits.householdId, householdId)))
    .limit(1);
  const [pairing] = await e2eDatabase.db
    .select({ id: schema.pairings.id })
    .from(schema.pairings)
    .where(and(eq(schema.pairings.householdId, householdId), eq(schema.pairings.status, "active")));
  if (!visit || !pairing) throw new Error("the demo lacks volunteer4's visit or pairing");
  await loginAs("volunteer3@example.org");

  await page.goto(`/households/${householdId}`);
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  // Health facts are the primary helper's and staff's, with consent: the supervisor is told they are withheld.
  await expect(page.getByText(/健康信息未显示：/).first()).toBeVisible();
  const axe = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21aa"]).analyze();
  expect(axe.violations.filter((v) => v.impact === "serious" || v.impact === "critical")).toEqual([]);
  expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);

  await context.addCookies([{ name: "lng", value: "en", url: test.info().project.use.baseURL ?? "" }]);
  await page.goto(`/households/${householdId}`);
  await expect(page.getByText(/Health details withheld:/).first()).toBeVisible();

  const agreement = await page.goto(`/pairings/${pairing.id}/agreement`);
  expect(agreement?.status()).toBe(200);
  const visitPage = await page.goto(`/visits/${visit.id}`);
  expect(visitPage?.status()).toBe(200);
  // A supervisor follows up; moving the visit is for the cadres above and the volunteer.
  await expect(page.getByRole("button", { name: "Cancel the visit" })).toHaveCount(0);
});

test("an organizer of one compound sees it alone on the coverage page, and each household shown is on the record", async ({
  page,
  loginAs,
  e2eDatabase,
}) => {
  const organizer = await loginAs("organizer@example.org");
  await page.goto("/roster/coverage");
  const compounds = page.locator("#by-compound ~ * tbody th, table tbody th");
  const names = await compounds.allTextContents();
  const [own] = await e2eDatabase.db
    .select({ name: schema.compounds.name })
    .from(schema.users)
    .innerJoin(schema.compounds, eq(schema.compounds.id, schema.users.compoundId))
    .where(eq(schema.users.id, organizer.id));
  expect(names.length).toBeLessThanOrEqual(1);
  for (const name of names) expect(name.trim()).toBe(own?.name);
  const listed = await page.locator(".coverage-item").count();
  // Every household listed is one the organizer may pair: no button that would answer 403.
  await expect(page.locator(".coverage-item").getByRole("link", { name: "结对" })).toHaveCount(listed);
  if (listed > 0)
    await expect
      .poll(async () => {
        const [row] = await e2eDatabase.db
          .select({ n: sql<number>`count(*)` })
          .from(schema.auditLog)
          .where(
            and(
              eq(schema.auditLog.actorId, organizer.id),
              eq(schema.auditLog.action, "household.listed"),
              sql`json_extract(${schema.auditLog.details}, '$.via') = 'roster.coverage'`,
            ),
          );
        return row?.n ?? 0;
      })
      .toBeGreaterThan(0);
});

test("an organizer of every compound sees every compound with unpaired households", async ({
  page,
  loginAs,
}) => {
  await loginAs("organizer.all@example.org");
  await page.goto("/roster/coverage");
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  expect(await page.locator("table tbody th").count()).toBeGreaterThan(1);
});

test("opening a household leaves a viewed entry with the page it was opened on", async ({
  page,
  loginAs,
  e2eDatabase,
}) => {
  const householdId = await residentHousehold(e2eDatabase);
  const reader = await loginAs("volunteer4@example.org");
  await page.goto(`/cards/connection/${householdId}`);
  await expect
    .poll(async () => {
      const [row] = await e2eDatabase.db
        .select({ details: schema.auditLog.details })
        .from(schema.auditLog)
        .where(
          and(
            eq(schema.auditLog.actorId, reader.id),
            eq(schema.auditLog.action, "household.viewed"),
            eq(schema.auditLog.targetType, "household"),
            eq(schema.auditLog.targetId, String(householdId)),
          ),
        )
        .orderBy(desc(schema.auditLog.id))
        .limit(1);
      return row?.details;
    })
    .toEqual({ via: "card" });
});

test("an organizer of one compound cannot make anyone an organizer of every compound, nor move them out", async ({
  page,
  loginAs,
  e2eDatabase,
}) => {
  const organizer = await loginAs("organizer@example.org");
  const [own] = await e2eDatabase.db
    .select({ compoundId: schema.users.compoundId })
    .from(schema.users)
    .where(eq(schema.users.id, organizer.id));
  const [other] = await e2eDatabase.db
    .select({ id: schema.compounds.id })
    .from(schema.compounds)
    .where(sql`${schema.compounds.id} <> ${own?.compoundId ?? 0}`)
    .limit(1);
  const [person] = await e2eDatabase.writeAtomic((d) =>
    d
      .insert(schema.users)
      .values({
        email: `e2e-promote-${Date.now()}@example.org`,
        name: "测试 志愿者",
        role: "volunteer",
        volunteerTier: 1,
        compoundId: own?.compoundId ?? null,
      })
      .returning({ id: schema.users.id }),
  );
  const assign = (fields: Record<string, string>) =>
    page.request.post(`/admin/people/${person?.id}`, {
      headers: { origin: new URL(page.url() || test.info().project.use.baseURL || "").origin },
      form: { intent: "assign", ...fields },
      maxRedirects: 0,
    });
  await page.goto(`/admin/people/${person?.id}`);
  expect((await assign({ role: "organizer", compoundId: "" })).status()).toBe(403);
  expect(
    (await assign({ role: "volunteer", volunteerTier: "1", compoundId: String(other?.id) })).status(),
  ).toBe(403);
  const [after] = await e2eDatabase.db
    .select({ role: schema.users.role, compoundId: schema.users.compoundId })
    .from(schema.users)
    .where(eq(schema.users.id, person?.id ?? 0));
  expect(after).toEqual({ role: "volunteer", compoundId: own?.compoundId ?? null });
  // The form offers neither: no "every compound", only their own compound.
  await expect(page.getByRole("option", { name: "所有小区" })).toHaveCount(0);
});
