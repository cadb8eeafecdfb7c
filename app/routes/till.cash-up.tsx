import type { LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { PrintButton } from "#app/components/print-button";
import { assertPermission } from "#app/modules/auth/guard.server";
import { pageMeta } from "#app/modules/i18n/meta";
import { formatDateTime } from "#app/modules/dates/day";
import { communityClock } from "#app/modules/material/clock.server";
import { requireDuty } from "#app/modules/material/guard.server";
import { formatFen } from "#app/modules/material/money";
import { cashUp } from "#app/modules/material/till.server";
import materialStylesUrl from "#app/styles/material.css?url";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: materialStylesUrl }];

export const meta = pageMeta("material:cashUp.title");

const dayPattern = /^\d{4}-\d{2}-\d{2}$/;

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireDuty(request, "till.open");
  const url = new URL(request.url);
  const clock = await communityClock();
  const dayParam = url.searchParams.get("day");
  const day = dayParam && dayPattern.test(dayParam) ? dayParam : clock.day;
  const cashierParam = Number(url.searchParams.get("cashier"));
  const cashierId = Number.isInteger(cashierParam) && cashierParam > 0 ? cashierParam : user.id;
  assertPermission(user, "till.cashUp", { ...user, cashierId });
  const report = await cashUp(cashierId, day, user.id);
  if (!report) throw new Response("Not found", { status: 404 });
  return {
    report: {
      ...report,
      movements: report.movements.map((m) => ({ ...m, at: formatDateTime(m.at, clock.zone) })),
    },
    cashierId,
  };
}

export default function CashUp() {
  const { report, cashierId } = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation("material");
  const money = (fen: number) => formatFen(fen, i18n.language);
  return (
    <section className="stack" aria-labelledby="cashup-title">
      <div className="page-head">
        <h1 id="cashup-title">{t("cashUp.title")}</h1>
        <div className="actions no-print">
          <PrintButton label={t("cashUp.print")} />
        </div>
      </div>
      <Form method="get" className="inline-form no-print">
        <input type="hidden" name="cashier" value={cashierId} />
        <div className="field">
          <label htmlFor="cashup-day">{t("cashUp.day")}</label>
          <input id="cashup-day" type="date" name="day" defaultValue={report.day} />
        </div>
        <button type="submit" className="secondary">
          {t("cashUp.show")}
        </button>
      </Form>
      <dl className="facts">
        <dt>{t("cashUp.cashier")}</dt>
        <dd>{report.cashierName}</dd>
        <dt>{t("cashUp.day")}</dt>
        <dd>{report.day}</dd>
        <dt>{t("cashUp.cardSales")}</dt>
        <dd>
          {t("cashUp.countAmount", {
            count: report.cardSales.count,
            amount: money(report.cardSales.totalFen),
          })}
        </dd>
        <dt>{t("cashUp.goodsGiven")}</dt>
        <dd>{money(report.goodsGivenFen)}</dd>
        <dt>{t("cashUp.publicSales")}</dt>
        <dd>
          {t("cashUp.countAmount", {
            count: report.publicSales.count,
            amount: money(report.publicSales.totalFen),
          })}
        </dd>
        <dt>{t("cashUp.refunds")}</dt>
        <dd>
          {t("cashUp.refundsDetail", {
            count: report.refunds.count,
            card: money(report.refunds.cardFen),
            cash: money(report.refunds.cashFen),
          })}
        </dd>
        <dt>{t("cashUp.cash")}</dt>
        <dd>
          <strong>{money(report.cashFen)}</strong>
        </dd>
      </dl>
      <h2>{t("cashUp.movements")}</h2>
      {report.movements.length === 0 ? <p>{t("cashUp.none")}</p> : null}
      {report.movements.length > 0 ? (
        <div className="table-scroll">
          <table className="material-table">
            <thead>
              <tr>
                <th scope="col">{t("cashUp.document")}</th>
                <th scope="col">{t("cashUp.time")}</th>
                <th scope="col">{t("cashUp.kind")}</th>
                <th scope="col">{t("cashUp.amount")}</th>
              </tr>
            </thead>
            <tbody>
              {report.movements.map((m) => (
                <tr key={m.id}>
                  <th scope="row">
                    <Link to={`/till/receipt/${m.id}`}>{m.documentNo}</Link>
                  </th>
                  <td>{m.at}</td>
                  <td>
                    {t(`kind.${m.kind}` as never)}
                    {m.reversed ? ` · ${t("cashUp.refundedMark")}` : ""}
                  </td>
                  <td>{money(m.totalFen)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      <p className="material-sign material-print-only">{t("cashUp.signLine")}</p>
    </section>
  );
}
