import type { LoaderFunctionArgs } from "@remix-run/node";
import { requestIp } from "#app/modules/audit/audit.server";
import { requirePermission } from "#app/modules/auth/guard.server";
import { helpExport, helpExportLimit } from "#app/modules/help/export.server";
import { ListFilterSchema } from "#app/modules/help/schemas";
import { getT } from "#app/modules/i18n/i18n";
import { getLocale } from "#app/modules/i18n/locale.server";
import { exportResponse, requestedExportFormat } from "#app/modules/lists/export.server";
import { getSettings } from "#app/modules/settings/settings.server";

// Serves /help/export.csv and, through help.export[.xlsx].ts, /help/export.xlsx: the help request list as its
// filters find it, every page, in the same scope as the page.
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "help.export");
  const { page: _page, ...filter } = ListFilterSchema.parse(
    Object.fromEntries(new URL(request.url).searchParams),
  );
  const locale = getLocale(request);
  const { timeZone } = await getSettings();
  const ip = requestIp(request);
  const table = await helpExport(user, filter, locale, { via: "help.export", ip }, timeZone);
  if (!table)
    throw new Response(getT(locale)("help:export.tooMany", { count: helpExportLimit }), {
      status: 400,
      headers: { "Content-Type": "text/plain; charset=utf-8" },
    });
  return exportResponse(table, requestedExportFormat(request), { timeZone });
}
