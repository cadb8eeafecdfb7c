// Reading mail in end-to-end tests. Without RESEND_API_KEY the app keeps each email twice: whole in its
// recipient's messages (/messages), masked in the staff mailbox (/admin/mailbox). A test reads a secret the way
// its recipient would, from their own messages (`readOwnMessage`, signed in as them), or, for someone who cannot
// sign in yet (a code to confirm, a reset, an invitation), from their messages in the database
// (`secretInMessages`). Staff pages never show one (decision 015).
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

/** The newest email to `address` as staff see it (masked), waiting for the worker to deliver it. */
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

/** The newest of the signed-in person's own messages whose subject matches, opened as they would open it. */
export async function readOwnMessage(
  page: Page,
  subject: string | RegExp,
  timeout = 20_000,
): Promise<{ subject: string; text: string }> {
  const link = page.getByTestId("messages").getByRole("link", { name: subject }).first();
  await expect
    .poll(
      async () => {
        await page.goto("/messages");
        return link.count();
      },
      { timeout, message: `no message ${String(subject)} arrived in /messages` },
    )
    .toBeGreaterThan(0);
  await link.click();
  return {
    subject: (await page.locator("h1").first().textContent()) ?? "",
    text: (await page.getByTestId("message-body").textContent()) ?? "",
  };
}

async function query(sql: string, args: string[]) {
  // playwright.config.ts gives the runner and its workers the e2e server's database.
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error("DATABASE_URL is not set: run the e2e suite through playwright.config.ts");
  const client = createClient({ url });
  try {
    return (await client.execute({ sql, args })).rows;
  } finally {
    client.close();
  }
}

/**
 * The code or link in the newest `template` email to `to`, read from the recipient's own messages in the
 * database once the worker has delivered it: what its owner would read, for an owner who cannot sign in yet.
 */
export async function secretInMessages(
  to: string,
  template: string,
  timeout = 20_000,
): Promise<{ code: string | null; url: string | null }> {
  let text = "";
  await expect
    .poll(
      async () => {
        const rows = await query(
          `SELECT m.text FROM messages m JOIN email_outbox o ON o.key = m.source_key
           WHERE o."to" = ? AND o.template = ? ORDER BY m.id DESC LIMIT 1`,
          [to, template],
        );
        text = typeof rows[0]?.text === "string" ? rows[0].text : "";
        return text.length;
      },
      { timeout, message: `no ${template} message to ${to}` },
    )
    .toBeGreaterThan(0);
  return {
    code: /\b\d{8}\b/.exec(text)?.[0] ?? null,
    url: /https?:\/\/\S+\/(?:reset-password|invite)\/[^\s\]]+/.exec(text)?.[0] ?? null,
  };
}

/** The data of the newest `template` email to `to` as queued: for emails that hold no secret. */
export async function lastEmailData(to: string, template: string): Promise<Record<string, unknown>> {
  const rows = await query(
    'SELECT data FROM email_outbox WHERE "to" = ? AND template = ? ORDER BY id DESC LIMIT 1',
    [to, template],
  );
  const raw = rows[0]?.data;
  if (typeof raw !== "string") throw new Error(`no ${template} email to ${to}`);
  return JSON.parse(raw) as Record<string, unknown>;
}
