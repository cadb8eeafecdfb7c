import type { LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { useTranslation } from "react-i18next";
import { requestIp } from "#app/modules/audit/audit.server";
import { requirePermission } from "#app/modules/auth/guard.server";
import { isStaff } from "#app/modules/auth/policy";
import { formatDateTime } from "#app/modules/dates/day";
import { todayIn } from "#app/modules/dates/range";
import { formatDay } from "#app/modules/roster/dates";
import { fullAddress } from "#app/modules/households/brief";
import { getSettings } from "#app/modules/settings/settings.server";
import { dueList } from "#app/modules/visits/cadence.server";
import { VisitListQuery, visitTabs, type VisitTab } from "#app/modules/visits/schemas";
import { listVisits, type VisitListItem } from "#app/modules/visits/reads.server";
import {
  applicableFilters,
  filterKeys,
  isFiltered,
  isFilteredTab,
  tabStatuses,
  visitFilterSchema,
  type VisitFilters,
} from "#app/modules/visits/list-filters";
import { filterCondition, filterOptions, tabList, visitListScope } from "#app/modules/visits/list.server";
import { VisitFilters as FilterForm } from "#app/components/visits/visit-filters";
import visitsStylesUrl from "#app/styles/visits.css?url";
import { pageMeta } from "#app/modules/i18n/meta";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: visitsStylesUrl }];

export const meta = pageMeta("visits:title");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "visit.list");
  const params = new URL(request.url).searchParams;
  const { tab, page } = VisitListQuery.parse(Object.fromEntries(params));
  const now = new Date();
  const settings = await getSettings();
  const today = todayIn(settings.timeZone, now);
  const base = {
    tab,
    page,
    today,
    timeZone: settings.timeZone,
    cadence: { extreme: settings.visitExtremeMonths, hardship: settings.visitHardshipMonths },
    scope: isStaff(user) ? "compounds" : (user.volunteerTier ?? 4) < 4 ? "subtree" : "own",
    canSchedule: user.role === "volunteer",
  } as const;
  const ctx = { via: "visits.list", ip: requestIp(request) };
  if (isFilteredTab(tab)) {
    // The filters, kept in the URL; a day out of range is refused beside its field and no filter applies.
    const submission = parseWithZod(params, { schema: visitFilterSchema(today) });
    const valid = submission.status === "success";
    const filters: VisitFilters = valid ? applicableFilters(submission.value, tab) : {};
    const scope = await visitListScope(user, tab);
    const [visits, toRecord, options] = await Promise.all([
      listVisits(scope, tabList[tab], ctx, now, page, undefined, filterCondition(filters, settings.timeZone)),
      tab === "upcoming" && page === 0 && !isFiltered(filters)
        ? listVisits(scope, "toRecord", ctx, now, 0, 10)
        : Promise.resolve(null),
      filterOptions(user, scope, valid ? submission.value.who : undefined, filters.volunteer),
    ]);
    return {
      ...base,
      visits,
      toRecord,
      due: null,
      filter: {
        lastResult: submission.reply(),
        valid,
        filtered: isFiltered(filters),
        statuses: tabStatuses[tab],
        options,
      },
      now: now.getTime(),
    };
  }
  const due = await dueList(user, { via: "visits.due", ip: requestIp(request) }, now, page);
  return {
    ...base,
    visits: null,
    toRecord: null,
    filter: null,
    due: {
      ...due,
      items: due.items.map((r) => ({
        householdId: r.household.id,
        address: fullAddress(r.household),
        headName: r.household.headName,
        level: r.household.hardshipLevel,
        lastDoneAt: r.lastDoneAt,
        dueAt: r.dueAt,
        state: r.state,
        nextScheduledAt: r.nextScheduledAt,
      })),
    },
    now: now.getTime(),
  };
}

