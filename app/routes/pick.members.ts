import type { LoaderFunctionArgs } from "@remix-run/node";
import { requestIp } from "#app/modules/audit/audit.server";
import { requireUser } from "#app/modules/auth/guard.server";
import { can } from "#app/modules/auth/policy";
import { membersToEnroll } from "#app/modules/courses/pickers.server";

// The member picker's matches as one types (course pages, enrolling someone on their behalf).
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  if (!can(user, "course.write") && user.role !== "volunteer")
    throw new Response("Forbidden", { status: 403 });
  const q = (new URL(request.url).searchParams.get("q") ?? "").slice(0, 40);
  const options = await membersToEnroll(user, q, { via: "picker.members", ip: requestIp(request) });
  return Response.json({ options }, { headers: { "Cache-Control": "no-store" } });
}
