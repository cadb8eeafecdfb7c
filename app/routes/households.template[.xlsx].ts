import type { LoaderFunctionArgs } from "@remix-run/node";
import { requirePermission } from "#app/modules/auth/guard.server";
import { importCompounds, importTemplateSheets } from "#app/modules/households/import.server";
import { getT } from "#app/modules/i18n/i18n";
import { getLocale } from "#app/modules/i18n/locale.server";
import { workbookResponse } from "#app/modules/lists/export.server";

// The template to fill in, and a "说明" sheet naming the compounds this reader may import into and every code.
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "household.import");
  const locale = getLocale(request);
  const title = getT(locale)("households:import.templateFile");
  const sheets = importTemplateSheets(locale, await importCompounds(user));
  return workbookResponse({ name: "households-template", title, dated: false }, sheets);
}
