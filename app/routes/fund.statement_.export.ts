import type { LoaderFunctionArgs } from "@remix-run/node";
import { getT } from "#app/modules/i18n/i18n";
import { getLocale } from "#app/modules/i18n/locale.server";
import { exportTable } from "#app/modules/material/export.server";
import { requireDuty } from "#app/modules/material/guard.server";
import { monthlyStatement, statementRows } from "#app/modules/material/statement.server";
import { monthParam } from "#app/modules/material/clock.server";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireDuty(request, "fund.read");
  const month = await monthParam(request);
  const t = getT(getLocale(request));
  const statement = await monthlyStatement(month);
  return exportTable(
    {
      name: month,
      header: [t("material:statement.item"), t("material:statement.amountYuan")],
      rows: statementRows(statement, (key) => t(`material:${key}` as never)),
    },
    "xlsx",
    `statement-${month}`,
  );
}
