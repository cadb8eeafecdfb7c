import type { LoaderFunctionArgs } from "@remix-run/node";
import { requestIp } from "#app/modules/audit/audit.server";
import { requirePermission } from "#app/modules/auth/guard.server";
import { getT } from "#app/modules/i18n/i18n";
import { getLocale } from "#app/modules/i18n/locale.server";
import { exportResponse, requestedExportFormat } from "#app/modules/lists/export.server";
import { auditedRosterExport } from "#app/modules/roster/csv.server";
import { RosterFilterSchema, tableFilters } from "#app/modules/roster/roster-filters";

// Serves /roster/export.csv and, through roster.export[.xlsx].ts, the same rows as /roster/export.xlsx: the
// table view's filters (the page's own parser), its `status` too (those who left), within the reader's reach.
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "roster.tree");
  const f = RosterFilterSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const title = getT(getLocale(request))("roster:export.fileTitle");
  const table = await auditedRosterExport(user, tableFilters(f), title, { ip: requestIp(request) });
  return exportResponse(table, requestedExportFormat(request));
}
