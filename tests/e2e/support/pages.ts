// Checks and steps the volunteer specs share (volunteer-life, volunteer-day, volunteer-journey, visit-lists):
// the accessibility check, the sideways-scroll check, a page photographed at its width, and signing in through
// the real form.
import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";
import { expect } from "#tests/e2e/fixtures";

/** No serious or critical axe violation (WCAG 2.1 AA) on the page as it is now. */
export async function expectAxeClean(page: Page, label = new URL(page.url()).pathname): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21aa"]).analyze();
  const serious = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(
    serious.map((v) => `${label}: ${v.id} ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`),
  ).toEqual([]);
}

/** The page does not scroll sideways at its width. */
export async function expectNoOverflow(page: Page): Promise<void> {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
}

/** The whole page as a PNG under the test's output, named with its width (`visits-390.png`). */
export async function photograph(page: Page, name: string, path: (file: string) => string): Promise<void> {
  const width = page.viewportSize()?.width ?? 0;
  await page.screenshot({ path: path(`${name}-${width}.png`), fullPage: true });
}

/** Signs in through the sign-in form, as a person would (zh-CN labels). */
export async function signInWithForm(page: Page, email: string, password: string): Promise<void> {
  await page.goto("/login");
  await page.getByLabel("电子邮箱").fill(email);
  await page.getByLabel("密码").fill(password);
  await page.getByRole("button", { name: "登录" }).click();
}
