import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Field } from "#app/components/field";
import { FormErrors } from "#app/components/form-errors";
import { requestIp } from "#app/modules/audit/audit.server";
import { pageMeta } from "#app/modules/i18n/meta";
import { getLocale } from "#app/modules/i18n/locale.server";
import { donorKinds } from "#app/modules/material/codes";
import { CashDonationSchema, GoodsDonationSchema, type FormText } from "#app/modules/material/forms";
import { recordDonation } from "#app/modules/material/fund.server";
import { requireDuty } from "#app/modules/material/guard.server";
import { fenToYuanText } from "#app/modules/material/money";
import { listItems } from "#app/modules/material/stock.server";
import { requireSameOrigin } from "#app/modules/security/request-safety.server";
import materialStylesUrl from "#app/styles/material.css?url";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: materialStylesUrl }];

export const meta = pageMeta("material:donation.new");

const goodsRows = 5;

export async function loader({ request }: LoaderFunctionArgs) {
  await requireDuty(request, "fund.record");
  const items = await listItems({ activeOnly: true });
  return {
    items: items.map((i) => ({ id: i.id, name: i.name, unit: i.unit, price: fenToYuanText(i.priceFen) })),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  requireSameOrigin(request);
  const user = await requireDuty(request, "fund.record");
  const formData = await request.formData();
  const kind = formData.get("kind") === "goods" ? "goods" : "cash";
  const locale = getLocale(request);
  if (kind === "cash") {
    const submission = parseWithZod(formData, { schema: CashDonationSchema });
    if (submission.status !== "success") return data(submission.reply(), { status: 400 });
    const { amount, method, ...donor } = submission.value;
    const posted = await recordDonation(
      user.id,
      { kind: "cash", amountFen: amount, method, ...donor, locale },
      requestIp(request),
    );
    if (!posted) throw new Error("a cash donation holds no goods to refuse");
    throw redirect(`/fund/donations/${posted.id}`);
  }
  const submission = parseWithZod(formData, { schema: GoodsDonationSchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  const { items, lines: _lines, ...donor } = submission.value;
  void _lines;
  const posted = await recordDonation(
    user.id,
    { kind: "goods", items, ...donor, locale },
    requestIp(request),
  );
  if (!posted)
    return data(submission.reply({ formErrors: ["material:validation.unknownItem"] }), { status: 400 });
  throw redirect(`/fund/donations/${posted.id}`);
}

export default function NewDonation() {
  const { items } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const [params] = useSearchParams();
  const kind = params.get("kind") === "goods" ? "goods" : "cash";
  const { t } = useTranslation("material");
  const [form, fields] = useForm<FormText<typeof CashDonationSchema> & { lines?: string }, unknown>({
    lastResult,
    onValidate: ({ formData }) =>
      kind === "goods"
        ? parseWithZod(formData, { schema: GoodsDonationSchema })
        : parseWithZod(formData, { schema: CashDonationSchema }),
    shouldRevalidate: "onBlur",
  });
  const lineErrors = (lastResult?.error ?? {}) as Record<string, string[] | null>;
  return (
    <section className="narrow stack" aria-labelledby="donation-title">
      <h1 id="donation-title">{t("donation.new")}</h1>
      <nav className="material-tabs" aria-label={t("donation.kind")}>
        <a href="?kind=cash" aria-current={kind === "cash" ? "page" : undefined}>
          {t("donation.cash")}
        </a>
        <a href="?kind=goods" aria-current={kind === "goods" ? "page" : undefined}>
          {t("donation.goods")}
        </a>
      </nav>
      <Form method="post" {...getFormProps(form)} className="stack">
        <input type="hidden" name="kind" value={kind} />
        <fieldset className="stack">
          <legend>{t("donation.donor")}</legend>
          <div className="material-choice" role="radiogroup" aria-label={t("donation.donorKind")}>
            {donorKinds.map((k) => (
              <label key={k} className="checkbox">
                <input type="radio" name="donorKind" value={k} defaultChecked={k === "person"} />{" "}
                {t(`donor.${k}`)}
              </label>
            ))}
          </div>
          <Field meta={fields.donorName} label={t("donation.donorName")} />
          <Field meta={fields.donorPhone} label={t("donation.donorPhone")} inputMode="tel" />
          <Field meta={fields.donorEmail} label={t("donation.donorEmail")} type="email" />
          <p className="hint">{t("donation.emailHint")}</p>
          <Field meta={fields.purpose} label={t("donation.purpose")} />
        </fieldset>
        {kind === "cash" ? (
          <fieldset className="stack">
            <legend>{t("donation.money")}</legend>
            <Field meta={fields.amount} label={t("donation.amount")} inputMode="decimal" />
            <div className="material-choice" role="radiogroup" aria-label={t("donation.method")}>
              <label className="checkbox">
                <input type="radio" name="method" value="cash" defaultChecked /> {t("method.cash")}
              </label>
              <label className="checkbox">
                <input type="radio" name="method" value="transfer" /> {t("method.transfer")}
              </label>
            </div>
          </fieldset>
        ) : (
          <fieldset className="stack">
            <legend>{t("donation.goodsList")}</legend>
            <p className="hint">{t("donation.goodsHint")}</p>
            <div className="material-lines">
              {Array.from({ length: goodsRows }, (_, i) => (
                <div key={i} className="material-line">
                  <div className="field">
                    <label htmlFor={`line-${i}-item`}>{t("donation.item", { n: i + 1 })}</label>
                    <select id={`line-${i}-item`} name={`lines[${i}].itemId`} defaultValue="">
                      <option value="">—</option>
                      {items.map((item) => (
                        <option key={item.id} value={item.id}>
                          {item.name}（{item.unit}）
                        </option>
                      ))}
                    </select>
                  </div>
                  <div className="field">
                    <label htmlFor={`line-${i}-qty`}>{t("donation.quantity")}</label>
                    <input
                      id={`line-${i}-qty`}
                      name={`lines[${i}].quantity`}
                      type="number"
                      min={0}
                      inputMode="numeric"
                    />
                  </div>
                  <div className="field">
                    <label htmlFor={`line-${i}-value`}>{t("donation.unitValue")}</label>
                    <input
                      id={`line-${i}-value`}
                      name={`lines[${i}].unitValue`}
                      inputMode="decimal"
                      aria-describedby={lineErrors[`lines[${i}].unitValue`] ? `line-${i}-error` : undefined}
                    />
                    {lineErrors[`lines[${i}].unitValue`] ? (
                      <p id={`line-${i}-error`} className="field-error">
                        {t("validation.amount")}
                      </p>
                    ) : null}
                  </div>
                </div>
              ))}
            </div>
            <FormErrors id="lines-error" errors={fields.lines.errors} />
          </fieldset>
        )}
        <FormErrors id="donation-error" errors={form.errors} />
        <p>
          <button type="submit" className="primary">
            {t("donation.save")}
          </button>
        </p>
      </Form>
    </section>
  );
}
