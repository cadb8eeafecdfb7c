import type { LoaderFunctionArgs } from "@remix-run/node";
import { requestIp } from "#app/modules/audit/audit.server";
import { requirePermission } from "#app/modules/auth/guard.server";
import { ledgerCsv, ledgerLevelParam } from "#app/modules/households/ledger.server";
import { getLocale } from "#app/modules/i18n/locale.server";
import { today } from "#app/modules/households/format";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "household.ledger");
  const level = ledgerLevelParam(params);
  const { csv } = await ledgerCsv(user, level, getLocale(request), { ip: requestIp(request) });
  const name = `ledger-${level}-${today()}.csv`;
  return new Response(csv, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${name}"`,
      "Cache-Control": "no-store",
    },
  });
}
