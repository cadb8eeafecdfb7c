// The month's fund statement as XLSX (`?format=csv` for CSV), through the export kit.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { getT } from "#app/modules/i18n/i18n";
import { getLocale } from "#app/modules/i18n/locale.server";
import { exportResponse, requestedExportFormat } from "#app/modules/lists/export.server";
import { requireDuty } from "#app/modules/material/guard.server";
import { monthlyStatement, statementTable } from "#app/modules/material/statement.server";
import { monthParam } from "#app/modules/material/clock.server";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireDuty(request, "fund.read");
  const month = await monthParam(request);
  const table = statementTable(await monthlyStatement(month), month, getT(getLocale(request)));
  const asked = new URL(request.url).searchParams.has("format") ? requestedExportFormat(request) : "xlsx";
  return exportResponse(table, asked);
}
