// A volunteer's service hours (志愿服务记录): their own by default, or `?volunteer=` for whoever may read them
// (a supervisor above them, their staff). By month and year, the star level and the next, the entries with a
// dispute form for one's own, and the certificates with a form to issue one.
import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { DateTime } from "luxon";
import { useTranslation } from "react-i18next";
import { Field } from "#app/components/field";
import { FormErrors } from "#app/components/form-errors";
import { requestIp } from "#app/modules/audit/audit.server";
import { assertPermission, requireUser } from "#app/modules/auth/guard.server";
import { can } from "#app/modules/auth/policy";
import { calendarDay } from "#app/modules/dates/day";
import { pageMeta } from "#app/modules/i18n/meta";
import { getPersonSummary } from "#app/modules/people/people.server";
import { requireSameOrigin } from "#app/modules/security/request-safety.server";
import { certificatesOf, issueCertificate } from "#app/modules/service/certificates.server";
import { CertificateSchema, DisputeSchema, ServicePageSchema } from "#app/modules/service/forms";
import { disputeHours, entriesOf, serviceFacts } from "#app/modules/service/hours.server";
import { hoursOf } from "#app/modules/service/stars";
import { serviceSummary } from "#app/modules/service/summary.server";
import { getSettings } from "#app/modules/settings/settings.server";
import serviceStylesUrl from "#app/styles/service.css?url";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: serviceStylesUrl }];

export const meta = pageMeta("service:hours.title");

async function openRecord(request: Request) {
  const user = await requireUser(request);
  const asked = Number(new URL(request.url).searchParams.get("volunteer"));
  const volunteerId = Number.isInteger(asked) && asked > 0 ? asked : user.id;
  const facts = await serviceFacts(volunteerId);
  if (!facts) throw new Response("Not found", { status: 404 });
  assertPermission(user, "service.read", facts);
  return { user, facts, volunteerId };
}

export async function loader({ request }: LoaderFunctionArgs) {
  const { user, facts, volunteerId } = await openRecord(request);
  const settings = await getSettings();
  const now = new Date();
  const [person, summary, entries, certificates] = await Promise.all([
    getPersonSummary(volunteerId),
    serviceSummary(volunteerId, settings.timeZone, now),
    entriesOf(volunteerId, 200),
    certificatesOf(volunteerId),
  ]);
  const zone = settings.timeZone;
  const today = calendarDay(now, zone) ?? "";
  return {
    own: user.id === volunteerId,
    name: person.name,
    volunteerId,
    summary,
    entries: entries.map((e) => ({
      id: e.id,
      source: e.source,
      title: e.title,
      day: calendarDay(e.servedAt, zone),
      hours: hoursOf(e.minutes),
      status: e.status,
      disputeReason: e.disputeReason,
    })),
    certificates: certificates.map((c) => ({
      id: c.id,
      code: c.code,
      from: calendarDay(c.periodFrom, zone),
      to: calendarDay(DateTime.fromJSDate(c.periodTo).minus({ days: 1 }).toJSDate(), zone),
      hours: hoursOf(c.minutes),
    })),
    mayCertify: can(user, "service.certify", facts),
    mayExport: can(user, "service.manage"),
    today,
    yearStart: `${today.slice(0, 4)}-01-01`,
  };
}

export async function action({ request }: ActionFunctionArgs) {
  requireSameOrigin(request);
  const { user, volunteerId } = await openRecord(request);
  const submission = parseWithZod(await request.formData(), { schema: ServicePageSchema });
  if (submission.status !== "success") return data({ result: submission.reply() }, { status: 400 });
  const meta = { ip: requestIp(request), userAgent: request.headers.get("user-agent") };
  const back = volunteerId === user.id ? "/service" : `/service?volunteer=${volunteerId}`;
  const v = submission.value;
  if (v.intent === "dispute") {
    const result = await disputeHours(user, v.entryId, v.reason, meta);
    if (result.ok) throw redirect(`${back}${back.includes("?") ? "&" : "?"}notice=disputed`);
    return data(
      { result: submission.reply({ formErrors: [`service:errors.${result.error}`] }) },
      { status: result.error === "forbidden" ? 403 : 409 },
    );
  }
  const { timeZone } = await getSettings();
  const from = DateTime.fromISO(v.from, { zone: timeZone }).startOf("day");
  const to = DateTime.fromISO(v.to, { zone: timeZone }).startOf("day").plus({ days: 1 });
  const result = await issueCertificate(
    user,
    volunteerId,
    { from: from.toJSDate(), to: to.toJSDate() },
    meta,
  );
  if (result.ok) throw redirect(`/service/certificates/${result.value.id}`);
  return data(
    { result: submission.reply({ formErrors: [`service:errors.${result.error}`] }) },
    { status: result.error === "forbidden" ? 403 : 400 },
  );
}

function DisputeForm({ entryId }: { entryId: number }) {
  const { t } = useTranslation("service");
  const actionData = useActionData<typeof action>();
  const [form, fields] = useForm({
    id: `dispute-${entryId}`,
    lastResult: actionData?.result,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: DisputeSchema }),
    shouldValidate: "onSubmit",
  });
  return (
    <details className="service-dispute">
      <summary>{t("hours.dispute")}</summary>
      <Form method="post" className="form" {...getFormProps(form)}>
        <input type="hidden" name="intent" value="dispute" />
        <input type="hidden" name="entryId" value={entryId} />
        <FormErrors id={form.errorId} errors={form.errors} />
        <Field meta={fields.reason} label={t("hours.disputeReason")} maxLength={300} />
        <p className="hint">{t("hours.disputeHint")}</p>
        <div className="actions">
          <button type="submit" className="secondary">
            {t("hours.disputeSubmit")}
          </button>
        </div>
      </Form>
    </details>
  );
}

