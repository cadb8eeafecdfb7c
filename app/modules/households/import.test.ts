import { and, eq } from "drizzle-orm";
import ExcelJS from "exceljs";
import iconv from "iconv-lite";
import { describe, expect, it } from "vitest";
import { faker } from "@faker-js/faker";
import { db, getDatabase, schema } from "#db/client.server";
import { insertHousehold, makeHousehold } from "#db/seed/factories";
import { createCompound, createUser } from "#tests/fixtures/accounts";
import { flushReadLog } from "#app/modules/audit/read-log.server";
import type { Actor } from "#app/modules/auth/policy";
import { csvText, workbookBuffer } from "#app/modules/lists/export.server";
import {
  decodeCsv,
  dryRunImport,
  importCompounds,
  importTemplate,
  importTemplateSheets,
  readImportFile,
  runImport,
} from "./import.server";
import { registryExport } from "./registry-export.server";

const meta = { ip: "203.0.113.9" };

const actorOf = (u: Awaited<ReturnType<typeof createUser>>): Actor => ({
  id: u.id,
  role: u.role,
  volunteerTier: u.volunteerTier,
  compoundId: u.compoundId,
  supervisorId: u.supervisorId,
});

async function organizerWithCompound() {
  const compoundId = await createCompound();
  const compound = await db().query.compounds.findFirst({ where: eq(schema.compounds.id, compoundId) });
  const organizer = actorOf(await createUser({ role: "organizer", compoundId }));
  return { compoundId, code: compound?.code ?? "", organizer };
}

const chineseHeader =
  "小区,楼号,单元,室号,困难程度,困难类型,需求,备注,成员姓名,与户主关系,出生年份,电话,是否就业,是否残疾,是否在读";

const sheetOf = (code: string, building: string) =>
  [
    chineseHeader,
    `${code},${building},1,101,特困户,孤寡老人、患大病,生活照料,,王秀英,户主,1946,13900000001,否,否,否`,
    `${code},${building},1,102,困难户,双待业,就业,,李强,户主,1980,,否,否,否`,
    `${code},${building},1,102,,,,,李梅,配偶,1982,,否,否,否`,
  ].join("\r\n") + "\r\n";

describe("reading a file as Excel saved it", () => {
  it("tells UTF-8 with and without BOM, UTF-16 LE and BE by their BOM, and GB18030 otherwise", () => {
    const text = "小区,成员姓名\r\nC01,王秀英\r\n";
    const bom = (b: number[], body: Buffer) => new Uint8Array(Buffer.concat([Buffer.from(b), body]));
    expect(decodeCsv(new Uint8Array(Buffer.from(text, "utf8")))).toEqual({ text, encoding: "utf-8" });
    expect(decodeCsv(bom([0xef, 0xbb, 0xbf], Buffer.from(text, "utf8")))).toEqual({
      text,
      encoding: "utf-8-bom",
    });
    expect(decodeCsv(bom([0xff, 0xfe], iconv.encode(text, "utf-16le")))).toEqual({
      text,
      encoding: "utf-16le",
    });
    expect(decodeCsv(bom([0xfe, 0xff], iconv.encode(text, "utf-16be")))).toEqual({
      text,
      encoding: "utf-16be",
    });
    expect(decodeCsv(new Uint8Array(iconv.encode(text, "gbk")))).toEqual({ text, encoding: "gb18030" });
    // Plain ASCII is valid UTF-8 (and the same in GBK).
    expect(decodeCsv(new Uint8Array(Buffer.from("compound\r\nC01\r\n"))).encoding).toBe("utf-8");
  });

  it("imports a GBK file from Excel with Chinese headers, and its names come out right", async () => {
    const { compoundId, code, organizer } = await organizerWithCompound();
    const bytes = new Uint8Array(iconv.encode(sheetOf(code, "7"), "gbk"));
    const read = await readImportFile(bytes, "家庭.csv");
    expect(read?.encoding).toBe("gb18030");
    const dry = await dryRunImport(organizer, read?.text ?? "");
    expect(dry).toMatchObject({ rows: 3, problems: [] });
    expect(dry.create).toHaveLength(2);

    const outcome = await runImport(organizer, read?.text ?? "", meta);
    expect(outcome.ok).toBe(true);
    const members = await db()
      .select({ name: schema.householdMembers.name })
      .from(schema.householdMembers)
      .innerJoin(schema.households, eq(schema.households.id, schema.householdMembers.householdId))
      .where(eq(schema.households.compoundId, compoundId));
    expect(members.map((m) => m.name).sort()).toEqual(["李强", "李梅", "王秀英"].sort());
    const elder = await db().query.households.findFirst({
      where: and(eq(schema.households.compoundId, compoundId), eq(schema.households.room, "101")),
    });
    expect(elder?.hardshipLevel).toBe("extreme");
  });

  it("imports a UTF-16 file with English headers", async () => {
    const { code, organizer } = await organizerWithCompound();
    const english =
      "Compound\tBuilding\tUnit\tRoom\tHardship level\tMember name\tRelation to head\tBirth year\r\n" +
      `${code}\t8\t1\t101\tHardship\t张伟\tHead\t1970\r\n`;
    // Excel's "Unicode text" is UTF-16 LE with a BOM, tab-separated; a comma-separated one is read the same way.
    const csv = english.replaceAll("\t", ",");
    const bytes = new Uint8Array(Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(csv, "utf-16le")]));
    const read = await readImportFile(bytes, "households.csv");
    expect(read?.encoding).toBe("utf-16le");
    const report = await dryRunImport(organizer, read?.text ?? "");
    expect(report).toMatchObject({ rows: 1, problems: [] });
    expect(report.create).toHaveLength(1);
  });

  it("reads the first sheet of an XLSX workbook, such as the filled-in template", async () => {
    const { code, organizer } = await organizerWithCompound();
    const rows = sheetOf(code, "9")
      .trim()
      .split("\r\n")
      .map((line) => line.split(","));
    const bytes = await workbookBuffer([
      { title: "家庭", header: rows[0] ?? [], body: rows.slice(1), widths: [] },
    ]);
    const read = await readImportFile(new Uint8Array(bytes), "家庭.xlsx");
    expect(read?.encoding).toBe("xlsx");
    expect(await dryRunImport(organizer, read?.text ?? "")).toMatchObject({ rows: 3, problems: [] });
    expect(await readImportFile(new Uint8Array(Buffer.from("PK\u0003\u0004not a zip")), "x.xlsx")).toBeNull();
  });

  it("does not match a household that moved out by its address: a new one is created there", async () => {
    const { compoundId, code, organizer } = await organizerWithCompound();
    const draft = makeHousehold(faker, {
      compoundId,
      address: { building: "5", unit: "1", room: "101" },
      level: "hardship",
    });
    const { householdId } = await getDatabase().write((tx) => insertHousehold(tx, draft));
    await getDatabase().writeAtomic((d) =>
      d
        .update(schema.households)
        .set({ status: "moved_out", closedAt: new Date(), closedReason: "搬走" })
        .where(eq(schema.households.id, householdId)),
    );
    const csv = `${chineseHeader}\r\n${code},5,1,101,困难户,,,,赵敏,户主,1990,,否,否,否\r\n`;
    const report = await dryRunImport(organizer, csv);
    expect(report.change).toEqual([]);
    expect(report.create).toHaveLength(1);
    expect((await runImport(organizer, csv, meta)).ok).toBe(true);
    const atAddress = await db()
      .select({ id: schema.households.id, status: schema.households.status })
      .from(schema.households)
      .where(and(eq(schema.households.compoundId, compoundId), eq(schema.households.room, "101")));
    expect(atAddress.map((h) => h.status).sort()).toEqual(["active", "moved_out"]);
  });
});

