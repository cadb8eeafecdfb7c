import type { LoaderFunctionArgs } from "@remix-run/node";
import { requestIp } from "#app/modules/audit/audit.server";
import { requirePermission } from "#app/modules/auth/guard.server";
import { getT } from "#app/modules/i18n/i18n";
import { getLocale } from "#app/modules/i18n/locale.server";
import { exportResponse, requestedExportFormat } from "#app/modules/lists/export.server";
import { serviceExport } from "#app/modules/service/export.server";

// Serves /service/export.csv and, through service.export[.xlsx].ts, /service/export.xlsx: every entry of the
// last year (or ?year=) of the volunteers in the organizer's reach, or every entry of one (?volunteer=, the
// hours page of that volunteer).
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "service.manage");
  const params = new URL(request.url).searchParams;
  const year = Number(params.get("year")) || null;
  const asked = Number(params.get("volunteer"));
  const volunteerId = Number.isInteger(asked) && asked > 0 ? asked : undefined;
  const t = getT(getLocale(request));
  const table = await serviceExport(user, { year, volunteerId }, t, { ip: requestIp(request) });
  return exportResponse(table, requestedExportFormat(request));
}
