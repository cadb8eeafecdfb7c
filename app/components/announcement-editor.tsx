// The announcement editor shared by the new and edit pages: content, job and training details, expiry and
// the audience, with the number of people it reaches counted live as the audience changes.
import {
  getFormProps,
  getSelectProps,
  getTextareaProps,
  useForm,
  type FieldMetadata,
} from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { SubmissionResult } from "@conform-to/react";
import { Form, useFetcher } from "@remix-run/react";
import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { Field } from "#app/components/field";
import { errorArgs } from "#app/modules/i18n/field-error";
import { FormErrors } from "#app/components/form-errors";
import { Picker, type PickerOption } from "#app/components/picker";
import { categoryCodes, hardshipLevels, needs } from "#app/modules/households/codes";
import { announcementKinds, volunteerTiers, type Audience } from "#app/modules/announcements/audience";
import { AnnouncementFormSchema, type AnnouncementForm } from "#app/modules/announcements/form";

export interface EditorDefaults {
  kind: string;
  title: string;
  body: string;
  employer: string;
  positions: string;
  payMin: string;
  payMax: string;
  requirements: string;
  contact: string;
  deadline: string;
  courseId: string;
  expiresOn: string;
  audience: Audience;
  /** Opens from its notice's QR without signing in. */
  isPublic?: boolean;
}

const audienceFields = [
  "residents",
  "compoundIds",
  "levels",
  "categories",
  "needs",
  "zeroEmployment",
  "volunteerTiers",
];

function TextArea({
  meta,
  label,
  hint,
  rows,
}: {
  meta: FieldMetadata<string>;
  label: string;
  hint?: string;
  rows: number;
}) {
  const { t } = useTranslation();
  const errorId = `${meta.id}-error`;
  const hintId = `${meta.id}-hint`;
  return (
    <div className="field">
      <label htmlFor={meta.id}>{label}</label>
      {hint ? (
        <p id={hintId} className="hint">
          {hint}
        </p>
      ) : null}
      <textarea
        {...getTextareaProps(meta, {
          ariaDescribedBy: [meta.errors ? errorId : "", hint ? hintId : ""].join(" ").trim() || undefined,
        })}
        rows={rows}
      />
      {meta.errors ? (
        <p id={errorId} className="field-error">
          {meta.errors.map((e) => t(...errorArgs(e))).join(" ")}
        </p>
      ) : null}
    </div>
  );
}

function Choices<V extends string | number>({
  legend,
  name,
  values,
  checked,
  label,
}: {
  legend: string;
  name: string;
  values: readonly V[];
  checked: readonly string[];
  label: (v: V) => string;
}) {
  return (
    <fieldset className="choice-group">
      <legend>{legend}</legend>
      <div className="choice-grid">
        {values.map((v) => (
          <label key={v} className="choice">
            <input type="checkbox" name={name} value={v} defaultChecked={checked.includes(String(v))} />{" "}
            {label(v)}
          </label>
        ))}
      </div>
    </fieldset>
  );
}