describe("the template", () => {
  it("has Chinese headers for a Chinese reader, English ones for an English reader, and both import", async () => {
    const admin = actorOf(await createUser({ role: "admin" }));
    const zh = csvText(importTemplate("zh-CN"));
    expect(zh.split("\r\n")[0]).toBe(`\uFEFF${chineseHeader}`);
    expect(csvText(importTemplate("en")).split("\r\n")[0]).toContain("Member name");
    for (const template of [zh, csvText(importTemplate("en"))]) {
      const report = await dryRunImport(admin, template);
      // The template names compound C01, which a bare test database does not have.
      expect(report.problems.every((p) => p.column === "compound")).toBe(true);
      expect(report.rows).toBe(2);
    }
  });

  it("lists the organizer's compounds by code and name, and every level, category and relation, in a 说明 sheet", async () => {
    const { compoundId, code, organizer } = await organizerWithCompound();
    await createCompound("别人的小区");
    const compounds = await importCompounds(organizer);
    expect(compounds.map((c) => c.id)).toEqual([compoundId]);
    const [fill, guide] = importTemplateSheets("zh-CN", compounds);
    expect(fill?.header).toEqual(chineseHeader.split(","));
    expect(guide?.title).toBe("说明");
    const cells = guide?.body.map((r) => r.join("|")) ?? [];
    const name = compounds[0]?.name ?? "";
    expect(cells).toContain(`小区|${code}|${name}`);
    expect(cells.some((c) => c.includes("别人的小区"))).toBe(false);
    expect(cells).toContain("困难程度|特困户|extreme");
    expect(cells).toContain("困难类型|孤寡老人|elderly_alone");
    expect(cells).toContain("与户主关系|户主|head");
    // The workbook opens with both sheets.
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await workbookBuffer([fill!, guide!])) as unknown as ArrayBuffer);
    expect(workbook.worksheets.map((s) => s.name)).toEqual(["户籍导入模板", "说明"]);
  });
});

describe("the registry export", () => {
  it("holds only the organizer's compounds, follows the filters, and is audited with every household logged", async () => {
    const { compoundId, code, organizer } = await organizerWithCompound();
    const other = await organizerWithCompound();
    await runImport(organizer, sheetOf(code, "3"), meta);
    await runImport(other.organizer, sheetOf(other.code, "3"), meta);
    const table = await registryExport(organizer, {}, "zh-CN", meta);
    expect(table.rows).toHaveLength(2);
    expect(table.columns.map((c) => c.header)).toEqual([
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
    const extreme = await registryExport(organizer, { level: "extreme" }, "en", meta);
    expect(extreme.rows.map((r) => r.headName)).toEqual(["王秀英"]);
    expect(extreme.columns[7]?.cell(extreme.rows[0]!)).toBe("Extreme-hardship household");
    // Asking for another's compound finds nothing.
    expect((await registryExport(organizer, { compoundId: other.compoundId }, "zh-CN", meta)).rows).toEqual(
      [],
    );

    await flushReadLog();
    const audits = await db()
      .select()
      .from(schema.auditLog)
      .where(
        and(
          eq(schema.auditLog.actorId, organizer.id),
          eq(schema.auditLog.action, "household.registryExported"),
        ),
      );
    expect(audits).toHaveLength(3);
    const listed = await db()
      .select()
      .from(schema.auditLog)
      .where(and(eq(schema.auditLog.actorId, organizer.id), eq(schema.auditLog.action, "household.listed")));
    const ids = new Set(listed.map((l) => l.targetId));
    expect(ids.size).toBe(2);
    expect(compoundId).toBeGreaterThan(0);
  });
});
