// Trust boundaries a browser can see (issue 14): redirects stay on the app, `Origin: null` is refused while
// the no-JavaScript password reset still works, and every file the app hands out is uncached.
import { and, eq, isNull } from "drizzle-orm";
import { db, schema } from "#db/client.server";
import { expect, test } from "#tests/e2e/fixtures";
import { secretInMessages } from "./mailbox";

test("a sign-in redirect that tries to leave the app stays on it", async ({ page, loginAs, baseURL }) => {
  await loginAs("volunteer4@example.org");
  const origin = new URL(baseURL ?? "").origin;
  let leftTheApp = false;
  await page.route("**/*", (route) => {
    if (new URL(route.request().url()).origin !== origin) leftTheApp = true;
    return new URL(route.request().url()).origin === origin ? route.continue() : route.abort();
  });
  for (const redirectTo of ["%2F%09%2Fevil.example%2Fphish", "%2F%5Cevil.example", "%2F%2Fevil.example"]) {
    const response = await page.goto(`/login?redirectTo=${redirectTo}`);
    expect(response?.status()).toBe(200);
    expect(new URL(page.url()).origin).toBe(origin);
  }
  expect(leftTheApp).toBe(false);
  // A newline or a full-width space once made the Location header invalid: a 500. Now the newline is dropped
  // as a browser drops it (`//evil.example`, so the volunteer's home) and the space is percent-encoded.
  for (const [redirectTo, location] of [
    ["%2F%0A%2Fevil.example", "/volunteer"],
    ["%2F%E3%80%80%2Fevil.example", "/%E3%80%80/evil.example"],
  ]) {
    const response = await page.request.get(`/login?redirectTo=${redirectTo}`, { maxRedirects: 0 });
    expect(response.status()).toBe(302);
    expect(response.headers().location).toBe(location);
  }
});

test("a change sent with Origin: null is refused, whatever Sec-Fetch-Site says", async ({ request }) => {
  const response = await request.post("/login", {
    headers: { Origin: "null", "Sec-Fetch-Site": "same-origin" },
    form: { email: "admin@example.org", password: "wrong" },
    maxRedirects: 0,
  });
  expect(response.status()).toBe(403);
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("a password reset posts its form with the page's real origin and works", async ({
    page,
    newAccount,
    baseURL,
  }) => {
    const account = await newAccount("resident");
    await page.goto("/forgot-password?lng=en");
    await page.getByLabel("Email").fill(account.email);
    await page.getByRole("button", { name: "Send the link" }).click();
    await expect(page.getByRole("status")).toContainText("If an account uses this address");
    // Read as its owner would, once delivered: the outbox keeps no secret after delivery (decision 015).
    const { url } = await secretInMessages(account.email, "auth.passwordReset");
    await page.goto(new URL(String(url)).pathname);
    // The token has left the address bar (and so history and Referer headers).
    await expect(page).toHaveURL(/\/reset-password$/);
    await page.getByLabel("New password", { exact: true }).fill("a quiet reading lamp");
    const [post] = await Promise.all([
      page.waitForRequest((r) => r.method() === "POST"),
      page.getByRole("button", { name: "Save the new password" }).click(),
    ]);
    expect(await post.headerValue("origin")).toBe(new URL(baseURL ?? "").origin);
    await expect(page.getByRole("status")).toContainText("Your password was changed");
    await page.getByLabel("Email").fill(account.email);
    await page.getByLabel("Password").fill("a quiet reading lamp");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page).toHaveURL(/\/me$/);
  });
});

test("every file the app hands out is uncached and named for download", async ({ page, loginAs }) => {
  await loginAs("organizer@example.org");
  const [course] = await db().select({ id: schema.courses.id }).from(schema.courses).limit(1);
  const files = [
    "/roster/export.csv",
    "/roster/export.xlsx",
    "/households/template.csv",
    "/ledgers/extreme/export",
    "/ledgers/extreme/export?format=xlsx",
    "/pairings/export.csv?status=active",
    "/pairings/export.xlsx?status=active",
    "/help/export.csv?kind=medical",
    "/help/export.xlsx?kind=medical",
    ...(course
      ? [`/admin/courses/${course.id}/enrollments.csv`, `/admin/courses/${course.id}/enrollments.xlsx`]
      : []),
  ];
  for (const path of files) {
    const response = await page.request.get(path);
    expect(response.status(), path).toBe(200);
    expect(response.headers()["cache-control"], path).toBe("no-store");
    expect(response.headers()["content-disposition"], path).toMatch(
      /^attachment; filename=.*filename\*=UTF-8''/,
    );
  }

  // A volunteer's visit as an .ics file: private, and not stored either.
  const volunteer = await loginAs("volunteer4@example.org");
  const [visit] = await db()
    .select({ id: schema.visits.id })
    .from(schema.visits)
    .where(and(eq(schema.visits.leadVolunteerId, volunteer.id), isNull(schema.visits.cancelledAt)))
    .limit(1);
  if (visit) {
    const response = await page.request.get(`/visits/${visit.id}/ics`);
    expect(response.status()).toBe(200);
    expect(response.headers()["cache-control"]).toContain("no-store");
  }
});
