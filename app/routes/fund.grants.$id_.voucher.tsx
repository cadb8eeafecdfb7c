import type { LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData, useRouteLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { PrintButton } from "#app/components/print-button";
import { requestIp } from "#app/modules/audit/audit.server";
import { formatDateTime } from "#app/modules/dates/day";
import { pageMeta } from "#app/modules/i18n/meta";
import { communityClock } from "#app/modules/material/clock.server";
import { idParam, requireMaterialUser } from "#app/modules/material/guard.server";
import { formatFen } from "#app/modules/material/money";
import { openGrant } from "#app/modules/material/relief.server";
import type { loader as rootLoader } from "#app/root";
import materialStylesUrl from "#app/styles/material.css?url";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: materialStylesUrl }];

export const meta = pageMeta("material:grant.voucher");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireMaterialUser(request);
  const opened = await openGrant(user, idParam(params.id), requestIp(request));
  if (!opened.ok)
    throw new Response(opened.status === 404 ? "Not found" : "Forbidden", { status: opened.status });
  if (opened.value.status !== "paid") throw new Response("Not found", { status: 404 });
  const clock = await communityClock();
  const g = opened.value;
  return {
    grant: {
      voucherNo: g.voucherNo,
      household: `${g.household.compoundName} ${g.household.address}`,
      headName: g.household.headName,
      reason: g.reason,
      description: g.description,
      amountFen: g.amountFen,
      method: g.method,
      proposedByName: g.proposedByName,
      decidedByName: g.decidedByName,
      paidByName: g.paidByName,
      paidAt: g.paidAt ? formatDateTime(g.paidAt, clock.zone) : "",
    },
  };
}

export default function Voucher() {
  const { grant: g } = useLoaderData<typeof loader>();
  const root = useRouteLoaderData<typeof rootLoader>("root");
  const { t, i18n } = useTranslation("material");
  return (
    <section className="stack" aria-labelledby="voucher-page-title">
      <div className="page-head no-print">
        <h1 id="voucher-page-title">{t("grant.voucher")}</h1>
        <div className="actions">
          <PrintButton label={t("grant.printVoucher")} />
        </div>
      </div>
      <article className="material-document stack" aria-labelledby="voucher-heading">
        <h2 id="voucher-heading">
          {root?.community.name} · {t("grant.voucherHeading")}
        </h2>
        <p>
          {t("grant.voucherNo")}: <strong>{g.voucherNo}</strong> · {g.paidAt}
        </p>
        <dl className="facts">
          <dt>{t("grants.household")}</dt>
          <dd>
            {g.household} · {g.headName}
          </dd>
          <dt>{t("grants.reason")}</dt>
          <dd>
            {t(`reason.${g.reason}`)} · {g.description}
          </dd>
          <dt>{t("grants.amount")}</dt>
          <dd>
            <strong>{formatFen(g.amountFen, i18n.language)}</strong> · {t(`method.${g.method}`)}
          </dd>
          <dt>{t("grants.proposedBy")}</dt>
          <dd>{g.proposedByName}</dd>
          <dt>{t("grant.decidedBy")}</dt>
          <dd>{g.decidedByName}</dd>
          <dt>{t("grant.paidBy")}</dt>
          <dd>{g.paidByName}</dd>
        </dl>
        <p className="material-sign">{t("grant.signLine")}</p>
      </article>
    </section>
  );
}
