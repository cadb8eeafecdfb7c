import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { FormErrors } from "#app/components/form-errors";
import { requestIp } from "#app/modules/audit/audit.server";
import { forbidden, requireUser } from "#app/modules/auth/guard.server";
import { formatDateTime } from "#app/modules/dates/day";
import { communityZone, day } from "#app/modules/households/format";
import { pageMeta } from "#app/modules/i18n/meta";
import { actOnCase, readCase } from "#app/modules/programmes/cases.server";
import { CaseActionSchema } from "#app/modules/programmes/form";
import { programmeRow } from "#app/modules/programmes/programmes.server";
import { idParam } from "#app/modules/programmes/route-helpers";
import { requireSameOrigin } from "#app/modules/security/request-safety.server";
import programmeStylesUrl from "#app/styles/programmes.css?url";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: programmeStylesUrl }];
export const meta = pageMeta("programmes:case.title");

async function open(request: Request, params: { id?: string; caseId?: string }) {
  const user = await requireUser(request);
  const programmeId = idParam(params.id);
  const read = await readCase(user, programmeId, idParam(params.caseId), {
    via: "programmes.case",
    ip: requestIp(request),
  });
  if (!read.ok) throw read.status === 403 ? forbidden() : new Response("Not found", { status: 404 });
  return { user, view: read.value };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { view } = await open(request, params);
  const programme = await programmeRow(view.programmeId);
  return { c: view, programmeName: programme?.name ?? "" };
}

export async function action({ request, params }: ActionFunctionArgs) {
  requireSameOrigin(request);
  const { user, view } = await open(request, params);
  const submission = parseWithZod(await request.formData(), { schema: CaseActionSchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  const done = await actOnCase(user, view.id, submission.value, new Date(), requestIp(request));
  if (!done.ok) {
    if (done.error === "forbidden") throw forbidden();
    return data(submission.reply({ formErrors: [`programmes:case.error.${done.error}`] }), { status: 409 });
  }
  const after = await readCase(user, view.programmeId, view.id, {
    via: "programmes.case",
    ip: requestIp(request),
  });
  const status = after.ok ? after.value.status : "open";
  const notice =
    submission.value.intent === "advance"
      ? status === "done"
        ? "completed"
        : "advanced"
      : submission.value.intent === "refuse"
        ? "refused"
        : "closed";
  throw redirect(`/programmes/${view.programmeId}/cases/${view.id}?notice=${notice}`);
}

const notices = ["advanced", "completed", "refused", "closed", "opened"] as const;

export default function ProgrammeCase() {
  const { c, programmeName } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const [params] = useSearchParams();
  const { t } = useTranslation("programmes");
  const notice = notices.find((n) => n === params.get("notice"));
  const total = c.steps.length;
  const formError = lastResult && "error" in lastResult ? lastResult.error?.[""] : undefined;
  const last = c.stepIndex >= total - 1;
  return (
    <div className="stack">
      <p>
        <Link to={`/programmes/${c.programmeId}`}>← {programmeName}</Link>
      </p>
      <div className="page-head">
        <h1>
          {t("case.title")} · {c.address}
        </h1>
      </div>
      {notice ? (
        <p className="notice" role="status">
          {t(`notice.${notice}`)}
        </p>
      ) : null}
      <FormErrors id="case-errors" errors={formError ?? undefined} />
      <ol className="case-steps" aria-label={t("clears.procedure")}>
        {c.steps.map((s) => {
          const state =
            c.status === "done" || s.position < c.stepIndex
              ? "done"
              : s.position === c.stepIndex
                ? "current"
                : "todo";
          return (
            <li
              key={s.position}
              className={`case-step ${state}`}
              aria-current={state === "current" ? "step" : undefined}
            >
              <strong>
                {s.position + 1}. {s.name}
              </strong>
              <span>{t(`role.${s.role}`)}</span>
              <span>{t("procedure.days", { count: s.limitDays })}</span>
            </li>
          );
        })}
      </ol>
      <section className="case-now" aria-labelledby="case-now-title">
        <h2 id="case-now-title">
          {c.status === "open" && c.step
            ? t("case.stepOf", { n: Math.min(c.stepIndex, total - 1) + 1, total, name: c.step.name })
            : t("case.ended", { status: t(`caseStatus.${c.status}`) })}
        </h2>
        {c.status === "open" && c.step ? (
          <>
            <p>{t("case.actor", { role: t(`role.${c.step.role}`) })}</p>
            <p>{t("case.dueBy", { date: day(c.stepDueAt) })}</p>
            {c.escalatedAt ? (
              <p className="badge escalated">
                {t("case.escalatedTo", { date: day(c.escalatedAt), name: c.escalatedToName ?? "" })}
              </p>
            ) : null}
          </>
        ) : null}
        {c.can.act ? (
          <Form method="post" className="form" key={`advance-${c.stepIndex}`}>
            <input type="hidden" name="atStep" value={c.stepIndex} />
            <div className="field">
              <label htmlFor="case-note">{t("case.note")}</label>
              <textarea id="case-note" name="note" rows={3} />
            </div>
            <div className="actions">
              <button type="submit" name="intent" value="advance" className="button primary">
                {last ? t("case.finish") : t("case.advance")}
              </button>
            </div>
          </Form>
        ) : c.status === "open" && c.step ? (
          <p className="muted">{t("case.notYours", { role: t(`role.${c.step.role}`) })}</p>
        ) : null}
        {c.can.act || c.can.close ? (
          <Form
            method="post"
            className="form"
            onSubmit={(event) => {
              // Refusing and closing end the case for good: ask first (the buttons work without JavaScript too).
              const intent = (event.nativeEvent as SubmitEvent).submitter?.getAttribute("value");
              const question = intent === "close" ? t("case.confirmClose") : t("case.confirmRefuse");
              if (!window.confirm(question)) event.preventDefault();
            }}
          >
            <input type="hidden" name="atStep" value={c.stepIndex} />
            <div className="field">
              <label htmlFor="case-reason">{t("case.reason")}</label>
              <textarea id="case-reason" name="note" rows={2} required />
            </div>
            <div className="actions">
              {c.can.act ? (
                <button type="submit" name="intent" value="refuse" className="button secondary">
                  {t("case.refuse")}
                </button>
              ) : null}
              {c.can.close ? (
                <button type="submit" name="intent" value="close" className="button secondary">
                  {t("case.close")}
                </button>
              ) : null}
            </div>
          </Form>
        ) : null}
      </section>
      <section aria-labelledby="timeline-title">
        <h2 id="timeline-title">{t("case.timeline")}</h2>
        <ol className="case-timeline">
          {c.events.map((e) => (
            <li key={e.id}>
              <time dateTime={new Date(e.at).toISOString()}>{formatDateTime(e.at, communityZone)}</time>{" "}
              <strong>{t(`event.${e.type}`)}</strong> · {c.steps[e.stepIndex]?.name ?? ""} ·{" "}
              {e.actorName ?? t("case.noActor")}
              {e.note ? <span className="case-note"> — {e.note}</span> : null}
            </li>
          ))}
        </ol>
      </section>
    </div>
  );
}