/** Each visit-list tab's heading and empty message. */
const listText = {
  upcoming: { heading: "list.upcoming", empty: "list.noUpcoming" },
  record: { heading: "list.toRecord", empty: "list.noToRecord" },
  past: { heading: "list.past", empty: "list.noPast" },
  escalations: { heading: "tabs.escalations", empty: "escalations.empty" },
  due: { heading: "tabs.due", empty: "due.empty" },
} as const;

function VisitItems({
  items,
  timeZone,
  showLead,
}: {
  items: VisitListItem[];
  timeZone: string;
  showLead: boolean;
}) {
  const { t } = useTranslation("visits");
  return (
    <ul className="visit-list">
      {items.map((v) => (
        <li key={v.id} className={`card visit-item status-${v.status}`}>
          <div className="visit-item-head">
            <Link to={`/visits/${v.id}`} className="visit-item-title">
              {formatDateTime(v.startsAt, timeZone)}
            </Link>
            <span className={`badge visit-status-${v.status}`}>{t(`status.${v.status}`)}</span>
            {v.status === "scheduled" && v.escalationLevel > 0 ? (
              <span className="badge warn">{t(`escalations.level${v.escalationLevel as 1 | 2}`)}</span>
            ) : null}
          </div>
          <span>{v.address}</span>
          <span className="muted">
            {v.purpose}
            {showLead ? ` · ${t("list.lead")}: ${v.leadName}` : ""}
          </span>
        </li>
      ))}
    </ul>
  );
}

