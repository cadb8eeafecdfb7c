// CSV import of households and their members, one member a row; rows at the same address form one
// household. A dry run reports what would be created or changed and every problem by row and column; the
// import itself re-plans inside one write transaction and writes only when there is no problem at all.
// Files come as Excel leaves them: CSV in UTF-8 (with or without BOM), UTF-16 or GB18030, or an XLSX workbook;
// headers in Chinese, English or the column codes (decision 024).
import { parse } from "csv-parse/sync";
import { and, eq, isNull } from "drizzle-orm";
import ExcelJS from "exceljs";
import iconv from "iconv-lite";
import { getDatabase, schema, type Queryable, type Tx } from "#db/client.server";
import { audit } from "#app/modules/audit/audit.server";
import { can, type Actor } from "#app/modules/auth/policy";
import { getT, type Locale } from "#app/modules/i18n/i18n";
import { resources } from "#app/modules/i18n/resources";
import {
  categoryCodes,
  hardshipLevels,
  memberRelations,
  needs as needCodes,
  nextVerificationDue,
  type Category,
  type HardshipLevel,
  type MemberRelation,
  type Need,
} from "./codes";
import { diffStates, recordHistory, type FieldChange, type HouseholdState } from "./history.server";
import type { RequestMeta } from "./registry.server";
import { loadState, refreshZeroEmployment, replaceCategoriesAndNeeds } from "./state.server";
import { restoreCell, sheetOf, type ExportTable, type Sheet } from "#app/modules/lists/export.server";
import { verificationIntervals } from "./verification.server";

export const importColumns = [
  "compound",
  "building",
  "unit",
  "room",
  "level",
  "categories",
  "needs",
  "note",
  "member_name",
  "relation",
  "birth_year",
  "phone",
  "employed",
  "disabled",
  "in_school",
] as const;
export type ImportColumn = (typeof importColumns)[number];
const requiredColumns: ImportColumn[] = [
  "compound",
  "building",
  "unit",
  "room",
  "member_name",
  "relation",
  "birth_year",
];

const headerKey = (value: string) =>
  value
    .replace(/^\uFEFF/, "")
    .trim()
    .toLowerCase()
    .replace(/[\s_]+/g, "_");
/** A header cell to its column: the column code, or its heading in either language ("成员姓名", "Member name"). */
const columnOfHeader = new Map<string, ImportColumn>(
  importColumns.flatMap((column) => [
    [headerKey(column), column] as const,
    ...(["zh-CN", "en"] as const).map(
      (lang) => [headerKey(resources[lang].households.import.header[column]), column] as const,
    ),
  ]),
);

/** How the file's bytes were read: said on the preview, so a garbled file can be told from a wrong one. */
export const importEncodings = ["utf-8-bom", "utf-8", "utf-16le", "utf-16be", "gb18030", "xlsx"] as const;
export type ImportEncoding = (typeof importEncodings)[number];

/**
 * The text of a CSV file from its bytes. A byte-order mark decides (UTF-8, UTF-16 LE or BE); without one, bytes
 * that are valid UTF-8 are UTF-8, and anything else is GB18030, the superset of GBK that Excel in China writes
 * ("CSV (逗号分隔)"). Valid UTF-8 is a strict test that GBK text with Chinese in it practically never passes,
 * where a statistical guess (chardet) can misjudge a short file.
 */
export function decodeCsv(bytes: Uint8Array): { text: string; encoding: ImportEncoding } {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buffer[0] === 0xef && buffer[1] === 0xbb && buffer[2] === 0xbf)
    return { text: iconv.decode(buffer.subarray(3), "utf-8"), encoding: "utf-8-bom" };
  if (buffer[0] === 0xff && buffer[1] === 0xfe)
    return { text: iconv.decode(buffer.subarray(2), "utf-16le"), encoding: "utf-16le" };
  if (buffer[0] === 0xfe && buffer[1] === 0xff)
    return { text: iconv.decode(buffer.subarray(2), "utf-16be"), encoding: "utf-16be" };
  try {
    return { text: new TextDecoder("utf-8", { fatal: true }).decode(buffer), encoding: "utf-8" };
  } catch {
    return { text: iconv.decode(buffer, "gb18030"), encoding: "gb18030" };
  }
}

const isXlsx = (bytes: Uint8Array, fileName: string) =>
  /\.xlsx$/i.test(fileName) ||
  (bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04);

