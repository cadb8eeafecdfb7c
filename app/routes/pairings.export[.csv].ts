import type { LoaderFunctionArgs } from "@remix-run/node";
import { requestIp } from "#app/modules/audit/audit.server";
import { requirePermission } from "#app/modules/auth/guard.server";
import { getT } from "#app/modules/i18n/i18n";
import { getLocale } from "#app/modules/i18n/locale.server";
import { exportResponse, requestedExportFormat } from "#app/modules/lists/export.server";
import { pairingFilters } from "#app/modules/roster/pairing-filters";
import { pairingExport, pairingExportLimit } from "#app/modules/roster/pairing-list.server";
import { getSettings } from "#app/modules/settings/settings.server";

// Serves /pairings/export.csv and, through pairings.export[.xlsx].ts, /pairings/export.xlsx: the pairing list
// as its filters find it, every page, in the same scope as the page.
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "roster.tree");
  const { page: _page, ...filters } = pairingFilters(new URL(request.url).searchParams);
  const locale = getLocale(request);
  const { timeZone } = await getSettings();
  const ctx = { via: "pairings.export", ip: requestIp(request) };
  const table = await pairingExport(user, filters, locale, ctx, timeZone);
  if (!table)
    throw new Response(getT(locale)("roster:pairings.tooMany", { count: pairingExportLimit }), {
      status: 400,
      headers: { "Content-Type": "text/plain; charset=utf-8" },
    });
  return exportResponse(table, requestedExportFormat(request), { timeZone });
}
