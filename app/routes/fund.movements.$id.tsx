import { getFormProps, getInputProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { z } from "zod";
import type { FormText } from "#app/modules/material/forms";
import { can } from "#app/modules/auth/policy";
import { requestIp } from "#app/modules/audit/audit.server";
import { formatDateTime } from "#app/modules/dates/day";
import { pageMeta } from "#app/modules/i18n/meta";
import { communityClock } from "#app/modules/material/clock.server";
import { ReverseSchema } from "#app/modules/material/forms";
import { getMovement, reverseFromLedger } from "#app/modules/material/fund.server";
import { idParam, requireDuty } from "#app/modules/material/guard.server";
import { formatFen } from "#app/modules/material/money";
import { requireSameOrigin } from "#app/modules/security/request-safety.server";
import materialStylesUrl from "#app/styles/material.css?url";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: materialStylesUrl }];

export const meta = pageMeta("material:movement.title");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireDuty(request, "fund.read");
  const movement = await getMovement(idParam(params.id));
  if (!movement) throw new Response("Not found", { status: 404 });
  const clock = await communityClock();
  return {
    movement: { ...movement, at: formatDateTime(movement.at, clock.zone) },
    canReverse:
      can(user, "fund.record", user) && movement.reversedBy === null && movement.kind !== "reversal",
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  requireSameOrigin(request);
  const user = await requireDuty(request, "fund.record");
  const submission = parseWithZod(await request.formData(), { schema: ReverseSchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  const outcome = await reverseFromLedger(
    user.id,
    idParam(params.id),
    submission.value.memo,
    requestIp(request),
  );
  if (outcome.ok) throw redirect(`/fund/movements/${outcome.movement.id}`);
  if (outcome.error === "notFound") throw new Response("Not found", { status: 404 });
  return data(submission.reply({ formErrors: [`material:movement.error.${outcome.error}`] }), {
    status: 400,
  });
}

export default function MovementPage() {
  const { movement: m, canReverse } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const { t, i18n } = useTranslation("material");
  const money = (fen: number) => formatFen(fen, i18n.language);
  const [form, fields] = useForm<FormText<typeof ReverseSchema>, z.output<typeof ReverseSchema>>({
    lastResult,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ReverseSchema }),
    shouldRevalidate: "onBlur",
  });
  return (
    <section className="stack" aria-labelledby="movement-title">
      <h1 id="movement-title">
        {t(`kind.${m.kind}` as never)} {m.documentNo}
      </h1>
      <dl className="facts">
        <dt>{t("fund.at")}</dt>
        <dd>{m.at}</dd>
        <dt>{t("fund.by")}</dt>
        <dd>{m.actorName}</dd>
        <dt>{t("fund.amount")}</dt>
        <dd>{money(m.totalFen)}</dd>
        {m.memo ? (
          <>
            <dt>{t("movement.memo")}</dt>
            <dd>{m.memo}</dd>
          </>
        ) : null}
        {m.reversesId ? (
          <>
            <dt>{t("movement.reverses")}</dt>
            <dd>
              <Link to={`/fund/movements/${m.reversesId}`}>{t("movement.original")}</Link>
            </dd>
          </>
        ) : null}
        {m.reversedBy ? (
          <>
            <dt>{t("movement.reversedBy")}</dt>
            <dd>
              <Link to={`/fund/movements/${m.reversedBy.id}`}>{m.reversedBy.documentNo}</Link>
            </dd>
          </>
        ) : null}
      </dl>
      <h2>{t("movement.entries")}</h2>
      <div className="table-scroll">
        <table className="material-table">
          <thead>
            <tr>
              <th scope="col">{t("movement.account")}</th>
              <th scope="col" className="material-number">
                {t("movement.debit")}
              </th>
              <th scope="col" className="material-number">
                {t("movement.credit")}
              </th>
            </tr>
          </thead>
          <tbody>
            {m.entries.map((e, i) => (
              <tr key={i}>
                <th scope="row">
                  {e.cardId !== null ? (
                    <Link to={`/love-card/${e.cardId}`}>{t("account.card")}</Link>
                  ) : (
                    t(`account.${e.account}` as never)
                  )}
                </th>
                <td className="material-number">{e.amountFen > 0 ? money(e.amountFen) : ""}</td>
                <td className="material-number">{e.amountFen < 0 ? money(-e.amountFen) : ""}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {canReverse ? (
        <Form method="post" {...getFormProps(form)} className="card stack">
          <h2>{t("movement.reverseTitle")}</h2>
          <p className="hint">{t("movement.reverseHint")}</p>
          <div className="field">
            <label htmlFor={fields.memo.id}>{t("movement.reverseWhy")}</label>
            <input {...getInputProps(fields.memo, { type: "text" })} />
            {fields.memo.errors ? <p className="field-error">{t(fields.memo.errors[0] as never)}</p> : null}
          </div>
          {form.errors ? (
            <p className="form-error" role="alert">
              {t(form.errors[0] as never)}
            </p>
          ) : null}
          <p>
            <button type="submit" className="secondary">
              {t("movement.reverse")}
            </button>
          </p>
        </Form>
      ) : null}
    </section>
  );
}
