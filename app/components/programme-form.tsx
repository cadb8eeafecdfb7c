// The programme form: its four clears over ProgrammeFormSchema (Conform), with fixed repeated rows for the
// leadership group, conditions and steps (empty rows are dropped), so that it works without JavaScript.
import {
  getFormProps,
  getInputProps,
  getSelectProps,
  getTextareaProps,
  useForm,
  type FieldMetadata,
  type SubmissionResult,
} from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { Form, Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ChoiceGroup } from "#app/components/choice-group";
import { Field } from "#app/components/field";
import { FormErrors } from "#app/components/form-errors";
import { errorArgs } from "#app/modules/i18n/field-error";
import { categoryCodes, hardshipLevels, needs } from "#app/modules/households/codes";
import { programmeKinds, stepRoles } from "#app/modules/programmes/codes";
import { ProgrammeFormSchema, type ProgrammeForm as ProgrammeFormOutput } from "#app/modules/programmes/form";

export interface ProgrammeFormValues {
  name?: string;
  kind?: string;
  plan?: string;
  compoundIds?: string[];
  levels?: string[];
  categories?: string[];
  needs?: string[];
  zeroEmployment?: boolean;
  leaderId?: string;
  members?: { userId?: string; duty?: string }[];
  responsibles?: { compoundId?: string; userId?: string }[];
  conditions?: { condition?: string; evidence?: string }[];
  steps?: { name?: string; role?: string; limitDays?: string }[];
}

export interface DutyHolder {
  id: number;
  name: string;
  role: string;
  volunteerTier: number | null;
}

function Errors({ id, errors }: { id: string; errors?: string[] }) {
  const { t } = useTranslation("programmes");
  if (!errors?.length) return null;
  return (
    <p id={id} className="field-error">
      {errors.map((e) => t(...errorArgs(e))).join(" ")}
    </p>
  );
}

function PersonSelect({
  meta,
  label,
  people,
}: {
  meta: FieldMetadata<string | undefined>;
  label: string;
  people: DutyHolder[];
}) {
  const { t } = useTranslation("programmes");
  const { t: ta } = useTranslation("auth");
  return (
    <div className="field">
      <label htmlFor={meta.id}>{label}</label>
      <select {...getSelectProps(meta)} aria-describedby={meta.errors ? `${meta.id}-error` : undefined}>
        <option value="">{t("form.choose")}</option>
        {people.map((p) => (
          <option key={p.id} value={p.id}>
            {p.name} ·{" "}
            {p.volunteerTier
              ? ta(`tiers.${String(p.volunteerTier) as "1"}`)
              : ta(`roles.${p.role as "admin"}`)}
          </option>
        ))}
      </select>
      <Errors id={`${meta.id}-error`} errors={meta.errors} />
    </div>
  );
}

