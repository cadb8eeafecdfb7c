import type { LoaderFunctionArgs } from "@remix-run/node";
import { requestIp } from "#app/modules/audit/audit.server";
import { requirePermission } from "#app/modules/auth/guard.server";
import { registryExport } from "#app/modules/households/registry-export.server";
import { registryFilters } from "#app/modules/households/registry-filters";
import { getLocale } from "#app/modules/i18n/locale.server";
import { exportResponse } from "#app/modules/lists/export.server";

// The registry as the list's filters find it, within the reader's scope (staff only, like the ledgers).
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "household.ledger");
  const filters = registryFilters(new URL(request.url).searchParams);
  const table = await registryExport(user, filters, getLocale(request), { ip: requestIp(request) });
  return exportResponse(table, "csv");
}
