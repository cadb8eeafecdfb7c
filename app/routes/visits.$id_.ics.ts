// One visit as an .ics file to open in any calendar app (METHOD:PUBLISH, the same UID as its invitations).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { icsDownload } from "#app/modules/calendar/events.server";
import { requireUser } from "#app/modules/auth/guard.server";
import { requestMeta } from "#app/modules/auth/sign-in.server";
import { visitDownload } from "#app/modules/visits/reads.server";
import { unwrapVisit, visitIdParam } from "#app/modules/visits/route-helpers";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const id = visitIdParam(params);
  const text = unwrapVisit(await visitDownload(user, id, requestMeta(request)));
  return icsDownload(text, `visit-${id}.ics`);
}