/** The first sheet of a workbook as CSV text, every cell as the text it shows. */
async function xlsxAsCsv(bytes: Uint8Array): Promise<string | null> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
  } catch {
    return null;
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) return "";
  const rows: string[][] = [];
  sheet.eachRow({ includeEmpty: false }, (row) => {
    const cells: string[] = [];
    for (let i = 1; i <= sheet.columnCount; i++) cells.push(row.getCell(i).text);
    rows.push(cells);
  });
  return rows.map((cells) => cells.map((c) => `"${c.replaceAll('"', '""')}"`).join(",")).join("\r\n");
}

/**
 * The text of an uploaded file and how it was read: an XLSX workbook's first sheet, or CSV in whichever encoding
 * it came. `null` when a file that claims to be a workbook cannot be opened.
 */
export async function readImportFile(
  bytes: Uint8Array,
  fileName: string,
): Promise<{ text: string; encoding: ImportEncoding } | null> {
  if (isXlsx(bytes, fileName)) {
    const text = await xlsxAsCsv(bytes);
    return text === null ? null : { text, encoding: "xlsx" };
  }
  return decodeCsv(bytes);
}

export interface ImportProblem {
  /** The spreadsheet row: the header is row 1. */
  row: number;
  column: ImportColumn | null;
  /** An i18n key in the `households` namespace. */
  message: string;
  value?: string;
}

interface MemberPlan {
  name: string;
  relation: MemberRelation;
  birthYear: number;
  phone: string | null;
  employed: boolean;
  disabled: boolean;
  inSchool: boolean;
}

interface HouseholdPlan {
  row: number;
  compoundId: number;
  compoundName: string;
  building: string;
  unit: string;
  room: string;
  level: HardshipLevel;
  categories: Category[];
  needs: Need[];
  note: string | null;
  members: MemberPlan[];
}

export interface ImportReport {
  rows: number;
  create: { row: number; address: string; members: number }[];
  change: { row: number; address: string; householdId: number; changes: FieldChange[] }[];
  unchanged: number;
  problems: ImportProblem[];
}

/** Codes, and their labels in either language, to the code: spreadsheets are typed in Chinese. */
function lookup<T extends string>(
  codes: readonly T[],
  labels: (lang: "zh-CN" | "en") => Record<string, string>,
) {
  const map = new Map<string, T>();
  for (const code of codes) {
    map.set(code.toLowerCase(), code);
    for (const lang of ["zh-CN", "en"] as const) {
      const label = labels(lang)[code];
      if (label) map.set(label.toLowerCase(), code);
    }
  }
  return (value: string): T | undefined => map.get(value.trim().toLowerCase());
}
const findLevel = lookup(hardshipLevels, (l) => resources[l].households.hardshipLevel);
const findCategory = lookup(categoryCodes, (l) => resources[l].households.category);
const findNeed = lookup(needCodes, (l) => resources[l].households.need);
const findRelation = lookup(memberRelations, (l) => resources[l].households.relation);
const yes = new Set(["1", "y", "yes", "true", "是", "√", "x"]);
const no = new Set(["", "0", "n", "no", "false", "否"]);
const listOf = (value: string) =>
  value
    .split(/[;；,，、|]/)
    .map((v) => v.trim())
    .filter(Boolean);

