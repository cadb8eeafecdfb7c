import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { DateTime } from "luxon";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { requirePermission } from "#app/modules/auth/guard.server";
import { formatInZone } from "#app/modules/dates/day";
import { getLocale } from "#app/modules/i18n/locale.server";
import { pageMeta } from "#app/modules/i18n/meta";
import {
  cancelEmail,
  countRetryable,
  listOutbox,
  outboxCounts,
  retryEmails,
  type OutboxFilter,
} from "#app/modules/notifications/outbox.server";
import { templateNames } from "#app/modules/notifications/render.server";
import { requireSameOrigin } from "#app/modules/security/request-safety.server";
import { getSettings } from "#app/modules/settings/settings.server";
import { smsTemplateNames } from "#app/modules/notifications/sms-templates";
import { emailStatuses, outboxChannels } from "#db/schema/email";
import outboxStylesUrl from "#app/styles/outbox.css?url";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: outboxStylesUrl }];
export const meta = pageMeta("email:outbox.title");

const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .refine((value) => DateTime.fromISO(value).isValid);

// A filter is a search, not a write: a malformed part is dropped rather than refused.
const allTemplates: string[] = [...templateNames, ...smsTemplateNames];
const FilterSchema = z.object({
  channel: z.enum(outboxChannels).optional().catch(undefined),
  status: z.enum(emailStatuses).optional().catch(undefined),
  template: z
    .string()
    .refine((name) => allTemplates.includes(name))
    .optional()
    .catch(undefined),
  error: z.string().trim().max(200).optional().catch(undefined),
  from: day.optional().catch(undefined),
  until: day.optional().catch(undefined),
});
type FilterFields = z.infer<typeof FilterSchema>;

const RetryAllSchema = FilterSchema.extend({ intent: z.literal("retryAll") });
// One form holds the list: its checkboxes for a bulk retry, and each row's own buttons (`retry:12`).
const ActionSchema = z
  .object({
    intent: z.string().regex(/^(retrySelected|(retry|cancel):\d{1,15})$/, "email:outbox.notChanged"),
    id: z.array(z.coerce.number().int().positive()).default([]),
  })
  .refine((form) => form.intent !== "retrySelected" || form.id.length > 0, {
    path: ["id"],
    message: "email:outbox.noneSelected",
  });

/** Days are the community's: "until 3 May" takes in all of 3 May where the community lives. */
function toFilter(fields: FilterFields, zone: string): OutboxFilter {
  const start = (value: string) => DateTime.fromISO(value, { zone }).startOf("day");
  return {
    channel: fields.channel,
    status: fields.status,
    template: fields.template,
    error: fields.error || undefined,
    from: fields.from ? start(fields.from).toJSDate() : undefined,
    until: fields.until ? start(fields.until).plus({ days: 1 }).toJSDate() : undefined,
  };
}

