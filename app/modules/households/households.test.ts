import { parse } from "csv-parse/sync";
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { faker } from "@faker-js/faker";
import { db, getDatabase, schema } from "#db/client.server";
import { insertHousehold, makeHousehold } from "#db/seed/factories";
import { createCompound, createUser } from "#tests/fixtures/accounts";
import type { Actor } from "#app/modules/auth/policy";
import type { Category, HardshipLevel } from "./codes";
import { handleCorrection, listCorrections, requestCorrection } from "./corrections.server";
import { dryRunImport, importTemplate, runImport } from "./import.server";
import { csvText } from "#app/modules/lists/export.server";
import { ledgerCounts, ledgerExport } from "./ledger.server";
import { flushReadLog } from "#app/modules/audit/read-log.server";
import { readHousehold } from "./reader.server";
import { listHouseholds, updateHousehold, type HouseholdFilters } from "./registry.server";
import { verifyHousehold } from "./verification.server";

const meta = { ip: "203.0.113.7" };
const ctx = { via: "test", ip: meta.ip };
const openHousehold = (actor: Actor, householdId: number) => readHousehold(actor, householdId, ctx);
const list = (actor: Actor, filters: HouseholdFilters) => listHouseholds(actor, filters, ctx);
let roomNumber = 100;

async function household(
  compoundId: number,
  level: HardshipLevel,
  options: { categories?: Category[]; linkUserId?: number; healthConsent?: boolean } = {},
) {
  const draft = makeHousehold(faker, {
    compoundId,
    address: { building: "1", unit: "1", room: String(++roomNumber) },
    level,
    categories: options.categories,
  });
  if (options.healthConsent !== undefined) {
    draft.household.consentGivenBy = options.healthConsent ? draft.members[0].name : null;
    draft.household.consentGivenAt = options.healthConsent ? new Date() : null;
    draft.household.consentScopes = options.healthConsent ? ["registry", "health"] : null;
  }
  const { householdId, memberIds } = await getDatabase().write((tx) => insertHousehold(tx, draft));
  if (options.linkUserId !== undefined) {
    const [headId] = memberIds;
    if (headId === undefined) throw new Error("no head");
    await getDatabase().writeAtomic((d) =>
      d
        .update(schema.householdMembers)
        .set({ userId: options.linkUserId })
        .where(eq(schema.householdMembers.id, headId)),
    );
  }
  return { householdId, head: draft.members[0] };
}

const actorOf = (u: Awaited<ReturnType<typeof createUser>>): Actor => ({
  id: u.id,
  role: u.role,
  volunteerTier: u.volunteerTier,
  compoundId: u.compoundId,
  supervisorId: u.supervisorId,
});

async function auditOf(action: string, actorId: number) {
  await flushReadLog();
  return db()
    .select()
    .from(schema.auditLog)
    .where(and(eq(schema.auditLog.action, action), eq(schema.auditLog.actorId, actorId)));
}

