import type { LoaderFunctionArgs, LinksFunction } from "@remix-run/node";
import { useLoaderData, useRouteLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { CardSheets } from "#app/components/roster/connection-card";
import { PrintButton } from "#app/components/roster/print-button";
import { requestIp } from "#app/modules/audit/audit.server";
import { forbidden, requireUser } from "#app/modules/auth/guard.server";
import { openHouseholdBrief } from "#app/modules/households/reader.server";
import { householdIdParam } from "#app/modules/households/registry.server";
import { connectionCards } from "#app/modules/roster/cards.server";
import { LoveCard } from "#app/components/material/love-card";
import { loveCardFace } from "#app/modules/material/cards.server";
import materialStylesUrl from "#app/styles/material.css?url";
import type { loader as rootLoader } from "#app/root";
import rosterStylesUrl from "#app/styles/roster.css?url";
import { pageMeta } from "#app/modules/i18n/meta";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: rosterStylesUrl },
  { rel: "stylesheet", href: materialStylesUrl },
];

export const meta = pageMeta("roster:card.title");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const opened = await openHouseholdBrief(user, householdIdParam({ id: params.householdId }), {
    via: "card",
    ip: requestIp(request),
  });
  if (!opened.ok) throw opened.status === 403 ? forbidden() : new Response("Not found", { status: 404 });
  const [cards, loveCard] = await Promise.all([
    connectionCards([opened.value.brief], user.id),
    loveCardFace(opened.value.brief.id, { actorId: user.id, ip: requestIp(request) }),
  ]);
  return { cards, loveCard };
}

export default function ConnectionCardPage() {
  const { cards, loveCard } = useLoaderData<typeof loader>();
  const root = useRouteLoaderData<typeof rootLoader>("root");
  const { t, i18n } = useTranslation("roster");
  const other = i18n.language === "en" ? "zh-CN" : "en";
  return (
    <div className="stack">
      <div className="page-head no-print">
        <h1>{t("card.title")}</h1>
        <div className="actions">
          <PrintButton label={t("card.printOne")} />
          <a href={`?lng=${other}`} lang={other}>
            {t("card.printOther")}
          </a>
        </div>
      </div>
      <p className="hint no-print">{t("card.cutHint")}</p>
      <CardSheets cards={cards} community={root?.community.name ?? ""} />
      {loveCard ? <LoveCard card={{ ...loveCard, community: root?.community.name ?? "" }} /> : null}
    </div>
  );
}
