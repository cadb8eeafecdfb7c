// The visit lists' filter form: a GET form, so the filters live in the URL (links, the back button, the
// export) and work without script. The days are DayFields stating their range; Conform checks them on both
// sides with the same schema (app/modules/visits/list-filters.ts).
import { getFormProps, useForm, type SubmissionResult } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import { Form, Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { DayField } from "#app/components/day-field";
import { FormErrors } from "#app/components/form-errors";
import { FieldMessage } from "#app/components/field-message";
import { errorArgs } from "#app/modules/i18n/field-error";
import type { VisitStatus } from "#app/modules/visits/codes";
import { visitFilterSchema } from "#app/modules/visits/list-filters";

export function VisitFilters({
  tab,
  today,
  lastResult,
  statuses,
  volunteers,
  moreVolunteers,
  compounds,
}: {
  tab: string;
  today: string;
  lastResult: SubmissionResult<string[]>;
  statuses: readonly VisitStatus[];
  volunteers: { id: number; name: string }[];
  moreVolunteers: boolean;
  compounds: { id: number; name: string }[];
}) {
  const { t } = useTranslation("visits");
  const { t: tc } = useTranslation();
  const schema = visitFilterSchema(today);
  const [form, fields] = useForm({
    id: `visit-filters-${tab}`,
    lastResult,
    constraint: getZodConstraint(schema),
    shouldValidate: "onSubmit",
    onValidate: ({ formData }) => parseWithZod(formData, { schema }),
  });
  const chosenVolunteer = String(fields.volunteer.initialValue ?? "");
  const offerVolunteers =
    volunteers.length > 1 || moreVolunteers || chosenVolunteer !== "" || Boolean(fields.who.initialValue);
  const whoError = fields.who.errors?.map((e) => tc(...errorArgs(e))).join(" ") ?? null;
  return (
    <Form
      method="get"
      {...getFormProps(form)}
      className="filters visit-filters"
      role="search"
      aria-label={t("filter.label")}
    >
      <input type="hidden" name="tab" value={tab} />
      <FormErrors id={`${form.id}-errors`} errors={form.errors} />
      {statuses.length > 0 ? (
        <div className="field">
          <label htmlFor={fields.status.id}>{t("filter.status")}</label>
          <select
            id={fields.status.id}
            name={fields.status.name}
            defaultValue={String(fields.status.initialValue ?? "")}
          >
            <option value="">{t("filter.anyStatus")}</option>
            {statuses.map((s) => (
              <option key={s} value={s}>
                {t(`status.${s}`)}
              </option>
            ))}
          </select>
        </div>
      ) : null}
      {/* A choice of one (a volunteer's own list) is no choice: shown only when there is someone to pick. */}
      {offerVolunteers ? (
        <>
          <div className="field">
            <label htmlFor={fields.who.id}>{t("filter.who")}</label>
            <input
              id={fields.who.id}
              name={fields.who.name}
              type="search"
              defaultValue={String(fields.who.initialValue ?? "")}
              aria-describedby={`${fields.who.id}-hint`}
            />
            <span id={`${fields.who.id}-hint`} className="field-hint">
              {moreVolunteers ? t("filter.whoHintMore") : t("filter.whoHint")}
            </span>
            <FieldMessage id={`${fields.who.id}-error`} message={whoError} />
          </div>
          <div className="field">
            <label htmlFor={fields.volunteer.id}>{t("filter.volunteer")}</label>
            <select id={fields.volunteer.id} name={fields.volunteer.name} defaultValue={chosenVolunteer}>
              <option value="">{t("filter.anyVolunteer")}</option>
              {volunteers.map((v) => (
                <option key={v.id} value={v.id}>
                  {v.name}
                </option>
              ))}
            </select>
          </div>
        </>
      ) : null}
      {compounds.length > 1 ? (
        <div className="field">
          <label htmlFor={fields.compound.id}>{t("filter.compound")}</label>
          <select
            id={fields.compound.id}
            name={fields.compound.name}
            defaultValue={String(fields.compound.initialValue ?? "")}
          >
            <option value="">{t("filter.anyCompound")}</option>
            {compounds.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
        </div>
      ) : null}
      <DayField meta={fields.from} label={t("filter.from")} kind="visitFilter" today={today} />
      <DayField meta={fields.to} label={t("filter.to")} kind="visitFilter" today={today} />
      <div className="filter-actions">
        <button type="submit" className="secondary">
          {t("filter.apply")}
        </button>
        <Link to={`?tab=${tab}`}>{t("filter.clear")}</Link>
      </div>
    </Form>
  );
}
