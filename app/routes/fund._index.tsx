import type { LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { can } from "#app/modules/auth/policy";
import { formatDateTime } from "#app/modules/dates/day";
import { pageMeta } from "#app/modules/i18n/meta";
import { communityClock, monthBounds } from "#app/modules/material/clock.server";
import { journal } from "#app/modules/material/fund.server";
import { requireDuty } from "#app/modules/material/guard.server";
import { cardsOutstanding, checkLedger, fundBalances } from "#app/modules/material/ledger.server";
import { formatFen } from "#app/modules/material/money";
import materialStylesUrl from "#app/styles/material.css?url";
import { pageParam } from "#app/modules/lists/paging";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: materialStylesUrl }];

export const meta = pageMeta("material:fund.title");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireDuty(request, "fund.read");
  const url = new URL(request.url);
  const page = pageParam(url);
  const clock = await communityClock();
  const { from, to } = monthBounds(clock.month);
  const [balances, cardsHold, check, movements] = await Promise.all([
    fundBalances(),
    cardsOutstanding(),
    checkLedger(),
    journal(from, to, page),
  ]);
  return {
    balances,
    cardsHold,
    ledgerOk: check.ok,
    month: clock.month,
    page,
    movements: {
      hasMore: movements.hasMore,
      rows: movements.rows.map((m) => ({ ...m, at: formatDateTime(m.at, clock.zone) })),
    },
    canRecord: can(user, "fund.record", user),
    canStock: can(user, "stock.manage", user),
    canSettings: can(user, "material.settings"),
  };
}

export default function Fund() {
  const { balances, cardsHold, ledgerOk, month, movements, page, canRecord, canStock, canSettings } =
    useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation("material");
  const money = (fen: number) => formatFen(fen, i18n.language);
  const net = balances.cash + balances.bank + balances.stock - cardsHold;
  return (
    <section className="stack" aria-labelledby="fund-title">
      <h1 id="fund-title">{t("fund.title")}</h1>
      <ul className="material-tiles">
        <li className="material-tile">
          {t("fund.net")} <strong>{money(net)}</strong>
        </li>
        <li className="material-tile">
          {t("account.cash")} <strong>{money(balances.cash)}</strong>
        </li>
        <li className="material-tile">
          {t("account.bank")} <strong>{money(balances.bank)}</strong>
        </li>
        <li className="material-tile">
          {t("account.stock")} <strong>{money(balances.stock)}</strong>
        </li>
        <li className="material-tile">
          {t("fund.cardsHold")} <strong>{money(cardsHold)}</strong>
        </li>
      </ul>
      <p className={ledgerOk ? "material-ok" : "material-warn"} role="status">
        {ledgerOk ? t("fund.ledgerOk") : t("fund.ledgerBroken")}
      </p>
      <nav aria-label={t("fund.sections")}>
        <ul className="link-list">
          {canRecord ? (
            <li>
              <Link to="/fund/donations/new">{t("donation.new")}</Link>
            </li>
          ) : null}
          <li>
            <Link to="/fund/donations">{t("donation.list")}</Link>
          </li>
          {canRecord ? (
            <li>
              <Link to="/fund/income">{t("income.title")}</Link>
            </li>
          ) : null}
          <li>
            <Link to="/fund/grants">{t("grants.title")}</Link>
          </li>
          <li>
            <Link to={`/fund/statement?month=${month}`}>{t("statement.title")}</Link>
          </li>
          <li>
            <Link to={`/fund/reports?month=${month}`}>{t("reports.title")}</Link>
          </li>
          <li>
            <Link to="/love-card">{t("cards.title")}</Link>
          </li>
          {canStock ? (
            <li>
              <Link to="/supermarket">{t("stock.title")}</Link>
            </li>
          ) : null}
          <li>
            <Link to="/transparency">{t("transparency.title")}</Link>
          </li>
          {canSettings ? (
            <li>
              <Link to="/fund/settings">{t("settings.title")}</Link>
            </li>
          ) : null}
        </ul>
      </nav>
      <h2>{t("fund.journal", { month })}</h2>
      {movements.rows.length === 0 ? <p>{t("fund.noMovements")}</p> : null}
      {movements.rows.length > 0 ? (
        <div className="table-scroll">
          <table className="material-table">
            <thead>
              <tr>
                <th scope="col">{t("fund.document")}</th>
                <th scope="col">{t("fund.at")}</th>
                <th scope="col">{t("fund.kind")}</th>
                <th scope="col">{t("fund.by")}</th>
                <th scope="col" className="material-number">
                  {t("fund.amount")}
                </th>
              </tr>
            </thead>
            <tbody>
              {movements.rows.map((m) => (
                <tr key={m.id}>
                  <th scope="row">
                    <Link to={`/fund/movements/${m.id}`}>{m.documentNo}</Link>
                  </th>
                  <td>{m.at}</td>
                  <td>
                    {t(`kind.${m.kind}` as never)}
                    {m.memo ? <span className="muted"> · {m.memo}</span> : null}
                  </td>
                  <td>{m.actorName}</td>
                  <td className="material-number">{money(m.totalFen)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      <nav className="pager" aria-label={t("pager")}>
        {page > 1 ? <Link to={`?page=${page - 1}`}>{t("previous")}</Link> : null}
        {movements.hasMore ? <Link to={`?page=${page + 1}`}>{t("next")}</Link> : null}
      </nav>
    </section>
  );
}
