// A private calendar feed, fetched by calendar apps without a session: /calendar/<token>.ics.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { feedResponse } from "#app/modules/calendar/feed.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  return feedResponse(request, params.file ?? "");
}
