// Confirming service hours: pending and disputed entries of the volunteers the reader answers for (a supervisor
// their subtree, staff their compounds), never their own; tick, then confirm or reject.
import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { FormErrors } from "#app/components/form-errors";
import { requestIp } from "#app/modules/audit/audit.server";
import { requirePermission } from "#app/modules/auth/guard.server";
import { can } from "#app/modules/auth/policy";
import { calendarDay } from "#app/modules/dates/day";
import { pageMeta } from "#app/modules/i18n/meta";
import { requireSameOrigin } from "#app/modules/security/request-safety.server";
import { DecideSchema } from "#app/modules/service/forms";
import { decideHours, reviewQueue } from "#app/modules/service/hours.server";
import { hoursOf } from "#app/modules/service/stars";
import { getSettings } from "#app/modules/settings/settings.server";
import serviceStylesUrl from "#app/styles/service.css?url";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: serviceStylesUrl }];

export const meta = pageMeta("service:review.title");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "service.review");
  const [queue, settings] = await Promise.all([reviewQueue(user), getSettings()]);
  return {
    entries: queue.map((e) => ({
      id: e.id,
      volunteerId: e.volunteerId,
      volunteerName: e.volunteerName,
      source: e.source,
      title: e.title,
      day: calendarDay(e.servedAt, settings.timeZone),
      hours: hoursOf(e.minutes),
      status: e.status,
      disputeReason: e.disputeReason,
    })),
    manage: can(user, "service.manage"),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  requireSameOrigin(request);
  const user = await requirePermission(request, "service.review");
  const submission = parseWithZod(await request.formData(), { schema: DecideSchema });
  if (submission.status !== "success") return data({ result: submission.reply() }, { status: 400 });
  const { intent, entryIds } = submission.value;
  const result = await decideHours(user, entryIds, intent, {
    ip: requestIp(request),
    userAgent: request.headers.get("user-agent"),
  });
  if (result.ok) throw redirect(`/service/review?${intent}ed=${result.value.decided}`);
  return data(
    { result: submission.reply({ formErrors: [`service:errors.${result.error}`] }) },
    { status: result.error === "forbidden" ? 403 : 400 },
  );
}

export default function ServiceReview() {
  const { entries, manage } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const { t } = useTranslation("service");
  const [form] = useForm({ id: "decide", lastResult: actionData?.result });
  const confirmed = Number(params.get("confirmed") ?? NaN);
  const rejected = Number(params.get("rejected") ?? NaN);
  return (
    <section className="stack service-page" aria-labelledby="review-title">
      <h1 id="review-title">{t("review.title")}</h1>
      <p>{t("review.lead")}</p>
      {manage ? (
        <p>
          <Link to="/service/activities">{t("review.activities")}</Link>
        </p>
      ) : null}
      {Number.isFinite(confirmed) ? (
        <p className="notice" role="status">
          {t("review.confirmedCount", { count: confirmed })}
        </p>
      ) : Number.isFinite(rejected) ? (
        <p className="notice" role="status">
          {t("review.rejectedCount", { count: rejected })}
        </p>
      ) : null}
      {entries.length === 0 ? (
        <p>{t("review.empty")}</p>
      ) : (
        <Form method="post" className="stack" {...getFormProps(form)}>
          <FormErrors id={form.errorId} errors={form.errors} />
          <ul className="service-entries">
            {entries.map((e) => (
              <li key={e.id}>
                <label className="checkbox service-entry-head">
                  <input
                    type="checkbox"
                    name="entryIds"
                    value={e.id}
                    aria-label={t("review.select", { name: e.volunteerName, date: e.day })}
                  />
                  <span>{e.day}</span>
                  <span>{e.volunteerName}</span>
                  <span>
                    {e.title ? `${t(`sources.${e.source}`)} · ${e.title}` : t(`sources.${e.source}`)}
                  </span>
                  <span>{t("hoursValue", { hours: e.hours })}</span>
                  <span className={`badge service-${e.status}`}>{t(`statuses.${e.status}`)}</span>
                </label>
                {e.disputeReason && e.status === "disputed" ? (
                  <p className="hint">{t("review.reason", { reason: e.disputeReason })}</p>
                ) : null}
                <Link to={`/service?volunteer=${e.volunteerId}`} className="hint">
                  {t("hours.titleOf", { name: e.volunteerName })}
                </Link>
              </li>
            ))}
          </ul>
          <div className="actions">
            <button type="submit" name="intent" value="confirm" className="primary">
              {t("review.confirm")}
            </button>
            <button type="submit" name="intent" value="reject" className="secondary">
              {t("review.reject")}
            </button>
          </div>
        </Form>
      )}
    </section>
  );
}
