import type { LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData, useRouteLoaderData } from "@remix-run/react";
import QRCode from "qrcode";
import { useTranslation } from "react-i18next";
import { appOrigin } from "#app/config.server";
import { PrintButton } from "#app/components/print-button";
import { pageMeta } from "#app/modules/i18n/meta";
import { communityClock } from "#app/modules/material/clock.server";
import { formatFen } from "#app/modules/material/money";
import { transparencyTotals } from "#app/modules/material/reports.server";
import type { loader as rootLoader } from "#app/root";
import materialStylesUrl from "#app/styles/material.css?url";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: materialStylesUrl }];

export const meta = pageMeta("material:transparency.title");

// Public: totals only, never a name or an address, so the QR code on the supermarket's wall opens it signed out.
export async function loader(_: LoaderFunctionArgs) {
  const clock = await communityClock();
  const year = Number(clock.day.slice(0, 4));
  const url = `${appOrigin()}/transparency`;
  const svg = await QRCode.toString(url, { type: "svg", errorCorrectionLevel: "M", margin: 2 });
  return {
    totals: await transparencyTotals(year),
    qr: `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`,
    url,
  };
}

export default function Transparency() {
  const { totals: s, qr, url } = useLoaderData<typeof loader>();
  const root = useRouteLoaderData<typeof rootLoader>("root");
  const { t, i18n } = useTranslation("material");
  const money = (fen: number) => formatFen(fen, i18n.language);
  const rows: [string, string][] = [
    [t("transparency.donationsCash"), money(s.donationsCashFen)],
    [t("transparency.donationsGoods"), money(s.donationsGoodsFen)],
    [t("transparency.donations"), String(s.donations)],
    [t("transparency.operating"), money(s.operatingIncomeFen)],
    [t("transparency.credits"), money(s.creditsFen)],
    [t("transparency.goodsGiven"), money(s.goodsGivenFen)],
    [
      t("transparency.grants"),
      t("transparency.grantsValue", { count: s.grants, amount: money(s.grantsFen) }),
    ],
    [t("transparency.households"), String(s.householdsHelped)],
  ];
  return (
    <section className="stack" aria-labelledby="transparency-title">
      <h1 id="transparency-title">
        {root?.community.name} · {t("transparency.heading", { year: s.year })}
      </h1>
      <p>{t("transparency.intro")}</p>
      <div className="table-scroll">
        <table className="material-table">
          <tbody>
            {rows.map(([label, value]) => (
              <tr key={label}>
                <th scope="row">{label}</th>
                <td className="material-number">{value}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="hint">{t("transparency.privacy")}</p>
      <aside className="material-poster stack" aria-labelledby="poster-title">
        <h2 id="poster-title">{t("transparency.poster")}</h2>
        <img src={qr} alt={t("transparency.qrAlt")} />
        <p className="muted">{url}</p>
        <p className="no-print">
          <PrintButton label={t("transparency.printPoster")} />
        </p>
      </aside>
    </section>
  );
}