export default function ServiceHours() {
  const d = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const { t } = useTranslation("service");
  const [form, fields] = useForm({
    id: "certificate",
    lastResult: actionData?.result,
    defaultValue: { from: d.yearStart, to: d.today },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: CertificateSchema }),
    shouldValidate: "onBlur",
  });
  const s = d.summary;
  return (
    <section className="stack service-page" aria-labelledby="service-title">
      <h1 id="service-title">{d.own ? t("hours.title") : t("hours.titleOf", { name: d.name })}</h1>
      <p>{t("hours.lead")}</p>
      {params.get("notice") === "disputed" ? (
        <p className="notice" role="status">
          {t("hours.disputed")}
        </p>
      ) : null}
      <div className="service-stats">
        <div>
          <span className="service-stat-label">{t("hours.level")}</span>
          <span className="service-stars" aria-hidden="true">
            {"★".repeat(s.level)}
            {"☆".repeat(5 - s.level)}
          </span>
          <span className="service-stat-value">{t("stars", { count: s.level })}</span>
        </div>
        <div>
          <span className="service-stat-label">{t("hours.confirmed")}</span>
          <span className="service-stat-value">
            {t("hoursValue", { hours: hoursOf(s.confirmedMinutes) })}
          </span>
        </div>
        <div>
          <span className="service-stat-label">{t("hours.waiting")}</span>
          <span className="service-stat-value">{t("hoursValue", { hours: hoursOf(s.waitingMinutes) })}</span>
        </div>
        <div>
          <span className="service-stat-label">{t("hours.thisMonth")}</span>
          <span className="service-stat-value">
            {t("hoursValue", { hours: hoursOf(s.thisMonthMinutes) })}
          </span>
        </div>
      </div>
      <p>
        {s.next
          ? t("hours.next", {
              hours: hoursOf(s.next.minutesNeeded),
              count: s.next.level,
              threshold: s.next.hours,
            })
          : t("hours.top")}
      </p>
      {d.mayExport ? (
        <p className="link-row">
          {d.entries.length > 0 ? (
            <>
              <a href={`/service/export.csv?volunteer=${d.volunteerId}`} download>
                {t("hours.exportShown")} (CSV)
              </a>
              <a href={`/service/export.xlsx?volunteer=${d.volunteerId}`} download>
                {t("hours.exportShown")} (XLSX)
              </a>
            </>
          ) : null}
          <a href="/service/export.csv">{t("hours.export")} (CSV)</a>
          <a href="/service/export.xlsx">{t("hours.export")} (XLSX)</a>
        </p>
      ) : null}
      {s.byYear.length === 0 ? (
        <p>{t("hours.none")}</p>
      ) : (
        <div className="service-periods">
          <PeriodTable caption={t("hours.byYear")} rows={s.byYear} />
          <PeriodTable caption={t("hours.byMonth")} rows={s.byMonth} />
        </div>
      )}
      {d.entries.length > 0 ? (
        <>
          <h2>{t("hours.entries")}</h2>
          <ul className="service-entries">
            {d.entries.map((e) => (
              <li key={e.id}>
                <div className="service-entry-head">
                  <span>{e.day}</span>
                  <span>
                    {e.title ? `${t(`sources.${e.source}`)} · ${e.title}` : t(`sources.${e.source}`)}
                  </span>
                  <span>{t("hoursValue", { hours: e.hours })}</span>
                  <span className={`badge service-${e.status}`}>{t(`statuses.${e.status}`)}</span>
                </div>
                {e.disputeReason && e.status === "disputed" ? (
                  <p className="hint">{t("review.reason", { reason: e.disputeReason })}</p>
                ) : null}
                {d.own && (e.status === "pending" || e.status === "confirmed") ? (
                  <DisputeForm entryId={e.id} />
                ) : null}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      <h2>{t("hours.certificates")}</h2>
      {d.certificates.length === 0 ? (
        <p>{t("hours.noCertificates")}</p>
      ) : (
        <ul className="service-certificates">
          {d.certificates.map((c) => (
            <li key={c.id}>
              <Link to={`/service/certificates/${c.id}`}>
                {c.code} · {c.from} – {c.to} · {t("hoursValue", { hours: c.hours })}
              </Link>
            </li>
          ))}
        </ul>
      )}
      {d.mayCertify ? (
        <Form method="post" className="form narrow-form" {...getFormProps(form)}>
          <p>{t("hours.certificateLead")}</p>
          <input type="hidden" name="intent" value="certificate" />
          <FormErrors id={form.errorId} errors={form.errors} />
          <Field meta={fields.from} label={t("hours.from")} type="date" max={d.today} />
          <Field meta={fields.to} label={t("hours.to")} type="date" max={d.today} />
          <div className="actions">
            <button type="submit" className="primary">
              {t("hours.issue")}
            </button>
          </div>
        </Form>
      ) : null}
    </section>
  );
}

function PeriodTable({
  caption,
  rows,
}: {
  caption: string;
  rows: { period: string; confirmed: number; waiting: number }[];
}) {
  const { t } = useTranslation("service");
  return (
    <table className="service-table">
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">{t("hours.period")}</th>
          <th scope="col">{t("hours.confirmed")}</th>
          <th scope="col">{t("hours.waiting")}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.period}>
            <th scope="row">{r.period}</th>
            <td>{hoursOf(r.confirmed)}</td>
            <td>{hoursOf(r.waiting)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
