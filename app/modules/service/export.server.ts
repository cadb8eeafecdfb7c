// The service-hours file organizers hand on (to the district's volunteer platform, a school): one row per
// entry, in the reader's language, through the one export kit.
import { DateTime } from "luxon";
import { getDatabase } from "#db/client.server";
import { audit } from "#app/modules/audit/audit.server";
import type { Actor } from "#app/modules/auth/policy";
import { calendarDay } from "#app/modules/dates/day";
import type { getT } from "#app/modules/i18n/i18n";
import type { ExportTable } from "#app/modules/lists/export.server";
import { getSettings } from "#app/modules/settings/settings.server";
import { entriesInReach, type ServiceEntry } from "./hours.server";
import { hoursOf } from "./stars";

/**
 * The entries of the volunteers in `actor`'s reach: of one year (`year`), or of the last twelve months; of one
 * volunteer (`volunteerId`, what their hours page shows: every entry unless a year is asked), or of all; audited.
 */
export async function serviceExport(
  actor: Actor,
  which: { year: number | null; volunteerId?: number },
  t: ReturnType<typeof getT>,
  meta: { ip: string | null },
  now = new Date(),
): Promise<ExportTable<ServiceEntry>> {
  const { timeZone } = await getSettings();
  const { year, volunteerId } = which;
  const range =
    year && Number.isInteger(year) && year > 2000 && year < 3000
      ? {
          from: DateTime.fromObject({ year }, { zone: timeZone }).toJSDate(),
          to: DateTime.fromObject({ year: year + 1 }, { zone: timeZone }).toJSDate(),
        }
      : volunteerId !== undefined
        ? { from: new Date(0), to: new Date(now.getTime() + 366 * 86_400_000) }
        : { from: DateTime.fromJSDate(now).minus({ years: 1 }).toJSDate(), to: now };
  const rows = await entriesInReach(actor, range, volunteerId);
  await getDatabase().writeAtomic((d) =>
    audit(d, {
      actorId: actor.id,
      action: "service.exported",
      targetType: "service_hours",
      ip: meta.ip,
      details: { year, volunteerId, rows: rows.length },
    }),
  );
  return {
    name: volunteerId === undefined ? "service-hours" : `service-hours-${volunteerId}`,
    title: t("service:export.name"),
    columns: [
      { header: t("service:export.volunteer"), cell: (r) => r.volunteerName },
      { header: t("service:export.date"), cell: (r) => calendarDay(r.servedAt, timeZone) },
      { header: t("service:export.source"), cell: (r) => t(`service:sources.${r.source}`) },
      { header: t("service:export.title"), cell: (r) => r.title },
      { header: t("service:export.minutes"), cell: (r) => r.minutes },
      { header: t("service:export.hours"), cell: (r) => hoursOf(r.minutes) },
      { header: t("service:export.status"), cell: (r) => t(`service:statuses.${r.status}`) },
    ],
    rows,
  };
}
