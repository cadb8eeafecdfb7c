import type { LoaderFunctionArgs } from "@remix-run/node";
import { requirePermission } from "#app/modules/auth/guard.server";
import { importTemplate } from "#app/modules/households/import.server";
import { getT } from "#app/modules/i18n/i18n";
import { getLocale } from "#app/modules/i18n/locale.server";
import { exportResponse } from "#app/modules/lists/export.server";

// CSV only: the import reads CSV.
export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "household.import");
  const title = getT(getLocale(request))("households:import.templateFile");
  return exportResponse(importTemplate(title), "csv");
}
