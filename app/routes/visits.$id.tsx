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
import { visitActionSchema } from "#app/modules/visits/schemas";
import { todayIn } from "#app/modules/dates/range";
import { DayField } from "#app/components/day-field";
import { errorArgs } from "#app/modules/i18n/field-error";
import { formatVisitTime, zonedFields } from "#app/modules/visits/time";
import { loadVisit } from "#app/modules/visits/access.server";
import { visitDurationMinutes } from "#app/modules/visits/duration";
import { correctDuration, arrivalOpen, markArrived, markLeft } from "#app/modules/visits/on-the-spot.server";
import { FieldMessage } from "#app/components/field-message";
import { useOutcomeDraft } from "#app/components/visits/outcome-draft";
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
    begun: visit.startsAt.getTime() <= Date.now() || visit.arrivedAt !== null,
    canArrive: arrivalOpen(visit, new Date()),
    arrivedAt: visit.arrivedAt,
    leftAt: visit.leftAt,
    duration: visit.status === "done" || visit.leftAt ? visitDurationMinutes(visit) : null,
    durationReason: visit.durationReason,
    resident: view.resident,
    canCorrect: view.canRecord && visit.status === "done",
    draftKey: `lianxin:visit-draft:${user.id}:${visit.id}`,
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
    today: todayIn(settings.timeZone),
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

