import type { LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData, useRouteLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { PrintButton } from "#app/components/print-button";
import { formatDateTime } from "#app/modules/dates/day";
import { pageMeta } from "#app/modules/i18n/meta";
import { communityClock } from "#app/modules/material/clock.server";
import { getDonation } from "#app/modules/material/fund.server";
import { idParam, requireDuty } from "#app/modules/material/guard.server";
import { formatFen } from "#app/modules/material/money";
import type { loader as rootLoader } from "#app/root";
import materialStylesUrl from "#app/styles/material.css?url";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: materialStylesUrl }];

export const meta = pageMeta("material:donation.receipt");

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireDuty(request, "fund.read");
  const donation = await getDonation(idParam(params.id));
  if (!donation) throw new Response("Not found", { status: 404 });
  const clock = await communityClock();
  return { donation: { ...donation, at: formatDateTime(donation.at, clock.zone) } };
}

export default function DonationReceipt() {
  const { donation: d } = useLoaderData<typeof loader>();
  const root = useRouteLoaderData<typeof rootLoader>("root");
  const { t, i18n } = useTranslation("material");
  const money = (fen: number) => formatFen(fen, i18n.language);
  return (
    <section className="stack" aria-labelledby="receipt-page-title">
      <div className="page-head no-print">
        <h1 id="receipt-page-title">{t("donation.receipt")}</h1>
        <div className="actions">
          <PrintButton label={t("donation.printReceipt")} />
          <Link className="button secondary" to={`/fund/movements/${d.movementId}`}>
            {t("donation.entries")}
          </Link>
        </div>
      </div>
      {d.reversed ? (
        <p className="material-warn" role="status">
          {t("donation.reversedNote")}
        </p>
      ) : null}
      <article className="material-document stack" aria-labelledby="receipt-heading">
        <h2 id="receipt-heading">
          {root?.community.name} · {t("donation.receiptHeading")}
        </h2>
        <p>
          {t("donation.receiptNo")}: <strong>{d.receiptNo}</strong>
        </p>
        <dl className="facts">
          <dt>{t("donation.donor")}</dt>
          <dd>{d.donorName ?? t("donor.anonymous")}</dd>
          <dt>{t("fund.at")}</dt>
          <dd>{d.at}</dd>
          <dt>{t("donation.kind")}</dt>
          <dd>
            {t(`donation.${d.kind}`)}
            {d.method ? ` · ${t(`method.${d.method}` as never)}` : ""}
          </dd>
          {d.purpose ? (
            <>
              <dt>{t("donation.purpose")}</dt>
              <dd>{d.purpose}</dd>
            </>
          ) : null}
        </dl>
        {d.items.length > 0 ? (
          <table className="material-table">
            <thead>
              <tr>
                <th scope="col">{t("donation.itemName")}</th>
                <th scope="col">{t("donation.quantity")}</th>
                <th scope="col" className="material-number">
                  {t("donation.unitValue")}
                </th>
              </tr>
            </thead>
            <tbody>
              {d.items.map((item, i) => (
                <tr key={i}>
                  <th scope="row">{item.name}</th>
                  <td>
                    {item.quantity} {item.unit}
                  </td>
                  <td className="material-number">{money(item.unitValueFen)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : null}
        <p>
          {t("donation.value")}: <strong>{money(d.valueFen)}</strong>
        </p>
        <p>{t("donation.thanks")}</p>
        <p className="material-sign">{t("donation.signLine", { name: d.recordedBy ?? "" })}</p>
      </article>
    </section>
  );
}
