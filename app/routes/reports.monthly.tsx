import type { LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { CompareChart } from "#app/components/reports/compare-chart";
import { requirePermission } from "#app/modules/auth/guard.server";
import { useListFormat } from "#app/modules/i18n/list";
import { pageMeta } from "#app/modules/i18n/meta";
import {
  currentMonth,
  monthlyReport,
  reportMonthParam,
  type ReportSection,
} from "#app/modules/reports/monthly.server";
import { change, formatMetric, metricsOf, type SectionKey } from "#app/modules/reports/sections";
import reportsStylesUrl from "#app/styles/reports.css?url";

export const meta = pageMeta("reports:monthly.title");
export const links: LinksFunction = () => [{ rel: "stylesheet", href: reportsStylesUrl }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "report.monthly");
  const month = await reportMonthParam(request);
  const report = await monthlyReport(user, month);
  return { report, latest: await currentMonth() };
}

type Report = ReturnType<typeof useLoaderData<typeof loader>>["report"];

function SectionView<S extends SectionKey>({
  section,
  report,
}: {
  section: ReportSection<S>;
  report: Report;
}) {
  const { t, i18n } = useTranslation("reports");
  const metrics = metricsOf(section.key);
  const headline = metrics[0];
  const name = t(`monthly.sections.${section.key}` as never);
  const id = `report-${section.key}`;
  const format = (kind: Parameters<typeof formatMetric>[0], value: number | null, signed = false) =>
    formatMetric(kind, value, i18n.language, { signed, none: t("monthly.none") });
  const rows = [...section.rows, { ...section.total, compoundName: t("monthly.total") }];
  return (
    <section className="reports-section stack" aria-labelledby={id} data-testid={id}>
      <h2 id={id}>{name}</h2>
      <p className="hint">{t(`monthly.hints.${section.key}` as never)}</p>
      {/* A chart of nothing but zeros says nothing the table does not: it is left out. */}
      {headline &&
      section.rows.some((r) => (r.now[headline.key] ?? 0) > 0 || (r.last[headline.key] ?? 0) > 0) ? (
        <CompareChart
          title={t("monthly.chartTitle", {
            section: name,
            metric: t(`monthly.metrics.${headline.key}` as never),
            month: report.month,
            previous: report.previous,
          })}
          legend={{ now: report.month, last: report.previous }}
          columns={section.rows.map((r) => {
            const now = r.now[headline.key] ?? 0;
            const last = r.last[headline.key] ?? 0;
            return {
              label: r.compoundName,
              now,
              last,
              nowText: format(headline.kind, now),
              text: t("monthly.chartText", {
                compound: r.compoundName,
                now: format(headline.kind, now),
                previous: report.previous,
                last: format(headline.kind, last),
              }),
            };
          })}
        />
      ) : null}
      {/* Scrolls sideways on a phone: focusable, so that a keyboard can scroll it too. */}
      <div className="table-scroll" tabIndex={0} role="region" aria-labelledby={`${id}-caption`}>
        <table className="reports-table">
          <caption id={`${id}-caption`}>
            {t("monthly.tableCaption", { section: name, month: report.month, previous: report.previous })}
          </caption>
          <thead>
            <tr>
              <th scope="col" rowSpan={2}>
                {t("monthly.compound")}
              </th>
              {metrics.map((m) => (
                <th key={m.key} scope="colgroup" colSpan={3} className="reports-metric">
                  {t(`monthly.metrics.${m.key}` as never)}
                </th>
              ))}
            </tr>
            <tr>
              {metrics.map((m) => [
                <th key={`${m.key}-now`} scope="col" className="reports-number">
                  {report.month}
                </th>,
                <th key={`${m.key}-last`} scope="col" className="reports-number">
                  {report.previous}
                </th>,
                <th key={`${m.key}-change`} scope="col" className="reports-number">
                  {t("monthly.change")}
                </th>,
              ])}
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr
                key={r.compoundId ?? "total"}
                className={r.compoundId === null ? "reports-total" : undefined}
              >
                <th scope="row">{r.compoundName}</th>
                {metrics.map((m) => {
                  const now = r.now[m.key];
                  const last = r.last[m.key];
                  return [
                    <td key={`${m.key}-now`} className="reports-number">
                      {format(m.kind, now)}
                    </td>,
                    <td key={`${m.key}-last`} className="reports-number">
                      {format(m.kind, last)}
                    </td>,
                    <td key={`${m.key}-change`} className="reports-number">
                      {format(m.kind, change(now, last), true)}
                    </td>,
                  ];
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

export default function MonthlyReportPage() {
  const { report, latest } = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation("reports");
  const list = useListFormat();
  const money = (fen: number, signed = false) => formatMetric("fen", fen, i18n.language, { signed });
  return (
    <article className="reports stack" aria-labelledby="report-title">
      <div className="page-head">
        <h1 id="report-title">{t("monthly.heading", { month: report.month })}</h1>
        <div className="actions no-print">
          <button type="button" className="secondary" onClick={() => window.print()}>
            {t("monthly.print")}
          </button>
          <a
            className="button secondary"
            href={`/reports/monthly/export.xlsx?month=${report.month}`}
            download
          >
            {t("monthly.xlsx")}
          </a>
        </div>
      </div>
      <p className="muted">{t("monthly.lead", { previous: report.previous })}</p>
      {report.compounds.length > 0 ? (
        <p className="muted">
          {t("monthly.scope", {
            compounds: list(report.compounds.map((c) => c.name)),
          })}
        </p>
      ) : null}
      <Form method="get" className="inline-form no-print">
        <div className="field">
          <label htmlFor="report-month">{t("monthly.month")}</label>
          <input id="report-month" type="month" name="month" defaultValue={report.month} max={latest} />
        </div>
        <button type="submit" className="secondary">
          {t("monthly.show")}
        </button>
      </Form>
      {report.compounds.length === 0 ? (
        <p>{t("monthly.noCompounds")}</p>
      ) : (
        <>
          <SectionView section={report.sections.coverage} report={report} />
          <SectionView section={report.sections.visits} report={report} />
          <SectionView section={report.sections.help} report={report} />
          <SectionView section={report.sections.courses} report={report} />
          <SectionView section={report.sections.material} report={report} />
          {report.fund ? (
            <section
              className="reports-section stack"
              aria-labelledby="report-fund"
              data-testid="report-fund"
            >
              <h3 id="report-fund">{t("monthly.fund.title")}</h3>
              <div className="table-scroll" tabIndex={0} role="region" aria-labelledby="report-fund">
                <table className="reports-table reports-fund">
                  <thead>
                    <tr>
                      <td />
                      <th scope="col" className="reports-number">
                        {report.month}
                      </th>
                      <th scope="col" className="reports-number">
                        {report.previous}
                      </th>
                      <th scope="col" className="reports-number">
                        {t("monthly.change")}
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {(
                      [
                        ["in", report.fund.inFen],
                        ["out", report.fund.outFen],
                      ] as const
                    ).map(([key, [now, last]]) => (
                      <tr key={key}>
                        <th scope="row">{t(`monthly.fund.${key}`)}</th>
                        <td className="reports-number">{money(now)}</td>
                        <td className="reports-number">{money(last)}</td>
                        <td className="reports-number">{money(now - last, true)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </section>
          ) : null}
          <SectionView section={report.sections.volunteers} report={report} />
        </>
      )}
    </article>
  );
}
