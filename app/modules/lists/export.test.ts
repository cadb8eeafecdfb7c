import { parse } from "csv-parse/sync";
import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import {
  csvText,
  exportResponse,
  neutralizeCell,
  requestedExportFormat,
  type ExportTable,
} from "./export.server";
import { expectNoLiveCells, hostileCells, readXlsx } from "#tests/support/exports";

const table = (values: (string | number | null)[]): ExportTable<string | number | null> => ({
  name: "people",
  title: "名单",
  columns: [
    { header: "值", cell: (v) => v },
    { header: "类型", cell: (v) => typeof v },
  ],
  rows: values,
});

describe("neutralizeCell", () => {
  it.each([
    ['=HYPERLINK("http://evil.example/")', `'=HYPERLINK("http://evil.example/")`],
    ["+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"],
    ["-2+3", "'-2+3"],
    ["@SUM(1)", "'@SUM(1)"],
    ["\t=1+1", "'\t=1+1"],
    ["\r=1+1", "'\r=1+1"],
    ["\nfoo", "'\nfoo"],
    ["  =1+1", "'  =1+1"],
    ["\u3000=1+1", "'\u3000=1+1"],
    ["＝1+1", "'＝1+1"],
    ["＠SUM(1)", "'＠SUM(1)"],
  ])("makes %j inert", (input, expected) => {
    expect(neutralizeCell(input)).toBe(expected);
  });

  it("leaves ordinary text, numbers and phone numbers as they are", () => {
    expect(neutralizeCell("王秀英")).toBe("王秀英");
    expect(neutralizeCell("13800000001")).toBe("13800000001");
    expect(neutralizeCell("a=b")).toBe("a=b");
    expect(neutralizeCell(-2)).toBe(-2);
    expect(neutralizeCell(3.5)).toBe(3.5);
    expect(neutralizeCell(Number.NaN)).toBe("");
    expect(neutralizeCell(null)).toBe("");
    expect(neutralizeCell(undefined)).toBe("");
  });
});

describe("CSV", () => {
  it("starts with a BOM, ends lines with CRLF and keeps every hostile cell as inert text", () => {
    const text = csvText(table([...hostileCells, "普通", -2]));
    expect(text.startsWith("\uFEFF值,类型\r\n")).toBe(true);
    const rows = parse(text, { bom: true, relax_quotes: true }) as string[][];
    expectNoLiveCells(rows.flat());
    expect(rows.map((r) => r[0])).toContain("普通");
    expect(rows.at(-1)).toEqual(["-2", "number"]);
  });
});

describe("XLSX", () => {
  it("has the same columns, no formula, hostile text prefixed, numbers kept as numbers", async () => {
    const response = await exportResponse(table([...hostileCells, "普通", -2]), "xlsx", {
      timeZone: "Asia/Shanghai",
    });
    const sheet = await readXlsx(Buffer.from(await response.arrayBuffer()));
    const cells: ExcelJS.Cell[] = [];
    sheet.eachRow((row) => row.eachCell((cell) => cells.push(cell)));
    expect(cells.some((c) => c.type === ExcelJS.ValueType.Formula)).toBe(false);
    expectNoLiveCells(cells.map((c) => (typeof c.value === "number" ? c.value : String(c.value))));
    expect(sheet.getRow(1).values).toEqual([undefined, "值", "类型"]);
    const last = sheet.getRow(sheet.rowCount);
    expect(last.getCell(1).type).toBe(ExcelJS.ValueType.Number);
    expect(last.getCell(1).value).toBe(-2);
  });
});

describe("the download", () => {
  it("is named with the community's date and a readable title, and is never cached", async () => {
    // 20:30 UTC on 1 March is already 2 March in Shanghai.
    const now = new Date("2026-03-01T20:30:00Z");
    const response = await exportResponse(table(["x"]), "csv", { now, timeZone: "Asia/Shanghai" });
    expect(response.headers.get("Cache-Control")).toBe("no-store");
    expect(response.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
    const disposition = response.headers.get("Content-Disposition") ?? "";
    expect(disposition).toMatch(/; filename="?people-2026-03-02\.csv"?;/);
    expect(disposition).toContain(`filename*=UTF-8''${encodeURIComponent("名单-2026-03-02")}.csv`);
    const utc = await exportResponse(table(["x"]), "csv", { now, timeZone: "UTC" });
    expect(utc.headers.get("Content-Disposition")).toContain("people-2026-03-01.csv");
  });

  it("keeps a hostile title out of the header and the path", async () => {
    const response = await exportResponse(
      { ...table(["x"]), title: '../"evil"\r\nSet-Cookie: a=b', dated: false },
      "csv",
    );
    const disposition = response.headers.get("Content-Disposition") ?? "";
    expect(disposition).not.toMatch(/[\r\n]/);
    expect(disposition).not.toContain("/");
    expect(disposition).toMatch(/; filename="?people\.csv"?;/);
  });

  it("reads the format from the path's extension or ?format=", () => {
    const format = (url: string) => requestedExportFormat(new Request(`http://localhost${url}`));
    expect(format("/roster/export.csv")).toBe("csv");
    expect(format("/roster/export.xlsx")).toBe("xlsx");
    expect(format("/ledgers/extreme/export?format=xlsx")).toBe("xlsx");
    expect(format("/ledgers/extreme/export?format=pdf")).toBe("csv");
    expect(format("/ledgers/extreme/export")).toBe("csv");
  });
});
