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
import { consentScopes } from "#app/modules/households/codes";
import { HouseholdEditSchema, needsWithNotes } from "#app/modules/households/forms";
import { openCorrection } from "#app/modules/households/corrections.server";
import { householdFacts } from "#app/modules/households/facts.server";
import { day } from "#app/modules/households/format";
import { readHousehold } from "#app/modules/households/reader.server";
import { householdIdParam, updateHousehold } from "#app/modules/households/registry.server";
import { requireSameOrigin } from "#app/modules/security/request-safety.server";
import { pageMeta } from "#app/modules/i18n/meta";
import privacyStylesUrl from "#app/styles/privacy.css?url";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: privacyStylesUrl }];

export const meta = pageMeta("households:edit.title");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const opened = await readHousehold(user, householdIdParam(params), {
    via: "households.edit",
    ip: requestIp(request),
  });
  if (!opened.ok) throw opened.status === 403 ? forbidden() : new Response("Not found", { status: 404 });
  if (!opened.value.can.edit) throw forbidden();
  const correctionId = Number(new URL(request.url).searchParams.get("correction"));
  const correction =
    Number.isSafeInteger(correctionId) && correctionId > 0
      ? await openCorrection(opened.value.id, correctionId)
      : null;
  return { record: opened.value, correction };
}

export async function action({ request, params }: ActionFunctionArgs) {
  requireSameOrigin(request);
  const user = await requireUser(request);
  const id = householdIdParam(params);
  // The rule first, so that a refusal never depends on what the form held.
  const facts = await householdFacts(id);
  if (!facts) throw new Response("Not found", { status: 404 });
  assertPermission(user, "household.write", facts);
  const formData = await request.formData();
  const submission = parseWithZod(formData, { schema: HouseholdEditSchema });
  if (submission.status !== "success") return data({ result: submission.reply() }, { status: 400 });
  const v = submission.value;
  const correctionId = Number(formData.get("correctionId"));
  const outcome = await updateHousehold(
    user,
    id,
    {
      building: v.building,
      unit: v.unit,
      room: v.room,
      hardshipLevel: v.hardshipLevel,
      categories: v.categories,
      needs: needsWithNotes(v.needs, v.needNotes),
      note: v.note,
      healthNote: v.healthNote,
      consentGivenBy: v.consentGivenBy,
      consentScopes: v.consentGivenBy ? v.consentScopes : [],
    },
    { ip: requestIp(request) },
    Number.isSafeInteger(correctionId) && correctionId > 0 ? correctionId : null,
  );
  if (!outcome.ok && "addressTaken" in outcome)
    return data(
      { result: submission.reply({ fieldErrors: { room: ["households:validation.addressTaken"] } }) },
      { status: 400 },
    );
  if (!outcome.ok) throw outcome.status === 403 ? forbidden() : new Response("Not found", { status: 404 });
  throw redirect(`/households/${id}?notice=${formData.get("correctionId") ? "applied" : "saved"}`);
}

export default function EditHousehold() {
  const { record, correction } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation("households");
  const { t: tp } = useTranslation("privacy");
  const [form, fields] = useForm({
    id: "edit",
    lastResult: actionData?.result,
    defaultValue: {
      building: record.building,
      unit: record.unit,
      room: record.room,
      consentGivenBy: record.consent?.givenBy ?? "",
    },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: HouseholdEditSchema }),
    shouldValidate: "onBlur",
  });
  const address = t("address", {
    compound: record.compoundName,
    building: record.building,
    unit: record.unit,
    room: record.room,
  });
  const textArea = (name: "note" | "healthNote", value: string | null) => {
    const meta = fields[name];
    return (
      <div className="field">
        <label htmlFor={meta.id}>
          {t(`field.${name}`)} <Seen by={name === "note" ? "staff" : "resident"} />
        </label>
        <textarea
          id={meta.id}
          name={meta.name}
          rows={3}
          maxLength={500}
          defaultValue={value ?? ""}
          aria-invalid={meta.errors ? true : undefined}
          aria-describedby={meta.errors ? `${meta.id}-error` : undefined}
        />
        {meta.errors ? (
          <p id={`${meta.id}-error`} className="field-error">
            {meta.errors.map((e) => t(e as never)).join(" ")}
          </p>
        ) : null}
      </div>
    );
  };
  return (
    <div className="stack narrow">
      <p>
        <Link to={`/households/${record.id}`}>← {address}</Link>
      </p>
      <h1>{t("edit.title")}</h1>
      <p className="hint">{t("edit.visibilityLead")}</p>
      {correction ? (
        <section className="card notice" aria-labelledby="correction-title">
          <h2 id="correction-title">{t("edit.correctionTitle")}</h2>
          <p className="muted">
            {t("corrections.from", { name: correction.requesterName, date: day(correction.createdAt) })}
          </p>
          {correction.field ? <p>{t("edit.correctionField", { field: correction.field })}</p> : null}
          <blockquote className="correction-text">{correction.text}</blockquote>
          <p className="hint">{t("edit.correctionHint")}</p>
        </section>
      ) : null}
      <Form
        method="post"
        className="form"
        {...getFormProps(form)}
        onSubmit={(event) => {
          if (!isValidationSubmit(event) && !window.confirm(t("edit.confirm"))) {
            event.preventDefault();
            return;
          }
          form.onSubmit(event);
        }}
      >
        <FormErrors id={form.errorId} errors={form.errors} />
        {correction ? <input type="hidden" name="correctionId" value={correction.id} /> : null}
        <div className="field-row">
          <Field meta={fields.building} label={t("field.building")} />
          <Field meta={fields.unit} label={t("field.unit")} />
          <Field meta={fields.room} label={t("field.room")} />
        </div>
        <LevelField meta={fields.hardshipLevel} value={record.hardshipLevel} />
        <p className="hint">{t("edit.levelChangeHint")}</p>
        <CategoryFields
          meta={fields.categories}
          value={record.categories}
          withheld={record.healthWithheld ? tp(`withheld.${record.healthWithheld}`) : null}
        />
        <NeedFields meta={fields.needs} value={record.needs} healthAllowed={!record.healthWithheld} />
        {textArea("note", record.note)}
        <fieldset className="field choice-group">
          <legend>{t("field.consent")}</legend>
          <p className="hint">{t("edit.consentHelp")}</p>
          <Field meta={fields.consentGivenBy} label={t("field.consentGivenBy")} />
          <fieldset className="choice-group">
            <legend>{t("field.consentScopes")}</legend>
            {consentScopes.map((s) => (
              <label key={s} className="checkbox">
                <input
                  type="checkbox"
                  name={fields.consentScopes.name}
                  value={s}
                  defaultChecked={record.consent?.scopes.includes(s) ?? false}
                />
                {t(`consentScope.${s}`)}
              </label>
            ))}
            {fields.consentScopes.errors ? (
              <p className="field-error">{fields.consentScopes.errors.map((e) => t(e as never)).join(" ")}</p>
            ) : null}
          </fieldset>
        </fieldset>
        {record.healthWithheld ? null : textArea("healthNote", record.healthNote)}
        <div className="actions">
          <button type="submit" className="primary">
            {correction ? t("edit.saveApplying") : t("edit.save")}
          </button>
          <Link to={`/households/${record.id}`}>{t("edit.cancel")}</Link>
        </div>
      </Form>
    </div>
  );
}

/** Says on the form who reads a field: the resident on their own page, or only staff. */
function Seen({ by }: { by: "resident" | "staff" }) {
  const { t } = useTranslation("households");
  return <span className={`seen-by seen-by-${by}`}>{t(`edit.seenBy.${by}`)}</span>;
}
