// The roster as a file: export of the volunteers a filter selects (through the export kit), and an all-or-nothing
// CSV import (papaparse) with a dry run. Every row is checked first (errors by row, as i18n keys); only a clean file is written,
// in one transaction. New volunteers get no password: each is sent an invitation in that transaction.
// A compound is given by its code or its name; phone numbers must look like one.
import { eq, inArray } from "drizzle-orm";
import Papa from "papaparse";
import { z } from "zod";
import { getDatabase, schema } from "#db/client.server";
import { audit } from "#app/modules/audit/audit.server";
import { can, type Actor } from "#app/modules/auth/policy";
import { reachOf } from "#app/modules/auth/scope.server";
import type { RequestMeta } from "#app/modules/auth/sign-in.server";
import { normalizeEmail } from "#app/modules/auth/sign-in.server";
import { restoreCell, type ExportTable } from "#app/modules/lists/export.server";
import { issueInvitation } from "#app/modules/people/invitations.server";
import { defaultCapacity, skills, type Skill } from "./codes";
import { allVolunteers, type VolunteerFilter } from "./roster.server";

export const csvColumns = [
  "email",
  "name",
  "phone",
  "tier",
  "supervisor_email",
  "compound",
  "extra_compounds",
  "skills",
  "availability",
  "capacity",
] as const;
type Column = (typeof csvColumns)[number];

export const maxImportRows = 5_000;

type RosterFileRow = Record<Column | "load", string | number>;

/**
 * The volunteers a filter selects, as the file the import reads back (machine column names, so that an edited
 * export can be imported again); the route sends it through the export kit, as CSV or XLSX.
 */
export async function rosterExport(
  filter: Omit<VolunteerFilter, "page">,
  title: string,
): Promise<ExportTable<RosterFileRow>> {
  const rows = await allVolunteers(filter);
  const [compounds, supervisors, extras] = await Promise.all([
    getDatabase().db.select({ id: schema.compounds.id, code: schema.compounds.code }).from(schema.compounds),
    getDatabase()
      .db.select({ id: schema.users.id, email: schema.users.email })
      .from(schema.users)
      .where(eq(schema.users.role, "volunteer")),
    getDatabase().db.select().from(schema.volunteerCompounds),
  ]);
  const codeOf = new Map(compounds.map((c) => [c.id, c.code]));
  const emailOf = new Map(supervisors.map((s) => [s.id, s.email]));
  const extraCodes = new Map<number, string[]>();
  for (const e of extras)
    extraCodes.set(e.userId, [...(extraCodes.get(e.userId) ?? []), codeOf.get(e.compoundId) ?? ""]);
  const fileRows = rows.map((v): RosterFileRow => ({
    email: v.email ?? "",
    name: v.name,
    phone: v.phone ?? "",
    tier: v.tier ?? "",
    supervisor_email: v.supervisorId ? (emailOf.get(v.supervisorId) ?? "") : "",
    compound: v.compoundId ? (codeOf.get(v.compoundId) ?? "") : "",
    extra_compounds: (extraCodes.get(v.id) ?? []).join("|"),
    skills: v.skills.join("|"),
    availability: v.availability ?? "",
    capacity: v.capacity,
    load: v.load,
  }));
  return {
    name: "roster",
    title,
    columns: [...csvColumns, "load" as const].map((key) => ({
      header: key,
      cell: (r: RosterFileRow) => r[key],
    })),
    rows: fileRows,
  };
}

/**
 * The roster file of the table view's filters within `actor`'s reach, audited: phones of many people leave the
 * building in it, a sensitive read.
 */
export async function auditedRosterExport(
  actor: Actor,
  filter: Omit<VolunteerFilter, "page" | "reach">,
  title: string,
  meta: { ip: string | null },
): Promise<ExportTable<RosterFileRow>> {
  const table = await rosterExport({ ...filter, reach: await reachOf(actor) }, title);
  await getDatabase().writeAtomic((d) =>
    audit(d, {
      actorId: actor.id,
      action: "roster.exported",
      targetType: "roster",
      ip: meta.ip,
      details: { ...filter, rows: table.rows.length },
    }),
  );
  return table;
}

export type ImportErrorKey =
  | "header"
  | "email"
  | "name"
  | "tier"
  | "supervisor"
  | "supervisorTier1"
  | "compound"
  | "skills"
  | "capacity"
  | "phone"
  | "duplicate"
  | "notVolunteer"
  | "outOfScope"
  | "empty"
  | "tooLarge";

