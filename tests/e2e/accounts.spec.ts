import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";
import { expect, test } from "#tests/e2e/fixtures";
import { secretInMessages } from "./mailbox";

const DEMO_PASSWORD = "lianxin-demo-2026";

async function signIn(page: Page, email: string, password: string) {
  await page.goto("/login?lng=en");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

async function expectNoSeriousAxeViolations(page: Page) {
  const results = await new AxeBuilder({ page }).analyze();
  const serious = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(
    serious.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`),
  ).toEqual([]);
}

test("a resident registers, confirms the code from their messages, signs in and out", async ({ page }) => {
  const email = `resident-${Date.now()}@example.org`;
  await page.goto("/register?lng=en");
  await expectNoSeriousAxeViolations(page);
  await page.getByLabel("Name").fill("居民 李梅");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Phone").fill("13900000000");
  await page.getByLabel("Residential compound").selectOption({ index: 1 });
  await page.getByLabel("Password").fill("plum blossoms in winter");
  await page.getByRole("button", { name: "Register" }).click();

  await expect(page.getByRole("heading", { name: "Confirm your email" })).toBeVisible();
  await expectNoSeriousAxeViolations(page);
  const { code } = await secretInMessages(email, "auth.verifyEmail");
  await page.getByLabel("Code").fill(String(code));
  await page.getByRole("button", { name: "Confirm", exact: true }).click();
  await expect(page).toHaveURL(/\/me$/);
  await expect(page.getByRole("heading", { name: "Hello, 居民 李梅" })).toBeVisible();

  await page.getByRole("button", { name: "Sign out" }).first().click();
  await expect(page.getByRole("link", { name: "Sign in" })).toBeVisible();
  await signIn(page, email, "plum blossoms in winter");
  await expect(page).toHaveURL(/\/me$/);
  await page.getByRole("button", { name: "Sign out" }).first().click();
  await expect(page.getByRole("link", { name: "Sign in" })).toBeVisible();
});

test("wrong passwords slow sign-in down and say for how long, but never keep the owner's browser out", async ({
  page,
  browser,
  newAccount,
}) => {
  const account = await newAccount("resident");
  // The owner signs in once from their own browser, which remembers it (a device cookie), and signs out.
  await signIn(page, account.email, account.password);
  await expect(page).toHaveURL(/\/me$/);
  await page.getByRole("button", { name: "Sign out" }).first().click();
  await expect(page.getByRole("link", { name: "Sign in" })).toBeVisible();

  // Someone else, elsewhere, guesses: five wrong passwords are free, the sixth makes the next wait.
  const elsewhere = await browser.newContext({ locale: "en-US" });
  const guesser = await elsewhere.newPage();
  await guesser.goto("/login?lng=en");
  await expectNoSeriousAxeViolations(guesser);
  // Remix 2 can report an aborted background fetch (route discovery for the page's links) as an uncaught
  // AbortError when a form is submitted while it is in flight (react-router#14761): let the page settle first.
  await guesser.waitForLoadState("networkidle");
  for (let i = 0; i < 6; i++) {
    await guesser.getByLabel("Email").fill(account.email);
    await guesser.getByLabel("Password").fill(`wrong password ${i}`);
    // One attempt at a time, as a person would: the alert of the previous attempt is already on the page.
    await Promise.all([
      guesser.waitForResponse((r) => r.request().method() === "POST" && r.url().includes("/login")),
      guesser.getByRole("button", { name: "Sign in" }).click(),
    ]);
    await expect(guesser.getByRole("alert")).toBeVisible();
  }
  await expect(guesser.getByRole("alert")).toContainText("Try again in 1 min,");
  // Even the right password waits there: guesses are slowed, not checked.
  await guesser.getByLabel("Email").fill(account.email);
  await guesser.getByLabel("Password").fill(account.password);
  await guesser.getByRole("button", { name: "Sign in" }).click();
  await expect(guesser.getByRole("alert")).toContainText(/Try again in \d+ min,/);
  await elsewhere.close();

  // The owner's own browser is not kept waiting by them.
  await signIn(page, account.email, account.password);
  await expect(page).toHaveURL(/\/me$/);
});

test("a password reset works once and only once", async ({ page, newAccount }) => {
  const account = await newAccount("volunteer");
  await page.goto("/forgot-password?lng=en");
  await expectNoSeriousAxeViolations(page);
  await page.getByLabel("Email").fill(account.email);
  await page.getByRole("button", { name: "Send the link" }).click();
  await expect(page.getByRole("status")).toContainText("If an account uses this address");
  const { url } = await secretInMessages(account.email, "auth.passwordReset");
  const path = new URL(String(url)).pathname;

  // The token leaves the address on first load (into a cookie), so the form page may send its Origin.
  const response = await page.goto(path);
  await expect(page).toHaveURL(/\/reset-password$/);
  expect(response?.headers()["referrer-policy"]).toBe("same-origin");
  await page.getByLabel("New password", { exact: true }).fill("a fresh spring morning");
  await page.getByRole("button", { name: "Save the new password" }).click();
  await expect(page.getByRole("status")).toContainText("Your password was changed");
  await signIn(page, account.email, "a fresh spring morning");
  await expect(page).toHaveURL(/\/volunteer$/);

  await page.goto(path);
  await expect(page.getByRole("heading", { name: "This link no longer works" })).toBeVisible();
});

test("an organizer invites a volunteer who accepts and lands on the volunteer home", async ({
  page,
  browser,
}) => {
  await signIn(page, "organizer@example.org", DEMO_PASSWORD);
  await expect(page).toHaveURL(/\/admin$/);
  await page.goto("/admin/people");
  await expectNoSeriousAxeViolations(page);
  await page.getByRole("link", { name: "Invite a volunteer or staff member" }).first().click();
  await expectNoSeriousAxeViolations(page);
  const email = `invitee-${Date.now()}@example.org`;
  await page.getByLabel("Name").fill("团员青年 周洋");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Tier", { exact: true }).selectOption("4");
  await page
    .getByLabel("Supervisor", { exact: true })
    .selectOption({ label: "党员 陈伟 (Tier 3 · party member)" });
  await page.getByRole("button", { name: "Send the invitation" }).click();
  await expect(page.getByRole("status")).toContainText("Invitation sent");

  const { url } = await secretInMessages(email, "auth.invitation");
  const invitee = await browser.newContext({ locale: "en-US" });
  const inviteePage = await invitee.newPage();
  await inviteePage.goto(new URL(String(url)).pathname);
  await inviteePage.getByLabel("Choose a password").fill("youth league volunteer");
  await inviteePage.getByRole("button", { name: "Accept the invitation" }).click();
  await expect(inviteePage).toHaveURL(/\/volunteer$/);
  await expect(inviteePage.getByText("Tier 4 · youth league member")).toBeVisible();
  await expect(inviteePage.getByText("党员 陈伟", { exact: false })).toBeVisible();
  await invitee.close();
});

test("a volunteer opening an organizer page gets the translated 403 page", async ({ page }) => {
  await signIn(page, "volunteer4@example.org", DEMO_PASSWORD);
  await expect(page).toHaveURL(/\/volunteer$/);
  await expectNoSeriousAxeViolations(page);
  const response = await page.goto("/admin/people");
  expect(response?.status()).toBe(403);
  await expect(page.getByRole("heading", { name: "Not allowed" })).toBeVisible();
});

test("a cross-origin POST gets 403, to a page action and to a resource route", async ({ request }) => {
  for (const path of ["/login", "/logout"]) {
    const response = await request.post(path, {
      headers: { Origin: "https://evil.example" },
      form: { email: "organizer@example.org", password: DEMO_PASSWORD },
    });
    expect(response.status(), path).toBe(403);
  }
});

test("the session cookie is __Host-, HttpOnly, Secure, SameSite=Lax, Path=/", async ({ page, context }) => {
  await signIn(page, "admin@example.org", DEMO_PASSWORD);
  await expect(page).toHaveURL(/\/admin$/);
  const cookie = (await context.cookies()).find((c) => c.name.includes("lianxin_session"));
  expect(cookie).toMatchObject({
    name: "__Host-lianxin_session",
    httpOnly: true,
    secure: true,
    sameSite: "Lax",
    path: "/",
  });
});

test("the CSP is enforced with a nonce and the pages still work", async ({ page }) => {
  const violations: string[] = [];
  page.on("console", (m) => {
    if (m.type() === "error" && /Content Security Policy/i.test(m.text())) violations.push(m.text());
  });
  const response = await page.goto("/login?lng=en");
  const csp = response?.headers()["content-security-policy"] ?? "";
  expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+'/);
  expect(response?.headers()["content-security-policy-report-only"]).toBeUndefined();
  expect(await page.locator("script[nonce]").count()).toBeGreaterThan(0);
  // The inline context script and the client entry both ran: the router exists only after hydration.
  await page.waitForFunction(() => "__remixContext" in window && "__remixRouter" in window);
  await signIn(page, "volunteer2@example.org", DEMO_PASSWORD);
  await expect(page).toHaveURL(/\/volunteer$/);
  await page.goto("/account");
  await expect(page.getByRole("heading", { name: "My account" })).toBeVisible();
  await expectNoSeriousAxeViolations(page);
  expect(violations).toEqual([]);
});
