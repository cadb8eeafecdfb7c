import { parseWithZod } from "@conform-to/zod/v4";
import { getFormProps, getInputProps, useForm } from "@conform-to/react";
import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { z } from "zod";
import type { FormText } from "#app/modules/material/forms";
import { PrintButton } from "#app/components/print-button";
import { can } from "#app/modules/auth/policy";
import { requestIp } from "#app/modules/audit/audit.server";
import { pageMeta } from "#app/modules/i18n/meta";
import { formatCardNumber } from "#app/modules/material/card-number";
import { communityClock } from "#app/modules/material/clock.server";
import { RefundSchema } from "#app/modules/material/forms";
import { idParam, requireDuty } from "#app/modules/material/guard.server";
import { formatFen } from "#app/modules/material/money";
import { receipt, refundSale } from "#app/modules/material/till.server";
import { formatDateTime } from "#app/modules/dates/day";
import { requireSameOrigin } from "#app/modules/security/request-safety.server";
import materialStylesUrl from "#app/styles/material.css?url";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: materialStylesUrl }];

export const meta = pageMeta("material:receipt.title");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireDuty(request, "till.open");
  const found = await receipt(idParam(params.id), user, requestIp(request));
  if (!found) throw new Response("Not found", { status: 404 });
  if (found === "forbidden") throw new Response("Forbidden", { status: 403 });
  const clock = await communityClock();
  return {
    receipt: {
      ...found,
      at: formatDateTime(found.at, clock.zone),
      cardNumber: found.cardNumber ? formatCardNumber(found.cardNumber) : null,
    },
    canRefund:
      found.reversedBy === null &&
      can(user, "till.refund", {
        ...user,
        compoundId: found.compoundId,
        sellerId: found.sellerId,
        sameDay: found.day === clock.day,
      }),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  requireSameOrigin(request);
  const user = await requireDuty(request, "till.open");
  const id = idParam(params.id);
  const submission = parseWithZod(await request.formData(), { schema: RefundSchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  const outcome = await refundSale(user, id, submission.value.reason, requestIp(request));
  if (outcome.ok) throw redirect(`/till/receipt/${id}?refunded=1`);
  if (outcome.error === "forbidden") throw new Response("Forbidden", { status: 403 });
  if (outcome.error === "notFound") throw new Response("Not found", { status: 404 });
  return data(submission.reply({ formErrors: [`material:receipt.error.${outcome.error}`] }), { status: 400 });
}

export default function Receipt() {
  const { receipt: r, canRefund } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const { t, i18n } = useTranslation("material");
  const money = (fen: number) => formatFen(fen, i18n.language);
  const [form, fields] = useForm<FormText<typeof RefundSchema>, z.output<typeof RefundSchema>>({
    lastResult,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: RefundSchema }),
    shouldRevalidate: "onBlur",
  });
  return (
    <section className="stack material-receipt" aria-labelledby="receipt-title">
      <div className="page-head no-print">
        <h1 id="receipt-title">{t("receipt.title")}</h1>
        <div className="actions">
          <PrintButton label={t("receipt.print")} />
          <Link className="button secondary" to="/till">
            {t("receipt.next")}
          </Link>
        </div>
      </div>
      <div className="card material-slip">
        <p className="material-slip-head">
          <strong>{t("receipt.heading")}</strong> · {r.documentNo}
        </p>
        <dl className="facts">
          <dt>{t("receipt.at")}</dt>
          <dd>{r.at}</dd>
          <dt>{t("receipt.kind")}</dt>
          <dd>{t(`kind.${r.kind}` as never)}</dd>
          {r.cardNumber ? (
            <>
              <dt>{t("receipt.card")}</dt>
              <dd>
                {r.maskedName} · {r.cardNumber}
              </dd>
            </>
          ) : null}
          <dt>{t("receipt.cashier")}</dt>
          <dd>{r.sellerName}</dd>
        </dl>
        <div className="table-scroll">
          <table className="material-table">
            <thead>
              <tr>
                <th scope="col">{t("receipt.goods")}</th>
                <th scope="col">{t("receipt.quantity")}</th>
                <th scope="col">{t("receipt.charged")}</th>
              </tr>
            </thead>
            <tbody>
              {r.lines.map((line, i) => (
                <tr key={i}>
                  <th scope="row">{line.itemName ?? t("receipt.amountLine")}</th>
                  <td>{line.quantity}</td>
                  <td>{line.chargedFen === 0 && line.itemName ? t("till.free") : money(line.chargedFen)}</td>
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr>
                <th scope="row">{t("receipt.total")}</th>
                <td />
                <td>{money(r.totalFen)}</td>
              </tr>
            </tfoot>
          </table>
        </div>
        {r.holdingFen !== null ? (
          <p className="material-balance">
            {t("receipt.balanceNow")} <strong>{money(r.holdingFen)}</strong>
          </p>
        ) : null}
        {r.reversedBy ? (
          <p className="notice" role="status">
            {t("receipt.refunded", { documentNo: r.reversedBy.documentNo })}
          </p>
        ) : null}
      </div>
      {canRefund ? (
        <Form method="post" {...getFormProps(form)} className="stack no-print">
          <h2>{t("receipt.refundTitle")}</h2>
          <p className="hint">{t("receipt.refundHint")}</p>
          <div className="field">
            <label htmlFor={fields.reason.id}>{t("receipt.reason")}</label>
            <input {...getInputProps(fields.reason, { type: "text" })} />
            {fields.reason.errors ? (
              <p className="field-error">{t(fields.reason.errors[0] as never)}</p>
            ) : null}
          </div>
          {form.errors ? (
            <p className="form-error" role="alert">
              {t(form.errors[0] as never)}
            </p>
          ) : null}
          <p>
            <button type="submit" className="secondary">
              {t("receipt.refund")}
            </button>
          </p>
        </Form>
      ) : null}
    </section>
  );
}
