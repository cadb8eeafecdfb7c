import type { LoaderFunctionArgs } from "@remix-run/node";
import { requestIp } from "#app/modules/audit/audit.server";
import { requirePermission } from "#app/modules/auth/guard.server";
import { courseRoster, rosterCsv } from "#app/modules/courses/attendance.server";
import { getCourse } from "#app/modules/courses/courses.server";
import { getLocale } from "#app/modules/i18n/locale.server";
import { getSettings } from "#app/modules/settings/settings.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "course.write");
  const page = await getCourse(Number(params.id) || 0);
  if (!page) throw new Response("Not found", { status: 404 });
  const [roster, { timeZone }] = await Promise.all([
    courseRoster(user, page.course.id, { via: "course.export", ip: requestIp(request) }),
    getSettings(),
  ]);
  return new Response(rosterCsv(roster, getLocale(request), timeZone), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="course-${page.course.id}-enrollments.csv"`,
      "Cache-Control": "private, no-store",
    },
  });
}
