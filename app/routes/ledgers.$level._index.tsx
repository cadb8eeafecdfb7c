import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requirePermission } from "#app/modules/auth/guard.server";
import { ledgerCounts, ledgerLevelParam } from "#app/modules/households/ledger.server";
import { pageMeta } from "#app/modules/i18n/meta";

export const meta = pageMeta<typeof loader>(
  ({ data, t }) =>
    data &&
    t(data.level === "extreme" ? "households:ledger.extremeTitle" : "households:ledger.hardshipTitle"),
);

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "household.ledger");
  const level = ledgerLevelParam(params);
  return { level, counts: await ledgerCounts(user, level) };
}

export default function Ledger() {
  const { level, counts } = useLoaderData<typeof loader>();
  const { t } = useTranslation("households");
  const other = level === "extreme" ? "hardship" : "extreme";
  return (
    <div className="stack">
      <div className="page-head">
        <h1>{t(`ledger.${level}Title`)}</h1>
        <div className="actions">
          <a className="button primary" href={`/ledgers/${level}/export`} download>
            {t("ledger.exportCsv")}
          </a>
          <a className="button secondary" href={`/ledgers/${level}/export?format=xlsx`} download>
            {t("ledger.exportXlsx")}
          </a>
          <Link className="button secondary" to={`/ledgers/${level}/print`}>
            {t("ledger.print")}
          </Link>
        </div>
      </div>
      <p>
        <strong>{t("ledger.total", { count: counts.total })}</strong> ·{" "}
        <Link to={`/ledgers/${other}`}>{t(`ledger.${other}Title`)}</Link> ·{" "}
        <Link to={`/households?level=${level}`}>{t("list.title")}</Link>
      </p>
      <h2>{t("ledger.byCompound")}</h2>
      <div className="table-scroll">
        <table className="ledger-table">
          <thead>
            <tr>
              <th scope="col">{t("ledger.compound")}</th>
              <th scope="col">{t("ledger.households")}</th>
              {counts.categories.map((c) => (
                <th scope="col" key={c}>
                  {t(`category.${c}`)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {counts.rows.map((r) => (
              <tr key={r.compoundId}>
                <th scope="row">
                  <Link to={`/households?level=${level}&compound=${r.compoundId}`}>{r.compoundName}</Link>
                </th>
                <td>{r.households}</td>
                {counts.categories.map((c) => (
                  <td key={c}>{r.byCategory[c] ?? 0}</td>
                ))}
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row">{t("ledger.allCompounds")}</th>
              <td>{counts.total}</td>
              {counts.categories.map((c) => (
                <td key={c}>{counts.byCategory[c] ?? 0}</td>
              ))}
            </tr>
          </tfoot>
        </table>
      </div>
    </div>
  );
}
