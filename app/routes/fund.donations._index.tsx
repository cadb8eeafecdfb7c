import type { LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { can } from "#app/modules/auth/policy";
import { formatDateTime } from "#app/modules/dates/day";
import { pageMeta } from "#app/modules/i18n/meta";
import { communityClock } from "#app/modules/material/clock.server";
import { listDonations } from "#app/modules/material/fund.server";
import { requireDuty } from "#app/modules/material/guard.server";
import { formatFen } from "#app/modules/material/money";
import materialStylesUrl from "#app/styles/material.css?url";
import { pageParam } from "#app/modules/lists/paging";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: materialStylesUrl }];

export const meta = pageMeta("material:donation.list");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireDuty(request, "fund.read");
  const page = pageParam(new URL(request.url));
  const clock = await communityClock();
  const list = await listDonations(page);
  return {
    page,
    hasMore: list.hasMore,
    rows: list.rows.map((r) => ({ ...r, at: formatDateTime(r.at, clock.zone) })),
    canRecord: can(user, "fund.record", user),
  };
}

export default function Donations() {
  const { rows, page, hasMore, canRecord } = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation("material");
  return (
    <section className="stack" aria-labelledby="donations-title">
      <div className="page-head">
        <h1 id="donations-title">{t("donation.list")}</h1>
        {canRecord ? (
          <div className="actions">
            <Link className="button primary" to="/fund/donations/new">
              {t("donation.new")}
            </Link>
          </div>
        ) : null}
      </div>
      {rows.length === 0 ? <p>{t("donation.none")}</p> : null}
      {rows.length > 0 ? (
        <div className="table-scroll">
          <table className="material-table">
            <thead>
              <tr>
                <th scope="col">{t("donation.receiptNo")}</th>
                <th scope="col">{t("fund.at")}</th>
                <th scope="col">{t("donation.donor")}</th>
                <th scope="col">{t("donation.kind")}</th>
                <th scope="col" className="material-number">
                  {t("donation.value")}
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.movementId}>
                  <th scope="row">
                    <Link to={`/fund/donations/${r.movementId}`}>{r.receiptNo}</Link>
                  </th>
                  <td>{r.at}</td>
                  <td>{r.donorName ?? t("donor.anonymous")}</td>
                  <td>
                    {t(`donation.${r.kind}`)}
                    {r.reversed ? ` · ${t("donation.reversed")}` : ""}
                  </td>
                  <td className="material-number">{formatFen(r.valueFen, i18n.language)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      <nav className="pager" aria-label={t("pager")}>
        {page > 1 ? <Link to={`?page=${page - 1}`}>{t("previous")}</Link> : null}
        {hasMore ? <Link to={`?page=${page + 1}`}>{t("next")}</Link> : null}
      </nav>
    </section>
  );
}
