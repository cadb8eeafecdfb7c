// The monthly report as one XLSX workbook, a sheet per section of /reports/monthly: same month, same compounds.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { requestIp } from "#app/modules/audit/audit.server";
import { requirePermission } from "#app/modules/auth/guard.server";
import { getT } from "#app/modules/i18n/i18n";
import { getLocale } from "#app/modules/i18n/locale.server";
import { workbookResponse } from "#app/modules/lists/export.server";
import {
  monthlyReport,
  recordReportDownload,
  reportMonthParam,
  reportSheets,
} from "#app/modules/reports/monthly.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "report.monthly");
  const month = await reportMonthParam(request);
  const t = getT(getLocale(request));
  const report = await monthlyReport(user, month);
  await recordReportDownload(user, report, requestIp(request));
  return workbookResponse(
    { name: `monthly-report-${month}`, title: `${t("reports:monthly.title")} ${month}`, dated: false },
    reportSheets(report, t),
  );
}
