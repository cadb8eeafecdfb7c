import type { LoaderFunctionArgs } from "@remix-run/node";
import { requirePermission } from "#app/modules/auth/guard.server";
import { linkableCourses } from "#app/modules/courses/pickers.server";

// The course picker's matches as one types (a training announcement's course).
export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "announcement.write");
  const q = (new URL(request.url).searchParams.get("q") ?? "").slice(0, 40);
  return Response.json({ options: await linkableCourses(q) }, { headers: { "Cache-Control": "no-store" } });
}
