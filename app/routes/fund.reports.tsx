import type { LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { BarChart, barRange } from "#app/components/material/bar-chart";
import { pageMeta } from "#app/modules/i18n/meta";
import { barGeometry } from "#app/modules/material/chart.server";
import { monthParam } from "#app/modules/material/clock.server";
import { requireDuty } from "#app/modules/material/guard.server";
import { formatFen } from "#app/modules/material/money";
import { monthlyReport } from "#app/modules/material/reports.server";
import materialStylesUrl from "#app/styles/material.css?url";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: materialStylesUrl }];

export const meta = pageMeta("material:reports.title");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireDuty(request, "fund.read");
  const report = await monthlyReport(user, await monthParam(request));
  const lengths = (values: number[]) => barGeometry(values, barRange).lengths;
  return {
    report,
    bars: {
      byCompound: lengths(report.byCompound.map((b) => b.fen)),
      byLevel: lengths(report.byLevel.map((b) => b.fen)),
      byGroup: lengths(report.byGroup.map((b) => b.fen)),
      byMonth: lengths(report.byMonth.map((b) => b.fen)),
      goods: lengths(report.goods.map((g) => g.quantity)),
    },
  };
}

interface Row {
  key: string;
  label: string;
  fen: number;
}

function SpendingSection({
  id,
  title,
  heading,
  rows,
  lengths,
  summed = true,
}: {
  id: string;
  title: string;
  heading: string;
  rows: Row[];
  lengths: number[];
  /** Whether the rows add up (a household in several priority groups counts in each: no total then). */
  summed?: boolean;
}) {
  const { t, i18n } = useTranslation("material");
  const money = (fen: number) => formatFen(fen, i18n.language);
  const total = rows.reduce((s, r) => s + r.fen, 0);
  return (
    <section className="stack" aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      <div className="material-report">
        <BarChart
          title={title}
          bars={rows.map((r, i) => ({ label: r.label, length: lengths[i] ?? 0, valueText: money(r.fen) }))}
        />
        <table className="material-table">
          <thead>
            <tr>
              <th scope="col">{heading}</th>
              <th scope="col" className="material-number">
                {t("reports.amount")}
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.key}>
                <th scope="row">{r.label}</th>
                <td className="material-number">{money(r.fen)}</td>
              </tr>
            ))}
          </tbody>
          {summed ? (
            <tfoot>
              <tr>
                <th scope="row">{t("reports.total")}</th>
                <td className="material-number">{money(total)}</td>
              </tr>
            </tfoot>
          ) : null}
        </table>
      </div>
    </section>
  );
}

export default function ReportsPage() {
  const { report: r, bars } = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation("material");
  const money = (fen: number) => formatFen(fen, i18n.language);
  return (
    <section className="stack" aria-labelledby="reports-title">
      <div className="page-head">
        <h1 id="reports-title">{t("reports.title")}</h1>
        <div className="actions">
          <a className="button secondary" href={`/fund/reports/export?month=${r.month}`} download>
            {t("reports.xlsx")}
          </a>
        </div>
      </div>
      <p className="hint">{t("reports.intro")}</p>
      <Form method="get" className="inline-form">
        <div className="field">
          <label htmlFor="reports-month">{t("reports.month")}</label>
          <input id="reports-month" type="month" name="month" defaultValue={r.month} />
        </div>
        <button type="submit" className="secondary">
          {t("reports.show")}
        </button>
      </Form>
      <SpendingSection
        id="reports-compound"
        title={t("reports.byCompoundIn", { month: r.month })}
        heading={t("reports.compound")}
        rows={r.byCompound}
        lengths={bars.byCompound}
      />
      <SpendingSection
        id="reports-level"
        title={t("reports.byLevelIn", { month: r.month })}
        heading={t("reports.level")}
        rows={r.byLevel.map((b) => ({ ...b, label: t(`households:hardshipLevel.${b.key}` as never) }))}
        lengths={bars.byLevel}
      />
      <SpendingSection
        id="reports-group"
        title={t("reports.byGroupIn", { month: r.month })}
        heading={t("reports.group")}
        rows={r.byGroup.map((b) => ({ ...b, label: t(`households:priorityGroup.${b.key}` as never) }))}
        lengths={bars.byGroup}
        summed={false}
      />
      <p className="hint">{t("reports.groupHint")}</p>
      <SpendingSection
        id="reports-month-chart"
        title={t("reports.byMonthTo", { month: r.month })}
        heading={t("reports.monthColumn")}
        rows={r.byMonth.map((b) => ({ ...b, label: b.key }))}
        lengths={bars.byMonth}
      />
      <section className="stack" aria-labelledby="reports-goods">
        <h2 id="reports-goods">{t("reports.goodsIn", { month: r.month })}</h2>
        {r.goods.length === 0 ? (
          <p>{t("reports.noGoods")}</p>
        ) : (
          <div className="material-report">
            <BarChart
              title={t("reports.goodsIn", { month: r.month })}
              bars={r.goods.map((g, i) => ({
                label: g.name,
                length: bars.goods[i] ?? 0,
                valueText: `${g.quantity} ${g.unit}`,
              }))}
            />
            <table className="material-table">
              <thead>
                <tr>
                  <th scope="col">{t("reports.item")}</th>
                  <th scope="col" className="material-number">
                    {t("reports.quantity")}
                  </th>
                  <th scope="col" className="material-number">
                    {t("reports.value")}
                  </th>
                </tr>
              </thead>
              <tbody>
                {r.goods.map((g) => (
                  <tr key={g.itemId}>
                    <th scope="row">{g.name}</th>
                    <td className="material-number">
                      {g.quantity} {g.unit}
                    </td>
                    <td className="material-number">{money(g.valueFen)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      <section className="stack" aria-labelledby="reports-unspent">
        <h2 id="reports-unspent">{t("reports.unspent")}</h2>
        <p className="hint">{t("reports.unspentHint", { amount: money(r.minFen) })}</p>
        {r.unspent.length === 0 ? (
          <p>{t("reports.noUnspent")}</p>
        ) : (
          // Scrolls sideways if a screen is narrower still: focusable, so that a keyboard can scroll it too.
          <div className="table-scroll" tabIndex={0} role="region" aria-labelledby="reports-unspent">
            <table className="material-table">
              <thead>
                <tr>
                  <th scope="col">{t("reports.household")}</th>
                  <th scope="col">{t("reports.level")}</th>
                  <th scope="col" className="material-number">
                    {t("reports.holding")}
                  </th>
                </tr>
              </thead>
              <tbody>
                {r.unspent.map((c) => (
                  <tr key={c.cardId}>
                    <td>
                      {c.household}
                      <br />
                      <span className="hint">
                        {t("reports.card")} {c.numberText}
                      </span>
                    </td>
                    <td className="material-nowrap">
                      {c.hardshipLevel ? t(`households:hardshipLevel.${c.hardshipLevel}` as never) : ""}
                    </td>
                    <td className="material-number">{money(c.holdingFen)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </section>
  );
}