type Intent = "reschedule" | "cancel" | "record" | "arrive" | "leave" | "duration";

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
  const { timeZone } = await getSettings();
  const submission = parseWithZod(formData, { schema: visitActionSchema(todayIn(timeZone)) });
  const intent = (submission.payload.intent as Intent | undefined) ?? "record";
  if (submission.status !== "success") return data({ intent, result: submission.reply() }, { status: 400 });
  const v = submission.value;
  const meta = requestMeta(request);
  let result: VisitResult<unknown>;
  if (v.intent === "arrive") result = await markArrived(user, id, meta);
  else if (v.intent === "leave") result = await markLeft(user, id, meta);
  else if (v.intent === "duration")
    result = await correctDuration(user, id, { minutes: v.minutes, reason: v.reason }, meta);
  else if (v.intent === "reschedule") result = await rescheduleVisit(user, id, v, meta);
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
  const notice = {
    reschedule: "rescheduled",
    cancel: "cancelled",
    record: "recorded",
    arrive: "arrived",
    leave: "left",
    duration: "durationCorrected",
  }[v.intent];
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
  const schema = visitActionSchema(v.today);
  const [rescheduleForm, rf] = useForm({
    id: "reschedule",
    lastResult: resultFor(actionData, "reschedule"),
    onValidate: ({ formData }) => parseWithZod(formData, { schema }),
    shouldValidate: "onSubmit",
    shouldRevalidate: "onInput",
    defaultValue: { ...v.current, place: v.place, purpose: v.purpose },
  });
  const [cancelForm, cf] = useForm({
    id: "cancel",
    lastResult: resultFor(actionData, "cancel"),
    onValidate: ({ formData }) => parseWithZod(formData, { schema }),
    shouldValidate: "onSubmit",
    shouldRevalidate: "onInput",
  });
  const [durationForm, df] = useForm({
    id: "duration",
    lastResult: resultFor(actionData, "duration"),
    onValidate: ({ formData }) => parseWithZod(formData, { schema }),
    shouldValidate: "onSubmit",
    shouldRevalidate: "onInput",
    defaultValue: { minutes: v.duration ?? "" },
  });
  const spotError = resultFor(actionData, "arrive") ?? resultFor(actionData, "leave");
  const [recordForm, of] = useForm({
    id: "record",
    lastResult: resultFor(actionData, "record"),
    onValidate: ({ formData }) => parseWithZod(formData, { schema }),
    shouldValidate: "onSubmit",
    shouldRevalidate: "onInput",
  });
  const draft = useOutcomeDraft(recordForm.id, v.draftKey, notice === "recorded", v.canRecord && v.begun);
  const errorOf = (errors: string[] | undefined) =>
    errors ? errors.map((e) => t(...errorArgs(e))).join(" ") : null;
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
      {notice &&
      ["scheduled", "rescheduled", "cancelled", "recorded", "arrived", "left", "durationCorrected"].includes(
        notice,
      ) ? (
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
        {v.resident?.name || v.resident?.phone ? (
          <>
            <dt>{t("spot.resident")}</dt>
            <dd>
              {v.resident.name ?? ""}
              {v.resident.phone ? (
                <>
                  {v.resident.name ? " · " : ""}
                  <a href={`tel:${v.resident.phone}`}>{v.resident.phone}</a>
                </>
              ) : null}
            </dd>
          </>
        ) : null}
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
        {v.arrivedAt ? (
          <>
            <dt>{t("spot.onTheSpot")}</dt>
            <dd>
              {t("spot.arrivedAt", { time: formatDateTime(v.arrivedAt, v.timeZone) })}
              {v.leftAt ? ` · ${t("spot.leftAt", { time: formatDateTime(v.leftAt, v.timeZone) })}` : ""}
            </dd>
          </>
        ) : null}
        {v.duration !== null ? (
          <>
            <dt>{t("spot.duration")}</dt>
            <dd data-testid="visit-duration">
              {t("spot.minutes", { count: v.duration })}
              {v.durationReason ? (
                <>
                  <br />
                  <span className="muted">{t("spot.correctedBecause", { reason: v.durationReason })}</span>
                </>
              ) : null}
            </dd>
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

      {v.canRecord && !v.leftAt && (v.arrivedAt || v.canArrive) ? (
        <section className="card stack spot" aria-labelledby="spot-title">
          <h2 id="spot-title">{t("spot.title")}</h2>
          <p className="muted">{v.arrivedAt ? t("spot.leaveHint") : t("spot.arriveHint")}</p>
          <Form method="post">
            <input type="hidden" name="intent" value={v.arrivedAt ? "leave" : "arrive"} />
            <button type="submit" className="primary spot-button">
              {v.arrivedAt ? t("spot.leave") : t("spot.arrive")}
            </button>
          </Form>
          <FormErrors
            id="spot-errors"
            errors={spotError?.error ? Object.values(spotError.error).flatMap((e) => e ?? []) : undefined}
          />
        </section>
      ) : null}

      {v.canRecord && v.begun ? (
        <section className="card stack" aria-labelledby="record-title">
          <h2 id="record-title">{t("record.title")}</h2>
          {draft.restored ? (
            <p className="notice" role="status">
              {t("spot.draftRestored")}
            </p>
          ) : null}
          {draft.waiting ? (
            <p className="notice warn-box" role="status">
              {t("spot.draftWaiting")}
            </p>
          ) : null}
          <Form
            method="post"
            {...getFormProps(recordForm)}
            onSubmit={(e) => draft.onSubmit(e, getFormProps(recordForm).onSubmit)}
            className="stack"
          >
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
              <FieldMessage id={`${of.outcome.id}-error`} message={errorOf(of.outcome.errors)} />
            </fieldset>
            <div className="field">
              <label htmlFor={of.notes.id}>{t("record.notes")}</label>
              <textarea {...getTextareaProps(of.notes)} rows={4} />
              <FieldMessage id={`${of.notes.id}-error`} message={errorOf(of.notes.errors)} />
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
              <DayField
                meta={of.followUpDate}
                label={t("record.followUpDate")}
                kind="visit"
                today={v.today}
              />
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

      {v.canCorrect ? (
        <details className="card" open={actionData?.intent === "duration"}>
          <summary>
            <h2>{t("spot.correctTitle")}</h2>
          </summary>
          <Form method="post" {...getFormProps(durationForm)} className="stack">
            <input type="hidden" name="intent" value="duration" />
            <FormErrors id="duration-errors" errors={durationForm.errors} />
            <Field
              meta={df.minutes}
              label={t("spot.minutesLabel")}
              type="number"
              min={1}
              max={1440}
              inputMode="numeric"
            />
            <Field meta={df.reason} label={t("spot.reason")} />
            <button type="submit" className="primary">
              {t("spot.correct")}
            </button>
          </Form>
        </details>
      ) : null}

      {v.canManage ? (
        <details className="card" open={actionData?.intent === "reschedule"}>
          <summary>
            <h2>{t("reschedule.title")}</h2>
          </summary>
          <Form method="post" {...getFormProps(rescheduleForm)} className="stack">
            <input type="hidden" name="intent" value="reschedule" />
            <FormErrors id="reschedule-errors" errors={rescheduleForm.errors} />
            <DayField meta={rf.date} label={t("field.date")} kind="visit" today={v.today} />
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
              <FieldMessage id={`${cf.reason.id}-error`} message={errorOf(cf.reason.errors)} />
            </div>
            <label className="check">
              <input type="checkbox" name={cf.confirm.name} value="yes" /> {t("cancel.confirm")}
            </label>
            <FieldMessage id={`${cf.confirm.id}-error`} message={errorOf(cf.confirm.errors)} />
            <button type="submit" className="danger">
              {t("cancel.submit")}
            </button>
          </Form>
        </details>
      ) : null}
    </article>
  );
}
