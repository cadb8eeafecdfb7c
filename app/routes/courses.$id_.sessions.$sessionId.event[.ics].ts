// One session of a course the signed-in person holds a seat in, as a calendar file to open or import.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireUser } from "#app/modules/auth/guard.server";
import { courseSessionCalendar } from "#app/modules/calendar/downloads.server";
import { icsDownload } from "#app/modules/calendar/events.server";
import { getLocale } from "#app/modules/i18n/locale.server";

function id(value: string | undefined): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n <= 0) throw new Response("Not found", { status: 404 });
  return n;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const ids = { courseId: id(params.id), sessionId: id(params.sessionId) };
  const text = await courseSessionCalendar(user.id, getLocale(request), ids);
  if (text === null) throw new Response("Not found", { status: 404 });
  return icsDownload(text, `course-${ids.courseId}-session-${ids.sessionId}.ics`);
}
