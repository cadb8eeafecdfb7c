// What organizers record beyond visits: activities with the volunteers who took part, and the volunteers who
// taught or helped at a course session. Both give confirmed hours (the organizer's record is the confirmation).
import { getFormProps, getSelectProps, getTextareaProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Field } from "#app/components/field";
import { FormErrors } from "#app/components/form-errors";
import { requestIp } from "#app/modules/audit/audit.server";
import { requirePermission } from "#app/modules/auth/guard.server";
import { reachOf } from "#app/modules/auth/scope.server";
import { calendarDay, formatDateTime } from "#app/modules/dates/day";
import { pageMeta } from "#app/modules/i18n/meta";
import { allVolunteers, compoundOptionsFor } from "#app/modules/roster/roster.server";
import { requireSameOrigin } from "#app/modules/security/request-safety.server";
import {
  recentActivities,
  recordActivity,
  recordSessionHelpers,
  sessionOptions,
} from "#app/modules/service/activities.server";
import { ActivitiesPageSchema, ActivitySchema, HelpersSchema } from "#app/modules/service/forms";
import { hoursOf } from "#app/modules/service/stars";
import { getSettings } from "#app/modules/settings/settings.server";
import { zonedInstant } from "#app/modules/visits/time";
import serviceStylesUrl from "#app/styles/service.css?url";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: serviceStylesUrl }];

export const meta = pageMeta("service:activities.title");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "service.manage");
  const [activities, volunteers, compounds, sessions, settings] = await Promise.all([
    recentActivities(user),
    allVolunteers({ reach: await reachOf(user) }),
    compoundOptionsFor(user),
    sessionOptions(user),
    getSettings(),
  ]);
  const zone = settings.timeZone;
  return {
    activities: activities.map((a) => ({
      id: a.id,
      title: a.title,
      day: calendarDay(a.startsAt, zone),
      hours: hoursOf(a.minutes),
      attendees: a.attendees,
    })),
    volunteers: volunteers.filter((v) => v.disabledAt === null).map((v) => ({ id: v.id, name: v.name })),
    compounds: compounds.map((c) => ({ id: c.id, name: c.name })),
    sessions: sessions.map((s) => ({ id: s.id, label: `${s.title} · ${formatDateTime(s.startsAt, zone)}` })),
    today: calendarDay(new Date(), zone) ?? "",
  };
}

export async function action({ request }: ActionFunctionArgs) {
  requireSameOrigin(request);
  const user = await requirePermission(request, "service.manage");
  const submission = parseWithZod(await request.formData(), { schema: ActivitiesPageSchema });
  if (submission.status !== "success") return data({ result: submission.reply() }, { status: 400 });
  const meta = { ip: requestIp(request), userAgent: request.headers.get("user-agent") };
  const v = submission.value;
  if (v.intent === "helpers") {
    const result = await recordSessionHelpers(user, v.sessionId, v.volunteerIds, meta);
    if (result.ok) throw redirect(`/service/activities?helpers=${result.value.recorded}`);
    return data(
      { result: submission.reply({ formErrors: [`service:errors.${result.error}`] }) },
      { status: result.error === "forbidden" ? 403 : 404 },
    );
  }
  const { timeZone } = await getSettings();
  const startsAt = zonedInstant(v.date, v.startTime, timeZone);
  if (!startsAt)
    return data(
      { result: submission.reply({ fieldErrors: { date: ["service:errors.invalid"] } }) },
      { status: 400 },
    );
  const result = await recordActivity(
    user,
    {
      compoundId: v.compoundId ?? null,
      title: v.title,
      description: v.description ?? null,
      startsAt,
      minutes: v.minutes,
      volunteerIds: v.volunteerIds,
    },
    meta,
  );
  if (result.ok) throw redirect("/service/activities?recorded=1");
  return data(
    { result: submission.reply({ formErrors: [`service:errors.${result.error}`] }) },
    { status: 403 },
  );
}

