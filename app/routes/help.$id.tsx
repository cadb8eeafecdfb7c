import { getFormProps, getTextareaProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { FormErrors } from "#app/components/form-errors";
import { StatusBadge } from "#app/components/help/badges";
import { assertPermission, forbidden, requireUser } from "#app/modules/auth/guard.server";
import { requestMeta } from "#app/modules/auth/sign-in.server";
import type { HelpStatus } from "#app/modules/help/codes";
import { formatDateTime } from "#app/modules/dates/day";
import { escalateHelp, handoverCandidates, reassignHelp } from "#app/modules/help/handover.server";
import {
  addHelpNote,
  changeHelpStatus,
  getHelpRequest,
  loadRequest,
  rateHelp,
  type HelpResult,
} from "#app/modules/help/requests.server";
import { RequestActionSchema } from "#app/modules/help/schemas";
import { fullAddress } from "#app/modules/households/brief";
import { requireSameOrigin } from "#app/modules/security/request-safety.server";
import { getSettings } from "#app/modules/settings/settings.server";
import helpStylesUrl from "#app/styles/help.css?url";
import { pageMeta } from "#app/modules/i18n/meta";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: helpStylesUrl }];

export const meta = pageMeta<typeof loader>(({ data, t }) => data && t("help:detail.title", { id: data.id }));

function requestId(params: { id?: string }): number {
  const id = Number(params.id);
  if (!Number.isInteger(id) || id <= 0) throw new Response("Not found", { status: 404 });
  return id;
}

