import type { LoaderFunctionArgs } from "@remix-run/node";
import { requestIp } from "#app/modules/audit/audit.server";
import { requireUser } from "#app/modules/auth/guard.server";
import { sharedI18n } from "#app/modules/i18n/i18n";
import { getLocale } from "#app/modules/i18n/locale.server";
import { householdOption } from "#app/modules/roster/candidate-reasons";
import { pairableVolunteer, searchHouseholdsToPair } from "#app/modules/roster/suggestions.server";

// The household search of a volunteer's "pair with a household" page as one types: `?volunteer=` a volunteer on
// the person's roster whom they may pair in some compound, `q` a member's name or the start of a phone.
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const url = new URL(request.url);
  const volunteerId = Number(url.searchParams.get("volunteer"));
  const volunteer =
    Number.isInteger(volunteerId) && volunteerId > 0 ? await pairableVolunteer(user, volunteerId) : null;
  if (!volunteer) throw new Response("Not found", { status: 404 });
  if (volunteer.compoundIds.length === 0) throw new Response("Forbidden", { status: 403 });
  const locale = getLocale(request);
  const t = sharedI18n(locale).getFixedT(locale, ["roster", "households"] as const);
  const found = await searchHouseholdsToPair(user, volunteer.id, url.searchParams.get("q") ?? "", {
    via: "picker.pairHousehold",
    ip: requestIp(request),
  });
  return Response.json(
    { options: found.map((h) => householdOption(t, h)) },
    { headers: { "Cache-Control": "no-store" } },
  );
}
