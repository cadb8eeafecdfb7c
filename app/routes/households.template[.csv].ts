import type { LoaderFunctionArgs } from "@remix-run/node";
import { requirePermission } from "#app/modules/auth/guard.server";
import { importTemplate } from "#app/modules/households/import.server";
import { getLocale } from "#app/modules/i18n/locale.server";
import { exportResponse } from "#app/modules/lists/export.server";

// The CSV template: headers in the reader's language; the XLSX template carries the instructions too.
export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "household.import");
  return exportResponse(importTemplate(getLocale(request)), "csv");
}
