// The audit view: the log searched by person, household, action and days, newest first, paged by id so a page
// costs the same however long the log is; and the same search as a CSV file. What an actor may see at all is
// decided by auditVisibility (visibility.server.ts) and applied to every query here.
import { and, desc, eq, gte, inArray, lt, or, type SQL } from "drizzle-orm";
import { DateTime } from "luxon";
import { contains } from "#db/like";
import { getDatabase, schema } from "#db/client.server";
import type { Actor } from "#app/modules/auth/policy";
import { formatDateTime } from "#app/modules/dates/day";
import type { ExportTable } from "#app/modules/lists/export.server";
import { getT, type Locale } from "#app/modules/i18n/i18n";
import { audit } from "./audit.server";
import { actionLabelKey, isAuditAction } from "./actions";
import { auditExportMax, type AuditFilter } from "./filters";
import { auditVisibility } from "./visibility.server";

export const auditPageSize = 50;

const a = schema.auditLog;
const u = schema.users;

function personCondition(person: string): SQL {
  if (/^\d{1,15}$/.test(person)) return eq(a.actorId, Number(person));
  return inArray(
    a.actorId,
    getDatabase()
      .db.select({ id: u.id })
      .from(u)
      .where(or(contains(u.name, person), contains(u.email, person))),
  );
}

function dayStart(day: string, zone: string): Date {
  return DateTime.fromISO(day, { zone }).startOf("day").toJSDate();
}

function conditions(filter: AuditFilter, zone: string, visible: SQL | undefined): SQL | undefined {
  return and(
    visible,
    filter.person ? personCondition(filter.person) : undefined,
    filter.household
      ? and(eq(a.targetType, "household"), eq(a.targetId, String(filter.household)))
      : undefined,
    filter.action ? eq(a.action, filter.action) : undefined,
    filter.from ? gte(a.at, dayStart(filter.from, zone)) : undefined,
    filter.to
      ? lt(a.at, DateTime.fromJSDate(dayStart(filter.to, zone)).plus({ days: 1 }).toJSDate())
      : undefined,
  );
}

async function entries(where: SQL | undefined, limit: number) {
  return getDatabase()
    .db.select({
      id: a.id,
      at: a.at,
      actorId: a.actorId,
      actorName: u.name,
      actorRole: u.role,
      action: a.action,
      targetType: a.targetType,
      targetId: a.targetId,
      details: a.details,
      ip: a.ip,
    })
    .from(a)
    .leftJoin(u, eq(u.id, a.actorId))
    .where(where)
    .orderBy(desc(a.id))
    .limit(limit);
}

/** Details as one short line: `fields: phone, note; level: extreme`. Never holds a secret (audit.server.ts). */
export function detailsLine(details: Record<string, unknown> | null): string {
  if (!details) return "";
  const line = Object.entries(details)
    .map(([key, value]) => {
      const shown = Array.isArray(value)
        ? value.map((v) => (typeof v === "object" ? JSON.stringify(v) : String(v))).join(", ")
        : typeof value === "object" && value !== null
          ? JSON.stringify(value)
          : String(value);
      return `${key}: ${shown}`;
    })
    .join("; ");
  return line.length > 300 ? `${line.slice(0, 299)}…` : line;
}

export type AuditSearch =
  | { ok: false }
  | {
      ok: true;
      showIp: boolean;
      entries: Awaited<ReturnType<typeof entries>>;
      nextBefore: number | undefined;
    };

/** One page of what `actor` may see, newest first; `before` is the id the previous page ended at. */
export async function searchAudit(
  actor: Actor,
  filter: AuditFilter,
  zone: string,
  before?: number,
): Promise<AuditSearch> {
  const visibility = await auditVisibility(actor);
  if (visibility.kind === "none") return { ok: false };
  const where = and(conditions(filter, zone, visibility.where), before ? lt(a.id, before) : undefined);
  const rows = await entries(where, auditPageSize + 1);
  const page = rows.slice(0, auditPageSize).map((r) => (visibility.showIp ? r : { ...r, ip: null }));
  return {
    ok: true,
    showIp: visibility.showIp,
    entries: page,
    nextBefore: rows.length > auditPageSize ? page.at(-1)?.id : undefined,
  };
}

/** The label of an action code, or the code itself for one this version does not know. */
export function actionLabel(t: ReturnType<typeof getT>, code: string): string {
  // The key is built from a known code; i18n-keys.test.ts and actions.test.ts check each exists.
  return isAuditAction(code) ? t(`audit:${actionLabelKey(code)}` as never) : code;
}

/**
 * The search as CSV (UTF-8 with a byte-order mark, for Excel), at most `auditExportMax` newest entries, every
 * cell made safe for spreadsheets. The export itself is an entry in the log.
 */
export type AuditRow = Awaited<ReturnType<typeof entries>>[number];

/** What the actor may see of the audit log under `filter`, as a file (CSV or XLSX through the export kit); logged. */
export async function exportAudit(
  actor: Actor,
  filter: AuditFilter,
  context: { zone: string; locale: Locale; ip: string | null },
): Promise<ExportTable<AuditRow> | null> {
  const visibility = await auditVisibility(actor);
  if (visibility.kind === "none") return null;
  const rows = await entries(conditions(filter, context.zone, visibility.where), auditExportMax);
  const t = getT(context.locale);
  const column = (key: string, cell: (r: AuditRow) => string) => ({
    header: t(`audit:csv.${key as "at"}`),
    cell,
  });
  const table: ExportTable<AuditRow> = {
    name: "audit",
    title: t("audit:title"),
    rows,
    columns: [
      column("at", (r) => formatDateTime(r.at, context.zone)),
      column("actorId", (r) => (r.actorId === null ? "" : String(r.actorId))),
      column("actor", (r) => r.actorName ?? ""),
      column("role", (r) => (r.actorRole ? t(`audit:roles.${r.actorRole}`) : "")),
      column("action", (r) => actionLabel(t, r.action)),
      column("code", (r) => r.action),
      column("targetType", (r) => r.targetType ?? ""),
      column("targetId", (r) => r.targetId ?? ""),
      column("details", (r) => detailsLine(r.details)),
      ...(visibility.showIp ? [column("ip", (r) => r.ip ?? "")] : []),
    ],
  };
  await getDatabase().writeAtomic((d) =>
    audit(d, {
      actorId: actor.id,
      action: "audit.exported",
      ip: context.ip,
      details: { rows: rows.length, ...filter },
    }),
  );
  return table;
}
