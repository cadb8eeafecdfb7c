import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requestIp } from "#app/modules/audit/audit.server";
import { requirePermission } from "#app/modules/auth/guard.server";
import { day, today } from "#app/modules/households/format";
import { ledgerLevelParam, ledgerPrint } from "#app/modules/households/ledger.server";
import { pageMeta } from "#app/modules/i18n/meta";
import { useListFormat } from "#app/modules/i18n/list";

export const meta = pageMeta<typeof loader>(
  ({ data, t }) =>
    data &&
    t(data.level === "extreme" ? "households:ledger.extremeTitle" : "households:ledger.hardshipTitle"),
);

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "household.ledger");
  const level = ledgerLevelParam(params);
  return { level, rows: await ledgerPrint(user, level, { ip: requestIp(request) }), printed: today() };
}

export default function LedgerPrint() {
  const { level, rows, printed } = useLoaderData<typeof loader>();
  const { t } = useTranslation("households");
  const { t: tp } = useTranslation("privacy");
  const list = useListFormat();
  const title = t(`ledger.${level}Title`);
  return (
    <div className="print-view">
      <h1>{t("ledger.printTitle", { title, date: printed })}</h1>
      <p className="actions">
        <span>{t("ledger.total", { count: rows.length })}</span>
        <button type="button" className="secondary no-print" onClick={() => window.print()}>
          {t("ledger.printNow")}
        </button>
      </p>
      <table className="ledger-print">
        <thead>
          <tr>
            <th scope="col">#</th>
            <th scope="col">{t("ledger.csv.compound")}</th>
            <th scope="col">
              {t("field.building")}-{t("field.unit")}-{t("field.room")}
            </th>
            <th scope="col">{t("ledger.csv.head")}</th>
            <th scope="col">{t("ledger.csv.phone")}</th>
            <th scope="col">{t("ledger.csv.members")}</th>
            <th scope="col">{t("ledger.csv.categories")}</th>
            <th scope="col">{t("ledger.csv.needs")}</th>
            <th scope="col">{t("ledger.csv.nextDue")}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r, i) => (
            <tr key={r.id}>
              <td>{i + 1}</td>
              <td>{r.compoundName}</td>
              <td>
                {r.building}-{r.unit}-{r.room}
              </td>
              <td>{r.headName ?? ""}</td>
              <td>{r.headPhone ?? ""}</td>
              <td>{r.memberCount}</td>
              <td>
                {list(r.categories.map((c) => t(`category.${c}`)))}
                {r.healthWithheld ? (
                  <span className="muted"> ({tp(`withheldShort.${r.healthWithheld}`)})</span>
                ) : null}
              </td>
              <td>{list(r.needs.map((n) => t(`need.${n}`)))}</td>
              <td>{day(r.nextVerificationDue)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
