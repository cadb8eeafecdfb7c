// A broadcast's email counts, polled by the announcement's staff page while it goes out.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { broadcastProgress } from "#app/modules/announcements/announcements.server";
import { requirePermission } from "#app/modules/auth/guard.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requirePermission(request, "announcement.write");
  const id = Number(params.id);
  if (!Number.isSafeInteger(id) || id <= 0) throw new Response("Not found", { status: 404 });
  return broadcastProgress(id);
}