export function AnnouncementEditor({
  defaults,
  compounds,
  lastResult,
  initialReach,
  course,
  courseSearch,
}: {
  defaults: EditorDefaults;
  compounds: { id: number; name: string }[];
  lastResult: SubmissionResult<string[]> | undefined;
  initialReach: number;
  /** The course the announcement links to now, shown picked. */
  course?: PickerOption | null;
  /** The course picker's matches, when the form was posted to search without JavaScript. */
  courseSearch?: { query: string; options: PickerOption[]; selected: PickerOption | null };
}) {
  const { t } = useTranslation("announcements");
  const { t: th } = useTranslation("households");
  const { t: ta } = useTranslation("auth");
  const sentKind = lastResult?.initialValue?.kind;
  const [kind, setKind] = useState(typeof sentKind === "string" ? sentKind : defaults.kind);
  const reach = useFetcher<{ count: number }>();
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const { audience, isPublic, ...scalars } = defaults;
  const [form, fields] = useForm<Omit<EditorDefaults, "audience"> & { residents: string }, AnnouncementForm>({
    lastResult,
    defaultValue: scalars,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: AnnouncementFormSchema }),
    shouldValidate: "onSubmit",
    shouldRevalidate: "onInput",
  });
  useEffect(() => () => clearTimeout(timer.current), []);

  function countReach(formElement: HTMLFormElement) {
    clearTimeout(timer.current);
    timer.current = setTimeout(() => {
      const params = new URLSearchParams();
      for (const [name, value] of new FormData(formElement))
        if (audienceFields.includes(name) && typeof value === "string") params.append(name, value);
      reach.load(`/admin/announcements/reach?${params.toString()}`);
    }, 250);
  }

  const count = reach.data?.count ?? initialReach;
  // After a refused submission without JavaScript the page is new: tick what was sent, not the defaults.
  const sent = lastResult?.initialValue ?? null;
  const ticked = (name: keyof Audience, fallback: readonly (string | number)[]): string[] => {
    if (!sent) return fallback.map(String);
    const value = sent[name];
    return Array.isArray(value) ? value.map(String) : typeof value === "string" ? [value] : [];
  };
  const on = (name: "residents" | "zeroEmployment") => (sent ? sent[name] === "on" : audience[name]);
  return (
    <Form
      method="post"
      className="form announcement-form"
      {...getFormProps(form)}
      onChange={(e) => {
        const target = e.target;
        if (target instanceof HTMLInputElement && audienceFields.includes(target.name))
          countReach(e.currentTarget);
      }}
    >
      <FormErrors id={form.errorId} errors={form.errors} />
      <div className="field">
        <label htmlFor={fields.kind.id}>{t("form.kind")}</label>
        <select {...getSelectProps(fields.kind)} onChange={(e) => setKind(e.currentTarget.value)}>
          {announcementKinds.map((k) => (
            <option key={k} value={k}>
              {t(`kinds.${k}`)}
            </option>
          ))}
        </select>
      </div>
      <Field meta={fields.title} label={t("form.title")} />
      <TextArea meta={fields.body} label={t("form.body")} hint={t("form.bodyHint")} rows={8} />
      {kind === "job" ? (
        <fieldset className="choice-group">
          <legend>{t("form.jobLegend")}</legend>
          <Field meta={fields.employer} label={t("form.employer")} />
          <div className="field-row">
            <Field meta={fields.positions} label={t("form.positions")} type="number" min={0} />
            <Field meta={fields.payMin} label={t("form.payMin")} type="number" min={0} />
            <Field meta={fields.payMax} label={t("form.payMax")} type="number" min={0} />
          </div>
          <TextArea meta={fields.requirements} label={t("form.requirements")} rows={3} />
          <Field meta={fields.deadline} label={t("form.deadline")} type="date" />
        </fieldset>
      ) : null}
      {kind === "training" ? (
        <fieldset className="choice-group">
          <legend>{t("form.trainingLegend")}</legend>
          <Picker
            name={fields.courseId.name}
            queryName="courseQuery"
            label={t("form.courseId")}
            hint={t("form.courseHint")}
            source="/pick/courses"
            searchIntent="searchCourse"
            query={courseSearch?.query}
            options={courseSearch?.options}
            selected={courseSearch ? courseSearch.selected : course}
            errors={fields.courseId.errors}
          />
        </fieldset>
      ) : null}
      <Field meta={fields.contact} label={t("form.contact")} />
      <Field meta={fields.expiresOn} label={t("form.expiresOn")} type="date" />
      <div className="field">
        <label className="choice">
          <input
            type="checkbox"
            name="isPublic"
            aria-describedby="is-public-hint"
            defaultChecked={sent ? sent.isPublic === "on" : (isPublic ?? false)}
          />{" "}
          {t("form.isPublic")}
        </label>
        <p id="is-public-hint" className="hint">
          {t("form.isPublicHint")}
        </p>
      </div>

      <fieldset className="choice-group audience" aria-describedby="audience-hint">
        <legend>{t("form.audienceLegend")}</legend>
        <p id="audience-hint" className="hint">
          {t("form.audienceHint")}
        </p>
        <label className="choice">
          <input type="checkbox" name="residents" defaultChecked={on("residents")} /> {t("form.residents")}
        </label>
        {fields.residents.errors ? (
          <p className="field-error" id={`${fields.residents.id}-error`}>
            {fields.residents.errors.map((e) => t(e as never)).join(" ")}
          </p>
        ) : null}
        <Choices
          legend={t("form.compounds")}
          name="compoundIds"
          values={compounds.map((c) => c.id)}
          checked={ticked("compoundIds", audience.compoundIds)}
          label={(id) => compounds.find((c) => c.id === id)?.name ?? String(id)}
        />
        <Choices
          legend={t("form.levels")}
          name="levels"
          values={hardshipLevels.filter((l) => l !== "none")}
          checked={ticked("levels", audience.levels)}
          label={(l) => th(`hardshipLevel.${l}`)}
        />
        <label className="choice">
          <input type="checkbox" name="zeroEmployment" defaultChecked={on("zeroEmployment")} />{" "}
          {t("form.zeroEmployment")}
        </label>
        <Choices
          legend={t("form.categories")}
          name="categories"
          values={categoryCodes}
          checked={ticked("categories", audience.categories)}
          label={(c) => th(`category.${c}`)}
        />
        <Choices
          legend={t("form.needs")}
          name="needs"
          values={needs}
          checked={ticked("needs", audience.needs)}
          label={(n) => th(`need.${n}`)}
        />
        <Choices
          legend={t("form.volunteers")}
          name="volunteerTiers"
          values={volunteerTiers}
          checked={ticked("volunteerTiers", audience.volunteerTiers)}
          label={(tier) => ta(`tiers.${tier}`)}
        />
      </fieldset>
      <p className="reach" role="status" aria-live="polite" data-testid="reach">
        {reach.state === "loading" ? t("form.reachCounting") : t("form.reach", { count })}
      </p>
      <div className="button-row">
        <button type="submit" className="primary">
          {t("form.save")}
        </button>
      </div>
    </Form>
  );
}
