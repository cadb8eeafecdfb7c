// Steps of a volunteer's life the specs share (volunteer-life, volunteer-journey): an organizer imports
// volunteers from a roster file, and an invitee opens the link their invitation email carries and sets a
// password. Both through the pages, as people do them (zh-CN labels).
import type { Page } from "@playwright/test";
import { expect } from "#tests/e2e/fixtures";
import { secretInMessages } from "#tests/e2e/mailbox";

export const rosterHeader =
  "email,name,phone,tier,supervisor_email,compound,extra_compounds,skills,availability,capacity";

/** Imports roster rows (CSV lines after `rosterHeader`) as the signed-in organizer; `created` new people. */
export async function importRoster(page: Page, rows: readonly string[], created: number): Promise<void> {
  if (!page.url().endsWith("/roster/import")) await page.goto("/roster/import");
  await page.getByLabel("CSV 文件").setInputFiles({
    name: "roster.csv",
    mimeType: "text/csv",
    buffer: Buffer.from([rosterHeader, ...rows].join("\n")),
  });
  await page.getByRole("button", { name: "导入", exact: true }).click();
  await expect(page.getByRole("status")).toContainText(`${created} 人新建`);
}

/**
 * Opens the invitation sent to `email` (the link read from the invitee's own mailbox) in `page`, a browser of
 * the invitee's own, and accepts it with `password`: they land on their home, signed in.
 */
export async function acceptInvitation(page: Page, email: string, password: string): Promise<void> {
  const { url } = await secretInMessages(email, "auth.invitation");
  await page.goto(new URL(String(url)).pathname);
  await page.getByLabel("设置密码").fill(password);
  await page.getByRole("button", { name: "接受邀请" }).click();
  await expect(page).toHaveURL(/\/volunteer$/);
}
