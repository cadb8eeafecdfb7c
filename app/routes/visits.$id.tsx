import { getFormProps, getTextareaProps, useForm, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Field } from "#app/components/field";
import { FormErrors } from "#app/components/form-errors";
import { assertPermission, requireUser } from "#app/modules/auth/guard.server";
import { requestMeta } from "#app/modules/auth/sign-in.server";
import { googleCalendarUrl } from "#app/modules/calendar/links";
import { formatDateTime } from "#app/modules/dates/day";
import { needs } from "#app/modules/households/codes";
import { getT } from "#app/modules/i18n/i18n";
import { getLocale } from "#app/modules/i18n/locale.server";
import { openGoalsOfHousehold } from "#app/modules/roster/agreements.server";
import { requireSameOrigin } from "#app/modules/security/request-safety.server";
import { getSettings } from "#app/modules/settings/settings.server";
import { unwrapVisit, visitIdParam } from "#app/modules/visits/route-helpers";
import { VisitActionSchema } from "#app/modules/visits/schemas";
import { formatVisitTime, zonedFields } from "#app/modules/visits/time";
import { loadVisit } from "#app/modules/visits/access.server";
import { getVisit } from "#app/modules/visits/reads.server";
import {
  cancelVisit,
  recordVisitOutcome,
  rescheduleVisit,
  type VisitResult,
} from "#app/modules/visits/visits.server";
import visitsStylesUrl from "#app/styles/visits.css?url";
import { pageMeta } from "#app/modules/i18n/meta";
import { useListFormat } from "#app/modules/i18n/list";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: visitsStylesUrl }];

export const meta = pageMeta("visits:detail.title");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const id = visitIdParam(params);
  const view = unwrapVisit(await getVisit(user, id, requestMeta(request)));
  const settings = await getSettings();
  const { visit } = view;
  const scheduled = visit.status === "scheduled";
  const goals = view.canRecord && scheduled ? await openGoalsOfHousehold(visit.householdId) : [];
  return {
    id: visit.id,
    status: visit.status,
    startsAt: visit.startsAt,
    endsAt: visit.endsAt,
    begun: visit.startsAt.getTime() <= Date.now(),
    place: visit.place,
    purpose: visit.purpose,
    cancelReason: visit.cancelReason,
    notes: visit.notes,
    needsFound: visit.needsFound,
    recordedAt: visit.recordedAt,
    followUpVisitId: visit.followUpVisitId,
    followUpOf: view.followUpOf,
    address: view.address,
    lead: view.lead,
    coVisitors: view.coVisitors,
    overlaps: view.overlaps,
    canManage: view.canManage && scheduled,
    canRecord: view.canRecord && scheduled,
    goals,
    timeZone: settings.timeZone,
    current: zonedFields(visit.startsAt, visit.endsAt, settings.timeZone),
    google: googleCalendarUrl({
      start: visit.startsAt,
      end: visit.endsAt,
      summary: getT(getLocale(request))("visits:calendar.summary", { address: view.address }),
      description: visit.purpose,
      location: visit.place,
    }),
  };
}

type Intent = "reschedule" | "cancel" | "record";

export async function action({ request, params }: ActionFunctionArgs) {
  requireSameOrigin(request);
  const user = await requireUser(request);
  const id = visitIdParam(params);
  // The rule first, so that a refusal never depends on what the form held.
  const loaded = await loadVisit(id);
  if (!loaded) throw new Response("Not found", { status: 404 });
  const formData = await request.formData();
  const requested = formData.get("intent");
  assertPermission(
    user,
    requested === "reschedule" || requested === "cancel" ? "visit.manage" : "visit.record",
    loaded.facts,
  );
  const submission = parseWithZod(formData, { schema: VisitActionSchema });
  const intent = (submission.payload.intent as Intent | undefined) ?? "record";
  if (submission.status !== "success") return data({ intent, result: submission.reply() }, { status: 400 });
  const v = submission.value;
  const meta = requestMeta(request);
  let result: VisitResult<unknown>;
  if (v.intent === "reschedule") result = await rescheduleVisit(user, id, v, meta);
  else if (v.intent === "cancel") result = await cancelVisit(user, id, v.reason, meta);
  else
    result = await recordVisitOutcome(
      user,
      id,
      {
        outcome: v.outcome,
        notes: v.notes || null,
        needsFound: v.needsFound,
        goalNotes: Object.entries(v.goalNotes).flatMap(([goalId, note]) =>
          note ? [{ goalId: Number(goalId), note }] : [],
        ),
        followUp:
          v.followUpDate && v.followUpStartTime && v.followUpEndTime
            ? { date: v.followUpDate, startTime: v.followUpStartTime, endTime: v.followUpEndTime }
            : null,
      },
      meta,
    );
  if (!result.ok && result.error === "invalid")
    return data(
      {
        intent,
        result: submission.reply({ fieldErrors: { [result.problem.field]: [result.problem.message] } }),
      },
      { status: 400 },
    );
  if (!result.ok && result.error === "conflict") throw redirect(`/visits/${id}?notice=conflict`);
  unwrapVisit(result);
  const notice = { reschedule: "rescheduled", cancel: "cancelled", record: "recorded" }[v.intent];
  throw redirect(`/visits/${id}?notice=${notice}`);
}

