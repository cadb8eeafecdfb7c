import { getFormProps, getInputProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { z } from "zod";
import type { FormText } from "#app/modules/material/forms";
import { CardEntries } from "#app/components/material/card-entries";
import { requestIp } from "#app/modules/audit/audit.server";
import { formatDateTime } from "#app/modules/dates/day";
import { pageMeta } from "#app/modules/i18n/meta";
import { blockAndReissue, cardById, cardEntries, managedCardView } from "#app/modules/material/cards.server";
import { communityClock } from "#app/modules/material/clock.server";
import { BlockSchema } from "#app/modules/material/forms";
import { idParam, requireMaterialUser } from "#app/modules/material/guard.server";
import { formatFen } from "#app/modules/material/money";
import { requireSameOrigin } from "#app/modules/security/request-safety.server";
import materialStylesUrl from "#app/styles/material.css?url";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: materialStylesUrl }];

export const meta = pageMeta("material:card.title");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireMaterialUser(request);
  const card = await cardById(idParam(params.id));
  if (!card) throw new Response("Not found", { status: 404 });
  const view = await managedCardView(card, user, requestIp(request));
  if (!view) throw new Response("Not found", { status: 404 });
  if (view === "forbidden") throw new Response("Forbidden", { status: 403 });
  const clock = await communityClock();
  const entries = await cardEntries(card.id, 50);
  return {
    card: {
      id: card.id,
      numberText: view.numberText,
      status: card.status,
      holdingFen: view.holdingFen,
      blockReason: card.blockReason,
      household: view.household,
    },
    history: view.history.map((c) => ({
      id: c.id,
      status: c.status,
      issuedAt: formatDateTime(c.issuedAt, clock.zone),
    })),
    entries: entries.map((e) => ({ ...e, at: formatDateTime(e.at, clock.zone) })),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  requireSameOrigin(request);
  const user = await requireMaterialUser(request);
  const submission = parseWithZod(await request.formData(), { schema: BlockSchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  const outcome = await blockAndReissue(
    user,
    idParam(params.id),
    submission.value.reason,
    requestIp(request),
  );
  if (outcome.ok) throw redirect(`/love-card/${outcome.cardId}?reissued=1`);
  if (outcome.error === "notActive")
    return data(submission.reply({ formErrors: ["material:card.notActive"] }), { status: 400 });
  throw new Response(outcome.error, { status: outcome.error === "notFound" ? 404 : 403 });
}

export default function LoveCardPage() {
  const { card, history, entries } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const [params] = useSearchParams();
  const { t, i18n } = useTranslation("material");
  const money = (fen: number) => formatFen(fen, i18n.language);
  const [form, fields] = useForm<FormText<typeof BlockSchema>, z.output<typeof BlockSchema>>({
    lastResult,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: BlockSchema }),
    shouldRevalidate: "onBlur",
  });
  return (
    <section className="stack" aria-labelledby="card-title">
      <div className="page-head">
        <h1 id="card-title">
          {t("card.title")} {card.numberText}
        </h1>
        <div className="actions">
          {card.status === "active" ? (
            <Link className="button secondary" to={`/love-card/${card.id}/print`}>
              {t("card.print")}
            </Link>
          ) : null}
        </div>
      </div>
      {params.get("reissued") ? (
        <p className="notice" role="status">
          {t("card.reissued")}
        </p>
      ) : null}
      <dl className="facts">
        <dt>{t("card.household")}</dt>
        <dd>
          {card.household.compoundName} {card.household.address} · {card.household.headName}
        </dd>
        <dt>{t("cards.status")}</dt>
        <dd>
          {t(`cardStatus.${card.status}`)}
          {card.blockReason ? ` · ${card.blockReason}` : ""}
        </dd>
        <dt>{t("cards.holds")}</dt>
        <dd>
          <strong>{money(card.holdingFen)}</strong>
        </dd>
      </dl>
      <h2>{t("card.entries")}</h2>
      <CardEntries entries={entries} />
      {history.length > 1 ? (
        <>
          <h2>{t("card.history")}</h2>
          <ul>
            {history.map((c) => (
              <li key={c.id}>
                <Link to={`/love-card/${c.id}`}>{t("card.issuedOn", { at: c.issuedAt })}</Link> ·{" "}
                {t(`cardStatus.${c.status}`)}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {card.status === "active" ? (
        <Form method="post" {...getFormProps(form)} className="card stack" aria-labelledby="block-title">
          <h2 id="block-title">{t("card.blockTitle")}</h2>
          <p className="hint">{t("card.blockHint")}</p>
          <div className="field">
            <label htmlFor={fields.reason.id}>{t("card.blockReason")}</label>
            <input {...getInputProps(fields.reason, { type: "text" })} />
            {fields.reason.errors ? (
              <p className="field-error">{t(fields.reason.errors[0] as never)}</p>
            ) : null}
          </div>
          <label className="checkbox">
            <input type="checkbox" name="confirm" value="yes" /> {t("card.blockConfirm")}
          </label>
          {fields.confirm.errors ? (
            <p className="field-error">{t(fields.confirm.errors[0] as never)}</p>
          ) : null}
          {form.errors ? (
            <p className="form-error" role="alert">
              {t(form.errors[0] as never)}
            </p>
          ) : null}
          <p>
            <button type="submit" className="secondary">
              {t("card.block")}
            </button>
          </p>
        </Form>
      ) : null}
    </section>
  );
}
