// The organizer's spreadsheets (issue 16, item 8): a GBK file from Excel imports with the right names, the
// filtered registry downloads as an XLSX with the right columns, and no form asks for a typed id (item 5).
// Screenshots go to test-results for a look, at the project's width, in both languages.
import ExcelJS from "exceljs";
import iconv from "iconv-lite";
import { eq } from "drizzle-orm";
import { db, schema } from "#db/client.server";
import { expect, test } from "#tests/e2e/fixtures";

const shot = (name: string) => test.info().outputPath(`${name}.png`);

test("a GBK file from Excel imports with the right names, and the encoding is said", async ({
  page,
  loginAs,
}) => {
  const organizer = await loginAs("organizer@example.org");
  const me = await db().query.users.findFirst({ where: eq(schema.users.id, organizer.id) });
  const compound = await db().query.compounds.findFirst({
    where: eq(schema.compounds.id, me?.compoundId ?? 1),
  });
  const room = String(9000 + Math.floor(Math.random() * 900)) + test.info().project.name.length;
  const csv = [
    "小区,楼号,单元,室号,困难程度,困难类型,需求,备注,成员姓名,与户主关系,出生年份,电话,是否就业,是否残疾,是否在读",
    `${compound?.code},88,1,${room},困难户,双待业,就业,,欧阳修,户主,1970,,否,否,否`,
    `${compound?.code},88,1,${room},,,,,欧阳夫人,配偶,1972,,否,否,否`,
  ].join("\r\n");
  await page.goto("/households/import");
  await page.setInputFiles("#file", {
    name: "家庭.csv",
    mimeType: "text/csv",
    buffer: iconv.encode(csv, "gbk"),
  });
  await page.getByRole("button", { name: "检查（试运行）" }).click();
  await expect(page.getByText("读取方式：CSV，GBK/GB18030 编码（Excel 默认）")).toBeVisible();
  await page.screenshot({ path: shot("import-dry-zh"), fullPage: true });
  page.once("dialog", (dialog) => {
    expect(dialog.message()).toContain("将新建 1 户、修改 0 户");
    void dialog.accept();
  });
  await page.getByRole("button", { name: "导入", exact: true }).click();
  await expect(page.getByText("导入完成：新建 1 户，修改 0 户。")).toBeVisible();
  const names = await db()
    .select({ name: schema.householdMembers.name })
    .from(schema.householdMembers)
    .innerJoin(schema.households, eq(schema.households.id, schema.householdMembers.householdId))
    .where(eq(schema.households.room, room));
  expect(names.map((n) => n.name).sort()).toEqual(["欧阳修", "欧阳夫人"].sort());
});

test("the filtered registry downloads as an XLSX with the registry's columns", async ({ page, loginAs }) => {
  await loginAs("organizer@example.org");
  await page.goto("/households?sort=due");
  await page.screenshot({ path: shot("registry-zh"), fullPage: false });
  const download = page.waitForEvent("download");
  await page.getByRole("link", { name: "导出 Excel" }).click();
  const file = await (await download).path();
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(file);
  const sheet = workbook.worksheets[0];
  const header = (sheet?.getRow(1).values as unknown[]).slice(1);
  expect(header).toEqual([
    "小区",
    "楼号",
    "单元",
    "室",
    "户主",
    "电话",
    "人口",
    "困难程度",
    "困难类型",
    "需求",
    "上次核实",
    "下次核实",
  ]);
  expect(sheet?.rowCount ?? 0).toBeGreaterThan(1);
});

for (const locale of ["zh-CN", "en"] as const)
  test(`the pages of this work, in ${locale}, for a look`, async ({ page, context, loginAs }) => {
    await context.addCookies([{ name: "lng", value: locale, url: test.info().project.use.baseURL ?? "" }]);
    await loginAs("organizer@example.org");
    await page.goto("/households/import");
    await page.screenshot({ path: shot(`import-${locale}`), fullPage: true });
    await page.goto("/households");
    await page.screenshot({ path: shot(`registry-${locale}`), fullPage: false });
    await page.goto("/admin/courses");
    const first = await page.locator('main a[href^="/admin/courses/"]').first().getAttribute("href");
    await page.goto(first ?? "/admin/courses");
    // The member picker: typing finds residents, whose radio carries the id.
    const search = page.locator("#memberId-picker-q");
    if ((await search.count()) > 0) {
      await search.fill("王");
      await expect(page.locator('input[type="radio"][name="memberId"]').first()).toBeVisible();
    }
    await page.screenshot({ path: shot(`course-picker-${locale}`), fullPage: true });
  });