function resultFor(
  actionData: { intent: Intent; result: SubmissionResult<string[]> } | undefined,
  intent: Intent,
) {
  return actionData?.intent === intent ? actionData.result : undefined;
}

export default function VisitPage() {
  const v = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const { t, i18n } = useTranslation("visits");
  const { t: th } = useTranslation("households");
  const { t: tr } = useTranslation("roster");
  const list = useListFormat();
  const notice = params.get("notice");
  const time = formatVisitTime(v.startsAt, v.endsAt, v.timeZone, i18n.language);
  const schema = VisitActionSchema;
  const [rescheduleForm, rf] = useForm({
    id: "reschedule",
    lastResult: resultFor(actionData, "reschedule"),
    onValidate: ({ formData }) => parseWithZod(formData, { schema }),
    shouldValidate: "onBlur",
    defaultValue: { ...v.current, place: v.place, purpose: v.purpose },
  });
  const [cancelForm, cf] = useForm({
    id: "cancel",
    lastResult: resultFor(actionData, "cancel"),
    onValidate: ({ formData }) => parseWithZod(formData, { schema }),
    shouldValidate: "onBlur",
  });
  const [recordForm, of] = useForm({
    id: "record",
    lastResult: resultFor(actionData, "record"),
    onValidate: ({ formData }) => parseWithZod(formData, { schema }),
    shouldValidate: "onBlur",
  });
  return (
    <article className="stack visit-detail" aria-labelledby="visit-title">
      <p>
        <Link to="/visits">← {t("detail.back")}</Link>
      </p>
      <div className="page-head">
        <h1 id="visit-title">
          {t("detail.title")} #{v.id}
        </h1>
        <span className={`badge visit-status-${v.status}`}>{t(`status.${v.status}`)}</span>
      </div>
      {notice && ["scheduled", "rescheduled", "cancelled", "recorded"].includes(notice) ? (
        <p className="notice" role="status">
          {t(`notice.${notice as "scheduled"}`)}
        </p>
      ) : null}
      {notice === "conflict" ? (
        <p className="notice" role="status">
          {t("detail.conflict")}
        </p>
      ) : null}
      {v.overlaps.length > 0 ? (
        <div className="notice warn-box" role="note">
          <p>{t("detail.overlap")}</p>
          <ul>
            {v.overlaps.map((o) => (
              <li key={o.id}>
                <Link to={`/visits/${o.id}`}>
                  {t("detail.overlapItem", { id: o.id, time: formatDateTime(o.startsAt, v.timeZone) })}
                </Link>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      <dl className="facts">
        <dt>{t("detail.time")}</dt>
        <dd>{time}</dd>
        <dt>{t("detail.household")}</dt>
        <dd>{v.address}</dd>
        <dt>{t("detail.place")}</dt>
        <dd>{v.place}</dd>
        <dt>{t("detail.purpose")}</dt>
        <dd>{v.purpose}</dd>
        <dt>{t("detail.lead")}</dt>
        <dd>
          {v.lead?.name ?? "—"}
          {v.lead?.phone ? (
            <>
              {" · "}
              <a href={`tel:${v.lead.phone}`}>{v.lead.phone}</a>
            </>
          ) : null}
        </dd>
        <dt>{t("detail.coVisitors")}</dt>
        <dd>{v.coVisitors.length ? list(v.coVisitors.map((c) => c.name)) : t("detail.none")}</dd>
        {v.cancelReason ? (
          <>
            <dt>{t("detail.cancelReason")}</dt>
            <dd>{v.cancelReason}</dd>
          </>
        ) : null}
        {v.recordedAt ? (
          <>
            <dt>{t("detail.notes")}</dt>
            <dd>
              {v.notes || "—"}
              <br />
              <span className="muted">
                {t("detail.recordedBy", { time: formatDateTime(v.recordedAt, v.timeZone) })}
              </span>
            </dd>
            <dt>{t("detail.needsFound")}</dt>
            <dd>{v.needsFound.length ? list(v.needsFound.map((n) => th(`need.${n}`))) : t("detail.none")}</dd>
          </>
        ) : null}
        {v.followUpVisitId ? (
          <>
            <dt>{t("detail.followUp")}</dt>
            <dd>
              <Link to={`/visits/${v.followUpVisitId}`}>#{v.followUpVisitId}</Link>
            </dd>
          </>
        ) : null}
      </dl>
      {v.followUpOf ? (
        <p>
          <Link to={`/visits/${v.followUpOf}`}>{t("detail.followUpOf", { id: v.followUpOf })}</Link>
        </p>
      ) : null}
      {v.status !== "cancelled" ? (
        <p className="actions">
          <a className="button secondary" href={v.google} target="_blank" rel="noreferrer noopener">
            {t("detail.google")}
          </a>
          <a className="button secondary" href={`/visits/${v.id}/ics`} download>
            {t("detail.download")}
          </a>
        </p>
      ) : null}

      {v.canRecord && v.begun ? (
        <section className="card stack" aria-labelledby="record-title">
          <h2 id="record-title">{t("record.title")}</h2>
          <Form method="post" {...getFormProps(recordForm)} className="stack">
            <input type="hidden" name="intent" value="record" />
            <FormErrors id="record-errors" errors={recordForm.errors} />
            <fieldset className="field">
              <legend>{t("record.outcome")}</legend>
              {(["done", "missed"] as const).map((o) => (
                <label key={o} className="check">
                  <input type="radio" name={of.outcome.name} value={o} defaultChecked={o === "done"} />{" "}
                  {t(`record.${o}`)}
                </label>
              ))}
              {of.outcome.errors ? (
                <p className="field-error">{of.outcome.errors.map((e) => t(e as never)).join(" ")}</p>
              ) : null}
            </fieldset>
            <div className="field">
              <label htmlFor={of.notes.id}>{t("record.notes")}</label>
              <textarea {...getTextareaProps(of.notes)} rows={4} />
              {of.notes.errors ? (
                <p className="field-error">{of.notes.errors.map((e) => t(e as never)).join(" ")}</p>
              ) : null}
            </div>
            <fieldset className="field">
              <legend>{t("record.needsFound")}</legend>
              <div className="check-grid">
                {needs.map((n) => (
                  <label key={n} className="check">
                    <input type="checkbox" name={of.needsFound.name} value={n} /> {th(`need.${n}`)}
                  </label>
                ))}
              </div>
            </fieldset>
            {v.goals.length > 0 ? (
              <fieldset className="field">
                <legend>{t("record.goals")}</legend>
                {v.goals.map((g) => (
                  <div className="field" key={g.id}>
                    <label htmlFor={`goal-${g.id}`}>
                      {t("record.goalNote", { domain: tr(`domain.${g.domain}`), target: g.target })}
                    </label>
                    <input id={`goal-${g.id}`} name={`goalNotes.${g.id}`} type="text" maxLength={1000} />
                  </div>
                ))}
              </fieldset>
            ) : null}
            <fieldset className="field">
              <legend>{t("record.followUp")}</legend>
              <Field meta={of.followUpDate} label={t("record.followUpDate")} type="date" />
              <div className="field-row visit-times">
                <Field meta={of.followUpStartTime} label={t("record.followUpStart")} type="time" />
                <Field meta={of.followUpEndTime} label={t("record.followUpEnd")} type="time" />
              </div>
            </fieldset>
            <button type="submit" className="primary">
              {t("record.submit")}
            </button>
          </Form>
        </section>
      ) : null}

      {v.canManage ? (
        <details className="card" open={actionData?.intent === "reschedule"}>
          <summary>
            <h2>{t("reschedule.title")}</h2>
          </summary>
          <Form method="post" {...getFormProps(rescheduleForm)} className="stack">
            <input type="hidden" name="intent" value="reschedule" />
            <FormErrors id="reschedule-errors" errors={rescheduleForm.errors} />
            <Field meta={rf.date} label={t("field.date")} type="date" />
            <div className="field-row visit-times">
              <Field meta={rf.startTime} label={t("field.startTime")} type="time" />
              <Field meta={rf.endTime} label={t("field.endTime")} type="time" />
            </div>
            <Field meta={rf.place} label={t("field.place")} />
            <Field meta={rf.purpose} label={t("field.purpose")} />
            <button type="submit" className="primary">
              {t("reschedule.submit")}
            </button>
          </Form>
        </details>
      ) : null}

      {v.canManage ? (
        <details className="card" open={actionData?.intent === "cancel"}>
          <summary>
            <h2>{t("cancel.title")}</h2>
          </summary>
          <Form method="post" {...getFormProps(cancelForm)} className="stack">
            <input type="hidden" name="intent" value="cancel" />
            <FormErrors id="cancel-errors" errors={cancelForm.errors} />
            <div className="field">
              <label htmlFor={cf.reason.id}>{t("detail.cancelReason")}</label>
              <textarea {...getTextareaProps(cf.reason)} rows={2} />
              {cf.reason.errors ? (
                <p className="field-error">{cf.reason.errors.map((e) => t(e as never)).join(" ")}</p>
              ) : null}
            </div>
            <label className="check">
              <input type="checkbox" name={cf.confirm.name} value="yes" /> {t("cancel.confirm")}
            </label>
            {cf.confirm.errors ? (
              <p className="field-error">{cf.confirm.errors.map((e) => t(e as never)).join(" ")}</p>
            ) : null}
            <button type="submit" className="danger">
              {t("cancel.submit")}
            </button>
          </Form>
        </details>
      ) : null}
    </article>
  );
}
