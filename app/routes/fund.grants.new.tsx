import { getFormProps, getSelectProps, getTextareaProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { z } from "zod";
import type { FormText } from "#app/modules/material/forms";
import { Field } from "#app/components/field";
import { FormErrors } from "#app/components/form-errors";
import { assertPermission } from "#app/modules/auth/guard.server";
import { requestIp } from "#app/modules/audit/audit.server";
import { pageMeta } from "#app/modules/i18n/meta";
import { grantReasons, paymentMethods } from "#app/modules/material/codes";
import { GrantSchema } from "#app/modules/material/forms";
import { requireMaterialUser } from "#app/modules/material/guard.server";
import { householdPolicyFacts, readHouseholds } from "#app/modules/material/households.server";
import { formatFen } from "#app/modules/material/money";
import { proposalFromHelpRequest, proposeGrant } from "#app/modules/material/relief.server";
import { getMaterialSettings, grantCeiling } from "#app/modules/material/settings.server";
import { requireSameOrigin } from "#app/modules/security/request-safety.server";
import materialStylesUrl from "#app/styles/material.css?url";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: materialStylesUrl }];

export const meta = pageMeta("material:grantNew.title");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireMaterialUser(request);
  const url = new URL(request.url);
  const helpId = Number(url.searchParams.get("help"));
  const fromHelp =
    Number.isInteger(helpId) && helpId > 0 ? await proposalFromHelpRequest(user, helpId) : null;
  if (helpId && !fromHelp) throw new Response("Not found", { status: 404 });
  const householdId = fromHelp?.householdId ?? Number(url.searchParams.get("household"));
  const facts =
    Number.isInteger(householdId) && householdId > 0 ? await householdPolicyFacts(householdId) : null;
  if (!facts) throw new Response("Not found", { status: 404 });
  assertPermission(user, "grant.propose", facts);
  const household = (
    await readHouseholds([householdId], {
      actorId: user.id,
      purpose: "material.grant",
      ip: requestIp(request),
    })
  ).get(householdId);
  return {
    householdId,
    household: household && {
      compoundName: household.compoundName,
      address: household.address,
      headName: household.headName,
    },
    fromHelp,
    ceilingFen: grantCeiling(await getMaterialSettings(), user.role),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  requireSameOrigin(request);
  const user = await requireMaterialUser(request);
  const submission = parseWithZod(await request.formData(), { schema: GrantSchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  const v = submission.value;
  const outcome = await proposeGrant(
    user,
    {
      householdId: v.householdId,
      reason: v.reason,
      description: v.description,
      amountFen: v.amount,
      method: v.method,
      helpRequestId: v.helpRequestId ?? null,
    },
    requestIp(request),
  );
  if (outcome.ok) throw redirect(`/fund/grants/${outcome.grantId}`);
  if (outcome.error === "notFound") throw new Response("Not found", { status: 404 });
  if (outcome.error === "forbidden") throw new Response("Forbidden", { status: 403 });
  if (outcome.error === "overCeiling")
    return data(submission.reply({ fieldErrors: { amount: ["material:grantNew.overCeiling"] } }), {
      status: 400,
    });
  if (outcome.error === "noCard")
    return data(submission.reply({ fieldErrors: { method: ["material:grantNew.noCard"] } }), { status: 400 });
  return data(submission.reply({ formErrors: ["material:grantNew.alreadyProposed"] }), { status: 400 });
}

export default function NewGrant() {
  const { householdId, household, fromHelp, ceilingFen } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const { t, i18n } = useTranslation("material");
  const [form, fields] = useForm<FormText<typeof GrantSchema>, z.output<typeof GrantSchema>>({
    lastResult,
    defaultValue: {
      reason: fromHelp?.reason ?? "",
      description: fromHelp?.description ?? "",
      method: "cash",
    },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: GrantSchema }),
    shouldRevalidate: "onBlur",
  });
  return (
    <section className="narrow stack" aria-labelledby="grant-new-title">
      <h1 id="grant-new-title">{t("grantNew.title")}</h1>
      {household ? (
        <p>
          {t("grantNew.for", {
            household: `${household.compoundName} ${household.address}`,
            head: household.headName ?? "",
          })}
        </p>
      ) : null}
      {fromHelp ? <p className="notice">{t("grantNew.fromHelp", { id: fromHelp.helpRequestId })}</p> : null}
      <p className="hint">{t("grantNew.hint", { ceiling: formatFen(ceilingFen, i18n.language) })}</p>
      <Form method="post" {...getFormProps(form)} className="stack">
        <input type="hidden" name="householdId" value={householdId} />
        {fromHelp ? <input type="hidden" name="helpRequestId" value={fromHelp.helpRequestId} /> : null}
        <div className="field">
          <label htmlFor={fields.reason.id}>{t("grants.reason")}</label>
          <select {...getSelectProps(fields.reason)}>
            <option value="">—</option>
            {grantReasons.map((r) => (
              <option key={r} value={r}>
                {t(`reason.${r}`)}
              </option>
            ))}
          </select>
          {fields.reason.errors ? <p className="field-error">{t(fields.reason.errors[0] as never)}</p> : null}
        </div>
        <div className="field">
          <label htmlFor={fields.description.id}>{t("grantNew.description")}</label>
          <textarea {...getTextareaProps(fields.description)} rows={4} />
          {fields.description.errors ? (
            <p className="field-error">{t(fields.description.errors[0] as never)}</p>
          ) : null}
        </div>
        <Field meta={fields.amount} label={t("grantNew.amount")} inputMode="decimal" />
        <div className="field">
          <label htmlFor={fields.method.id}>{t("grantNew.method")}</label>
          <select {...getSelectProps(fields.method)}>
            {paymentMethods.map((m) => (
              <option key={m} value={m}>
                {t(`method.${m}`)}
              </option>
            ))}
          </select>
          {fields.method.errors ? <p className="field-error">{t(fields.method.errors[0] as never)}</p> : null}
        </div>
        <FormErrors id="grant-error" errors={form.errors} />
        <p>
          <button type="submit" className="primary">
            {t("grantNew.submit")}
          </button>
        </p>
      </Form>
    </section>
  );
}
