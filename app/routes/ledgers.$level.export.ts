import type { LoaderFunctionArgs } from "@remix-run/node";
import { requestIp } from "#app/modules/audit/audit.server";
import { requirePermission } from "#app/modules/auth/guard.server";
import { ledgerExport, ledgerLevelParam } from "#app/modules/households/ledger.server";
import { getLocale } from "#app/modules/i18n/locale.server";
import { exportResponse, requestedExportFormat } from "#app/modules/lists/export.server";

// CSV by default, XLSX with ?format=xlsx.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "household.ledger");
  const level = ledgerLevelParam(params);
  const table = await ledgerExport(user, level, getLocale(request), { ip: requestIp(request) });
  return exportResponse(table, requestedExportFormat(request));
}
