import { getFormProps, useForm } from "@conform-to/react";
import { isValidationSubmit } from "#app/components/confirm-submit";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Field } from "#app/components/field";
import { FormErrors } from "#app/components/form-errors";
import { CategoryFields, LevelField, NeedFields } from "#app/components/household-fields";
import { requestIp } from "#app/modules/audit/audit.server";
import { assertPermission, forbidden, requireUser } from "#app/modules/auth/guard.server";
import { needsWithNotes, VerificationSchema } from "#app/modules/households/forms";
import { today } from "#app/modules/households/format";
import { householdFacts } from "#app/modules/households/facts.server";
import { readHousehold } from "#app/modules/households/reader.server";
import { householdIdParam } from "#app/modules/households/registry.server";
import { verificationIntervals, verifyHousehold } from "#app/modules/households/verification.server";
import { requireSameOrigin } from "#app/modules/security/request-safety.server";
import { pageMeta } from "#app/modules/i18n/meta";
import privacyStylesUrl from "#app/styles/privacy.css?url";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: privacyStylesUrl }];

export const meta = pageMeta("households:verify.title");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const opened = await readHousehold(user, householdIdParam(params), {
    via: "households.verify",
    ip: requestIp(request),
  });
  if (!opened.ok) throw opened.status === 403 ? forbidden() : new Response("Not found", { status: 404 });
  if (!opened.value.can.verify) throw forbidden();
  return {
    record: opened.value,
    verifierName: user.name,
    today: today(),
    intervals: await verificationIntervals(),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  requireSameOrigin(request);
  const user = await requireUser(request);
  const id = householdIdParam(params);
  // The rule first, so that a refusal never depends on what the form held.
  const facts = await householdFacts(id);
  if (!facts) throw new Response("Not found", { status: 404 });
  assertPermission(user, "household.verify", facts);
  const submission = parseWithZod(await request.formData(), { schema: VerificationSchema });
  if (submission.status !== "success") return data({ result: submission.reply() }, { status: 400 });
  const v = submission.value;
  const outcome = await verifyHousehold(
    user,
    id,
    {
      // A check is dated by its day; noon keeps that day in the community's time zone.
      verifiedAt: new Date(`${v.verifiedAt}T04:00:00Z`),
      verifierName: v.verifierName,
      findings: v.findings,
      hardshipLevel: v.hardshipLevel,
      categories: v.categories,
      needs: needsWithNotes(v.needs, v.needNotes),
    },
    { ip: requestIp(request) },
  );
  if (!outcome.ok) throw outcome.status === 403 ? forbidden() : new Response("Not found", { status: 404 });
  const due = outcome.nextDue ? `&due=${outcome.nextDue.toISOString()}` : "";
  throw redirect(`/households/${id}?notice=verified${due}`);
}

export default function VerifyHousehold() {
  const { record, verifierName, today: todayDate, intervals } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation("households");
  const { t: tp } = useTranslation("privacy");
  const [form, fields] = useForm({
    id: "verify",
    lastResult: actionData?.result,
    defaultValue: { verifiedAt: todayDate, verifierName },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: VerificationSchema }),
    shouldValidate: "onBlur",
  });
  const address = t("address", {
    compound: record.compoundName,
    building: record.building,
    unit: record.unit,
    room: record.room,
  });
  return (
    <div className="stack narrow">
      <p>
        <Link to={`/households/${record.id}`}>← {address}</Link>
      </p>
      <h1>{t("verify.title")}</h1>
      <p className="hint">{t("verify.intervals", intervals)}</p>
      <Form
        method="post"
        className="form"
        {...getFormProps(form)}
        onSubmit={(event) => {
          const level = new FormData(event.currentTarget).get("hardshipLevel");
          if (
            !isValidationSubmit(event) &&
            typeof level === "string" &&
            level !== record.hardshipLevel &&
            !window.confirm(
              t("verify.confirmLevel", {
                before: t(`hardshipLevel.${record.hardshipLevel}`),
                after: t(`hardshipLevel.${level as "none"}`),
              }),
            )
          ) {
            event.preventDefault();
            return;
          }
          form.onSubmit(event);
        }}
      >
        <FormErrors id={form.errorId} errors={form.errors} />
        <Field meta={fields.verifiedAt} label={t("verify.verifiedAt")} type="date" max={todayDate} />
        <Field meta={fields.verifierName} label={t("verify.verifierName")} autoComplete="name" />
        <div className="field">
          <label htmlFor={fields.findings.id}>{t("verify.findings")}</label>
          <textarea
            id={fields.findings.id}
            name={fields.findings.name}
            rows={4}
            defaultValue=""
            aria-invalid={fields.findings.errors ? true : undefined}
            aria-describedby={fields.findings.errors ? `${fields.findings.id}-error` : undefined}
          />
          {fields.findings.errors ? (
            <p id={`${fields.findings.id}-error`} className="field-error">
              {fields.findings.errors.map((e) => t(e as never)).join(" ")}
            </p>
          ) : null}
        </div>
        <LevelField meta={fields.hardshipLevel} value={record.hardshipLevel} />
        <CategoryFields
          meta={fields.categories}
          value={record.categories}
          withheld={record.healthWithheld ? tp(`withheld.${record.healthWithheld}`) : null}
        />
        <NeedFields meta={fields.needs} value={record.needs} healthAllowed={!record.healthWithheld} />
        <div className="actions">
          <button type="submit" className="primary">
            {t("verify.submit")}
          </button>
          <Link to={`/households/${record.id}`}>{t("edit.cancel")}</Link>
        </div>
      </Form>
    </div>
  );
}
