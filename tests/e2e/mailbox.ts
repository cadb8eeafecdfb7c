// Reading mail in end-to-end tests: without RESEND_API_KEY the app delivers to its own mailbox, which staff
// read at /admin/mailbox. `page` must be signed in as an organizer or admin.
import { createClient } from "@libsql/client";
import { expect, type Page } from "@playwright/test";

/**
 * Emails are shown in an iframe with an empty sandbox (no scripts). Playwright evaluates its own helpers in every
 * frame, and Chromium logs that as blocked (microsoft/playwright#33343): the sandbox working, not a page error.
 * Tests that open the mailbox allow this one message.
 */
export const sandboxNotice =
  /Blocked script execution in 'http:\/\/[^']+\/admin\/(mailbox\/\d+\/html|emails\/preview\/)/;

export interface ReceivedEmail {
  subject: string;
  text: string;
  html: string;
}

/** The HTML the mailbox shows in its sandboxed frame, fetched with the page's own session. */
async function htmlOfFrame(page: Page): Promise<string> {
  const src = await page.locator("iframe.message-html").getAttribute("src");
  if (!src) return "";
  const response = await page.request.get(src);
  expect(response.headers()["content-security-policy"]).toContain("default-src 'none'");
  return response.text();
}

/** The newest email to `address`, waiting for the worker to deliver it. */
export async function readLatestEmail(page: Page, address: string, timeout = 15_000): Promise<ReceivedEmail> {
  const messages = page.locator(".message-list a");
  await expect
    .poll(
      async () => {
        await page.goto(`/admin/mailbox?${new URLSearchParams({ to: address })}`);
        return messages.count();
      },
      { timeout, message: `no email to ${address} arrived in the mailbox` },
    )
    .toBeGreaterThan(0);
  await messages.first().click();
  await expect(page.getByTestId("message-to")).toHaveText(address);
  return {
    subject: (await page.locator("h1").first().textContent()) ?? "",
    text: (await page.getByTestId("message-text").textContent()) ?? "",
    html: await htmlOfFrame(page),
  };
}

export async function lastEmailData(to: string, template: string): Promise<Record<string, unknown>> {
  // playwright.config.ts gives the runner and its workers the e2e server's database.
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error("DATABASE_URL is not set: run the e2e suite through playwright.config.ts");
  const client = createClient({ url });
  try {
    const result = await client.execute({
      sql: 'SELECT data FROM email_outbox WHERE "to" = ? AND template = ? ORDER BY id DESC LIMIT 1',
      args: [to, template],
    });
    const raw = result.rows[0]?.data;
    if (typeof raw !== "string") throw new Error(`no ${template} email to ${to}`);
    return JSON.parse(raw) as Record<string, unknown>;
  } finally {
    client.close();
  }
}
