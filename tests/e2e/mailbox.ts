// Reading mail in end-to-end tests: without RESEND_API_KEY the app delivers to its own mailbox, which staff
// read at /admin/mailbox. `page` must be signed in as an organizer or admin.
import { expect, type Page } from "@playwright/test";

export interface ReceivedEmail {
  subject: string;
  text: string;
  html: string;
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
    html: (await page.locator("iframe.message-html").getAttribute("srcdoc")) ?? "",
  };
}
