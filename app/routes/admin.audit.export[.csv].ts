// Serves export.csv and, through admin.audit.export[.xlsx].ts, export.xlsx: what the reader may see of the log.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { parseWithZod } from "@conform-to/zod/v4";
import { requestIp } from "#app/modules/audit/audit.server";
import { AuditFilterSchema } from "#app/modules/audit/filters";
import { exportAudit } from "#app/modules/audit/search.server";
import { forbidden, requirePermission } from "#app/modules/auth/guard.server";
import { getLocale } from "#app/modules/i18n/locale.server";
import { exportResponse, requestedExportFormat } from "#app/modules/lists/export.server";
import { getSettings } from "#app/modules/settings/settings.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "audit.read");
  const submission = parseWithZod(new URL(request.url).searchParams, { schema: AuditFilterSchema });
  if (submission.status !== "success") throw new Response("Bad filters", { status: 400 });
  const settings = await getSettings();
  const table = await exportAudit(user, submission.value, {
    zone: settings.timeZone,
    locale: getLocale(request),
    ip: requestIp(request),
  });
  if (table === null) throw forbidden();
  return exportResponse(table, requestedExportFormat(request), { timeZone: settings.timeZone });
}
