// The love supermarket's till at 390 px (issue 18): the cashier scans a printed love card's QR code with the
// phone's camera, charges the card, sees the slip, cannot charge twice, and refunds the sale the same day.
//
// The camera is Chromium's fake one, fed a Y4M video made here from the card's printed QR code, so this test
// runs its own browser with the flags for it (the project's browser has no camera).
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type Page } from "@playwright/test";
import { eq } from "drizzle-orm";
import { db, schema } from "#db/client.server";
import { chromiumArgs, chromiumExecutable } from "#tests/e2e/browser";
import { expect, test } from "#tests/e2e/fixtures";
import {
  fenOf,
  freshHousehold,
  issueCard,
  locales,
  seriousViolations,
  startCreditRun,
  tm,
  tmPattern,
  useLocale,
} from "#tests/e2e/material-helpers";

const width = 640;
const height = 480;

/**
 * A one-frame Y4M video (Chromium loops it) of the PNG centred on white: the luma plane from ImageMagick's
 * grey pixels, the chroma planes neutral.
 */
function y4mOf(png: Buffer, directory: string): string {
  const pngFile = join(directory, "qr.png");
  writeFileSync(pngFile, png);
  const luma = execFileSync("convert", [
    pngFile,
    "-filter",
    "point",
    "-resize",
    "360x360",
    "-background",
    "white",
    "-gravity",
    "center",
    "-extent",
    `${width}x${height}`,
    "-colorspace",
    "Gray",
    "-depth",
    "8",
    "gray:-",
  ]);
  if (luma.length !== width * height) throw new Error(`convert gave ${luma.length} bytes of luma`);
  const chroma = Buffer.alloc((width / 2) * (height / 2), 128);
  const file = join(directory, "card.y4m");
  writeFileSync(
    file,
    Buffer.concat([
      Buffer.from(`YUV4MPEG2 W${width} H${height} F15:1 Ip A1:1 C420jpeg\n`),
      Buffer.from("FRAME\n"),
      luma,
      chroma,
      chroma,
    ]),
  );
  return file;
}

/** The balance the till shows for the card it found. */
async function tillBalance(page: Page, locale: (typeof locales)[number]) {
  const line = page.locator(".material-card-found .material-balance", { hasText: tm(locale, "till.holds") });
  return fenOf(await line.locator("strong").textContent());
}

