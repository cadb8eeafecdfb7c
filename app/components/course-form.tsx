// The organizer's course form, for a new course and an edit: Conform fields over CourseFormSchema, with
// every error translated beside its field.
import {
  getFormProps,
  getSelectProps,
  getTextareaProps,
  useForm,
  type SubmissionResult,
} from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ChoiceGroup } from "#app/components/choice-group";
import { errorArgs } from "#app/modules/i18n/field-error";
import { Field } from "#app/components/field";
import { FormErrors } from "#app/components/form-errors";
import { courseEligibilities, courseKinds } from "#app/modules/courses/codes";
import { CourseFormSchema, type CourseForm as CourseFormOutput } from "#app/modules/courses/schema";
import { categoryCodes, priorityGroups } from "#app/modules/households/codes";

export interface CourseFormValues {
  title?: string;
  kind?: string;
  provider?: string;
  description?: string;
  location?: string;
  compoundId?: number | string;
  capacity?: number | string;
  enrollOpensAt?: string;
  enrollClosesAt?: string;
  eligibility?: string;
  eligibleCategories?: string[];
  priorityGroups?: string[];
  completionThreshold?: number | string;
  sessions?: string;
}

/** Errors are i18n keys; a key may carry one interpolated value after "|" (the line of a bad session). */
function FieldErrors({ id, errors }: { id: string; errors?: string[] }) {
  const { t } = useTranslation("courses");
  if (!errors?.length) return null;
  return (
    <p id={id} className="field-error">
      {errors.map((e) => t(...errorArgs(e))).join(" ")}
    </p>
  );
}

function Choices(props: Omit<Parameters<typeof ChoiceGroup>[0], "children">) {
  return (
    <ChoiceGroup {...props}>
      <FieldErrors id={`${props.meta.id}-error`} errors={props.meta.errors} />
    </ChoiceGroup>
  );
}

export function CourseForm({
  lastResult,
  defaultValue,
  compounds,
  submitLabel,
}: {
  lastResult?: SubmissionResult<string[]> | null;
  defaultValue: CourseFormValues;
  compounds: { id: number; name: string }[];
  submitLabel: string;
}) {
  const { t } = useTranslation("courses");
  const { t: th } = useTranslation("households");
  const [form, fields] = useForm<CourseFormValues, CourseFormOutput>({
    lastResult,
    defaultValue,
    shouldValidate: "onBlur",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: CourseFormSchema }),
  });
  return (
    <Form method="post" className="form" {...getFormProps(form)}>
      <FormErrors id={form.errorId} errors={form.errors} />
      <Field meta={fields.title} label={t("form.title")} />
      <div className="field">
        <label htmlFor={fields.kind.id}>{t("form.kind")}</label>
        <select {...getSelectProps(fields.kind)}>
          {courseKinds.map((k) => (
            <option key={k} value={k}>
              {t(`kind.${k}`)}
            </option>
          ))}
        </select>
      </div>
      <Field meta={fields.provider} label={t("form.provider")} />
      <div className="field">
        <label htmlFor={fields.description.id}>{t("form.description")}</label>
        <textarea {...getTextareaProps(fields.description)} rows={4} />
      </div>
      <Field meta={fields.location} label={t("form.location")} />
      <div className="field">
        <label htmlFor={fields.compoundId.id}>{t("form.compound")}</label>
        <select {...getSelectProps(fields.compoundId)}>
          <option value="">{t("form.noCompound")}</option>
          {compounds.map((c) => (
            <option key={c.id} value={c.id}>
              {c.name}
            </option>
          ))}
        </select>
      </div>
      <Field meta={fields.capacity} label={t("form.capacity")} type="number" inputMode="numeric" />
      <Field meta={fields.enrollOpensAt} label={t("form.enrollOpensAt")} type="datetime-local" />
      <Field meta={fields.enrollClosesAt} label={t("form.enrollClosesAt")} type="datetime-local" />
      <div className="field">
        <label htmlFor={fields.sessions.id}>{t("form.sessions")}</label>
        <p className="hint" id={`${fields.sessions.id}-hint`}>
          {t("form.sessionsHelp")}
        </p>
        <textarea
          {...getTextareaProps(fields.sessions, { ariaDescribedBy: `${fields.sessions.id}-error` })}
          rows={5}
        />
        <FieldErrors id={`${fields.sessions.id}-error`} errors={fields.sessions.errors} />
      </div>
      <div className="field">
        <label htmlFor={fields.eligibility.id}>{t("form.eligibility")}</label>
        <select {...getSelectProps(fields.eligibility)}>
          {courseEligibilities.map((e) => (
            <option key={e} value={e}>
              {t(`form.eligibility${e.charAt(0).toUpperCase()}${e.slice(1)}` as "form.eligibilityEveryone")}
            </option>
          ))}
        </select>
      </div>
      <Choices
        meta={fields.eligibleCategories}
        legend={t("form.categories")}
        options={categoryCodes.map((c) => ({ value: c, label: th(`category.${c}`) }))}
      />
      <Choices
        meta={fields.priorityGroups}
        legend={t("form.priorityGroups")}
        options={priorityGroups.map((g) => ({ value: g, label: t(`priorityGroup.${g}`) }))}
      />
      <Field
        meta={fields.completionThreshold}
        label={t("form.threshold")}
        type="number"
        inputMode="numeric"
      />
      <button type="submit" className="primary">
        {submitLabel}
      </button>
    </Form>
  );
}