describe("who may open a household record", () => {
  it("refuses a volunteer and another household's resident with 403, and audits each attempt", async () => {
    const compoundId = await createCompound();
    const resident = actorOf(await createUser({ role: "resident", compoundId }));
    const volunteer = actorOf(await createUser({ role: "volunteer", volunteerTier: 4, compoundId }));
    const own = await household(compoundId, "hardship", { linkUserId: resident.id });
    const other = await household(compoundId, "extreme");

    expect(await openHousehold(resident, other.householdId)).toEqual({ ok: false, status: 403 });
    expect(await openHousehold(volunteer, other.householdId)).toEqual({ ok: false, status: 403 });
    const mine = await openHousehold(resident, own.householdId);
    expect(mine.ok && mine.value.can).toEqual({ edit: false, verify: false, correct: true });

    const refused = await auditOf("household.viewRefused", resident.id);
    expect(refused).toMatchObject([{ targetId: String(other.householdId), ip: meta.ip }]);
    expect(await auditOf("household.viewRefused", volunteer.id)).toHaveLength(1);
    expect(await auditOf("household.viewed", resident.id)).toMatchObject([
      { targetId: String(own.householdId) },
    ]);
  });

  it("lets an organizer open households of their compound only", async () => {
    const mineCompound = await createCompound();
    const otherCompound = await createCompound();
    const organizer = actorOf(await createUser({ role: "organizer", compoundId: mineCompound }));
    const inside = await household(mineCompound, "hardship");
    const outside = await household(otherCompound, "hardship");
    expect((await openHousehold(organizer, inside.householdId)).ok).toBe(true);
    expect(await openHousehold(organizer, outside.householdId)).toEqual({ ok: false, status: 403 });
  });

  it("hides health notes where the household gave no consent to them", async () => {
    const compoundId = await createCompound();
    const organizer = actorOf(await createUser({ role: "organizer", compoundId }));
    const withConsent = await household(compoundId, "extreme", { healthConsent: true });
    const without = await household(compoundId, "extreme", { healthConsent: false });
    for (const h of [withConsent, without])
      await getDatabase().writeAtomic((d) =>
        d
          .update(schema.households)
          .set({ healthNote: "糖尿病，需定期复查" })
          .where(eq(schema.households.id, h.householdId)),
      );
    const a = await openHousehold(organizer, withConsent.householdId);
    const b = await openHousehold(organizer, without.householdId);
    expect(a.ok && a.value.healthNote).toBe("糖尿病，需定期复查");
    expect(b.ok && b.value).toMatchObject({ healthNote: null, healthWithheld: "noConsent" });
  });
});

describe("verification", () => {
  it("changes the level and the due date, and keeps the change as history", async () => {
    const compoundId = await createCompound();
    const organizer = actorOf(await createUser({ role: "organizer", compoundId }));
    // A finding of serious illness is a health fact: kept with the household's consent to health.
    const { householdId } = await household(compoundId, "hardship", {
      categories: ["both_unemployed"],
      healthConsent: true,
    });
    const verifiedAt = new Date("2026-11-20T02:00:00Z");
    const outcome = await verifyHousehold(
      organizer,
      householdId,
      {
        verifiedAt,
        verifierName: "社区干事 刘芳",
        findings: "户主确诊重病，家中无人就业",
        hardshipLevel: "extreme",
        categories: ["both_unemployed", "serious_illness"],
        needs: [{ need: "employment", note: null }],
      },
      meta,
    );
    expect(outcome).toEqual({ ok: true, nextDue: new Date("2027-02-20T02:00:00Z") });
    const row = await db().query.households.findFirst({ where: eq(schema.households.id, householdId) });
    expect(row).toMatchObject({
      hardshipLevel: "extreme",
      lastVerifiedAt: verifiedAt,
      nextVerificationDue: new Date("2027-02-20T02:00:00Z"),
    });
    const history = await db()
      .select()
      .from(schema.householdHistory)
      .where(eq(schema.householdHistory.householdId, householdId));
    expect(history).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          field: "hardshipLevel",
          before: "hardship",
          after: "extreme",
          source: "verification",
          actorId: organizer.id,
        }),
        expect.objectContaining({ field: "categories", after: "both_unemployed,serious_illness" }),
        expect.objectContaining({ field: "nextVerificationDue", after: "2027-02-20T02:00:00.000Z" }),
      ]),
    );
    const [verification] = await db()
      .select()
      .from(schema.householdVerifications)
      .where(eq(schema.householdVerifications.householdId, householdId));
    expect(verification).toMatchObject({
      levelBefore: "hardship",
      levelAfter: "extreme",
      verifierName: "社区干事 刘芳",
    });
  });

  it("takes the interval for the new level from the settings", async () => {
    const compoundId = await createCompound();
    const organizer = actorOf(await createUser({ role: "organizer", compoundId }));
    await getDatabase().writeAtomic((d) =>
      d
        .insert(schema.settings)
        .values({ id: 1, verifyHardshipMonths: 12 })
        .onConflictDoUpdate({
          target: schema.settings.id,
          set: { verifyHardshipMonths: 12 },
        }),
    );
    const { householdId } = await household(compoundId, "extreme");
    const outcome = await verifyHousehold(
      organizer,
      householdId,
      {
        verifiedAt: new Date("2026-01-10T00:00:00Z"),
        verifierName: "刘芳",
        findings: "户主已就业",
        hardshipLevel: "hardship",
        categories: ["widow"],
        needs: [],
      },
      meta,
    );
    expect(outcome).toEqual({ ok: true, nextDue: new Date("2027-01-10T00:00:00Z") });
  });
});

