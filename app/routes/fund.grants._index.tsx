import type { LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { formatDateTime } from "#app/modules/dates/day";
import { pageMeta } from "#app/modules/i18n/meta";
import { communityClock } from "#app/modules/material/clock.server";
import { grantStatuses } from "#app/modules/material/codes";
import { requireMaterialUser } from "#app/modules/material/guard.server";
import { formatFen } from "#app/modules/material/money";
import { listGrants } from "#app/modules/material/relief.server";
import materialStylesUrl from "#app/styles/material.css?url";
import { pageParam } from "#app/modules/lists/paging";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: materialStylesUrl }];

export const meta = pageMeta("material:grants.title");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireMaterialUser(request);
  if (user.role === "resident") throw new Response("Forbidden", { status: 403 });
  const url = new URL(request.url);
  const statusParam = url.searchParams.get("status");
  const status = grantStatuses.find((s) => s === statusParam) ?? null;
  const page = pageParam(url);
  const clock = await communityClock();
  const list = await listGrants(user, status, page);
  return {
    status,
    page,
    hasMore: list.hasMore,
    rows: list.rows.map((r) => ({ ...r, proposedAt: formatDateTime(r.proposedAt, clock.zone) })),
  };
}

export default function Grants() {
  const { rows, status, page, hasMore } = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation("material");
  return (
    <section className="stack" aria-labelledby="grants-title">
      <h1 id="grants-title">{t("grants.title")}</h1>
      <p className="hint">{t("grants.hint")}</p>
      <nav className="material-tabs" aria-label={t("grants.filter")}>
        <Link to="/fund/grants" aria-current={status === null ? "page" : undefined}>
          {t("grants.all")}
        </Link>
        {grantStatuses.map((s) => (
          <Link key={s} to={`?status=${s}`} aria-current={status === s ? "page" : undefined}>
            {t(`grantStatus.${s}`)}
          </Link>
        ))}
      </nav>
      {rows.length === 0 ? <p>{t("grants.none")}</p> : null}
      {rows.length > 0 ? (
        <div className="table-scroll">
          <table className="material-table">
            <thead>
              <tr>
                <th scope="col">{t("grants.household")}</th>
                <th scope="col">{t("grants.reason")}</th>
                <th scope="col">{t("grants.proposedBy")}</th>
                <th scope="col">{t("grants.status")}</th>
                <th scope="col" className="material-number">
                  {t("grants.amount")}
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.id}>
                  <th scope="row">
                    <Link to={`/fund/grants/${r.id}`}>
                      {r.compoundName} {r.address}
                    </Link>
                  </th>
                  <td>{t(`reason.${r.reason}`)}</td>
                  <td>
                    {r.proposedByName} · {r.proposedAt}
                  </td>
                  <td>{t(`grantStatus.${r.status}`)}</td>
                  <td className="material-number">{formatFen(r.amountFen, i18n.language)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      <nav className="pager" aria-label={t("pager")}>
        {page > 1 ? (
          <Link to={`?page=${page - 1}${status ? `&status=${status}` : ""}`}>{t("previous")}</Link>
        ) : null}
        {hasMore ? (
          <Link to={`?page=${page + 1}${status ? `&status=${status}` : ""}`}>{t("next")}</Link>
        ) : null}
      </nav>
    </section>
  );
}