/** Builds the plan of an import from the CSV text, checking it against the database through `q`. */
export async function planImport(q: Queryable, actor: Actor, text: string, now = new Date()) {
  const problems: ImportProblem[] = [];
  let records: Record<string, string>[];
  try {
    records = parse(text, {
      bom: true,
      columns: (header: string[]) => header.map((h) => columnOfHeader.get(headerKey(h)) ?? h),
      skip_empty_lines: true,
      trim: true,
      relax_column_count: true,
    });
  } catch (error) {
    const line = typeof error === "object" && error && "lines" in error ? Number(error.lines) : 1;
    return {
      plans: [],
      report: emptyReport([{ row: line, column: null, message: "import.problem.malformed" }]),
    };
  }
  const header = records[0] ? Object.keys(records[0]) : [];
  const missing = requiredColumns.filter((c) => !header.includes(c));
  if (records.length === 0 || missing.length > 0) {
    return {
      plans: [],
      report: emptyReport(
        records.length === 0
          ? [{ row: 1, column: null, message: "import.problem.empty" }]
          : missing.map((column) => ({ row: 1, column, message: "import.problem.missingColumn" })),
      ),
    };
  }
  const compounds = await q.select().from(schema.compounds);
  const compoundOf = new Map<string, (typeof compounds)[number]>();
  for (const c of compounds) {
    compoundOf.set(c.code.toLowerCase(), c);
    compoundOf.set(c.name.toLowerCase(), c);
  }

  const byAddress = new Map<string, HouseholdPlan>();
  records.forEach((record, index) => {
    const row = index + 2;
    // An export edited and brought back carries neutralised cells ('=…); they come back as typed.
    const cell = (column: ImportColumn) => restoreCell((record[column] ?? "").trim());
    const problem = (column: ImportColumn, message: string) =>
      problems.push({ row, column, message, value: cell(column) });
    const before = problems.length;

    const compound = compoundOf.get(cell("compound").toLowerCase());
    if (!compound) problem("compound", "import.problem.unknownCompound");
    else if (!writable(actor, compound.id)) problem("compound", "import.problem.notYourCompound");
    for (const column of ["building", "unit", "room"] as const) {
      if (!cell(column)) problem(column, "import.problem.required");
      else if (cell(column).length > 20) problem(column, "import.problem.tooLong");
    }
    const level = cell("level") ? findLevel(cell("level")) : undefined;
    if (cell("level") && !level) problem("level", "import.problem.unknownLevel");
    const categories = listOf(cell("categories")).map((v) => ({ v, code: findCategory(v) }));
    if (categories.some((c) => !c.code)) problem("categories", "import.problem.unknownCategory");
    const needs = listOf(cell("needs")).map((v) => ({ v, code: findNeed(v) }));
    if (needs.some((n) => !n.code)) problem("needs", "import.problem.unknownNeed");

    const name = cell("member_name");
    if (!name) problem("member_name", "import.problem.required");
    else if (name.length > 40) problem("member_name", "import.problem.tooLong");
    const relation = findRelation(cell("relation"));
    if (!relation) problem("relation", "import.problem.unknownRelation");
    const birthYear = Number(cell("birth_year"));
    if (!/^\d{4}$/.test(cell("birth_year")) || birthYear < 1900 || birthYear > now.getUTCFullYear())
      problem("birth_year", "import.problem.birthYear");
    const phone = cell("phone");
    if (phone && !/^\+?[0-9-]{6,20}$/.test(phone)) problem("phone", "import.problem.phone");
    const flags = (["employed", "disabled", "in_school"] as const).map((column) => {
      const v = cell(column).toLowerCase();
      if (yes.has(v)) return true;
      if (!no.has(v)) problem(column, "import.problem.yesNo");
      return false;
    });
    if (problems.length > before || !compound || !relation) return;

    const key = [compound.id, cell("building"), cell("unit"), cell("room")].join("|");
    const member: MemberPlan = {
      name,
      relation,
      birthYear,
      phone: phone || null,
      employed: flags[0] ?? false,
      disabled: flags[1] ?? false,
      inSchool: flags[2] ?? false,
    };
    const known = byAddress.get(key);
    if (!known) {
      byAddress.set(key, {
        row,
        compoundId: compound.id,
        compoundName: compound.name,
        building: cell("building"),
        unit: cell("unit"),
        room: cell("room"),
        level: level ?? "none",
        categories: categories.flatMap((c) => (c.code ? [c.code] : [])),
        needs: needs.flatMap((n) => (n.code ? [n.code] : [])),
        note: cell("note") || null,
        members: [member],
      });
      return;
    }
    // Later rows of a household may leave its fields blank; where they fill one in, it must agree.
    if (level && level !== known.level) problem("level", "import.problem.conflict");
    if (
      cell("categories") &&
      categories
        .map((c) => c.code)
        .sort()
        .join() !== [...known.categories].sort().join()
    )
      problem("categories", "import.problem.conflict");
    if (
      cell("needs") &&
      needs
        .map((n) => n.code)
        .sort()
        .join() !== [...known.needs].sort().join()
    )
      problem("needs", "import.problem.conflict");
    if (cell("note") && cell("note") !== known.note) problem("note", "import.problem.conflict");
    if (known.members.some((m) => m.name === name)) problem("member_name", "import.problem.duplicateMember");
    if (problems.length === before) known.members.push(member);
  });

  const report: ImportReport = { rows: records.length, create: [], change: [], unchanged: 0, problems };
  const plans: { plan: HouseholdPlan; existingId: number | null; before: HouseholdState | null }[] = [];
  for (const plan of byAddress.values()) {
    const heads = plan.members.filter((m) => m.relation === "head").length;
    if (heads !== 1)
      problems.push({
        row: plan.row,
        column: "relation",
        message: heads === 0 ? "import.problem.noHead" : "import.problem.twoHeads",
      });
    const address = `${plan.compoundName} ${plan.building}-${plan.unit}-${plan.room}`;
    // A household that moved out or dissolved keeps its address in history; a new one may live there now.
    const existing = await q.query.households.findFirst({
      where: (h) =>
        and(
          eq(h.compoundId, plan.compoundId),
          eq(h.building, plan.building),
          eq(h.unit, plan.unit),
          eq(h.room, plan.room),
          // A household that moved out keeps its address in history; a row there now is a new household.
          eq(h.status, "active"),
        ),
      columns: { id: true },
    });
    if (!existing) {
      report.create.push({ row: plan.row, address, members: plan.members.length });
      plans.push({ plan, existingId: null, before: null });
      continue;
    }
    const loaded = await loadState(q, existing.id, true);
    if (!loaded) continue;
    const changes = diffStates(loaded.state, stateOf(plan, loaded.state));
    if (changes.length === 0) report.unchanged += 1;
    else report.change.push({ row: plan.row, address, householdId: existing.id, changes });
    plans.push({ plan, existingId: existing.id, before: loaded.state });
  }
  problems.sort((a, b) => a.row - b.row);
  return { plans, report };
}