function filterQuery(fields: FilterFields): URLSearchParams {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(fields)) if (value) query.set(name, value);
  return query;
}

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "outbox.manage");
  const url = new URL(request.url);
  const params = Object.fromEntries(url.searchParams);
  const fields = FilterSchema.parse(params);
  const before = z.coerce.number().int().positive().optional().catch(undefined).parse(params.before);
  const locale = getLocale(request);
  const settings = await getSettings();
  const filter = toFilter(fields, settings.timeZone);
  const datesReversed = !!filter.from && !!filter.until && filter.from >= filter.until;
  const [counts, page, retryable] = await Promise.all([
    outboxCounts(fields.channel),
    listOutbox(filter, before),
    countRetryable(filter),
  ]);
  const query = filterQuery(fields);
  const done = url.searchParams.get("done");
  const number = (name: string) => Number(url.searchParams.get(name)) || 0;
  return {
    fields,
    counts,
    retryable,
    datesReversed,
    templates:
      fields.channel === "sms" ? smsTemplateNames : fields.channel === "email" ? templateNames : allTemplates,
    confirming: url.searchParams.get("confirm") === "all" && retryable > 0,
    query: query.toString(),
    olderHref: page.nextBefore
      ? `?${new URLSearchParams([...query, ["before", String(page.nextBefore)]])}`
      : null,
    newerHref: before ? `?${query}` : null,
    done:
      done === "retried"
        ? {
            kind: "retried" as const,
            restarted: number("restarted"),
            askedAgain: number("askedAgain"),
            kept: number("kept"),
          }
        : done === "cancelled"
          ? { kind: "cancelled" as const }
          : null,
    rows: page.rows.map((r) => ({
      ...r,
      queuedAt: formatInZone(r.createdAt, settings.timeZone, locale, "dateTime"),
    })),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  requireSameOrigin(request);
  const user = await requirePermission(request, "outbox.manage");
  const form = await request.formData();
  const back = (query: URLSearchParams) => redirect(`/admin/outbox?${query}`);
  if (form.get("intent") === "retryAll") {
    const fields = RetryAllSchema.parse(Object.fromEntries(form));
    const { intent: _intent, ...filterFields } = fields;
    const settings = await getSettings();
    const result = await retryEmails({ filter: toFilter(filterFields, settings.timeZone) }, user.id);
    throw back(new URLSearchParams([...filterQuery(filterFields), ...retried(result)]));
  }
  const submission = parseWithZod(form, { schema: ActionSchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  const [intent, one] = submission.value.intent.split(":");
  const query = new URLSearchParams(String(form.get("query") ?? ""));
  if (intent === "cancel") {
    if (!(await cancelEmail(Number(one), user.id)))
      return data(submission.reply({ formErrors: ["email:outbox.notChanged"] }), { status: 400 });
    query.set("done", "cancelled");
    throw back(query);
  }
  const ids = intent === "retry" ? [Number(one)] : submission.value.id;
  const result = await retryEmails({ ids }, user.id);
  if (result.restarted + result.askedAgain + result.kept === 0)
    return data(submission.reply({ formErrors: ["email:outbox.notChanged"] }), { status: 400 });
  throw back(new URLSearchParams([...query, ...retried(result)]));
}

function retried(result: { restarted: number; askedAgain: number; kept: number }): [string, string][] {
  return [
    ["done", "retried"],
    ["restarted", String(result.restarted)],
    ["askedAgain", String(result.askedAgain)],
    ["kept", String(result.kept)],
  ];
}

export default function Outbox() {
  const {
    fields,
    counts,
    retryable,
    datesReversed,
    templates,
    confirming,
    query,
    olderHref,
    newerHref,
    done,
    rows,
  } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useTranslation("email");
  const errors = result?.error ? Object.values(result.error).flat() : [];
  const confirmHref = `?${new URLSearchParams([...new URLSearchParams(query), ["confirm", "all"]])}`;
  return (
    <section aria-labelledby="outbox-title" className="outbox">
      <h1 id="outbox-title">{t("outbox.title")}</h1>
      <p>{t("outbox.lead")}</p>
      <p>
        <Link to="/admin/emails/preview">{t("preview.title")}</Link>
      </p>
      {done ? (
        <p className="notice" role="status">
          {done.kind === "retried" ? t("outbox.retried", done) : t("outbox.cancelled")}
        </p>
      ) : null}
      {errors.length > 0 ? (
        <p className="form-error" role="alert">
          {errors.map((e) => t(e as never)).join(" ")}
        </p>
      ) : null}

      <h2>{t("outbox.counts")}</h2>
      <ul className="status-counts">
        {emailStatuses.map((s) => (
          <li key={s} className={`status-${s}`}>
            <Link
              to={`?${new URLSearchParams({ ...(fields.channel ? { channel: fields.channel } : {}), status: s })}`}
              className="outbox-count-link"
            >
              <span className="status-count">{counts[s]}</span> {t(`statuses.${s}`)}
            </Link>
          </li>
        ))}
      </ul>
      <details className="outbox-states">
        <summary>{t("outbox.statesTitle")}</summary>
        <dl>
          {emailStatuses.map((s) => (
            <div key={s}>
              <dt>{t(`statuses.${s}`)}</dt>
              <dd>{t(`outbox.stateHelp.${s}`)}</dd>
            </div>
          ))}
        </dl>
      </details>

      <h2 id="outbox-filter-title">{t("outbox.filterTitle")}</h2>
      <Form method="get" className="outbox-filters" aria-labelledby="outbox-filter-title">
        <div className="field">
          <label htmlFor="outbox-channel">{t("outbox.channel")}</label>
          <select id="outbox-channel" name="channel" defaultValue={fields.channel ?? ""}>
            <option value="">{t("outbox.anyChannel")}</option>
            {outboxChannels.map((c) => (
              <option key={c} value={c}>
                {t(`outbox.channels.${c}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="outbox-status">{t("outbox.status")}</label>
          <select id="outbox-status" name="status" defaultValue={fields.status ?? ""}>
            <option value="">{t("outbox.anyStatus")}</option>
            {emailStatuses.map((s) => (
              <option key={s} value={s}>
                {t(`statuses.${s}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="outbox-template">{t("outbox.template")}</label>
          <select id="outbox-template" name="template" defaultValue={fields.template ?? ""}>
            <option value="">{t("outbox.anyTemplate")}</option>
            {templates.map((name) => (
              <option key={name} value={name}>
                {name}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="outbox-error">{t("outbox.errorText")}</label>
          <input
            id="outbox-error"
            name="error"
            type="search"
            defaultValue={fields.error ?? ""}
            maxLength={200}
          />
        </div>
        <div className="field">
          <label htmlFor="outbox-from">{t("outbox.from")}</label>
          <input id="outbox-from" name="from" type="date" defaultValue={fields.from ?? ""} />
        </div>
        <div className="field">
          <label htmlFor="outbox-until">{t("outbox.until")}</label>
          <input
            id="outbox-until"
            name="until"
            type="date"
            defaultValue={fields.until ?? ""}
            aria-invalid={datesReversed || undefined}
            aria-describedby={datesReversed ? "outbox-until-error" : undefined}
          />
          {datesReversed ? (
            <p id="outbox-until-error" className="field-error">
              {t("outbox.badDates")}
            </p>
          ) : null}
        </div>
        <div className="button-row">
          <button type="submit" className="primary">
            {t("outbox.filter")}
          </button>
          {query ? <Link to="/admin/outbox">{t("outbox.clear")}</Link> : null}
        </div>
      </Form>

      {confirming ? (
        <section className="outbox-confirm card" aria-labelledby="outbox-confirm-title" role="alertdialog">
          <h2 id="outbox-confirm-title">{t("outbox.confirmTitle", { count: retryable })}</h2>
          <p>{t("outbox.confirmBody", { count: retryable })}</p>
          <Form method="post" className="button-row">
            {Object.entries(fields).map(([name, value]) =>
              value ? <input key={name} type="hidden" name={name} value={value} /> : null,
            )}
            <button type="submit" name="intent" value="retryAll" className="primary">
              {t("outbox.confirmRetry", { count: retryable })}
            </button>
            <Link to={`?${query}`}>{t("outbox.confirmCancel")}</Link>
          </Form>
        </section>
      ) : null}

      <h2>{t("outbox.listTitle")}</h2>
      {rows.length === 0 ? (
        <p>{t("outbox.empty")}</p>
      ) : (
        <Form method="post" className="outbox-bulk">
          <input type="hidden" name="query" value={query} />
          {retryable > 0 ? (
            <div className="outbox-bulk-bar button-row">
              <button type="submit" name="intent" value="retrySelected" className="primary">
                {t("outbox.retrySelected")}
              </button>
              <Link to={confirmHref}>{t("outbox.retryAll", { count: retryable })}</Link>
            </div>
          ) : null}
          <ul className="outbox-list">
            {rows.map((r) => (
              <li key={r.id} className="card outbox-row">
                <div className="outbox-row-head">
                  {r.retryable ? (
                    <input
                      type="checkbox"
                      name="id"
                      value={r.id}
                      aria-label={t("outbox.select", { to: r.to })}
                      className="outbox-pick"
                    />
                  ) : null}
                  <span className={`outbox-channel outbox-channel-${r.channel}`}>
                    {t(`outbox.channels.${r.channel}`)}
                  </span>
                  <strong className="outbox-to">{r.to}</strong>
                  <span className={`outbox-state outbox-state-${r.status}`}>{t(`statuses.${r.status}`)}</span>
                </div>
                <p className="outbox-meta">
                  <code>{r.template}</code> · {t("outbox.queuedAt", { at: r.queuedAt })} ·{" "}
                  {t("outbox.attempts", { count: r.attempts })}
                </p>
                {r.lastError && r.status !== "sent" && (r.status !== "cancelled" || r.channel === "sms") ? (
                  <p className="outbox-error">
                    {t("outbox.error")}: {r.lastError}
                  </p>
                ) : null}
                {r.retryable || r.cancellable ? (
                  <div className="button-row">
                    {r.retryable ? (
                      <button type="submit" name="intent" value={`retry:${r.id}`} className="secondary">
                        {t("outbox.retry")}
                      </button>
                    ) : null}
                    {r.cancellable ? (
                      <button type="submit" name="intent" value={`cancel:${r.id}`} className="secondary">
                        {t("outbox.cancel")}
                      </button>
                    ) : null}
                  </div>
                ) : null}
              </li>
            ))}
          </ul>
        </Form>
      )}
      {olderHref || newerHref ? (
        <nav className="pagination" aria-label={t("outbox.page")}>
          {newerHref ? <Link to={newerHref}>{t("outbox.newer")}</Link> : null}
          {olderHref ? <Link to={olderHref}>{t("outbox.older")}</Link> : null}
        </nav>
      ) : null}
    </section>
  );
}