describe("the edit form", () => {
  it("keeps each changed field before and after, and drops health notes without consent", async () => {
    const compoundId = await createCompound();
    const organizer = actorOf(await createUser({ role: "organizer", compoundId }));
    const { householdId } = await household(compoundId, "hardship", {
      categories: ["widow"],
      healthConsent: false,
    });
    const before = await db().query.households.findFirst({ where: eq(schema.households.id, householdId) });
    if (!before) throw new Error("missing");
    const outcome = await updateHousehold(
      organizer,
      householdId,
      {
        building: before.building,
        unit: before.unit,
        room: before.room,
        hardshipLevel: "hardship",
        categories: ["widow", "many_children"],
        needs: [{ need: "medical", note: "高血压" }],
        note: "新的备注",
        healthNote: "高血压",
        consentGivenBy: null,
        consentScopes: [],
      },
      meta,
    );
    expect(outcome).toEqual({ ok: true });
    const after = await db().query.households.findFirst({ where: eq(schema.households.id, householdId) });
    expect(after?.healthNote).toBeNull();
    const needs = await db()
      .select()
      .from(schema.householdNeeds)
      .where(eq(schema.householdNeeds.householdId, householdId));
    expect(needs).toEqual([expect.objectContaining({ need: "medical", note: null })]);
    const fields = (
      await db()
        .select({ field: schema.householdHistory.field, source: schema.householdHistory.source })
        .from(schema.householdHistory)
        .where(eq(schema.householdHistory.householdId, householdId))
    ).map((h) => `${h.source}:${h.field}`);
    expect(fields).toEqual(expect.arrayContaining(["form:categories", "form:needs", "form:note"]));
    expect(fields).not.toContain("form:healthNote");
  });
});

describe("search", () => {
  it("filters by level, category and overdue, finds by name or phone prefix, and stays in the organizer's compound", async () => {
    const compoundId = await createCompound();
    const otherCompound = await createCompound();
    const organizer = actorOf(await createUser({ role: "organizer", compoundId }));
    const extreme = await household(compoundId, "extreme", { categories: ["elderly_alone"] });
    const hardship = await household(compoundId, "hardship", { categories: ["both_unemployed"] });
    await household(otherCompound, "extreme", { categories: ["elderly_alone"] });

    const byLevel = await list(organizer, { level: "extreme" });
    expect(byLevel.rows.map((r) => r.id)).toEqual([extreme.householdId]);
    const byCategory = await list(organizer, { category: "both_unemployed" });
    expect(byCategory.total).toBe(1);
    const byName = await list(organizer, { q: extreme.head.name.slice(0, 1) });
    expect(byName.rows.map((r) => r.id)).toContain(extreme.householdId);
    if (extreme.head.phone) {
      const byPhone = await list(organizer, { q: extreme.head.phone.slice(0, 7) });
      expect(byPhone.rows.map((r) => r.id)).toContain(extreme.householdId);
    }
    // Generated households get due dates of their own; pin both so that exactly one is overdue.
    await getDatabase().writeAtomic((d) =>
      d
        .update(schema.households)
        .set({ nextVerificationDue: new Date("2020-01-01T00:00:00Z") })
        .where(eq(schema.households.id, extreme.householdId)),
    );
    await getDatabase().writeAtomic((d) =>
      d
        .update(schema.households)
        .set({ nextVerificationDue: new Date("2099-01-01T00:00:00Z") })
        .where(eq(schema.households.id, hardship.householdId)),
    );
    const overdue = await list(organizer, { overdue: true });
    expect(overdue.rows).toMatchObject([{ id: extreme.householdId, overdue: true }]);
  });

  it("lists nothing to a volunteer until pairings exist", async () => {
    const compoundId = await createCompound();
    const volunteer = actorOf(await createUser({ role: "volunteer", volunteerTier: 3, compoundId }));
    await household(compoundId, "extreme");
    expect((await list(volunteer, {})).total).toBe(0);
  });
});

