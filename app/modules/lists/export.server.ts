// Every file of rows the app hands out (CSV or XLSX) is made here, so that none can forget what such a file
// needs: cells that a spreadsheet would run as formulas are neutralised (OWASP "CSV injection"), CSV is UTF-8
// with a BOM so that Excel in China reads the Chinese, the name carries the community's date and a readable
// title (RFC 6266/8187 filename*), and nothing is kept by a cache. See docs/decisions/016-trust-boundaries.md.
import { create as contentDisposition } from "content-disposition";
import { stringify } from "csv-stringify/sync";
import ExcelJS from "exceljs";
import { PassThrough } from "node:stream";
import { calendarDay } from "#app/modules/dates/day";
import { getSettings } from "#app/modules/settings/settings.server";

/** What a cell may hold: text, a number (kept a number in XLSX), or nothing. */
export type Cell = string | number | null | undefined;

export interface ExportColumn<Row> {
  /** The heading as the reader reads it (translated), or the machine name of a file that is imported back. */
  header: string;
  cell: (row: Row) => Cell;
  /** Width in characters in XLSX; by default from the heading. */
  width?: number;
}

export interface ExportTable<Row> {
  /** ASCII stem of the file name (`roster` → `roster-2026-03-02.csv`), also the fallback for old clients. */
  name: string;
  /** The name people read (`志愿者名册`), in the reader's language; also the XLSX sheet's name. */
  title: string;
  columns: readonly ExportColumn<Row>[];
  rows: readonly Row[];
  /** Whether the file name carries the community's date (default true; a template has none). */
  dated?: boolean;
}

export const exportFormats = ["csv", "xlsx"] as const;
export type ExportFormat = (typeof exportFormats)[number];

const contentTypes: Record<ExportFormat, string> = {
  csv: "text/csv; charset=utf-8",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
};

/**
 * The format a request asks for: the path's extension (`/roster/export.xlsx`) or `?format=xlsx`; CSV otherwise.
 * One loader can so serve both files.
 */
export function requestedExportFormat(request: Request): ExportFormat {
  const url = new URL(request.url);
  const extension = /\.(csv|xlsx)$/i.exec(url.pathname)?.[1]?.toLowerCase();
  const asked = extension ?? url.searchParams.get("format")?.toLowerCase();
  return asked === "xlsx" ? "xlsx" : "csv";
}

// Excel, LibreOffice and Google Sheets start a formula with these (full-width forms too, which a Chinese IME
// types); tab, CR and LF start one in some importers. Leading spaces do not protect: some importers trim them.
const formulaStart = /^[\s\u3000]*[=+\-@\uFF1D\uFF0B\uFF0D\uFF20]|^[\t\r\n]/;

/**
 * A cell that no spreadsheet runs: text that could start a formula gets a leading `'` (OWASP's advice), numbers
 * stay numbers (a number is never a formula), anything else becomes empty text.
 */
export function neutralizeCell(value: Cell): string | number {
  if (typeof value === "number") return Number.isFinite(value) ? value : "";
  if (value === null || value === undefined) return "";
  return formulaStart.test(value) ? `'${value}` : value;
}

/** Undoes `neutralizeCell` for a file coming back in (an edited export imported again). */
export function restoreCell(value: string): string {
  return value.startsWith("'") && formulaStart.test(value.slice(1)) ? value.slice(1) : value;
}

function tableCells<Row>(table: ExportTable<Row>): { header: string[]; body: (string | number)[][] } {
  return {
    header: table.columns.map((c) => String(neutralizeCell(c.header))),
    body: table.rows.map((row) => table.columns.map((c) => neutralizeCell(c.cell(row)))),
  };
}

/** The table as CSV text: BOM, CRLF line ends, every cell neutralised. */
export function csvText<Row>(table: ExportTable<Row>): string {
  const { header, body } = tableCells(table);
  return stringify([header, ...body], { bom: true, record_delimiter: "windows" });
}

// Excel refuses sheet names over 31 characters or with any of these.
const sheetName = (title: string) => title.replace(/[\\/?*[\]:]/g, " ").slice(0, 31) || "Sheet1";

/** A table reduced to neutralised cells: one sheet of a workbook, whatever its rows were. */
export interface Sheet {
  title: string;
  header: string[];
  body: (string | number)[][];
  widths: number[];
}