export function ProgrammeForm({
  lastResult,
  defaultValue,
  compounds,
  people,
  submitLabel,
  cancelTo,
}: {
  lastResult?: SubmissionResult<string[]> | null;
  defaultValue: ProgrammeFormValues;
  compounds: { id: number; name: string }[];
  people: DutyHolder[];
  submitLabel: string;
  cancelTo: string;
}) {
  const { t } = useTranslation("programmes");
  const { t: th } = useTranslation("households");
  const [form, fields] = useForm<ProgrammeFormValues, ProgrammeFormOutput>({
    lastResult,
    defaultValue,
    shouldValidate: "onBlur",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ProgrammeFormSchema }),
  });
  const members = fields.members.getFieldList();
  const responsibles = fields.responsibles.getFieldList();
  const conditions = fields.conditions.getFieldList();
  const steps = fields.steps.getFieldList();
  return (
    <Form method="post" className="form programme-form" {...getFormProps(form)}>
      <FormErrors id={form.errorId} errors={form.errors} />
      <Field meta={fields.name} label={t("form.name")} />
      <div className="field">
        <label htmlFor={fields.kind.id}>{t("form.kind")}</label>
        <select {...getSelectProps(fields.kind)}>
          {programmeKinds.map((k) => (
            <option key={k} value={k}>
              {t(`kind.${k}`)}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={fields.plan.id}>{t("form.plan")}</label>
        <span id={`${fields.plan.id}-hint`} className="field-hint">
          {t("form.planHint")}
        </span>
        <textarea
          {...getTextareaProps(fields.plan, { ariaDescribedBy: `${fields.plan.id}-hint` })}
          rows={6}
        />
      </div>

      <fieldset className="programme-clear">
        <legend>
          {t("clears.scope")} · {t("form.scope")}
        </legend>
        <ChoiceGroup
          meta={fields.compoundIds}
          legend={t("scope.compounds")}
          options={compounds.map((c) => ({ value: String(c.id), label: c.name }))}
        />
        <ChoiceGroup
          meta={fields.levels}
          legend={t("scope.levels")}
          options={hardshipLevels.map((l) => ({ value: l, label: th(`hardshipLevel.${l}`) }))}
        />
        <ChoiceGroup
          meta={fields.categories}
          legend={t("scope.categories")}
          options={categoryCodes.map((c) => ({ value: c, label: th(`category.${c}`) }))}
        />
        <ChoiceGroup
          meta={fields.needs}
          legend={t("scope.needs")}
          options={needs.map((n) => ({ value: n, label: th(`need.${n}`) }))}
        />
        <label className="choice">
          <input {...getInputProps(fields.zeroEmployment, { type: "checkbox" })} />
          {t("scope.zeroEmployment")}
        </label>
      </fieldset>

      <fieldset className="programme-clear">
        <legend>{t("clears.duties")}</legend>
        <PersonSelect meta={fields.leaderId} label={t("form.leader")} people={people} />
        <fieldset className="repeat-rows">
          <legend>{t("form.members")}</legend>
          {members.map((row, i) => {
            const f = row.getFieldset();
            return (
              <div key={row.key} className="repeat-row">
                <PersonSelect meta={f.userId} label={t("form.member", { n: i + 1 })} people={people} />
                <Field meta={f.duty} label={t("form.duty", { n: i + 1 })} />
              </div>
            );
          })}
        </fieldset>
        <fieldset className="repeat-rows">
          <legend>{t("form.responsibles")}</legend>
          {responsibles.map((row) => {
            const f = row.getFieldset();
            const compound = compounds.find((c) => String(c.id) === String(f.compoundId.initialValue));
            return (
              <div key={row.key} className="repeat-row">
                <input {...getInputProps(f.compoundId, { type: "hidden" })} />
                <PersonSelect
                  meta={f.userId}
                  label={t("form.responsibleOf", { compound: compound?.name ?? "" })}
                  people={people}
                />
              </div>
            );
          })}
        </fieldset>
      </fieldset>

      <fieldset className="programme-clear">
        <legend>
          {t("clears.conditions")} · {t("form.conditions")}
        </legend>
        <Errors id={`${fields.conditions.id}-error`} errors={fields.conditions.errors} />
        {conditions.map((row, i) => {
          const f = row.getFieldset();
          return (
            <div key={row.key} className="repeat-row">
              <Field meta={f.condition} label={t("form.condition", { n: i + 1 })} />
              <Field meta={f.evidence} label={t("form.evidence", { n: i + 1 })} />
            </div>
          );
        })}
      </fieldset>

      <fieldset className="programme-clear">
        <legend>
          {t("clears.procedure")} · {t("form.steps")}
        </legend>
        <Errors id={`${fields.steps.id}-error`} errors={fields.steps.errors} />
        {steps.map((row, i) => {
          const f = row.getFieldset();
          return (
            <div key={row.key} className="repeat-row steps-row">
              <Field meta={f.name} label={t("form.stepName", { n: i + 1 })} />
              <div className="field">
                <label htmlFor={f.role.id}>{t("form.stepRole", { n: i + 1 })}</label>
                <select {...getSelectProps(f.role)}>
                  {stepRoles.map((r) => (
                    <option key={r} value={r}>
                      {t(`role.${r}`)}
                    </option>
                  ))}
                </select>
              </div>
              <Field
                meta={f.limitDays}
                type="number"
                min={1}
                max={365}
                label={t("form.stepLimit", { n: i + 1 })}
              />
            </div>
          );
        })}
      </fieldset>

      <div className="actions">
        <button type="submit" className="button primary">
          {submitLabel}
        </button>
        <Link to={cancelTo} className="button secondary">
          {t("form.cancel")}
        </Link>
      </div>
    </Form>
  );
}