function emptyReport(problems: ImportProblem[]): ImportReport {
  return { rows: 0, create: [], change: [], unchanged: 0, problems };
}

/** What a household becomes after the import: its fields from the plan, the rest as they were. */
function stateOf(plan: HouseholdPlan, base: HouseholdState | null): HouseholdState {
  return {
    building: plan.building,
    unit: plan.unit,
    room: plan.room,
    hardshipLevel: plan.level,
    note: plan.note,
    healthNote: base?.healthNote ?? null,
    categories: plan.categories,
    // Notes already kept for a need stay; the import names needs, not their notes.
    needs: plan.needs.map((need) => ({ need, note: base?.needs.find((n) => n.need === need)?.note ?? null })),
    consent: base?.consent ?? null,
    nextVerificationDue: base?.nextVerificationDue ?? null,
    members: plan.members.map((m) => ({
      name: m.name,
      relation: m.relation,
      birthYear: m.birthYear,
      phone: m.phone,
    })),
  };
}

const emptyState: HouseholdState = {
  building: "",
  unit: "",
  room: "",
  hardshipLevel: "none",
  note: null,
  healthNote: null,
  categories: [],
  needs: [],
  consent: null,
  nextVerificationDue: null,
  members: [],
};

/** The dry run: the report only, nothing written. */
export async function dryRunImport(actor: Actor, text: string): Promise<ImportReport> {
  return (await planImport(getDatabase().db, actor, text)).report;
}

/** Imports every row or none: any problem, or any failure while writing, leaves the registry as it was. */
export async function runImport(
  actor: Actor,
  text: string,
  meta: RequestMeta,
  now = new Date(),
): Promise<{ ok: boolean; report: ImportReport }> {
  if (!can(actor, "household.import"))
    return {
      ok: false,
      report: emptyReport([{ row: 1, column: null, message: "import.problem.forbidden" }]),
    };
  const intervals = await verificationIntervals();
  return getDatabase().write(async (tx) => {
    const { plans, report } = await planImport(tx, actor, text, now);
    if (report.problems.length > 0) return { ok: false, report };
    for (const { plan, existingId, before } of plans) {
      const base = before ?? emptyState;
      const after = stateOf(plan, before);
      if (existingId === null) after.nextVerificationDue = nextVerificationDue(plan.level, now, intervals);
      const changes = diffStates(base, after);
      if (existingId !== null && changes.length === 0) continue;
      const id = existingId ?? (await createHousehold(tx, plan, after.nextVerificationDue));
      if (existingId !== null) {
        await tx
          .update(schema.households)
          .set({ hardshipLevel: plan.level, note: plan.note })
          .where(eq(schema.households.id, id));
      }
      await replaceCategoriesAndNeeds(tx, id, after.categories, after.needs);
      await replaceMembers(tx, id, plan.members);
      await refreshZeroEmployment(tx, id, now.getUTCFullYear());
      await recordHistory(tx, id, actor.id, "import", changes, now);
    }
    await audit(tx, {
      actorId: actor.id,
      action: "household.imported",
      targetType: "household",
      ip: meta.ip,
      details: { rows: report.rows, created: report.create.length, changed: report.change.length },
    });
    return { ok: true, report };
  });
}

async function createHousehold(tx: Tx, plan: HouseholdPlan, due: Date | null): Promise<number> {
  const [row] = await tx
    .insert(schema.households)
    .values({
      compoundId: plan.compoundId,
      building: plan.building,
      unit: plan.unit,
      room: plan.room,
      hardshipLevel: plan.level,
      note: plan.note,
      nextVerificationDue: due,
    })
    .returning({ id: schema.households.id });
  if (!row) throw new Error("household insert returned no row");
  return row.id;
}