function unwrap<T>(result: HelpResult<T> | { ok: false; error: "invalid" }): T | "conflict" | "invalid" {
  if (result.ok) return result.value;
  if (result.error === "notFound") throw new Response("Not found", { status: 404 });
  if (result.error === "forbidden") throw forbidden();
  return result.error;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const view = unwrap(await getHelpRequest(user, requestId(params), requestMeta(request)));
  if (view === "conflict" || view === "invalid") throw new Response("Not found", { status: 404 });
  const settings = await getSettings();
  const candidates =
    view.canManage && view.request.status !== "resolved"
      ? await handoverCandidates(view.request.compoundId)
      : [];
  const { request: r, household } = view;
  return {
    id: r.id,
    kind: r.kind,
    urgency: r.urgency,
    status: r.status,
    channel: r.channel,
    description: r.description,
    contactMethod: r.contactMethod,
    contactPhone: r.contactPhone,
    escalationLevel: r.escalationLevel,
    createdAt: r.createdAt,
    acknowledgeBy: r.acknowledgeBy,
    rating: r.rating,
    ratingComment: r.ratingComment,
    address: household ? fullAddress(household) : "",
    helperName: view.helperName,
    assigneeName: view.assigneeName,
    holderNames: view.holderNames,
    events: view.events,
    canHandle: view.canHandle,
    canManage: view.canManage,
    candidates: candidates.filter((c) => c.id !== r.assignedToId),
    canRate: view.canRate,
    isResident: user.role === "resident",
    timeZone: settings.timeZone,
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  requireSameOrigin(request);
  const user = await requireUser(request);
  const id = requestId(params);
  // The rule first, so that a refusal never depends on what the form held.
  const loaded = await loadRequest(id);
  if (!loaded) throw new Response("Not found", { status: 404 });
  const formData = await request.formData();
  const intent = formData.get("intent");
  assertPermission(
    user,
    intent === "rate"
      ? "help.rate"
      : intent === "reassign" || intent === "escalate"
        ? "help.manage"
        : "help.handle",
    loaded.facts,
  );
  const submission = parseWithZod(formData, { schema: RequestActionSchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  const v = submission.value;
  const meta = requestMeta(request);
  const outcome =
    v.intent === "rate"
      ? unwrap(await rateHelp(user, id, { rating: v.rating, comment: v.comment ?? null }, meta))
      : v.intent === "note"
        ? unwrap(await addHelpNote(user, id, { text: v.note, visibleToResident: v.visibleToResident }, meta))
        : v.intent === "reassign"
          ? unwrap(await reassignHelp(user, id, v.assignee, meta))
          : v.intent === "escalate"
            ? unwrap(await escalateHelp(user, id, meta))
            : unwrap(
                await changeHelpStatus(
                  user,
                  id,
                  { status: v.intent, note: v.note ?? null, visibleToResident: v.visibleToResident },
                  meta,
                ),
              );
  if (outcome === "invalid")
    return data(submission.reply({ fieldErrors: { assignee: ["help:validation.assigneeInvalid"] } }), {
      status: 400,
    });
  if (outcome === "conflict")
    return data(submission.reply({ formErrors: ["help:detail.conflict"] }), { status: 409 });
  const notice = v.intent === "reassign" ? "reassigned" : v.intent === "escalate" ? "escalated" : "updated";
  throw redirect(`/help/${id}?notice=${notice}`);
}

/** The steps a handler may take from each status. */
const nextSteps: Record<HelpStatus, ("acknowledged" | "in_progress" | "resolved")[]> = {
  new: ["acknowledged", "in_progress", "resolved"],
  acknowledged: ["in_progress", "resolved"],
  in_progress: ["resolved"],
  resolved: [],
};
const stepLabel = {
  acknowledged: "detail.acknowledge",
  in_progress: "detail.start",
  resolved: "detail.resolve",
} as const;

export default function HelpRequestPage() {
  const r = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const [params] = useSearchParams();
  const { t } = useTranslation("help");
  const { t: tm } = useTranslation("material");
  const [form, fields] = useForm<NoteForm>({ lastResult, shouldValidate: "onSubmit" });
  const notice = params.get("notice");
  // A saved change adds an event: the forms start afresh, so a note once added is not posted again.
  const lastEventId = r.events.at(-1)?.id ?? 0;
  return (
    <div className="stack narrow help-request">
      <p>
        <Link to="/help">← {t("detail.back")}</Link>
      </p>
      {notice === "sent" ||
      notice === "updated" ||
      notice === "recorded" ||
      notice === "reassigned" ||
      notice === "escalated" ? (
        <p className="notice" role="status">
          {t(notice === "sent" ? "ask.sent" : `notice.${notice}`)}
        </p>
      ) : null}
      <div className="help-item-head">
        <h1>{t("detail.title", { id: r.id })}</h1>
        <StatusBadge status={r.status} t={t} />
      </div>
      <dl className="facts">
        <dt>{t("list.kindLabel")}</dt>
        <dd>{t(`kind.${r.kind}`)}</dd>
        <dt>{t("detail.urgency")}</dt>
        <dd>{t(`urgency.${r.urgency}`)}</dd>
        {r.isResident ? null : (
          <>
            <dt>{t("list.household")}</dt>
            <dd>{r.address}</dd>
          </>
        )}
        <dt>{t("list.asked")}</dt>
        <dd>{formatDateTime(r.createdAt, r.timeZone)}</dd>
        <dt>{t("detail.channel")}</dt>
        <dd>{t(`channel.${r.channel}`)}</dd>
        <dt>{t("detail.contact")}</dt>
        <dd>
          {t(`contact.${r.contactMethod}`)}
          {r.contactPhone ? ` · ${r.contactPhone}` : ""}
        </dd>
        <dt>{t("detail.helper")}</dt>
        <dd>{r.helperName ?? t("detail.noHelper")}</dd>
        {r.isResident ? null : (
          <>
            <dt>{t("detail.holder")}</dt>
            <dd>
              <HolderName names={r.holderNames} withOrganizers={r.assigneeName === null} />
              {r.escalationLevel > 0 ? ` · ${t(`level.${r.escalationLevel}` as "level.0")}` : ""}
            </dd>
            {r.status === "new" ? (
              <>
                <dt>{t("detail.acknowledgeBy")}</dt>
                <dd>{formatDateTime(r.acknowledgeBy, r.timeZone)}</dd>
              </>
            ) : null}
          </>
        )}
      </dl>
      <p className="help-description">{r.description}</p>

      <section aria-labelledby="timeline-title">
        <h2 id="timeline-title">{t("detail.timeline")}</h2>
        <ol className="help-timeline">
          {r.events.map((e) => (
            <li key={e.id} className={e.visibleToResident ? undefined : "help-internal"}>
              <time dateTime={new Date(e.at).toISOString()}>{formatDateTime(e.at, r.timeZone)}</time>{" "}
              <strong>
                {e.type === "escalated"
                  ? t(e.authorName ? "event.escalatedByHand" : "event.escalated", {
                      level: t(`level.${e.note ?? "2"}` as "level.0"),
                    })
                  : e.type === "reassigned"
                    ? t("event.reassignedTo", { name: e.note ?? "" })
                    : t(`event.${e.type}`)}
              </strong>
              {e.authorName ? <span className="muted"> · {e.authorName}</span> : null}
              {e.visibleToResident ? null : <span className="badge">{t("detail.internal")}</span>}
              {e.note && e.type !== "escalated" && e.type !== "reassigned" ? <p>{e.note}</p> : null}
            </li>
          ))}
        </ol>
      </section>

      {r.canHandle && r.status !== "resolved" ? (
        <p>
          <Link className="button secondary" to={`/fund/grants/new?help=${r.id}`}>
            {tm("grantNew.fromHelpLink")}
          </Link>
        </p>
      ) : null}
      {r.canHandle && r.status !== "resolved" ? (
        <section aria-labelledby="actions-title" className="card">
          <h2 id="actions-title">{t("detail.actions")}</h2>
          <Form method="post" className="form" {...getFormProps(form)} key={lastEventId}>
            <FormErrors id={form.errorId} errors={form.errors} />
            <div className="field">
              <label htmlFor={fields.note.id}>{t("detail.note")}</label>
              <textarea {...getTextareaProps(fields.note)} rows={3} />
              {fields.note.errors ? (
                <p className="field-error">{fields.note.errors.map((e) => t(e as never)).join(" ")}</p>
              ) : null}
            </div>
            <label className="checkbox">
              <input type="checkbox" name="visibleToResident" value="on" defaultChecked />
              {t("detail.visibleToResident")}
            </label>
            <div className="button-row">
              {nextSteps[r.status].map((step) => (
                <button key={step} type="submit" name="intent" value={step} className="primary">
                  {t(stepLabel[step])}
                </button>
              ))}
              <button type="submit" name="intent" value="note" className="secondary">
                {t("detail.addNote")}
              </button>
            </div>
          </Form>
        </section>
      ) : null}

      {r.canManage && r.status !== "resolved" ? (
        <Handover
          candidates={r.candidates}
          escalationLevel={r.escalationLevel}
          lastResult={lastResult}
          key={`handover-${lastEventId}`}
        />
      ) : null}

      {r.canHandle && r.status === "resolved" ? (
        <NoteOnly lastResult={lastResult} key={`note-${lastEventId}`} />
      ) : null}

      {r.rating !== null ? (
        <p className="notice">
          {t("detail.yourRating", { rating: r.rating })}
          {r.ratingComment ? ` — ${r.ratingComment}` : ""}
        </p>
      ) : null}
      {r.canRate ? <RateForm lastResult={lastResult} /> : null}
    </div>
  );
}

interface NoteForm {
  intent: string;
  note: string;
  visibleToResident: string;
}

type ActionResult = ReturnType<typeof useActionData<typeof action>>;

function NoteOnly({ lastResult }: { lastResult: ActionResult }) {
  const { t } = useTranslation("help");
  const [form, fields] = useForm<NoteForm>({ lastResult, shouldValidate: "onSubmit" });
  return (
    <Form method="post" className="form card" {...getFormProps(form)}>
      <div className="field">
        <label htmlFor={fields.note.id}>{t("detail.note")}</label>
        <textarea {...getTextareaProps(fields.note)} rows={3} />
        {fields.note.errors ? (
          <p className="field-error">{fields.note.errors.map((e) => t(e as never)).join(" ")}</p>
        ) : null}
      </div>
      <label className="checkbox">
        <input type="checkbox" name="visibleToResident" value="on" />
        {t("detail.visibleToResident")}
      </label>
      <button type="submit" name="intent" value="note" className="secondary">
        {t("detail.addNote")}
      </button>
    </Form>
  );
}

function RateForm({ lastResult }: { lastResult: ActionResult }) {
  const { t } = useTranslation("help");
  const [form, fields] = useForm<{ intent: string; rating: string; comment: string }>({
    lastResult,
    shouldValidate: "onSubmit",
  });
  return (
    <section aria-labelledby="rate-title" className="card">
      <h2 id="rate-title">{t("detail.rateTitle")}</h2>
      <Form method="post" className="form" {...getFormProps(form)}>
        <FormErrors id={form.errorId} errors={form.errors} />
        <fieldset className="choice-group">
          <legend>{t("detail.rating")}</legend>
          {(["5", "4", "3", "2", "1"] as const).map((n) => (
            <label key={n} className="choice">
              <input type="radio" name={fields.rating.name} value={n} />
              {t(`detail.ratingValue.${n}`)}
            </label>
          ))}
          {fields.rating.errors ? (
            <p className="field-error">{fields.rating.errors.map((e) => t(e as never)).join(" ")}</p>
          ) : null}
        </fieldset>
        <div className="field">
          <label htmlFor={fields.comment.id}>{t("detail.comment")}</label>
          <textarea {...getTextareaProps(fields.comment)} rows={3} />
        </div>
        <button type="submit" name="intent" value="rate" className="primary">
          {t("detail.rate")}
        </button>
      </Form>
    </section>
  );
}

/** The holder by name; with the organizers, each of them ("the organizers: …"), never a blank. */
function HolderName({ names, withOrganizers }: { names: string[]; withOrganizers: boolean }) {
  const { t, i18n } = useTranslation("help");
  const list = new Intl.ListFormat(i18n.language, { type: "conjunction" }).format(names);
  if (!withOrganizers) return <>{list}</>;
  return <>{names.length > 0 ? t("list.organizersNamed", { names: list }) : t("list.organizers")}</>;
}

function Handover({
  candidates,
  escalationLevel,
  lastResult,
}: {
  candidates: { id: number; name: string; role: "volunteer" | "organizer"; volunteerTier: number | null }[];
  escalationLevel: number;
  lastResult: ActionResult;
}) {
  const { t } = useTranslation("help");
  const { t: tr } = useTranslation("roster");
  const [form, fields] = useForm<{ intent: string; assignee: string }>({
    lastResult,
    shouldValidate: "onSubmit",
  });
  const staff = candidates.filter((c) => c.role === "organizer");
  const volunteers = candidates.filter((c) => c.role === "volunteer");
  const errorId = `${fields.assignee.id}-error`;
  const nextLevel = Math.min(2, escalationLevel + 1);
  return (
    <section aria-labelledby="handover-title" className="card help-handover">
      <h2 id="handover-title">{t("detail.handover")}</h2>
      <Form method="post" className="form" {...getFormProps(form)}>
        <div className="field">
          <label htmlFor={fields.assignee.id}>{t("detail.reassignTo")}</label>
          <select
            id={fields.assignee.id}
            name={fields.assignee.name}
            defaultValue=""
            aria-describedby={fields.assignee.errors ? errorId : undefined}
            aria-invalid={fields.assignee.errors ? true : undefined}
          >
            <option value="">{t("detail.chooseAssignee")}</option>
            {staff.length > 0 ? (
              <optgroup label={t("detail.staffGroup")}>
                {staff.map((c) => (
                  <option key={c.id} value={c.id}>
                    {c.name}
                  </option>
                ))}
              </optgroup>
            ) : null}
            {volunteers.length > 0 ? (
              <optgroup label={t("detail.volunteerGroup")}>
                {volunteers.map((c) => (
                  <option key={c.id} value={c.id}>
                    {c.name}
                    {c.volunteerTier ? ` · ${tr(`tier.${c.volunteerTier}` as "tier.1")}` : ""}
                  </option>
                ))}
              </optgroup>
            ) : null}
          </select>
          {fields.assignee.errors ? (
            <p className="field-error" id={errorId}>
              {fields.assignee.errors.map((e) => t(e as never)).join(" ")}
            </p>
          ) : null}
        </div>
        <button type="submit" name="intent" value="reassign" className="secondary">
          {t("detail.reassign")}
        </button>
      </Form>
      {escalationLevel < 2 ? (
        <Form method="post" className="form">
          <p className="hint">{t("detail.escalateHint", { level: t(`level.${nextLevel}` as "level.0") })}</p>
          <button type="submit" name="intent" value="escalate" className="secondary">
            {t("detail.escalate")}
          </button>
        </Form>
      ) : (
        <p className="hint">{t("detail.cannotEscalate")}</p>
      )}
    </section>
  );
}
