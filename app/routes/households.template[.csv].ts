import type { LoaderFunctionArgs } from "@remix-run/node";
import { requirePermission } from "#app/modules/auth/guard.server";
import { importTemplate } from "#app/modules/households/import.server";

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "household.import");
  return new Response(importTemplate(), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": 'attachment; filename="households-template.csv"',
    },
  });
}