export default function VisitsPage() {
  const data = useLoaderData<typeof loader>();
  const { t } = useTranslation("visits");
  const { t: th } = useTranslation("households");
  const [params] = useSearchParams();
  // Links keep the filters: a page of the same list, another tab (without its state), the export.
  const kept = (without: readonly string[] = []) => {
    const next = new URLSearchParams();
    for (const key of filterKeys) {
      const value = params.get(key);
      if (value && !without.includes(key)) next.set(key, value);
    }
    return next;
  };
  const tabLink = (tab: VisitTab, page = 0) => {
    const next = tab === data.tab ? kept() : tab === "due" ? new URLSearchParams() : kept(["status"]);
    next.set("tab", tab);
    if (page) next.set("page", String(page));
    return `?${next.toString()}`;
  };
  const exportHref = (format: "csv" | "xlsx") => {
    const next = kept();
    next.set("tab", data.tab);
    return `/visits/export.${format}?${next.toString()}`;
  };
  const hasMore = data.visits?.hasMore ?? data.due?.hasMore ?? false;
  const showLead = data.scope !== "own" || data.tab === "escalations";
  return (
    <div className="stack">
      <div className="page-head">
        <h1>{t("title")}</h1>
        {data.canSchedule ? (
          <div className="actions">
            <Link className="button primary" to="/visits/new">
              {t("list.schedule")}
            </Link>
          </div>
        ) : null}
      </div>
      <nav className="tabs" aria-label={t("tabs.label")}>
        {visitTabs.map((tab) => (
          <Link key={tab} to={tabLink(tab)} aria-current={tab === data.tab ? "page" : undefined}>
            {t(`tabs.${tab}`)}
          </Link>
        ))}
      </nav>
      {data.toRecord ? (
        <section aria-labelledby="to-record" className="stack">
          <h2 id="to-record">{t("list.toRecord")}</h2>
          {data.toRecord.items.length === 0 ? (
            <p className="muted">{t("list.noToRecord")}</p>
          ) : (
            <>
              <p>{t("list.toRecordLead")}</p>
              <VisitItems items={data.toRecord.items} timeZone={data.timeZone} showLead={showLead} />
              {data.toRecord.hasMore ? <Link to={tabLink("record")}>{t("list.allToRecord")} →</Link> : null}
            </>
          )}
        </section>
      ) : null}
      {data.filter ? (
        // Folded away until used, so that on a phone the list comes first; open while filters apply or fail.
        <details className="visit-filter-panel" open={data.filter.filtered || !data.filter.valid}>
          <summary>{data.filter.filtered ? t("filter.summaryActive") : t("filter.summary")}</summary>
          <FilterForm
            key={`${data.tab}?${params.toString()}`}
            tab={data.tab}
            today={data.today}
            lastResult={data.filter.lastResult}
            statuses={data.filter.statuses}
            volunteers={data.filter.options.volunteers}
            moreVolunteers={data.filter.options.moreVolunteers}
            compounds={data.filter.options.compounds}
          />
        </details>
      ) : null}
      {data.visits ? (
        <section aria-labelledby="visit-list" className="stack">
          <div className="page-head">
            <h2 id="visit-list">{t(listText[data.tab].heading)}</h2>
            {data.visits.items.length > 0 && data.filter?.valid ? (
              <p className="link-row" title={t("export.hint")}>
                <a href={exportHref("csv")} download>
                  {t("export.csv")}
                </a>
                <a href={exportHref("xlsx")} download>
                  {t("export.xlsx")}
                </a>
              </p>
            ) : null}
          </div>
          <p className="muted">
            {data.tab === "escalations"
              ? t("escalations.lead")
              : t(data.scope === "compounds" ? "list.scopeCompounds" : "list.scopeOwn")}
          </p>
          {data.filter && !data.filter.valid ? (
            <p className="notice" role="status">
              {t("filter.notApplied")}
            </p>
          ) : null}
          {data.visits.items.length === 0 ? (
            data.filter?.filtered ? (
              <p className="notice" role="status">
                {t("filter.empty")} <Link to={`?tab=${data.tab}`}>{t("filter.clear")}</Link>
              </p>
            ) : (
              <p className="notice">{t(listText[data.tab].empty)}</p>
            )
          ) : (
            <VisitItems items={data.visits.items} timeZone={data.timeZone} showLead={showLead} />
          )}
        </section>
      ) : null}
      {data.due ? (
        <section aria-labelledby="due-list" className="stack">
          <h2 id="due-list">{t("tabs.due")}</h2>
          <p className="muted">{t("due.lead", data.cadence)}</p>
          <p>{t("due.summary", { overdue: data.due.overdue, total: data.due.total })}</p>
          {data.due.items.length === 0 ? <p className="notice">{t("due.empty")}</p> : null}
          <ul className="visit-list">
            {data.due.items.map((r) => (
              <li key={r.householdId} className="card visit-item">
                <div className="visit-item-head">
                  <Link to={`/households/${r.householdId}`}>
                    <strong>{r.address}</strong>
                  </Link>
                  <span className={`badge level-${r.level}`}>{th(`hardshipLevel.${r.level}`)}</span>
                  <span className={`badge ${r.state === "overdue" ? "warn" : ""}`}>
                    {t(`due.${r.state === "overdue" ? "overdue" : "dueSoon"}`)}
                  </span>
                </div>
                {r.headName ? <span>{r.headName}</span> : null}
                <span className="muted">
                  {t("due.lastVisit")}:{" "}
                  {r.lastDoneAt ? formatDay(r.lastDoneAt, data.timeZone) : t("due.never")}
                  {" · "}
                  {t("due.dueAt")}: {formatDay(r.dueAt, data.timeZone)}
                </span>
                {r.nextScheduledAt ? (
                  <span>
                    {t("due.nextScheduled", { time: formatDateTime(r.nextScheduledAt, data.timeZone) })}
                  </span>
                ) : (
                  <p className="agenda-actions">
                    <Link className="button" to={`/visits/new?household=${r.householdId}`}>
                      {t("due.scheduleNow")}
                    </Link>
                  </p>
                )}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <nav className="pagination" aria-label={t("list.pagination")}>
        {data.page > 0 ? <Link to={tabLink(data.tab, data.page - 1)}>← {t("list.previous")}</Link> : null}
        {hasMore ? <Link to={tabLink(data.tab, data.page + 1)}>{t("list.next")} →</Link> : null}
      </nav>
    </div>
  );
}
