import type { LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Duration, StatusBadge } from "#app/components/help/badges";
import { requestIp } from "#app/modules/audit/audit.server";
import { requirePermission } from "#app/modules/auth/guard.server";
import { can } from "#app/modules/auth/policy";
import { ageFilters, helpKinds, helpStatuses } from "#app/modules/help/codes";
import { formatDateTime } from "#app/modules/dates/day";
import { listHelpRequests } from "#app/modules/help/lists.server";
import { ListFilterSchema } from "#app/modules/help/schemas";
import { getSettings } from "#app/modules/settings/settings.server";
import helpStylesUrl from "#app/styles/help.css?url";
import { pageMeta } from "#app/modules/i18n/meta";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: helpStylesUrl }];

export const meta = pageMeta<typeof loader>(({ data, t }) =>
  t(data?.isResident ? "help:mine" : "help:title"),
);

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "help.list");
  const filter = ListFilterSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const now = new Date();
  const [list, settings] = await Promise.all([
    listHelpRequests(user, filter, { via: "help.list", ip: requestIp(request) }, now),
    getSettings(),
  ]);
  return {
    ...list,
    page: filter.page ?? 0,
    now: now.getTime(),
    timeZone: settings.timeZone,
    isResident: user.role === "resident",
    canRecord: can(user, "help.record"),
    canExport: can(user, "help.export"),
  };
}

export default function HelpList() {
  const { items, hasMore, page, now, timeZone, isResident, canRecord, canExport } =
    useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const { t, i18n } = useTranslation("help");
  const names = new Intl.ListFormat(i18n.language, { type: "conjunction" });
  const pageLink = (p: number) => {
    const next = new URLSearchParams(params);
    next.set("page", String(p));
    return `?${next}`;
  };
  // The export holds every page of the list as filtered: the filters are kept, the page is not.
  const exportHref = (format: "csv" | "xlsx") => {
    const next = new URLSearchParams();
    for (const key of ["kind", "status", "age"]) {
      const value = params.get(key);
      if (value) next.set(key, value);
    }
    const query = next.toString();
    return `/help/export.${format}${query ? `?${query}` : ""}`;
  };
  return (
    <div className="stack">
      <div className="page-head">
        <h1>{isResident ? t("mine") : t("title")}</h1>
        <div className="actions">
          {isResident ? (
            <Link className="button primary" to="/help/ask">
              {t("list.askButton")}
            </Link>
          ) : null}
          {canRecord ? (
            <Link className="button secondary" to="/admin/help/hotline">
              {t("list.hotlineButton")}
            </Link>
          ) : null}
        </div>
      </div>
      {isResident ? null : (
        <Form method="get" className="filters help-filters" aria-label={t("list.filters")}>
          <div className="field">
            <label htmlFor="filter-kind">{t("list.kindLabel")}</label>
            <select id="filter-kind" name="kind" defaultValue={params.get("kind") ?? ""}>
              <option value="">{t("list.allKinds")}</option>
              {helpKinds.map((k) => (
                <option key={k} value={k}>
                  {t(`kind.${k}`)}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="filter-status">{t("list.statusLabel")}</label>
            <select id="filter-status" name="status" defaultValue={params.get("status") ?? ""}>
              <option value="">{t("list.allStatuses")}</option>
              {helpStatuses.map((s) => (
                <option key={s} value={s}>
                  {t(`status.${s}`)}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="filter-age">{t("list.asked")}</label>
            <select id="filter-age" name="age" defaultValue={params.get("age") ?? ""}>
              <option value="">{t("list.anyAge")}</option>
              {ageFilters.map((a) => (
                <option key={a} value={a}>
                  {t(`age.${a}`)}
                </option>
              ))}
            </select>
          </div>
          <button type="submit" className="secondary">
            {t("list.apply")}
          </button>
        </Form>
      )}
      {canExport && items.length > 0 ? (
        <p className="link-row" title={t("export.hint")}>
          <a href={exportHref("csv")} download>
            {t("export.csv")}
          </a>
          <a href={exportHref("xlsx")} download>
            {t("export.xlsx")}
          </a>
        </p>
      ) : null}
      {items.length === 0 ? (
        <p className="notice">{isResident ? t("list.emptyResident") : t("list.empty")}</p>
      ) : (
        <ul className="help-list">
          {items.map((r) => {
            const asked = new Date(r.createdAt).getTime();
            return (
              <li key={r.id} className={`card help-item${r.overdue ? " help-overdue" : ""}`}>
                <div className="help-item-head">
                  <Link to={`/help/${r.id}`} className="help-item-title">
                    #{r.id} {t(`kind.${r.kind}`)}
                  </Link>
                  <StatusBadge status={r.status} t={t} />
                  {r.channel !== "app" ? <span className="badge">{t(`channel.${r.channel}`)}</span> : null}
                  {r.urgency !== "normal" ? (
                    <span className={`badge help-urgency-${r.urgency}`}>{t(`urgency.${r.urgency}`)}</span>
                  ) : null}
                </div>
                <dl className="help-facts">
                  {isResident ? null : (
                    <div>
                      <dt>{t("list.household")}</dt>
                      <dd>{r.address}</dd>
                    </div>
                  )}
                  <div>
                    <dt>{t("list.asked")}</dt>
                    <dd>{formatDateTime(r.createdAt, timeZone)}</dd>
                  </div>
                  {isResident ? null : (
                    <div>
                      <dt>{t("list.holder")}</dt>
                      <dd>
                        {r.assigneeName ??
                          (r.holderNames.length > 0
                            ? t("list.organizersNamed", { names: names.format(r.holderNames) })
                            : t("list.organizers"))}
                      </dd>
                    </div>
                  )}
                  <div>
                    <dt>{t("list.toAcknowledge")}</dt>
                    <dd>
                      {r.acknowledgedAt ? (
                        <>
                          {t("list.took")}{" "}
                          <Duration ms={new Date(r.acknowledgedAt).getTime() - asked} t={t} />
                        </>
                      ) : r.overdue ? (
                        <strong className="help-late">{t("list.overdue")}</strong>
                      ) : (
                        t("list.dueBy", { time: formatDateTime(r.acknowledgeBy, timeZone) })
                      )}
                    </dd>
                  </div>
                  <div>
                    <dt>{t("list.toResolve")}</dt>
                    <dd>
                      {r.resolvedAt ? (
                        <>
                          {t("list.took")} <Duration ms={new Date(r.resolvedAt).getTime() - asked} t={t} />
                        </>
                      ) : (
                        <span className="muted">
                          {t("list.unresolvedFor")} <Duration ms={now - asked} t={t} />
                        </span>
                      )}
                    </dd>
                  </div>
                  {r.rating !== null ? (
                    <div>
                      <dt>{t("detail.rating")}</dt>
                      <dd>{t("list.rated", { rating: r.rating })}</dd>
                    </div>
                  ) : null}
                </dl>
              </li>
            );
          })}
        </ul>
      )}
      <nav className="pagination" aria-label={t("title")}>
        {page > 0 ? <Link to={pageLink(page - 1)}>← {t("list.previous")}</Link> : null}
        {hasMore ? <Link to={pageLink(page + 1)}>{t("list.next")} →</Link> : null}
      </nav>
    </div>
  );
}
