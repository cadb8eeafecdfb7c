import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireUser } from "#app/modules/auth/guard.server";
import { can } from "#app/modules/auth/policy";
import { householdFacts } from "#app/modules/households/facts.server";
import { sharedI18n } from "#app/modules/i18n/i18n";
import { getLocale } from "#app/modules/i18n/locale.server";
import { candidateOption } from "#app/modules/roster/candidate-reasons";
import { searchVolunteersToPair } from "#app/modules/roster/suggestions.server";

// The pairing page's volunteer search as one types: `?household=` the household being paired (pairing.write on
// its compound), `q` a name or the start of a phone; every volunteer the person may pair, with load and reasons.
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const url = new URL(request.url);
  const householdId = Number(url.searchParams.get("household"));
  const facts = Number.isInteger(householdId) && householdId > 0 ? await householdFacts(householdId) : null;
  if (!facts) throw new Response("Not found", { status: 404 });
  if (!can(user, "pairing.write", { compoundId: facts.compoundId }))
    throw new Response("Forbidden", { status: 403 });
  const locale = getLocale(request);
  const t = sharedI18n(locale).getFixedT(locale, ["roster", "service"] as const);
  const found = await searchVolunteersToPair(user, householdId, url.searchParams.get("q") ?? "");
  const options = found.map((c) => candidateOption(t, locale, c));
  return Response.json({ options }, { headers: { "Cache-Control": "no-store" } });
}