export interface ImportError {
  row: number;
  key: ImportErrorKey;
  values?: Record<string, string>;
}

export type ImportResult =
  { ok: true; created: number; updated: number; committed: boolean } | { ok: false; errors: ImportError[] };

interface ParsedRow {
  row: number;
  email: string;
  name: string;
  phone: string | null;
  tier: 1 | 2 | 3 | 4;
  supervisorEmail: string | null;
  compoundId: number;
  extraCompoundIds: number[];
  skills: Skill[];
  availability: string | null;
  capacity: number;
}

const emailSchema = z.email();
/** Digits with an optional leading +, once spaces, dashes and brackets are taken out: 7–15 of them. */
export function normalizePhone(value: string): string | null {
  const compact = value.replace(/[\s\-()]/g, "");
  return /^\+?\d{7,15}$/.test(compact) ? compact : null;
}
const listOf = (value: string) =>
  value
    .split(/[|;、，,]/)
    .map((s) => s.trim())
    .filter(Boolean);

export async function importRosterCsv(
  actor: Actor,
  text: string,
  options: { dryRun: boolean },
  meta: RequestMeta,
): Promise<ImportResult> {
  const parsed = Papa.parse<Record<Column, string>>(text.replace(/^\uFEFF/, ""), {
    header: true,
    skipEmptyLines: "greedy",
    transformHeader: (h) => h.trim().toLowerCase(),
  });
  const header = parsed.meta.fields ?? [];
  if (csvColumns.some((c) => !header.includes(c)))
    return { ok: false, errors: [{ row: 1, key: "header", values: { expected: csvColumns.join(",") } }] };
  if (parsed.data.length === 0) return { ok: false, errors: [{ row: 1, key: "empty" }] };
  if (parsed.data.length > maxImportRows) return { ok: false, errors: [{ row: 1, key: "tooLarge" }] };

  const database = getDatabase();
  const compounds = await database.db
    .select({ id: schema.compounds.id, code: schema.compounds.code, name: schema.compounds.name })
    .from(schema.compounds);
  // Names first, so that a code always wins when one compound's name is another's code.
  const compoundByCode = new Map([
    ...compounds.map((c): [string, number] => [c.name.trim().toLowerCase(), c.id]),
    ...compounds.map((c): [string, number] => [c.code.toLowerCase(), c.id]),
  ]);
  const errors: ImportError[] = [];
  const rows: ParsedRow[] = [];
  const seen = new Set<string>();

  parsed.data.forEach((raw, i) => {
    const row = i + 2; // the header is row 1
    // A cell our own export neutralised (`'=…`) comes back as it was written.
    const cell = (c: Column) => restoreCell((raw[c] ?? "").trim());
    const fail = (key: ImportErrorKey) => errors.push({ row, key });
    const email = normalizeEmail(cell("email"));
    if (!emailSchema.safeParse(email).success) fail("email");
    else if (seen.has(email)) fail("duplicate");
    seen.add(email);
    if (!cell("name")) fail("name");
    const phone = cell("phone") ? normalizePhone(cell("phone")) : null;
    if (cell("phone") && !phone) fail("phone");
    const tier = Number(cell("tier"));
    if (![1, 2, 3, 4].includes(tier)) fail("tier");
    const supervisorEmail = cell("supervisor_email") ? normalizeEmail(cell("supervisor_email")) : null;
    if (tier === 1 && supervisorEmail) fail("supervisorTier1");
    if (tier > 1 && !supervisorEmail) fail("supervisor");
    const compoundId = compoundByCode.get(cell("compound").toLowerCase());
    if (!compoundId) fail("compound");
    const extraCodes = listOf(cell("extra_compounds"));
    const extraCompoundIds = extraCodes.flatMap((c) => {
      const id = compoundByCode.get(c.toLowerCase());
      return id ? [id] : [];
    });
    if (extraCompoundIds.length !== extraCodes.length) fail("compound");
    const skillCodes = listOf(cell("skills"));
    const rowSkills = skillCodes.filter((s): s is Skill => (skills as readonly string[]).includes(s));
    if (rowSkills.length !== skillCodes.length) fail("skills");
    const capacityText = cell("capacity");
    const capacity = capacityText === "" ? defaultCapacity : Number(capacityText);
    if (!Number.isInteger(capacity) || capacity < 0 || capacity > 50) fail("capacity");
    if (compoundId && [1, 2, 3, 4].includes(tier))
      rows.push({
        row,
        email,
        name: cell("name"),
        phone,
        tier: tier as 1 | 2 | 3 | 4,
        supervisorEmail,
        compoundId,
        extraCompoundIds: [...new Set(extraCompoundIds.filter((id) => id !== compoundId))],
        skills: [...new Set(rowSkills)],
        availability: cell("availability") || null,
        capacity,
      });
  });

  const emails = [
    ...new Set([
      ...rows.map((r) => r.email),
      ...rows.flatMap((r) => (r.supervisorEmail ? [r.supervisorEmail] : [])),
    ]),
  ];
  const known = emails.length
    ? await database.db
        .select({
          id: schema.users.id,
          email: schema.users.email,
          role: schema.users.role,
          tier: schema.users.volunteerTier,
          compoundId: schema.users.compoundId,
        })
        .from(schema.users)
        .where(inArray(schema.users.email, emails))
    : [];
  const knownByEmail = new Map(known.map((k) => [k.email, k]));
  const fileTier = new Map(rows.map((r) => [r.email, r.tier]));
  for (const r of rows) {
    const existing = knownByEmail.get(r.email);
    if (existing && existing.role !== "volunteer") errors.push({ row: r.row, key: "notVolunteer" });
    // An organizer of one compound brings volunteers into it, and moves nobody out of another.
    const compounds = [r.compoundId, ...r.extraCompoundIds, ...(existing ? [existing.compoundId] : [])];
    if (compounds.some((c) => !can(actor, "volunteer.manage", { compoundId: c })))
      errors.push({ row: r.row, key: "outOfScope" });
    if (r.supervisorEmail) {
      const sup = knownByEmail.get(r.supervisorEmail);
      const supTier = fileTier.get(r.supervisorEmail) ?? (sup?.role === "volunteer" ? sup.tier : null);
      if (supTier !== r.tier - 1) errors.push({ row: r.row, key: "supervisor" });
    }
  }
  if (errors.length > 0) return { ok: false, errors: errors.sort((a, b) => a.row - b.row) };

  const created = rows.filter((r) => !knownByEmail.has(r.email)).length;
  const updated = rows.length - created;
  if (options.dryRun) return { ok: true, created, updated, committed: false };

  await database.write(async (tx) => {
    const idOf = new Map(known.map((k) => [k.email, k.id]));
    const inviter = await tx.query.users.findFirst({
      where: eq(schema.users.id, actor.id),
      columns: { id: true, name: true },
    });
    // Supervisors first, so that each row's supervisor has an id by the time it is written.
    for (const r of [...rows].sort((a, b) => a.tier - b.tier)) {
      const supervisorId = r.supervisorEmail ? (idOf.get(r.supervisorEmail) ?? null) : null;
      const account = {
        name: r.name,
        phone: r.phone,
        volunteerTier: r.tier,
        supervisorId,
        compoundId: r.compoundId,
      };
      let id = idOf.get(r.email);
      if (id === undefined) {
        const [inserted] = await tx
          .insert(schema.users)
          .values({ email: r.email, role: "volunteer", ...account })
          .returning({ id: schema.users.id, locale: schema.users.locale });
        if (!inserted) throw new Error("volunteer insert returned no row");
        id = inserted.id;
        idOf.set(r.email, id);
        await issueInvitation(
          tx,
          {
            id,
            email: r.email,
            phone: account.phone,
            compoundId: account.compoundId,
            role: "volunteer",
            locale: inserted.locale,
          },
          {
            id: actor.id,
            name: inviter?.name ?? "",
          },
        );
      } else {
        await tx.update(schema.users).set(account).where(eq(schema.users.id, id));
      }
      const profile = { skills: r.skills, availability: r.availability, capacity: r.capacity };
      await tx
        .insert(schema.volunteerProfiles)
        .values({ userId: id, ...profile })
        .onConflictDoUpdate({
          target: schema.volunteerProfiles.userId,
          set: { ...profile, updatedAt: new Date() },
        });
      await tx.delete(schema.volunteerCompounds).where(eq(schema.volunteerCompounds.userId, id));
      if (r.extraCompoundIds.length)
        await tx
          .insert(schema.volunteerCompounds)
          .values(r.extraCompoundIds.map((compoundId) => ({ userId: id, compoundId })));
    }
    await audit(tx, {
      actorId: actor.id,
      action: "roster.imported",
      targetType: "roster",
      ip: meta.ip,
      details: { created, updated },
    });
  });
  return { ok: true, created, updated, committed: true };
}
