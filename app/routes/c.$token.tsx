// The public page a connection card's QR opens (decision 023): the community hotline, large, and a short form
// that files a help request for the card's household without an account. It shows nothing about the
// household; an unknown or revoked card gets the same page with the hotline and says the card is no longer valid.
import { getFormProps, getTextareaProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, HeadersFunction, LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Field } from "#app/components/field";
import { FormErrors } from "#app/components/form-errors";
import { linkFormHeaders } from "#app/modules/auth/link-secret.server";
import { waitMinutes } from "#app/modules/auth/rate-limit.server";
import { requestMeta } from "#app/modules/auth/sign-in.server";
import { askByCard, isCardValid } from "#app/modules/help/card.server";
import { helpUrgencies, type HelpUrgency } from "#app/modules/help/codes";
import { CardAskSchema } from "#app/modules/help/schemas";
import { pageMeta } from "#app/modules/i18n/meta";
import { requireSameOrigin } from "#app/modules/security/request-safety.server";
import { getSettings } from "#app/modules/settings/settings.server";
import helpStylesUrl from "#app/styles/help.css?url";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: helpStylesUrl }];

export const meta = pageMeta("help:card.title");

// The token is in the address: no Referer leaves the site, and the page is never cached.
const pageHeaders = { ...linkFormHeaders, "Cache-Control": "no-store" };
export const headers: HeadersFunction = () => pageHeaders;

const sentUrgency = (value: string | null): HelpUrgency | null =>
  helpUrgencies.find((u) => u === value) ?? null;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const [valid, settings] = await Promise.all([isCardValid(params.token ?? ""), getSettings()]);
  const sent = valid ? sentUrgency(new URL(request.url).searchParams.get("sent")) : null;
  return data({ valid, sent, hotline: settings.hotline }, { status: valid ? 200 : 404 });
}

export async function action({ request, params }: ActionFunctionArgs) {
  requireSameOrigin(request);
  const token = params.token ?? "";
  const submission = parseWithZod(await request.formData(), { schema: CardAskSchema });
  if (submission.status !== "success")
    return data({ result: submission.reply(), wait: 0, invalid: false }, { status: 400 });
  const result = await askByCard(token, submission.value, requestMeta(request));
  if (result.ok) throw redirect(`/c/${token}?sent=${submission.value.urgency}`, { headers: pageHeaders });
  if (result.reason === "invalidCard")
    return data({ result: submission.reply({ resetForm: true }), wait: 0, invalid: true }, { status: 404 });
  return data(
    {
      result: submission.reply({ formErrors: ["help:card.rateLimited"] }),
      wait: waitMinutes(result),
      invalid: false,
    },
    { status: 429 },
  );
}

export default function CardHelp() {
  const { valid, sent, hotline } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation("help");
  return (
    <section className="card-help stack" aria-labelledby="card-help-title">
      <h1 id="card-help-title">{t("card.title")}</h1>
      <div className="card-hotline">
        <p>{t("card.hotlineLead")}</p>
        <a className="card-hotline-number" href={`tel:${hotline}`}>
          <span aria-hidden="true">☎ </span>
          {t("card.call", { hotline })}
        </a>
      </div>
      {!valid || actionData?.invalid ? (
        <div className="notice" role="status">
          <h2>{t("card.invalidTitle")}</h2>
          <p>{t("card.invalid")}</p>
        </div>
      ) : sent ? (
        <div className="notice card-help-sent" role="status">
          <h2>{t("card.sentTitle")}</h2>
          <p>{t("card.sent")}</p>
          {sent === "urgent" ? <p>{t("card.sentUrgent")}</p> : null}
          <p>
            <Link to=".">{t("card.another")}</Link>
          </p>
        </div>
      ) : (
        <CardAskForm hotline={hotline} actionData={actionData} />
      )}
      <p className="muted">{t("card.privacy")}</p>
    </section>
  );
}

function CardAskForm({
  hotline,
  actionData,
}: {
  hotline: string;
  actionData: ReturnType<typeof useActionData<typeof action>>;
}) {
  const { t } = useTranslation("help");
  const [form, fields] = useForm({
    lastResult: actionData?.result,
    defaultValue: { urgency: "normal" },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: CardAskSchema }),
    // While typing, not on leaving the field: an error that vanishes on blur moves the button under the finger.
    shouldRevalidate: "onInput",
  });
  const needHint = `${fields.need.id}-hint`;
  const needError = `${fields.need.id}-error`;
  const urgencyError = `${fields.urgency.id}-error`;
  return (
    <Form method="post" className="form card-help-form" {...getFormProps(form)}>
      <h2>{t("card.formTitle")}</h2>
      <p>{t("card.formLead")}</p>
      <FormErrors id={form.errorId} errors={form.errors} values={{ hotline, minutes: actionData?.wait }} />
      <div className="field">
        <label htmlFor={fields.need.id}>{t("card.need")}</label>
        <p className="hint" id={needHint}>
          {t("card.needHint")}
        </p>
        <textarea
          {...getTextareaProps(fields.need, { ariaDescribedBy: fields.need.errors ? needError : needHint })}
          rows={4}
        />
        {fields.need.errors ? (
          <p className="field-error" id={needError}>
            {fields.need.errors.map((e) => t(e as never)).join(" ")}
          </p>
        ) : null}
      </div>
      <fieldset
        className="choice-group card-help-urgency"
        aria-describedby={fields.urgency.errors ? urgencyError : undefined}
      >
        <legend>{t("ask.urgency")}</legend>
        {helpUrgencies.map((u) => (
          <label key={u} className="choice">
            <input
              type="radio"
              name={fields.urgency.name}
              value={u}
              defaultChecked={fields.urgency.initialValue === u}
            />
            {t(`ask.urgencyChoice.${u}`)}
          </label>
        ))}
        {fields.urgency.errors ? (
          <p className="field-error" id={urgencyError}>
            {fields.urgency.errors.map((e) => t(e as never)).join(" ")}
          </p>
        ) : null}
      </fieldset>
      <Field meta={fields.phone} label={t("card.phone")} type="tel" autoComplete="tel" inputMode="tel" />
      <p className="hint">{t("card.phoneHint")}</p>
      <button type="submit" className="primary">
        {t("card.submit")}
      </button>
    </Form>
  );
}