export function sheetOf<Row>(table: ExportTable<Row>): Sheet {
  const { header, body } = tableCells(table);
  return {
    title: table.title,
    header,
    body,
    widths: table.columns.map(
      (c, i) => c.width ?? Math.min(40, Math.max(10, (header[i]?.length ?? 0) * 2 + 2)),
    ),
  };
}

/** Sheets as an XLSX workbook, one sheet each, written as a stream so a large list stays small in memory. */
export async function workbookBuffer(sheets: readonly Sheet[]): Promise<Buffer> {
  const stream = new PassThrough();
  const chunks: Buffer[] = [];
  stream.on("data", (chunk: Buffer) => chunks.push(chunk));
  const finished = new Promise<void>((resolve, reject) => {
    stream.on("end", resolve);
    stream.on("error", reject);
  });
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream,
    useStyles: true,
    useSharedStrings: false,
  });
  const used = new Set<string>();
  for (const s of sheets) {
    // Sheet names must be unique (case-insensitively) within a workbook.
    let name = sheetName(s.title);
    for (let n = 2; used.has(name.toLowerCase()); n++) name = `${sheetName(s.title).slice(0, 27)} (${n})`;
    used.add(name.toLowerCase());
    const sheet = workbook.addWorksheet(name, { views: [{ state: "frozen", ySplit: 1 }] });
    sheet.columns = s.widths.map((width) => ({ width }));
    const headerRow = sheet.addRow(s.header);
    headerRow.font = { bold: true };
    headerRow.commit();
    for (const cells of s.body) sheet.addRow(cells).commit();
    sheet.commit();
  }
  await workbook.commit();
  await finished;
  return Buffer.concat(chunks);
}

/** The table as an XLSX workbook of one sheet. */
export function xlsxBuffer<Row>(table: ExportTable<Row>): Promise<Buffer> {
  return workbookBuffer([sheetOf(table)]);
}

// Characters a file name cannot hold on Windows or macOS, and controls (C0 and DEL).
const unsafeInFileName = /[\\/:*?"<>|\p{Cc}]/gu;

/** `attachment; filename="roster-2026-03-02.csv"; filename*=UTF-8''%E5%BF%97…` */
export function attachmentHeader(stem: string, title: string, extension: string): string {
  const readable = `${title.replace(unsafeInFileName, "_").trim() || stem}.${extension}`;
  const fallback = `${stem.replace(/[^\w.-]/g, "_")}.${extension}`;
  return contentDisposition(readable, { fallback });
}

/**
 * The table as a download in `format`, named with today's date in the community's time zone. Every export
 * route returns this; a list's loader decides the rows (its scope) and audits the read before calling it.
 */
export async function exportResponse<Row>(
  table: ExportTable<Row>,
  format: ExportFormat,
  options: { now?: Date; timeZone?: string } = {},
): Promise<Response> {
  let stem = table.name;
  let title = table.title;
  if (table.dated !== false) {
    const timeZone = options.timeZone ?? (await getSettings()).timeZone;
    const day = calendarDay(options.now ?? new Date(), timeZone) ?? "";
    stem = `${stem}-${day}`;
    title = `${title}-${day}`;
  }
  const body = format === "xlsx" ? await xlsxBuffer(table) : Buffer.from(csvText(table), "utf8");
  return new Response(new Uint8Array(body), {
    headers: {
      "Content-Type": contentTypes[format],
      "Content-Disposition": attachmentHeader(stem, title, format),
      "Content-Length": String(body.byteLength),
      "Cache-Control": "no-store",
    },
  });
}

/**
 * Several tables as one XLSX download, a sheet each (a report of many tables), named like `exportResponse`'s
 * files: `name` is the ASCII stem, `title` the readable name.
 */
export async function workbookResponse(
  book: { name: string; title: string; dated?: boolean },
  sheets: readonly Sheet[],
  options: { now?: Date; timeZone?: string } = {},
): Promise<Response> {
  let stem = book.name;
  let title = book.title;
  if (book.dated !== false) {
    const timeZone = options.timeZone ?? (await getSettings()).timeZone;
    const day = calendarDay(options.now ?? new Date(), timeZone) ?? "";
    stem = `${stem}-${day}`;
    title = `${title}-${day}`;
  }
  const body = await workbookBuffer(sheets);
  return new Response(new Uint8Array(body), {
    headers: {
      "Content-Type": contentTypes.xlsx,
      "Content-Disposition": attachmentHeader(stem, title, "xlsx"),
      "Content-Length": String(body.byteLength),
      "Cache-Control": "no-store",
    },
  });
}
