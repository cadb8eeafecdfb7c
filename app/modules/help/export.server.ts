// The help request list as a file: the rows `listHelpRequests` gives the page, with the same scope and filters,
// every page at once up to a file's worth; each household listed through the reader under the export's `via`.
import { getDatabase } from "#db/client.server";
import { audit } from "#app/modules/audit/audit.server";
import type { Actor } from "#app/modules/auth/policy";
import { formatDateTime } from "#app/modules/dates/day";
import type { ReadContext } from "#app/modules/households/reader.server";
import { getT, type Locale } from "#app/modules/i18n/i18n";
import { formatList } from "#app/modules/i18n/list";
import type { ExportTable } from "#app/modules/lists/export.server";
import { listHelpRequests, type HelpListFilter, type HelpListItem } from "./lists.server";

/** The most requests one file holds: beyond it the reader narrows the list first. */
export const helpExportLimit = 10_000;

/** The filtered list as `actor` sees it, as a table, the export audited; null when it is longer than `limit`. */
export async function helpExport(
  actor: Actor,
  filter: Omit<HelpListFilter, "page">,
  locale: Locale,
  ctx: ReadContext,
  timeZone: string,
  now = new Date(),
  limit = helpExportLimit,
): Promise<ExportTable<HelpListItem> | null> {
  const { items, hasMore } = await listHelpRequests(actor, { ...filter, page: 0 }, ctx, now, limit);
  if (hasMore) return null;
  await getDatabase().writeAtomic((d) =>
    audit(d, {
      actorId: actor.id,
      action: "help.exported",
      targetType: "help_request",
      ip: ctx.ip ?? null,
      details: { ...filter, rows: items.length },
    }),
  );
  const t = getT(locale);
  const when = (date: Date | null) => (date ? formatDateTime(date, timeZone) : "");
  return {
    name: "help-requests",
    title: t("help:export.fileTitle"),
    columns: [
      { header: t("help:export.number"), cell: (r) => r.id },
      { header: t("help:export.kind"), cell: (r) => t(`help:kind.${r.kind}`) },
      { header: t("help:export.status"), cell: (r) => t(`help:status.${r.status}`) },
      { header: t("help:export.urgency"), cell: (r) => t(`help:urgency.${r.urgency}`) },
      { header: t("help:export.channel"), cell: (r) => t(`help:channel.${r.channel}`) },
      { header: t("help:export.household"), cell: (r) => r.address, width: 36 },
      { header: t("help:export.asked"), cell: (r) => when(r.createdAt), width: 18 },
      {
        header: t("help:export.holder"),
        cell: (r) =>
          r.assigneeName ??
          (r.holderNames.length > 0
            ? t("help:list.organizersNamed", { names: formatList(locale, r.holderNames) })
            : t("help:list.organizers")),
        width: 24,
      },
      { header: t("help:export.acknowledged"), cell: (r) => when(r.acknowledgedAt), width: 18 },
      { header: t("help:export.overdue"), cell: (r) => (r.overdue ? t("help:export.yes") : "") },
      { header: t("help:export.resolved"), cell: (r) => when(r.resolvedAt), width: 18 },
      { header: t("help:export.rating"), cell: (r) => r.rating },
      { header: t("help:export.escalation"), cell: (r) => r.escalationLevel },
    ],
    rows: items,
  };
}