const header =
  "compound,building,unit,room,level,categories,needs,note,member_name,relation,birth_year,phone,employed,disabled,in_school";

describe("import", () => {
  it("changes nothing when one row is bad, and reports that row and column", async () => {
    const compoundId = await createCompound();
    const compound = await db().query.compounds.findFirst({ where: eq(schema.compounds.id, compoundId) });
    const organizer = actorOf(await createUser({ role: "organizer", compoundId }));
    const code = compound?.code ?? "";
    const csv = [
      header,
      `${code},9,1,101,特困户,孤寡老人,生活照料,,王秀英,户主,1946,13900000001,否,否,否`,
      `${code},9,1,102,困难户,双待业,就业,,李强,户主,1980,13900000002,否,否,否`,
      `${code},9,1,102,,,,,李梅,配偶,19x0,,否,否,否`,
    ].join("\r\n");
    const before = (await db().select().from(schema.households)).length;
    const outcome = await runImport(organizer, csv, meta);
    expect(outcome.ok).toBe(false);
    expect(outcome.report.problems).toEqual([
      expect.objectContaining({
        row: 4,
        column: "birth_year",
        message: "import.problem.birthYear",
        value: "19x0",
      }),
    ]);
    expect((await db().select().from(schema.households)).length).toBe(before);
    expect(await auditOf("household.imported", organizer.id)).toHaveLength(0);
  });

  it("dry-runs, then imports a BOM-prefixed file all at once, with history from the import", async () => {
    const compoundId = await createCompound();
    const compound = await db().query.compounds.findFirst({ where: eq(schema.compounds.id, compoundId) });
    const organizer = actorOf(await createUser({ role: "organizer", compoundId }));
    const code = compound?.code ?? "";
    const csv =
      "\uFEFF" +
      [
        header,
        `${code},9,2,101,extreme,elderly_alone;serious_illness,care;medical,,王秀英,head,1946,13900000011,no,yes,no`,
        `${code},9,2,102,困难户,双待业,就业,,李强,户主,1980,,否,否,否`,
        `${code},9,2,102,,,,,李梅,配偶,1982,,否,否,否`,
      ].join("\n");
    const dry = await dryRunImport(organizer, csv);
    expect(dry).toMatchObject({ rows: 3, problems: [], change: [] });
    expect(dry.create.map((c) => c.members)).toEqual([1, 2]);
    expect(
      await db().select().from(schema.households).where(eq(schema.households.compoundId, compoundId)),
    ).toHaveLength(0);

    const outcome = await runImport(organizer, csv, meta);
    expect(outcome.ok).toBe(true);
    const rows = await db()
      .select()
      .from(schema.households)
      .where(eq(schema.households.compoundId, compoundId));
    expect(rows.map((r) => r.hardshipLevel).sort()).toEqual(["extreme", "hardship"]);
    const couple = rows.find((r) => r.room === "102");
    expect(couple?.zeroEmployment).toBe(true);
    const history = await db()
      .select()
      .from(schema.householdHistory)
      .where(eq(schema.householdHistory.householdId, couple?.id ?? 0));
    expect(history.every((h) => h.source === "import")).toBe(true);

    // The same file again changes nothing; a changed level is reported as a change.
    expect(await dryRunImport(organizer, csv)).toMatchObject({ unchanged: 2, create: [], change: [] });
    const changed = await dryRunImport(
      organizer,
      csv.replace("extreme,elderly_alone", "hardship,elderly_alone"),
    );
    expect(changed.change).toEqual([
      expect.objectContaining({
        changes: [expect.objectContaining({ field: "hardshipLevel", before: "extreme", after: "hardship" })],
      }),
    ]);
  });

  it("refuses rows for a compound the organizer does not manage", async () => {
    const mine = await createCompound();
    const other = await createCompound();
    const otherCode = (await db().query.compounds.findFirst({ where: eq(schema.compounds.id, other) }))?.code;
    const organizer = actorOf(await createUser({ role: "organizer", compoundId: mine }));
    const report = await dryRunImport(
      organizer,
      `${header}\n${otherCode},1,1,101,,,,,张三,户主,1970,,否,否,否`,
    );
    expect(report.problems).toEqual([
      expect.objectContaining({ row: 2, column: "compound", message: "import.problem.notYourCompound" }),
    ]);
  });

  it("offers a template that passes its own dry run once the compound exists", async () => {
    const admin = actorOf(await createUser({ role: "admin" }));
    const template = csvText(importTemplate("zh-CN"));
    expect(template.startsWith("\uFEFF")).toBe(true);
    const report = await dryRunImport(admin, template);
    // The template names compound C01, which a bare test database does not have.
    expect(report.problems.every((p) => p.column === "compound")).toBe(true);
    expect(report.rows).toBe(2);
  });
});

