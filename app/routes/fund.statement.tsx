import type { LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { Form, useLoaderData, useRouteLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { PrintButton } from "#app/components/print-button";
import { pageMeta } from "#app/modules/i18n/meta";
import { monthParam } from "#app/modules/material/clock.server";
import { requireDuty } from "#app/modules/material/guard.server";
import { formatFen } from "#app/modules/material/money";
import { monthlyStatement } from "#app/modules/material/statement.server";
import type { loader as rootLoader } from "#app/root";
import materialStylesUrl from "#app/styles/material.css?url";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: materialStylesUrl }];

export const meta = pageMeta("material:statement.title");

export async function loader({ request }: LoaderFunctionArgs) {
  await requireDuty(request, "fund.read");
  return { statement: await monthlyStatement(await monthParam(request)) };
}

export default function StatementPage() {
  const { statement: s } = useLoaderData<typeof loader>();
  const root = useRouteLoaderData<typeof rootLoader>("root");
  const { t, i18n } = useTranslation("material");
  const money = (fen: number) => formatFen(fen, i18n.language);
  return (
    <section className="stack" aria-labelledby="statement-title">
      <div className="page-head no-print">
        <h1 id="statement-title">{t("statement.title")}</h1>
        <div className="actions">
          <PrintButton label={t("statement.print")} />
          <a className="button secondary" href={`/fund/statement/export?month=${s.month}`} download>
            {t("statement.xlsx")}
          </a>
        </div>
      </div>
      <Form method="get" className="inline-form no-print">
        <div className="field">
          <label htmlFor="statement-month">{t("statement.month")}</label>
          <input id="statement-month" type="month" name="month" defaultValue={s.month} />
        </div>
        <button type="submit" className="secondary">
          {t("statement.show")}
        </button>
      </Form>
      <article className="material-document stack" aria-labelledby="statement-heading">
        <h2 id="statement-heading">
          {root?.community.name} · {t("statement.heading", { month: s.month })}
        </h2>
        <table className="material-table">
          <tbody>
            <tr>
              <th scope="row">{t("statement.opening")}</th>
              <td className="material-number">{money(s.openingFen)}</td>
            </tr>
          </tbody>
        </table>
        <table className="material-table">
          <caption>{t("statement.income")}</caption>
          <tbody>
            {s.income.map((i) => (
              <tr key={i.account}>
                <th scope="row">{t(`account.${i.account}`)}</th>
                <td className="material-number">{money(i.fen)}</td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row">{t("statement.incomeTotal")}</th>
              <td className="material-number">{money(s.incomeFen)}</td>
            </tr>
          </tfoot>
        </table>
        <table className="material-table">
          <caption>{t("statement.spending")}</caption>
          <tbody>
            {s.spending.map((i) => (
              <tr key={i.account}>
                <th scope="row">{t(`account.${i.account}`)}</th>
                <td className="material-number">{money(i.fen)}</td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row">{t("statement.spendingTotal")}</th>
              <td className="material-number">{money(s.spendingFen)}</td>
            </tr>
          </tfoot>
        </table>
        <table className="material-table">
          <tbody>
            <tr>
              <th scope="row">{t("statement.closing")}</th>
              <td className="material-number">
                <strong>{money(s.closingFen)}</strong>
              </td>
            </tr>
            <tr>
              <th scope="row">{t("statement.closingCash")}</th>
              <td className="material-number">{money(s.closingBy.cash)}</td>
            </tr>
            <tr>
              <th scope="row">{t("statement.closingBank")}</th>
              <td className="material-number">{money(s.closingBy.bank)}</td>
            </tr>
            <tr>
              <th scope="row">{t("statement.closingStock")}</th>
              <td className="material-number">{money(s.closingBy.stock)}</td>
            </tr>
            <tr>
              <th scope="row">{t("statement.closingCards")}</th>
              <td className="material-number">−{money(s.closingBy.cardsHold)}</td>
            </tr>
          </tbody>
        </table>
        <p className="hint">{t("statement.movements", { count: s.movements })}</p>
        <p className="material-sign">{t("statement.signLine")}</p>
      </article>
    </section>
  );
}