for (const locale of locales) {
  test(`${locale}: the cashier scans a printed love card at 390 px, charges it once and refunds it`, async ({
    page,
    context,
    loginAs,
    baseURL,
    isMobile,
  }) => {
    // Its own browser at phone size: once, in the phone project.
    test.skip(!isMobile, "the till is a phone");
    test.setTimeout(120_000);
    const origin = baseURL ?? "";
    await useLocale(context, locale, origin);

    // The organizer issues a fresh household's card, credits it with the month's run, and prints it.
    await loginAs("organizer@example.org");
    const householdId = await freshHousehold();
    const card = await issueCard(page, locale, householdId);
    await startCreditRun(page, locale);
    await page.goto(`/love-card/${card.id}/print`);
    const qr = page.getByRole("img", {
      name: tm(locale, "card.qrAlt", { number: card.number.replace(/(\d{4})(?=\d)/g, "$1 ") }),
    });
    await expect(qr).toBeVisible();
    // Visible is laid out, not yet drawn: a screenshot of a QR still decoding films a blank card.
    await expect
      .poll(() =>
        qr.evaluate((img) => img instanceof HTMLImageElement && img.complete && img.naturalWidth > 0),
      )
      .toBe(true);
    await qr.evaluate((img) => (img instanceof HTMLImageElement ? img.decode() : undefined));
    expect(await seriousViolations(page)).toEqual([]);
    const videoDirectory = mkdtempSync(join(tmpdir(), "lianxin-till-"));
    const video = y4mOf(await qr.screenshot(), videoDirectory);

    // The cashier's phone: a browser whose camera films the printed card.
    await loginAs("volunteer4@example.org");
    const browser = await chromium.launch({
      executablePath: chromiumExecutable(),
      args: [
        ...chromiumArgs,
        "--use-fake-device-for-media-stream",
        "--use-fake-ui-for-media-stream",
        `--use-file-for-fake-video-capture=${video}`,
      ],
    });
    const errors: string[] = [];
    try {
      const phone = await browser.newContext({
        baseURL: origin,
        viewport: { width: 390, height: 844 },
        deviceScaleFactor: 2,
        isMobile: true,
        hasTouch: true,
        locale,
      });
      await phone.grantPermissions(["camera"], { origin });
      await phone.addCookies(await context.cookies());
      const till = await phone.newPage();
      till.on("pageerror", (error) => errors.push(`uncaught ${error.message}`));
      till.on("console", (message) => {
        if (message.type() === "error") errors.push(message.text());
      });

      await till.goto("/till");
      await expect(till.getByRole("heading", { level: 1, name: tm(locale, "till.title") })).toBeVisible();
      expect(await seriousViolations(till)).toEqual([]);
      // The scanner reads the QR code (`…/till?card=<number>`) and opens the card. Chromium's fake camera
      // sometimes delivers no frame ZXing can read after it starts (seen in one CI run in three): as a
      // cashier would, stop the camera and scan again, up to three times.
      const scanned = new RegExp(`/till\\?card=${card.number}$`);
      for (let attempt = 1; ; attempt++) {
        await till.getByRole("button", { name: tm(locale, "till.scan") }).click();
        try {
          await expect(till).toHaveURL(scanned, { timeout: 12_000 });
          break;
        } catch (error) {
          if (attempt === 3) throw error;
          await till.getByRole("button", { name: tm(locale, "till.stopCamera") }).click();
        }
      }
      await expect(till.locator(".material-card-found")).toContainText(card.number.slice(-4));
      const before = await tillBalance(till, locale);
      expect(before).toBeGreaterThanOrEqual(1000);
      expect(await seriousViolations(till)).toEqual([]);
      await till.screenshot({ path: test.info().outputPath(`till-${locale}.png`), fullPage: true });

      // Charge ¥10.00 for goods not in the catalog, tapping twice.
      const sale = till.getByRole("form", { name: tm(locale, "till.saleOnCard") });
      const key = await sale.locator('input[name="key"]').inputValue();
      await sale.getByLabel(tm(locale, "till.amount")).fill("10.00");
      await sale.getByRole("button", { name: tm(locale, "till.confirmCard") }).dblclick();

      await expect(till).toHaveURL(/\/till\/receipt\/\d+$/);
      const receiptUrl = till.url();
      const slip = till.locator(".material-slip");
      await expect(slip).toContainText(new RegExp(`XS${new Date().getUTCFullYear()}-\\d{6}`));
      await expect(slip).toContainText(tm(locale, "kind.card_sale"));
      const balance = () => slip.locator(".material-balance strong").textContent();
      expect(fenOf(await balance())).toBe(before - 1000);
      expect(fenOf(await slip.locator("tfoot td").last().textContent())).toBe(1000);
      await till.screenshot({ path: test.info().outputPath(`receipt-${locale}.png`), fullPage: true });
      expect(await seriousViolations(till)).toEqual([]);

      // The same form sent again (a retry after a dropped answer) is the same sale: its slip, no charge.
      const again = await till.request.post("/till?index", {
        form: { key, card: card.number, amount: "10.00" },
        headers: { Origin: origin },
        maxRedirects: 0,
      });
      expect(again.status()).toBe(302);
      expect(new URL(again.headers().location ?? "", origin).href).toBe(receiptUrl);
      await till.reload();
      expect(fenOf(await balance())).toBe(before - 1000);
      const sales = await db().query.materialMovements.findMany({
        where: eq(schema.materialMovements.cardId, card.id),
      });
      expect(sales.filter((m) => m.kind === "card_sale")).toHaveLength(1);

      // The cashier refunds the sale the same day: a reversal, and the card holds what it held.
      await till.getByLabel(tm(locale, "receipt.reason")).fill(locale === "en" ? "Wrong amount" : "金额录错");
      await till.getByRole("button", { name: tm(locale, "receipt.refund") }).click();
      await expect(till).toHaveURL(/\?refunded=1$/);
      await expect(
        till.getByRole("status").filter({ hasText: tmPattern(locale, "receipt.refunded") }),
      ).toContainText(new RegExp(`XS${new Date().getUTCFullYear()}-\\d{6}`));
      expect(fenOf(await balance())).toBe(before);
      await expect(till.getByRole("button", { name: tm(locale, "receipt.refund") })).toHaveCount(0);
      expect(await seriousViolations(till)).toEqual([]);
      const movements = await db().query.materialMovements.findMany({
        where: eq(schema.materialMovements.cardId, card.id),
      });
      const original = movements.find((m) => m.kind === "card_sale");
      expect(movements.filter((m) => m.reversesId === original?.id).map((m) => m.kind)).toEqual(["reversal"]);

      // The day's cash-up fits the phone and counts the refund.
      await till.goto("/till/cash-up");
      await expect(till.getByRole("heading", { level: 1, name: tm(locale, "cashUp.title") })).toBeVisible();
      const refunds = till
        .locator("dt", { hasText: tm(locale, "cashUp.refunds") })
        .locator("xpath=following-sibling::dd[1]");
      expect(Number(/^\d+/.exec((await refunds.textContent()) ?? "")?.[0])).toBeGreaterThanOrEqual(1);
      expect(await till.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      expect(await seriousViolations(till)).toEqual([]);
    } finally {
      await browser.close();
      rmSync(videoDirectory, { recursive: true, force: true });
    }
    expect(errors).toEqual([]);
  });
}
