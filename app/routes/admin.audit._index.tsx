import { getFormProps, getSelectProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Field } from "#app/components/field";
import { actionLabelKey, auditActions } from "#app/modules/audit/actions";
import { AuditFilterSchema, auditExportMax, filterQuery, type AuditFilter } from "#app/modules/audit/filters";
import { actionLabel, detailsLine, searchAudit } from "#app/modules/audit/search.server";
import { forbidden, requirePermission } from "#app/modules/auth/guard.server";
import { formatDateTime } from "#app/modules/dates/day";
import { getT } from "#app/modules/i18n/i18n";
import { getLocale } from "#app/modules/i18n/locale.server";
import { pageMeta } from "#app/modules/i18n/meta";
import { getSettings } from "#app/modules/settings/settings.server";
import auditStylesUrl from "#app/styles/audit.css?url";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: auditStylesUrl }];

export const meta = pageMeta("audit:title");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "audit.read");
  const url = new URL(request.url);
  const submission = parseWithZod(url.searchParams, { schema: AuditFilterSchema });
  const before = Number(url.searchParams.get("before"));
  const settings = await getSettings();
  const t = getT(getLocale(request));
  const base = { organizer: user.role === "organizer", params: Object.fromEntries(url.searchParams) };
  if (submission.status !== "success")
    return data(
      { ...base, result: submission.reply(), entries: [], showIp: false, olderHref: null, exportQuery: null },
      { status: 400 },
    );
  const filter: AuditFilter = submission.value;
  const found = await searchAudit(
    user,
    filter,
    settings.timeZone,
    Number.isSafeInteger(before) && before > 0 ? before : undefined,
  );
  if (!found.ok) throw forbidden();
  return {
    ...base,
    result: undefined,
    showIp: found.showIp,
    entries: found.entries.map((e) => ({
      id: e.id,
      at: formatDateTime(e.at, settings.timeZone),
      actor:
        e.actorId === null
          ? t("audit:system")
          : `${e.actorName ?? t("audit:unknownPerson")}${e.actorRole ? ` · ${t(`audit:roles.${e.actorRole}`)}` : ""}`,
      actorId: e.actorId,
      action: actionLabel(t, e.action),
      code: e.action,
      householdId: e.targetType === "household" && e.targetId ? e.targetId : null,
      target:
        e.targetType && e.targetId
          ? e.targetType === "household"
            ? t("audit:target.household", { id: e.targetId })
            : t("audit:target.other", { type: e.targetType, id: e.targetId })
          : "",
      details: detailsLine(e.details),
      ip: e.ip,
    })),
    olderHref: found.nextBefore ? `?${filterQuery(filter, { before: String(found.nextBefore) })}` : null,
    exportQuery: filterQuery(filter),
  };
}

/** The current filters without the household, as a query string. */
function withoutHousehold(params: Record<string, unknown>): string {
  const q = new URLSearchParams();
  for (const [key, value] of Object.entries(params))
    if (key !== "household" && key !== "before" && value !== undefined && value !== "")
      q.set(key, String(value));
  return q.toString();
}

export default function AuditLog() {
  const { organizer, params, result, entries, showIp, olderHref, exportQuery } =
    useLoaderData<typeof loader>();
  const { t } = useTranslation("audit");
  const [form, fields] = useForm<Record<keyof AuditFilter, string>>({
    id: "audit-filter",
    lastResult: result,
    defaultValue: params,
    shouldValidate: "onBlur",
  });
  const paged = "before" in params;
  return (
    <section aria-labelledby="audit-title" className="stack">
      <h1 id="audit-title">{t("title")}</h1>
      <p>{t("lead")}</p>
      {organizer ? <p className="notice">{t("leadOrganizer")}</p> : null}
      <Form method="get" className="audit-filters" role="search" {...getFormProps(form)}>
        <Field meta={fields.person} label={t("filters.person")} type="search" autoComplete="off" />
        {/* A household is chosen from its page or an entry's link, never typed as a number. */}
        {params.household && /^[1-9]\d{0,9}$/.test(String(params.household)) ? (
          <p className="field audit-household">
            <input type="hidden" name={fields.household.name} value={String(params.household)} />
            {t("filters.householdChosen", { id: params.household })}{" "}
            <Link to={`?${withoutHousehold(params)}`}>{t("filters.householdClear")}</Link>
          </p>
        ) : null}
        <div className="field">
          <label htmlFor={fields.action.id}>{t("filters.action")}</label>
          <select {...getSelectProps(fields.action)}>
            <option value="">{t("filters.anyAction")}</option>
            {Object.entries(auditActions).map(([group, codes]) => (
              <optgroup key={group} label={t(`groups.${group as keyof typeof auditActions}`)}>
                {codes.map((code) => (
                  <option key={code} value={code}>
                    {t(actionLabelKey(code) as never)}
                  </option>
                ))}
              </optgroup>
            ))}
          </select>
        </div>
        <Field meta={fields.from} label={t("filters.from")} type="date" />
        <Field meta={fields.to} label={t("filters.to")} type="date" />
        <div className="audit-filter-actions">
          <button type="submit" className="primary">
            {t("filters.submit")}
          </button>
          <Link to="/admin/audit">{t("filters.reset")}</Link>
        </div>
      </Form>
      {exportQuery !== null ? (
        <p className="audit-export">
          <a href={`/admin/audit/export.csv?${exportQuery}`} download>
            {t("filters.export")}
          </a>{" "}
          <a href={`/admin/audit/export.xlsx?${exportQuery}`} download>
            {t("filters.exportXlsx")}
          </a>{" "}
          <span>{t("filters.exportNote", { max: auditExportMax.toLocaleString() })}</span>
        </p>
      ) : null}
      {entries.length === 0 ? (
        <p>{t("empty")}</p>
      ) : (
        <ol className="audit-entries" data-testid="audit-entries">
          {entries.map((e) => (
            <li key={e.id}>
              <p className="audit-entry-head">
                <span className="audit-action">{e.action}</span>
                <time>{e.at}</time>
              </p>
              <dl className="audit-entry-fields">
                <dt>{t("columns.actor")}</dt>
                <dd>
                  {e.actorId === null ? (
                    e.actor
                  ) : (
                    <Link to={`/admin/audit?person=${e.actorId}`}>{e.actor}</Link>
                  )}
                </dd>
                {e.target ? (
                  <>
                    <dt>{t("columns.target")}</dt>
                    <dd>
                      {e.householdId ? (
                        <Link to={`/admin/audit?household=${e.householdId}`}>{e.target}</Link>
                      ) : (
                        e.target
                      )}
                    </dd>
                  </>
                ) : null}
                {e.details ? (
                  <>
                    <dt>{t("columns.details")}</dt>
                    <dd>{e.details}</dd>
                  </>
                ) : null}
                {showIp && e.ip ? (
                  <>
                    <dt>{t("columns.ip")}</dt>
                    <dd>{e.ip}</dd>
                  </>
                ) : null}
              </dl>
            </li>
          ))}
        </ol>
      )}
      <p className="pager">
        {paged ? <Link to={`?${filterQuery(stripBefore(params))}`}>{t("newer")}</Link> : null}
        {olderHref ? <Link to={olderHref}>{t("older")}</Link> : null}
      </p>
    </section>
  );
}

function stripBefore(params: Record<string, string>): Record<string, string> {
  const { before: _before, ...rest } = params;
  return rest;
}
