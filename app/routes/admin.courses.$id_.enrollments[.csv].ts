import type { LoaderFunctionArgs } from "@remix-run/node";
import { requestIp } from "#app/modules/audit/audit.server";
import { requirePermission } from "#app/modules/auth/guard.server";
import { courseRoster, rosterExport } from "#app/modules/courses/attendance.server";
import { getCourse } from "#app/modules/courses/courses.server";
import { getLocale } from "#app/modules/i18n/locale.server";
import { exportResponse, requestedExportFormat } from "#app/modules/lists/export.server";
import { getSettings } from "#app/modules/settings/settings.server";

// Serves enrollments.csv and, through admin.courses.$id_.enrollments[.xlsx].ts, enrollments.xlsx.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "course.write");
  const page = await getCourse(Number(params.id) || 0);
  if (!page) throw new Response("Not found", { status: 404 });
  const [roster, { timeZone }] = await Promise.all([
    courseRoster(user, page.course.id, { via: "course.export", ip: requestIp(request) }),
    getSettings(),
  ]);
  const table = rosterExport(roster, page.course, getLocale(request), timeZone);
  return exportResponse(table, requestedExportFormat(request), { timeZone });
}
