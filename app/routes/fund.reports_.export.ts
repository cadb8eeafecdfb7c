// The month's reports as one XLSX workbook, a sheet for each table of /fund/reports, through the export kit.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { getT } from "#app/modules/i18n/i18n";
import { getLocale } from "#app/modules/i18n/locale.server";
import { workbookResponse } from "#app/modules/lists/export.server";
import { monthParam } from "#app/modules/material/clock.server";
import { requireDuty } from "#app/modules/material/guard.server";
import { monthlyReport, reportSheets } from "#app/modules/material/reports.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireDuty(request, "fund.read");
  const month = await monthParam(request);
  const t = getT(getLocale(request));
  const report = await monthlyReport(user, month);
  return workbookResponse(
    { name: `reports-${month}`, title: `${t("material:reports.title")} ${month}`, dated: false },
    reportSheets(report, t),
  );
}