function VolunteerChoices({ name, legend }: { name: string; legend: string }) {
  const { volunteers } = useLoaderData<typeof loader>();
  return (
    <fieldset className="field service-choices">
      <legend>{legend}</legend>
      {volunteers.map((v) => (
        <label key={v.id} className="checkbox">
          <input type="checkbox" name={name} value={v.id} />
          {v.name}
        </label>
      ))}
    </fieldset>
  );
}

export default function ServiceActivities() {
  const d = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const { t } = useTranslation("service");
  const [activityForm, activity] = useForm({
    id: "activity",
    lastResult: actionData?.result,
    defaultValue: { date: d.today, startTime: "09:00", minutes: "120" },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ActivitySchema }),
    shouldValidate: "onBlur",
  });
  const [helpersForm, helpers] = useForm({
    id: "helpers",
    lastResult: actionData?.result,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: HelpersSchema }),
    shouldValidate: "onSubmit",
  });
  const helped = params.get("helpers");
  return (
    <section className="stack service-page" aria-labelledby="activities-title">
      <h1 id="activities-title">{t("activities.title")}</h1>
      <p>{t("activities.lead")}</p>
      {params.get("recorded") ? (
        <p className="notice" role="status">
          {t("activities.recorded")}
        </p>
      ) : helped ? (
        <p className="notice" role="status">
          {t("review.helpersRecorded", { count: Number(helped) })}
        </p>
      ) : null}
      <Form method="post" className="form" {...getFormProps(activityForm)}>
        <input type="hidden" name="intent" value="activity" />
        <FormErrors id={activityForm.errorId} errors={activityForm.errors} />
        <Field meta={activity.title} label={t("activities.name")} maxLength={100} />
        <div className="field">
          <label htmlFor={activity.description.id}>{t("activities.description")}</label>
          <textarea {...getTextareaProps(activity.description)} maxLength={500} rows={2} />
        </div>
        <div className="field">
          <label htmlFor={activity.compoundId.id}>{t("activities.compound")}</label>
          <select {...getSelectProps(activity.compoundId)}>
            <option value="">{t("activities.wholeCommunity")}</option>
            {d.compounds.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
        </div>
        <Field meta={activity.date} label={t("activities.date")} type="date" />
        <Field meta={activity.startTime} label={t("activities.startTime")} type="time" />
        <Field meta={activity.minutes} label={t("activities.minutes")} type="number" min={1} max={1440} />
        <VolunteerChoices name="volunteerIds" legend={t("activities.volunteers")} />
        <div className="actions">
          <button type="submit" className="primary">
            {t("activities.submit")}
          </button>
        </div>
      </Form>

      <h2>{t("review.helpersTitle")}</h2>
      <p>{t("review.helpersLead")}</p>
      <Form method="post" className="form" {...getFormProps(helpersForm)}>
        <input type="hidden" name="intent" value="helpers" />
        <FormErrors id={helpersForm.errorId} errors={helpersForm.errors} />
        <div className="field">
          <label htmlFor={helpers.sessionId.id}>{t("review.session")}</label>
          <select {...getSelectProps(helpers.sessionId)}>
            {d.sessions.map((s) => (
              <option key={s.id} value={s.id}>
                {s.label}
              </option>
            ))}
          </select>
        </div>
        <VolunteerChoices name="volunteerIds" legend={t("review.volunteers")} />
        <div className="actions">
          <button type="submit" className="primary" disabled={d.sessions.length === 0}>
            {t("review.helpersSubmit")}
          </button>
        </div>
      </Form>

      <h2>{t("activities.recent")}</h2>
      {d.activities.length === 0 ? (
        <p>{t("activities.none")}</p>
      ) : (
        <ul className="service-entries">
          {d.activities.map((a) => (
            <li key={a.id} className="service-entry-head">
              <span>{a.day}</span>
              <span>{a.title}</span>
              <span>{t("hoursValue", { hours: a.hours })}</span>
              <span>{t("activities.attendees", { count: a.attendees })}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
