// The one way this domain writes a table out: CSV (UTF-8 with BOM, for Excel) or XLSX (ExcelJS). Every text
// cell that a spreadsheet would read as a formula (= + - @, tab, CR) is neutralised with a leading quote, so a
// donor's name cannot run in the treasurer's Excel. When the shared export kit lands, this function moves onto it.
import ExcelJS from "exceljs";
import { stringify } from "csv-stringify/sync";

export type Cell = string | number | null;

export interface Sheet {
  name: string;
  header: string[];
  rows: Cell[][];
}

const formulaStart = /^[=+\-@\t\r]/;

/** A text cell made safe to open in a spreadsheet. */
export function neutralise(cell: Cell): Cell {
  return typeof cell === "string" && formulaStart.test(cell) ? `'${cell}` : cell;
}

export async function exportTable(sheet: Sheet, format: "csv" | "xlsx", filename: string): Promise<Response> {
  const rows = sheet.rows.map((row) => row.map(neutralise));
  if (format === "csv") {
    const body = "\uFEFF" + stringify([sheet.header, ...rows]);
    return new Response(body, {
      headers: {
        "Content-Type": "text/csv; charset=utf-8",
        "Content-Disposition": `attachment; filename="${filename}.csv"`,
      },
    });
  }
  const workbook = new ExcelJS.Workbook();
  const ws = workbook.addWorksheet(sheet.name.slice(0, 31));
  ws.addRow(sheet.header).font = { bold: true };
  for (const row of rows) ws.addRow(row);
  ws.columns.forEach((column) => {
    column.width = 18;
  });
  const buffer = await workbook.xlsx.writeBuffer();
  return new Response(new Uint8Array(buffer as ArrayBuffer), {
    headers: {
      "Content-Type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      "Content-Disposition": `attachment; filename="${filename}.xlsx"`,
    },
  });
}
