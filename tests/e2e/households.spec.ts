import { readFile } from "node:fs/promises";
import AxeBuilder from "@axe-core/playwright";
import { parse } from "csv-parse/sync";
import { and, eq, ne } from "drizzle-orm";
import { faker } from "@faker-js/faker";
import { db, getDatabase, schema } from "#db/client.server";
import { insertHousehold, makeHousehold } from "#db/seed/factories";
import { expect, test } from "#tests/e2e/fixtures";

test("an organizer finds an extreme-hardship household, verifies it and exports the ledger", async ({
  page,
  loginAs,
}) => {
  const organizer = await loginAs("organizer@example.org");
  // The small demo community may have no extreme-hardship household in the organizer's compound. Every run
  // adds the same one, once, before it reads anything, so the ledger's count cannot change under another run.
  const account = await db().query.users.findFirst({ where: eq(schema.users.id, organizer.id) });
  const compoundId = account?.compoundId ?? 1;
  const address = { building: "99", unit: "1", room: "101" };
  await getDatabase().write(async (tx) => {
    const existing = await tx.query.households.findFirst({
      where: and(
        eq(schema.households.compoundId, compoundId),
        eq(schema.households.building, address.building),
        eq(schema.households.unit, address.unit),
        eq(schema.households.room, address.room),
      ),
    });
    if (!existing) await insertHousehold(tx, makeHousehold(faker, { compoundId, address, level: "extreme" }));
  });
  await page.goto("/households");
  await page.getByLabel("困难程度").selectOption("extreme");
  await page.getByRole("button", { name: "查询" }).click();
  await expect(page).toHaveURL(/level=extreme/);

  const first = page.locator(".household-list li").first();
  await expect(first.getByText("特困户")).toBeVisible();
  await first.getByRole("link").first().click();
  await expect(page.getByRole("heading", { name: "核实记录" })).toBeVisible();

  await page.getByRole("link", { name: "登记核实" }).click();
  const findings = `入户核实，户主病情稳定，家中仍无人就业（${test.info().project.name} ${Date.now()}）`;
  await page.getByLabel("核实情况").fill(findings);
  await page.getByRole("button", { name: "保存核实记录" }).click();
  await expect(page.getByRole("status")).toContainText("核实已登记");
  await expect(page.getByText(findings)).toBeVisible();

  await page.goto("/ledgers/extreme");
  const total = Number((await page.locator("tfoot td").first().textContent()) ?? "NaN");
  expect(total).toBeGreaterThan(0);
  const downloading = page.waitForEvent("download");
  await page.getByRole("link", { name: "导出 CSV", exact: true }).click();
  const download = await downloading;
  const bytes = await readFile((await download.path()) ?? "");
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const rows = parse(bytes.toString("utf8"), { bom: true, columns: true }) as Record<string, string>[];
  expect(rows).toHaveLength(total);
  expect(new Set(rows.map((r) => r["困难程度"]))).toEqual(new Set(["特困户"]));
});

test("a resident sees their own household read-only and cannot open another by URL", async ({
  page,
  loginAs,
}) => {
  const resident = await loginAs("resident@example.org");
  await page.goto("/me/household");
  await expect(page.getByRole("heading", { name: "我的家庭" })).toBeVisible();
  await expect(page.getByRole("link", { name: "编辑" })).toHaveCount(0);

  const own = await db().query.householdMembers.findFirst({
    where: eq(schema.householdMembers.userId, resident.id),
  });
  const other = await db().query.households.findFirst({
    where: ne(schema.households.id, own?.householdId ?? 0),
  });
  const response = await page.goto(`/households/${other?.id ?? 0}`);
  expect(response?.status()).toBe(403);
  // Reads and refusals reach the audit log through the batched read log, within a moment of the answer.
  await expect
    .poll(async () => {
      const refusal = await db().query.auditLog.findFirst({
        where: and(
          eq(schema.auditLog.action, "household.viewRefused"),
          eq(schema.auditLog.actorId, resident.id),
        ),
      });
      return refusal?.targetId;
    })
    .toBe(String(other?.id));
});

test("the registry pages have no serious accessibility violation", async ({ page, loginAs }) => {
  // Nine pages, each analysed by axe: more than the default time on a busy machine.
  test.setTimeout(120_000);
  await loginAs("organizer@example.org");
  const household = await db().query.households.findFirst({ where: eq(schema.households.compoundId, 1) });
  for (const path of [
    "/households",
    `/households/${household?.id ?? 0}`,
    `/households/${household?.id ?? 0}/edit`,
    `/households/${household?.id ?? 0}/verify`,
    "/households/import",
    "/households/overdue",
    "/households/corrections",
    "/ledgers/extreme",
    "/ledgers/hardship/print",
  ]) {
    await page.goto(path);
    const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21aa"]).analyze();
    const serious = results.violations
      .filter((v) => v.impact === "serious" || v.impact === "critical")
      .map((v) => `${path}: ${v.id} ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
    expect(serious).toEqual([]);
  }
});

test("saving the household edit form asks for confirmation once, even after a field was left", async ({
  page,
  loginAs,
}) => {
  const organizer = await loginAs("organizer@example.org");
  const account = await db().query.users.findFirst({ where: eq(schema.users.id, organizer.id) });
  const household = await db().query.households.findFirst({
    where: and(
      eq(schema.households.compoundId, account?.compoundId ?? 1),
      eq(schema.households.status, "active"),
    ),
  });
  if (!household) throw new Error("no household in the organizer's compound");
  const dialogs: string[] = [];
  page.on("dialog", (dialog) => {
    dialogs.push(dialog.message());
    void dialog.accept();
  });
  await page.goto(`/households/${household.id}/edit`);
  const note = page.getByLabel(/^备注/);
  await note.fill(`核实时留意楼道照明 ${Date.now()}`);
  // Leaving the field validates it (Conform dispatches a submit for that): no dialog for the validation.
  await note.blur();
  await page.getByRole("button", { name: "保存修改" }).click();
  await expect(page).toHaveURL(new RegExp(`/households/${household.id}(\\?|$)`));
  expect(dialogs).toEqual(["确定保存这些修改吗？修改会记入该户的变更记录。"]);
});
