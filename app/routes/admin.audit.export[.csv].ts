import type { LoaderFunctionArgs } from "@remix-run/node";
import { parseWithZod } from "@conform-to/zod/v4";
import { requestIp } from "#app/modules/audit/audit.server";
import { AuditFilterSchema } from "#app/modules/audit/filters";
import { exportAudit } from "#app/modules/audit/search.server";
import { forbidden, requirePermission } from "#app/modules/auth/guard.server";
import { calendarDay } from "#app/modules/dates/day";
import { getLocale } from "#app/modules/i18n/locale.server";
import { getSettings } from "#app/modules/settings/settings.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "audit.read");
  const submission = parseWithZod(new URL(request.url).searchParams, { schema: AuditFilterSchema });
  if (submission.status !== "success") throw new Response("Bad filters", { status: 400 });
  const settings = await getSettings();
  const csv = await exportAudit(user, submission.value, {
    zone: settings.timeZone,
    locale: getLocale(request),
    ip: requestIp(request),
  });
  if (csv === null) throw forbidden();
  const name = `audit-${calendarDay(new Date(), settings.timeZone)}.csv`;
  return new Response(csv, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${name}"`,
      "Cache-Control": "no-store",
    },
  });
}
