import { chromium } from "@playwright/test";
import { writeFileSync } from "node:fs";
import { chromiumArgs, chromiumExecutable } from "#tests/e2e/browser";
const [cookieName, cookieValue] = (process.argv[2] ?? "").split("=");
const lng = process.argv[3] ?? "zh-CN";
const browser = await chromium.launch({ executablePath: chromiumExecutable(), args: chromiumArgs });
for (const width of [390, 1280]) {
  const context = await browser.newContext({ viewport: { width, height: 900 }, locale: lng });
  await context.addCookies([
    { name: cookieName ?? "", value: cookieValue ?? "", domain: "127.0.0.1", path: "/", httpOnly: true, secure: true, sameSite: "Lax" },
    { name: "lng", value: lng, url: "http://127.0.0.1:41977" },
  ]);
  const page = await context.newPage();
  await page.goto("http://127.0.0.1:41977/reports/monthly?month=2026-11");
  await page.screenshot({ path: `/tmp/report-full-${lng}-${width}.png`, fullPage: true });
  console.log(width, await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth));
  if (width === 1280) {
    await page.emulateMedia({ media: "print" });
    const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true });
    writeFileSync(`/tmp/report-full-${lng}.pdf`, pdf);
  }
  await context.close();
}
await browser.close();
