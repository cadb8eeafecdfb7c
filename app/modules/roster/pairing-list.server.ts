// The list of pairings staff and cadres filter (compound, state, role, the household's level), a page at a time
// or every page at once for its export: one query, so the file holds what the page shows. The scope is the
// policy's `pairing.read` (roster.server.ts `pairingScope`); every household shown is read through the reader.
import { and, desc, eq, inArray, sql } from "drizzle-orm";
import { db, getDatabase, schema } from "#db/client.server";
import { audit } from "#app/modules/audit/audit.server";
import type { Actor } from "#app/modules/auth/policy";
import { reachOf } from "#app/modules/auth/scope.server";
import { fullAddress } from "#app/modules/households/brief";
import type { ReadContext } from "#app/modules/households/reader.server";
import { getT, type Locale } from "#app/modules/i18n/i18n";
import type { ExportTable } from "#app/modules/lists/export.server";
import { pairingStatusKey } from "./codes";
import { formatDay } from "./dates";
import type { PairingFilters } from "./pairing-filters";
import { pairingColumns, pairingScope, withHouseholds, type PairingRow } from "./roster.server";

export const PAIRING_PAGE_SIZE = 50;
/** The most pairings one file holds: beyond it the reader narrows the list first. */
export const pairingExportLimit = 10_000;

/**
 * Pairings `actor` may read that match `filters`, current first, newest first: `limit` rows from `offset`, and
 * whether more follow. Each household shown is logged as listed under `ctx.via`.
 */
export async function listPairings(
  actor: Actor,
  filters: PairingFilters,
  ctx: ReadContext,
  window: { offset: number; limit: number },
): Promise<{ rows: PairingRow[]; hasMore: boolean }> {
  const p = schema.pairings;
  const h = schema.households;
  const households =
    filters.compound || filters.level
      ? db()
          .select({ id: h.id })
          .from(h)
          .where(
            and(
              filters.compound ? eq(h.compoundId, filters.compound) : undefined,
              filters.level ? eq(h.hardshipLevel, filters.level) : undefined,
            ),
          )
      : undefined;
  const rows = await db()
    .select(pairingColumns)
    .from(p)
    .innerJoin(schema.users, eq(schema.users.id, p.volunteerId))
    .where(
      and(
        pairingScope(await reachOf(actor)),
        filters.status ? eq(p.status, filters.status) : undefined,
        filters.role ? eq(p.role, filters.role) : undefined,
        households ? inArray(p.householdId, households) : undefined,
      ),
    )
    .orderBy(sql`${p.status} = 'active' DESC`, desc(p.startedAt), desc(p.id))
    .limit(window.limit + 1)
    .offset(window.offset);
  const shown = rows.slice(0, window.limit);
  return { rows: await withHouseholds(actor, shown, ctx), hasMore: rows.length > window.limit };
}

/** One page of the list, counted from 1. */
export function pairingPage(actor: Actor, filters: PairingFilters, page: number, ctx: ReadContext) {
  return listPairings(actor, filters, ctx, {
    offset: (Math.max(1, page) - 1) * PAIRING_PAGE_SIZE,
    limit: PAIRING_PAGE_SIZE,
  });
}

/**
 * Every pairing of the filtered list as `actor` sees it, as a table in `locale`, the export audited; null when
 * the list is longer than `limit`.
 */
export async function pairingExport(
  actor: Actor,
  filters: PairingFilters,
  locale: Locale,
  ctx: ReadContext,
  timeZone: string,
  limit = pairingExportLimit,
): Promise<ExportTable<PairingRow> | null> {
  const { rows, hasMore } = await listPairings(actor, filters, ctx, { offset: 0, limit });
  if (hasMore) return null;
  await getDatabase().writeAtomic((d) =>
    audit(d, {
      actorId: actor.id,
      action: "pairing.exported",
      targetType: "pairing",
      ip: ctx.ip ?? null,
      details: { ...filters, rows: rows.length },
    }),
  );
  const t = getT(locale);
  return {
    name: "pairings",
    title: t("roster:pairings.fileTitle"),
    columns: [
      { header: t("roster:pairings.household"), cell: (r) => fullAddress(r.household), width: 30 },
      { header: t("roster:pairings.head"), cell: (r) => r.household.headName, width: 14 },
      {
        header: t("roster:pairings.level"),
        cell: (r) => t(`households:hardshipLevel.${r.household.hardshipLevel}`),
      },
      { header: t("roster:pairings.volunteer"), cell: (r) => r.volunteerName, width: 14 },
      { header: t("roster:pairings.role"), cell: (r) => t(`roster:role.${r.role}`) },
      { header: t("roster:pairings.status"), cell: (r) => t(`roster:status.${pairingStatusKey[r.status]}`) },
      { header: t("roster:pairings.startedAt"), cell: (r) => formatDay(r.startedAt, timeZone) },
      { header: t("roster:pairings.endedAt"), cell: (r) => formatDay(r.endedAt, timeZone) },
      { header: t("roster:pairings.endReason"), cell: (r) => r.endReason, width: 24 },
      { header: t("roster:pairings.overrideReason"), cell: (r) => r.overrideReason, width: 24 },
    ],
    rows,
  };
}