describe("ledgers", () => {
  it("counts by compound and category, and exports a BOM-prefixed CSV that parses back to the same households", async () => {
    const compoundId = await createCompound();
    const organizer = actorOf(await createUser({ role: "organizer", compoundId }));
    await household(compoundId, "extreme", { categories: ["elderly_alone", "disabled"] });
    await household(compoundId, "extreme", { categories: ["elderly_alone"] });
    await household(compoundId, "hardship", { categories: ["widow"] });
    const counts = await ledgerCounts(organizer, "extreme");
    expect(counts.total).toBe(2);
    expect(counts.byCategory).toMatchObject({ elderly_alone: 2, disabled: 1 });
    const table = await ledgerExport(organizer, "extreme", "zh-CN", meta);
    const csv = csvText(table);
    expect(csv.startsWith("\uFEFF")).toBe(true);
    const parsed = parse(csv, { bom: true, columns: true }) as Record<string, string>[];
    expect(parsed).toHaveLength(table.rows.length);
    expect(parsed.map((r) => r["困难程度"])).toEqual(["特困户", "特困户"]);
    expect(parsed[0]?.["困难类型"]).toContain("孤寡老人");
  });
});

describe("corrections", () => {
  it("lets a resident report an error on their own household, and an organizer mark it handled once", async () => {
    const compoundId = await createCompound();
    const resident = actorOf(await createUser({ role: "resident", compoundId }));
    const organizer = actorOf(await createUser({ role: "organizer", compoundId }));
    const own = await household(compoundId, "hardship", { linkUserId: resident.id });
    const other = await household(compoundId, "hardship");
    expect(await requestCorrection(resident, other.householdId, { field: null, text: "x" }, meta)).toEqual({
      ok: false,
      status: 403,
    });
    expect(
      await requestCorrection(resident, own.householdId, { field: "phone", text: "电话已换号" }, meta),
    ).toEqual({
      ok: true,
    });
    const [open] = await listCorrections(organizer, "open");
    expect(open).toMatchObject({ householdId: own.householdId, text: "电话已换号" });
    expect(await handleCorrection(organizer, open?.id ?? 0, meta)).toBe(true);
    expect(await handleCorrection(organizer, open?.id ?? 0, meta)).toBe(false);
    expect(await listCorrections(organizer, "open")).toHaveLength(0);
  });
});
