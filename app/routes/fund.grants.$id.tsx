import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { requestIp } from "#app/modules/audit/audit.server";
import { formatDateTime } from "#app/modules/dates/day";
import { pageMeta } from "#app/modules/i18n/meta";
import { communityClock } from "#app/modules/material/clock.server";
import { DecisionSchema } from "#app/modules/material/forms";
import { idParam, requireMaterialUser } from "#app/modules/material/guard.server";
import { formatFen } from "#app/modules/material/money";
import { decideGrant, openGrant, payGrant } from "#app/modules/material/relief.server";
import { requireSameOrigin } from "#app/modules/security/request-safety.server";
import materialStylesUrl from "#app/styles/material.css?url";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: materialStylesUrl }];

export const meta = pageMeta("material:grant.title");

const ActionSchema = z.union([DecisionSchema, z.object({ intent: z.literal("pay") })]);

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireMaterialUser(request);
  const opened = await openGrant(user, idParam(params.id), requestIp(request));
  if (!opened.ok)
    throw new Response(opened.status === 404 ? "Not found" : "Forbidden", { status: opened.status });
  const clock = await communityClock();
  const g = opened.value;
  return {
    grant: {
      ...g,
      proposedAt: formatDateTime(g.proposedAt, clock.zone),
      decidedAt: g.decidedAt ? formatDateTime(g.decidedAt, clock.zone) : null,
      paidAt: g.paidAt ? formatDateTime(g.paidAt, clock.zone) : null,
    },
    isProposer: g.proposedById === user.id,
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  requireSameOrigin(request);
  const user = await requireMaterialUser(request);
  const id = idParam(params.id);
  const submission = parseWithZod(await request.formData(), { schema: ActionSchema });
  if (submission.status !== "success")
    return data({ error: "material:validation.required" }, { status: 400 });
  const v = submission.value;
  const ip = requestIp(request);
  const outcome =
    v.intent === "pay" ? await payGrant(user, id, ip) : await decideGrant(user, id, v.intent, v.note, ip);
  if (outcome.ok) throw redirect(`/fund/grants/${id}`);
  if (outcome.error === "forbidden") throw new Response("Forbidden", { status: 403 });
  if (outcome.error === "notFound") throw new Response("Not found", { status: 404 });
  return data({ error: `material:grant.error.${outcome.error}` }, { status: 400 });
}

export default function GrantPage() {
  const { grant: g, isProposer } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t, i18n } = useTranslation("material");
  const money = (fen: number) => formatFen(fen, i18n.language);
  return (
    <section className="stack" aria-labelledby="grant-title">
      <div className="page-head">
        <h1 id="grant-title">{t("grant.title")}</h1>
        {g.status === "paid" ? (
          <div className="actions">
            <Link className="button secondary" to={`/fund/grants/${g.id}/voucher`}>
              {t("grant.voucher")}
            </Link>
          </div>
        ) : null}
      </div>
      <dl className="facts">
        <dt>{t("grants.household")}</dt>
        <dd>
          {g.household.compoundName} {g.household.address} · {g.household.headName}
        </dd>
        <dt>{t("grants.reason")}</dt>
        <dd>{t(`reason.${g.reason}`)}</dd>
        <dt>{t("grantNew.description")}</dt>
        <dd>{g.description}</dd>
        <dt>{t("grants.amount")}</dt>
        <dd>
          <strong>{money(g.amountFen)}</strong> · {t(`method.${g.method}`)}
        </dd>
        <dt>{t("grants.status")}</dt>
        <dd>{t(`grantStatus.${g.status}`)}</dd>
        <dt>{t("grants.proposedBy")}</dt>
        <dd>
          {g.proposedByName} · {g.proposedAt}
        </dd>
        {g.decidedByName ? (
          <>
            <dt>{t("grant.decidedBy")}</dt>
            <dd>
              {g.decidedByName} · {g.decidedAt}
              {g.decisionNote ? ` · ${g.decisionNote}` : ""}
            </dd>
          </>
        ) : null}
        {g.voucherNo ? (
          <>
            <dt>{t("grant.voucherNo")}</dt>
            <dd>
              {g.voucherNo} · {g.paidByName} · {g.paidAt}
            </dd>
          </>
        ) : null}
      </dl>
      {actionData?.error ? (
        <p className="form-error" role="alert">
          {t(actionData.error as never)}
        </p>
      ) : null}
      {g.status === "proposed" && isProposer ? <p className="hint">{t("grant.waitSecond")}</p> : null}
      {g.can.decide ? (
        <Form method="post" className="card stack" aria-labelledby="decide-title">
          <h2 id="decide-title">{t("grant.decideTitle")}</h2>
          <div className="field">
            <label htmlFor="decision-note">{t("grant.note")}</label>
            <input id="decision-note" name="note" />
          </div>
          <p className="button-row">
            <button type="submit" name="intent" value="approve" className="primary">
              {t("grant.approve")}
            </button>
            <button type="submit" name="intent" value="reject" className="secondary">
              {t("grant.reject")}
            </button>
          </p>
        </Form>
      ) : null}
      {g.can.pay ? (
        <Form method="post" className="card stack" aria-labelledby="pay-title">
          <h2 id="pay-title">{t("grant.payTitle")}</h2>
          <p className="hint">{t(`grant.payHint.${g.method}`)}</p>
          <p>
            <button type="submit" name="intent" value="pay" className="primary">
              {t("grant.pay", { amount: money(g.amountFen) })}
            </button>
          </p>
        </Form>
      ) : null}
    </section>
  );
}
