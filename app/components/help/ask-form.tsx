// The ask-for-help form, used by residents (/help/ask) and by staff taking a hotline call.
import {
  getFormProps,
  getInputProps,
  getTextareaProps,
  useForm,
  type SubmissionResult,
} from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Field } from "#app/components/field";
import { FormErrors } from "#app/components/form-errors";
import { contactMethods, helpKinds, helpUrgencies } from "#app/modules/help/codes";
import { AskSchema } from "#app/modules/help/schemas";

export function AskForm({
  householdId,
  defaultPhone,
  lastResult,
  submitLabel,
}: {
  householdId: number;
  defaultPhone: string | null;
  lastResult: SubmissionResult<string[]> | undefined;
  submitLabel: string;
}) {
  const { t } = useTranslation("help");
  const [form, fields] = useForm({
    lastResult,
    defaultValue: {
      household: String(householdId),
      urgency: "normal",
      contactMethod: "phone",
      contactPhone: defaultPhone ?? "",
    },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: AskSchema }),
    shouldRevalidate: "onInput",
  });
  const error = (errors: string[] | undefined, id: string) =>
    errors ? (
      <p className="field-error" id={id}>
        {errors.map((e) => t(e as never)).join(" ")}
      </p>
    ) : null;
  return (
    <Form method="post" className="form" {...getFormProps(form)}>
      <FormErrors id={form.errorId} errors={form.errors} />
      <input {...getInputProps(fields.household, { type: "hidden" })} />
      <fieldset className="choice-group" aria-describedby={fields.kind.errors ? "kind-error" : undefined}>
        <legend>{t("ask.kind")}</legend>
        {helpKinds.map((kind) => (
          <label key={kind} className="choice">
            <input
              type="radio"
              name={fields.kind.name}
              value={kind}
              defaultChecked={fields.kind.initialValue === kind}
            />
            {t(`kind.${kind}`)}
          </label>
        ))}
        {error(fields.kind.errors, "kind-error")}
      </fieldset>
      <fieldset
        className="choice-group"
        aria-describedby={fields.urgency.errors ? "urgency-error" : undefined}
      >
        <legend>{t("ask.urgency")}</legend>
        {helpUrgencies.map((urgency) => (
          <label key={urgency} className="choice">
            <input
              type="radio"
              name={fields.urgency.name}
              value={urgency}
              defaultChecked={fields.urgency.initialValue === urgency}
            />
            {t(`ask.urgencyChoice.${urgency}`)}
          </label>
        ))}
        {error(fields.urgency.errors, "urgency-error")}
      </fieldset>
      <div className="field">
        <label htmlFor={fields.description.id}>{t("ask.description")}</label>
        <p className="hint" id="description-hint">
          {t("ask.descriptionHint")}
        </p>
        <textarea
          {...getTextareaProps(fields.description, {
            ariaDescribedBy: fields.description.errors ? "description-error" : "description-hint",
          })}
          rows={5}
        />
        {error(fields.description.errors, "description-error")}
      </div>
      <fieldset className="choice-group">
        <legend>{t("ask.contactMethod")}</legend>
        {contactMethods.map((method) => (
          <label key={method} className="choice">
            <input
              type="radio"
              name={fields.contactMethod.name}
              value={method}
              defaultChecked={fields.contactMethod.initialValue === method}
            />
            {t(`contact.${method}`)}
          </label>
        ))}
        {error(fields.contactMethod.errors, "contact-error")}
      </fieldset>
      <Field meta={fields.contactPhone} label={t("ask.contactPhone")} type="tel" autoComplete="tel" />
      <button type="submit" className="primary">
        {submitLabel}
      </button>
    </Form>
  );
}