/**
 * Current members matched by name keep their row (and any resident account linked to it); the others are
 * marked removed, not deleted, as enrolments refer to them, and their account's link ends.
 */
async function replaceMembers(tx: Tx, householdId: number, members: MemberPlan[]): Promise<void> {
  const existing = await tx
    .select({ id: schema.householdMembers.id, name: schema.householdMembers.name })
    .from(schema.householdMembers)
    .where(
      and(eq(schema.householdMembers.householdId, householdId), isNull(schema.householdMembers.removedAt)),
    );
  const byName = new Map(existing.map((m) => [m.name, m.id]));
  for (const m of members) {
    const id = byName.get(m.name);
    if (id === undefined) await tx.insert(schema.householdMembers).values({ householdId, ...m });
    else {
      await tx.update(schema.householdMembers).set(m).where(eq(schema.householdMembers.id, id));
      byName.delete(m.name);
    }
  }
  for (const id of byName.values())
    await tx
      .update(schema.householdMembers)
      .set({ removedAt: new Date(), userId: null })
      .where(eq(schema.householdMembers.id, id));
}

const writable = (actor: Actor, compoundId: number) =>
  can(actor, "household.write", { compoundId, memberUserIds: [], helperIds: [], helperChain: [] });

/** The compounds `actor` may import into, by code: what the template and the import page list. */
export async function importCompounds(actor: Actor) {
  const compounds = await getDatabase()
    .db.select({ id: schema.compounds.id, code: schema.compounds.code, name: schema.compounds.name })
    .from(schema.compounds)
    .orderBy(schema.compounds.code);
  return compounds.filter((c) => writable(actor, c.id));
}

const templateExamples: (readonly string[])[] = [
  [
    "C01",
    "3",
    "2",
    "501",
    "特困户",
    "孤寡老人;患大病",
    "就医;生活照料",
    "",
    "王秀英",
    "户主",
    "1948",
    "13800000001",
    "否",
    "否",
    "否",
  ],
  [
    "C01",
    "3",
    "2",
    "502",
    "困难户",
    "双待业",
    "就业",
    "",
    "李强",
    "户主",
    "1978",
    "13800000002",
    "否",
    "否",
    "否",
  ],
];

/** The template offered for download: the header in the reader's language and two example rows of one household. */
export function importTemplate(locale: Locale): ExportTable<readonly string[]> {
  const t = getT(locale);
  return {
    name: "households-template",
    title: t("households:import.templateFile"),
    dated: false,
    columns: importColumns.map((column, i) => ({
      header: t(`households:import.header.${column}`),
      cell: (row: readonly string[]) => row[i],
    })),
    rows: templateExamples,
  };
}

/**
 * The XLSX template: the sheet to fill in, and a "说明" sheet with what each column takes — the compounds the
 * reader may import into (code and name), and the accepted levels, categories, needs and relations.
 */
export function importTemplateSheets(
  locale: Locale,
  compounds: readonly { code: string; name: string }[],
): Sheet[] {
  const t = getT(locale);
  const g = (key: string) => t(`households:import.guide.${key}` as never);
  const rows: (readonly string[])[] = [
    ...importColumns.map((column) => [
      g("column"),
      t(`households:import.header.${column}`),
      `${requiredColumns.includes(column) ? g("required") : g("optional")} ${t(`households:import.columnHint.${column}`)}`,
    ]),
    ...compounds.map((c) => [g("compound"), c.code, c.name]),
    ...hardshipLevels.map((l) => [g("level"), t(`households:hardshipLevel.${l}`), l]),
    ...categoryCodes.map((c) => [g("category"), t(`households:category.${c}`), c]),
    ...needCodes.map((n) => [g("need"), t(`households:need.${n}`), n]),
    ...memberRelations.map((r) => [g("relation"), t(`households:relation.${r}`), r]),
    [g("yesNo"), t("households:import.guide.yes"), t("households:import.guide.no")],
  ];
  const guide: ExportTable<readonly string[]> = {
    name: "guide",
    title: g("title"),
    columns: [
      { header: g("kind"), cell: (r) => r[0], width: 14 },
      { header: g("value"), cell: (r) => r[1], width: 24 },
      { header: g("meaning"), cell: (r) => r[2], width: 60 },
    ],
    rows,
  };
  return [sheetOf(importTemplate(locale)), sheetOf(guide)];
}
