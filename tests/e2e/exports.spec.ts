// Exports of filtered lists (issue 19): a filter chosen on the page reaches the file its export link downloads,
// and the file begins with the rows the page shows. Screenshots of the lists go to test-results for a look.
import { parse } from "csv-parse/sync";
import ExcelJS from "exceljs";
import { randomInt } from "node:crypto";
import { readFileSync } from "node:fs";
import { eq } from "drizzle-orm";
import { getDatabase, schema } from "#db/client.server";
import { seededFaker } from "#db/seed/context";
import { insertHousehold, makeHousehold } from "#db/seed/factories";
import { expect, test } from "#tests/e2e/fixtures";

const shot = (name: string) => test.info().outputPath(`${name}.png`);

/**
 * An extreme-hardship household of the demo organizer's compound, paired with volunteer4 and asking for
 * medical help: the lists have at least one row to filter to, whatever the demo holds.
 */
async function pairedHouseholdAskingForHelp(): Promise<void> {
  const user = async (email: string) => {
    const row = await getDatabase().db.query.users.findFirst({ where: eq(schema.users.email, email) });
    if (!row) throw new Error(`no ${email} in the demo`);
    return row;
  };
  const organizer = await user("organizer@example.org");
  const volunteer = await user("volunteer4@example.org");
  const compoundId = organizer.compoundId ?? 0;
  const room = String(randomInt(100_000, 999_999));
  const draft = makeHousehold(seededFaker(Number(room), "exports-e2e"), {
    compoundId,
    address: { building: "88", unit: "8", room },
    level: "extreme",
  });
  const now = new Date();
  await getDatabase().write(async (tx) => {
    const { householdId } = await insertHousehold(tx, draft);
    await tx
      .insert(schema.pairings)
      .values({ householdId, volunteerId: volunteer.id, role: "secondary", startedAt: now });
    await tx.insert(schema.helpRequests).values({
      householdId,
      compoundId,
      channel: "phone",
      kind: "medical",
      description: "导出测试",
      contactMethod: "phone",
      acknowledgeBy: new Date(now.getTime() + 3_600_000),
      createdAt: now,
      updatedAt: now,
    });
  });
}

test("the pairing list's export holds the filtered list, beginning with the page's rows", async ({
  page,
  loginAs,
}) => {
  await pairedHouseholdAskingForHelp();
  await loginAs("organizer@example.org");
  await page.goto("/roster");
  await page.getByRole("link", { name: "结对列表" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "结对列表" })).toBeVisible();
  await page.getByLabel("困难等级").selectOption("extreme");
  await page.getByLabel("状态").selectOption("active");
  await page.getByRole("button", { name: "筛选" }).click();
  await expect(page).toHaveURL(/level=extreme/);
  await page.screenshot({ path: shot("pairings-zh"), fullPage: false });
  const cards = await page.locator(".pairing-list li strong").allTextContents();
  expect(cards.length).toBeGreaterThan(0);

  const download = page.waitForEvent("download");
  await page.getByRole("link", { name: "导出 CSV" }).click();
  const rows = parse(readFileSync(await (await download).path(), "utf8"), { bom: true }) as string[][];
  const [header, ...body] = rows;
  expect(header?.slice(0, 6)).toEqual(["家庭", "户主", "困难等级", "帮扶人", "角色", "状态"]);
  expect(body.length).toBeGreaterThanOrEqual(cards.length);
  expect(new Set(body.map((r) => r[2]))).toEqual(new Set(["特困户"]));
  expect(new Set(body.map((r) => r[5]))).toEqual(new Set(["进行中"]));
  // The page's cards are the file's first rows, in the same order.
  expect(body.slice(0, cards.length).map((r) => r[0])).toEqual(cards.map((c) => c.trim()));
});

test("the help list's export keeps the kind chosen on the page", async ({ page, loginAs }) => {
  await pairedHouseholdAskingForHelp();
  await loginAs("organizer@example.org");
  await page.goto("/help");
  await page.getByLabel("类型").selectOption("medical");
  await page.getByRole("button", { name: "筛选" }).click();
  await expect(page).toHaveURL(/kind=medical/);
  await page.screenshot({ path: shot("help-zh"), fullPage: false });
  const shown = await page.locator(".help-item-title").allTextContents();
  expect(shown.length).toBeGreaterThan(0);

  const download = page.waitForEvent("download");
  await page.getByRole("link", { name: "导出 Excel" }).click();
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(await (await download).path());
  const sheet = workbook.worksheets[0];
  const values: string[][] = [];
  sheet?.eachRow((row) => values.push((row.values as unknown[]).slice(1).map((v) => String(v ?? ""))));
  const [header, ...body] = values;
  expect(header?.slice(0, 3)).toEqual(["编号", "类型", "状态"]);
  expect(body.length).toBeGreaterThanOrEqual(shown.length);
  expect(new Set(body.map((r) => r[1]))).toEqual(new Set(["就医"]));
  expect(body.slice(0, shown.length).map((r) => `#${r[0]} ${r[1]}`)).toEqual(shown.map((s) => s.trim()));
});
