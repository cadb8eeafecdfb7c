import type { LoaderFunctionArgs } from "@remix-run/node";
import { parseWithZod } from "@conform-to/zod/v4";
import { audit, requestIp } from "#app/modules/audit/audit.server";
import { requirePermission } from "#app/modules/auth/guard.server";
import { todayIn } from "#app/modules/dates/range";
import { getT } from "#app/modules/i18n/i18n";
import { getLocale } from "#app/modules/i18n/locale.server";
import { exportResponse, requestedExportFormat } from "#app/modules/lists/export.server";
import { getSettings } from "#app/modules/settings/settings.server";
import { applicableFilters, isFilteredTab, visitFilterSchema } from "#app/modules/visits/list-filters";
import { visitExport, visitExportLimit } from "#app/modules/visits/list.server";
import { VisitListQuery } from "#app/modules/visits/schemas";
import { getDatabase } from "#db/client.server";

// Serves /visits/export.csv and, through visits.export[.xlsx].ts, /visits/export.xlsx: the visit list of one
// tab as its filters find it, in the same scope as the page (a volunteer's own visits; staff their compounds').
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "visit.list");
  const params = new URL(request.url).searchParams;
  const { tab: asked } = VisitListQuery.parse(Object.fromEntries(params));
  const tab = isFilteredTab(asked) ? asked : "upcoming";
  const { timeZone } = await getSettings();
  const t = getT(getLocale(request));
  const submission = parseWithZod(params, { schema: visitFilterSchema(todayIn(timeZone)) });
  if (submission.status !== "success")
    throw new Response(t("visits:export.badFilters"), {
      status: 400,
      headers: { "Content-Type": "text/plain; charset=utf-8" },
    });
  const filters = applicableFilters(submission.value, tab);
  const ip = requestIp(request);
  const table = await visitExport(user, tab, filters, t, { via: "visits.export", ip }, timeZone);
  if (!table)
    throw new Response(t("visits:export.tooMany", { count: visitExportLimit }), {
      status: 400,
      headers: { "Content-Type": "text/plain; charset=utf-8" },
    });
  await getDatabase().writeAtomic((d) =>
    audit(d, {
      actorId: user.id,
      action: "visit.exported",
      targetType: "visit",
      ip,
      details: { tab, ...filters, rows: table.rows.length },
    }),
  );
  return exportResponse(table, requestedExportFormat(request), { timeZone });
}
