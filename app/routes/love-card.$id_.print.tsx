import type { LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData, useRouteLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { LoveCard } from "#app/components/material/love-card";
import { PrintButton } from "#app/components/print-button";
import { requestIp } from "#app/modules/audit/audit.server";
import { pageMeta } from "#app/modules/i18n/meta";
import { cardById, managedCardView } from "#app/modules/material/cards.server";
import { idParam, requireMaterialUser } from "#app/modules/material/guard.server";
import type { loader as rootLoader } from "#app/root";
import materialStylesUrl from "#app/styles/material.css?url";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: materialStylesUrl }];

export const meta = pageMeta("material:card.printTitle");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireMaterialUser(request);
  const card = await cardById(idParam(params.id));
  if (!card || card.status !== "active") throw new Response("Not found", { status: 404 });
  const view = await managedCardView(card, user, requestIp(request));
  if (!view) throw new Response("Not found", { status: 404 });
  if (view === "forbidden") throw new Response("Forbidden", { status: 403 });
  return {
    face: {
      numberText: view.numberText,
      qr: view.qr,
      compoundName: view.household.compoundName,
      address: view.household.address,
    },
  };
}

export default function PrintLoveCard() {
  const { face } = useLoaderData<typeof loader>();
  const root = useRouteLoaderData<typeof rootLoader>("root");
  const { t } = useTranslation("material");
  return (
    <div className="stack">
      <div className="page-head no-print">
        <h1>{t("card.printTitle")}</h1>
        <div className="actions">
          <PrintButton label={t("card.printNow")} />
        </div>
      </div>
      <p className="hint no-print">{t("card.printHint")}</p>
      <LoveCard card={{ ...face, community: root?.community.name ?? "" }} />
    </div>
  );
}
