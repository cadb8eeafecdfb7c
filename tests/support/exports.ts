// Helpers for tests of exported files: the hostile cells every export is fed, a check that none of them comes
// out as something a spreadsheet would run, and readers for both formats.
import { parse } from "csv-parse/sync";
import ExcelJS from "exceljs";
import { expect } from "vitest";

/** What an attacker writes into a name, an availability or a building (issue 14, hole 6). */
export const hostileCells = [
  '=HYPERLINK("http://evil.example/")',
  "+cmd|' /C calc'!A0",
  '=HYPERLINK("//e.x")',
  "@SUM(1)",
  "-2+3",
  "\t=1+1",
  "\r=1+1",
] as const;

const plainNumber = /^-?\d+(\.\d+)?$/;
const live = /^[\s\u3000]*[=+\-@\uFF1D\uFF0B\uFF0D\uFF20]|^[\t\r\n]/;

/** Fails on any cell a spreadsheet would read as a formula (a plain number is not one). */
export function expectNoLiveCells(cells: readonly (string | number)[]): void {
  const running = cells.filter((c) => typeof c === "string" && live.test(c) && !plainNumber.test(c));
  expect(running).toEqual([]);
}

export async function readXlsx(bytes: Buffer): Promise<ExcelJS.Worksheet> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  const sheet = workbook.worksheets[0];
  if (!sheet) throw new Error("the workbook has no sheet");
  return sheet;
}

/** Every row of an exported file as text, whichever its format; XLSX formulas fail the test. */
export async function exportedRows(response: Response): Promise<string[][]> {
  const bytes = Buffer.from(await response.arrayBuffer());
  if ((response.headers.get("Content-Type") ?? "").startsWith("text/csv"))
    return parse(bytes.toString("utf8"), { bom: true, relax_quotes: true }) as string[][];
  // Every sheet of the workbook, one after another (a report holds several tables).
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  const rows: string[][] = [];
  for (const sheet of workbook.worksheets)
    sheet.eachRow((row) => {
      const cells: string[] = [];
      row.eachCell({ includeEmpty: true }, (cell) => {
        expect(cell.type, `formula in ${cell.address}`).not.toBe(ExcelJS.ValueType.Formula);
        cells.push(cell.value === null || cell.value === undefined ? "" : String(cell.value));
      });
      rows.push(cells);
    });
  return rows;
}
