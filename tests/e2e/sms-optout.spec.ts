// The short opt-out link at the end of a text (decision 028): without an account, the page names the number
// masked, stops its non-essential texts with one button and takes that back, in both languages, with and without
// JavaScript, axe-clean and without sideways scrolling at a phone's width.
import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";
import { eq } from "drizzle-orm";
import { expect, test } from "#tests/e2e/fixtures";
import { getDatabase, schema } from "#db/client.server";
import { smsOptOutToken } from "#app/modules/notifications/sms-optout.server";

async function expectAccessibleOnAPhone(page: Page, name: string) {
  await page.setViewportSize({ width: 390, height: 844 });
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21aa"]).analyze();
  const serious = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
  expect(overflow, `no sideways scrolling at 390px on ${name}`).toBeLessThanOrEqual(0);
  await page.screenshot({ path: test.info().outputPath(`${name}-390.png`), fullPage: true });
}

function uniqueNumber(): string {
  return `+86137${String(Date.now() % 1e8).padStart(8, "0")}`;
}

async function optOutOf(phone: string) {
  const [row] = await getDatabase()
    .db.select()
    .from(schema.smsOptOuts)
    .where(eq(schema.smsOptOuts.phone, phone));
  return row ?? null;
}

const words = {
  "zh-CN": { title: "退订短信", stop: "退订", undo: "恢复接收", stopped: "已退订", resumed: "已恢复" },
  en: {
    title: "Stop text messages",
    stop: "Stop these texts",
    undo: "Receive them again",
    stopped: "Done:",
    resumed: "gets these texts again",
  },
} as const;

for (const locale of ["zh-CN", "en"] as const) {
  test(`the short link stops and resumes a number's texts (${locale})`, async ({ page }) => {
    const phone = uniqueNumber();
    const token = await smsOptOutToken(phone);
    const w = words[locale];
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`/s/${token}?lng=${locale}`);
    await expect(page.getByRole("heading", { level: 1, name: w.title })).toBeVisible();
    await expect(
      page.getByText(`${phone.slice(0, 3)} ${phone.slice(3, 6)}****${phone.slice(-4)}`),
    ).toBeVisible();
    await expectAccessibleOnAPhone(page, `sms-optout-${locale}`);

    await page.getByRole("button", { name: w.stop, exact: true }).click();
    await expect(page.getByRole("status")).toContainText(w.stopped);
    expect(await optOutOf(phone)).toMatchObject({ source: "link" });
    await expectAccessibleOnAPhone(page, `sms-optout-done-${locale}`);

    await page.getByRole("button", { name: w.undo }).click();
    await expect(page.getByRole("status")).toContainText(w.resumed);
    expect(await optOutOf(phone)).toBeNull();
  });
}

test("the page works without JavaScript", async ({ browser, baseURL }) => {
  const context = await browser.newContext({ javaScriptEnabled: false, baseURL, locale: "zh-CN" });
  const page = await context.newPage();
  const phone = uniqueNumber();
  await page.goto(`/s/${await smsOptOutToken(phone)}`);
  await page.getByRole("button", { name: "退订", exact: true }).click();
  await expect(page.getByRole("status")).toContainText("已退订");
  expect(await optOutOf(phone)).toMatchObject({ source: "link" });
  await context.close();
});

test("a link that is not ours says so, in both languages", async ({ page }) => {
  const response = await page.goto("/s/AAAAAAAAAAAAAAAAAAAAAA?lng=en");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("alert")).toContainText("This link is not valid");
  await page.goto("/s/AAAAAAAAAAAAAAAAAAAAAA?lng=zh-CN");
  await expect(page.getByRole("alert")).toContainText("这个链接无效");
  await expectAccessibleOnAPhone(page, "sms-optout-invalid");
});

test("the providers' JSON pushes reach the reply hooks, from another origin; JSON elsewhere is refused", async ({
  request,
  baseURL,
}) => {
  const push = [{ phone_number: "13800138000", content: "TD", send_time: "2026-12-02 21:00:00" }];
  const headers = { origin: "https://dysmsapi.aliyuncs.com" };
  // No SMS_REPLY_TOKEN on the test server: the hook answers as if it did not exist, but the body got there.
  const hook = await request.post("/hooks/sms/aliyun/not-the-secret", { data: push, headers });
  expect(hook.status()).toBe(404);
  const tencent = await request.post("/hooks/sms/tencent/not-the-secret", {
    data: { mobile: "13800138000", nationcode: "86", text: "TD", sign: "连心", time: 1 },
    headers,
  });
  expect(tencent.status()).toBe(404);
  const elsewhere = await request.post("/login", {
    data: push,
    headers: { origin: baseURL ?? "" },
  });
  expect(elsewhere.status()).toBe(415);
});
