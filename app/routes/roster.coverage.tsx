import type { LoaderFunctionArgs, LinksFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { requestIp } from "#app/modules/audit/audit.server";
import { requirePermission } from "#app/modules/auth/guard.server";
import { can } from "#app/modules/auth/policy";
import { compoundOptionsFor, coverage } from "#app/modules/roster/roster.server";
import rosterStylesUrl from "#app/styles/roster.css?url";
import { pageMeta } from "#app/modules/i18n/meta";

const QuerySchema = z.object({
  compound: z.coerce.number().int().positive().optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(10_000).optional().catch(undefined),
});

export const links: LinksFunction = () => [{ rel: "stylesheet", href: rosterStylesUrl }];

export const meta = pageMeta("roster:coverage.title");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "roster.manage");
  const q = QuerySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const [report, compounds] = await Promise.all([
    coverage(
      user,
      { compoundId: q.compound, page: q.page },
      { via: "roster.coverage", ip: requestIp(request) },
    ),
    compoundOptionsFor(user),
  ]);
  // The list holds only households in the reader's compounds, so every "pair" button is one they may use.
  return {
    report: {
      ...report,
      households: report.households.map((h) => ({
        ...h,
        canPair: can(user, "pairing.write", { compoundId: h.compoundId }),
      })),
    },
    compounds,
  };
}

export default function Coverage() {
  const { report, compounds } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const { t } = useTranslation("roster");
  const { t: th } = useTranslation("households");
  const pageHref = (page: number) => {
    const next = new URLSearchParams(params);
    next.set("page", String(page));
    return `?${next.toString()}`;
  };
  const totals = report.byCompound.reduce(
    (sum, c) => ({ extreme: sum.extreme + c.extreme, hardship: sum.hardship + c.hardship }),
    { extreme: 0, hardship: 0 },
  );
  return (
    <div className="stack">
      <p>
        <Link to="/roster">← {t("title")}</Link>
      </p>
      <h1>{t("coverage.title")}</h1>
      <p className="muted">{t("coverage.lead")}</p>
      {report.byCompound.length === 0 ? (
        <p className="notice">{t("coverage.allCovered")}</p>
      ) : (
        <section aria-labelledby="by-compound" className="stack">
          <h2 id="by-compound">{t("coverage.byCompound")}</h2>
          <div className="table-scroll">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t("coverage.compound")}</th>
                  <th scope="col">{t("coverage.extreme")}</th>
                  <th scope="col">{t("coverage.hardship")}</th>
                </tr>
              </thead>
              <tbody>
                {report.byCompound.map((c) => (
                  <tr key={c.compoundId}>
                    <th scope="row">
                      <Link to={`?compound=${c.compoundId}`}>{c.compoundName}</Link>
                    </th>
                    <td className={c.extreme > 0 ? "load-full" : undefined}>{c.extreme}</td>
                    <td>{c.hardship}</td>
                  </tr>
                ))}
              </tbody>
              <tfoot>
                <tr>
                  <th scope="row">{t("coverage.total")}</th>
                  <td>{totals.extreme}</td>
                  <td>{totals.hardship}</td>
                </tr>
              </tfoot>
            </table>
          </div>
        </section>
      )}
      <section aria-labelledby="unpaired" className="stack">
        <h2 id="unpaired">{t("coverage.list")}</h2>
        <Form method="get" className="inline-form roster-inline-form">
          <label htmlFor="compound">{t("coverage.compound")}</label>
          <select id="compound" name="compound" defaultValue={params.get("compound") ?? ""}>
            {compounds.length > 1 ? <option value="">{t("coverage.allCompounds")}</option> : null}
            {compounds.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
          <button type="submit" className="secondary">
            {t("table.apply")}
          </button>
        </Form>
        <ul className="pairing-list">
          {report.households.map((h) => (
            <li key={h.id} className="card coverage-item">
              <span>
                <strong>
                  {h.compoundName} {h.building}-{h.unit}-{h.room}
                </strong>{" "}
                {h.headName ?? ""}
              </span>
              <span className={`badge level-${h.hardshipLevel}`}>
                {th(`hardshipLevel.${h.hardshipLevel}`)}
              </span>
              {h.canPair ? (
                <Link className="button secondary" to={`/pairings/new?household=${h.id}`}>
                  {t("coverage.pair")}
                </Link>
              ) : null}
            </li>
          ))}
        </ul>
        <nav className="pagination" aria-label={t("table.pagination")}>
          {report.page > 1 ? <Link to={pageHref(report.page - 1)}>{t("table.previous")}</Link> : null}
          <span>{t("table.pageOf", { page: report.page, pages: report.pageCount })}</span>
          {report.page < report.pageCount ? (
            <Link to={pageHref(report.page + 1)}>{t("table.next")}</Link>
          ) : null}
        </nav>
      </section>
    </div>
  );
}
