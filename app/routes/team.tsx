// A supervisor's team (tiers 1–3): the volunteers under them with load, last visit, overdue visits and records,
// goals due and hours this month; each row opens the volunteer's roster page and their hours.
import type { LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requirePermission } from "#app/modules/auth/guard.server";
import { calendarDay } from "#app/modules/dates/day";
import { pageMeta } from "#app/modules/i18n/meta";
import { hoursOf } from "#app/modules/service/stars";
import { monthStart } from "#app/modules/service/summary.server";
import { teamOverview } from "#app/modules/service/team.server";
import { getSettings } from "#app/modules/settings/settings.server";
import serviceStylesUrl from "#app/styles/service.css?url";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: serviceStylesUrl }];

export const meta = pageMeta("service:team.title");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "team.view");
  const settings = await getSettings();
  const now = new Date();
  const rows = await teamOverview(user, {
    now,
    monthStart: monthStart(now, settings.timeZone),
    extremeMonths: settings.visitExtremeMonths,
    hardshipMonths: settings.visitHardshipMonths,
  });
  return {
    rows: rows.map((r) => ({
      ...r,
      lastVisit: r.lastVisitAt ? calendarDay(r.lastVisitAt, settings.timeZone) : null,
      monthHours: hoursOf(r.monthMinutes),
    })),
  };
}

export default function Team() {
  const { rows } = useLoaderData<typeof loader>();
  const { t } = useTranslation("service");
  const { t: tAuth } = useTranslation("auth");
  return (
    <section className="stack service-page" aria-labelledby="team-title">
      <h1 id="team-title">{t("team.title")}</h1>
      <p>{t("team.lead")}</p>
      <p>
        <Link to="/service/review">{t("team.review")}</Link>
      </p>
      {rows.length === 0 ? (
        <p>{t("team.empty")}</p>
      ) : (
        <ul className="team-list">
          {rows.map((r) => (
            <li key={r.id} className="team-row">
              <div className="team-name">
                <Link to={`/roster/volunteers/${r.id}`}>{r.name}</Link>
                <span className="hint">
                  {r.tier ? tAuth(`tiers.${r.tier as 1 | 2 | 3 | 4}`) : ""}
                  {r.supervisorName ? ` · ${r.supervisorName}` : ""}
                </span>
              </div>
              <dl className="team-facts">
                <div>
                  <dt>{t("team.load")}</dt>
                  <dd className={r.load >= r.capacity ? "overdue" : undefined}>
                    {t("team.loadValue", { load: r.load, capacity: r.capacity })}
                  </dd>
                </div>
                <div>
                  <dt>{t("team.lastVisit")}</dt>
                  <dd>{r.lastVisit ?? t("team.never")}</dd>
                </div>
                <div>
                  <dt>{t("team.overdue")}</dt>
                  <dd className={r.overdueVisits > 0 ? "overdue" : undefined}>{r.overdueVisits}</dd>
                </div>
                <div>
                  <dt>{t("team.unrecorded")}</dt>
                  <dd className={r.unrecorded > 0 ? "overdue" : undefined}>{r.unrecorded}</dd>
                </div>
                <div>
                  <dt>{t("team.goalsDue")}</dt>
                  <dd>{r.goalsDue}</dd>
                </div>
                <div>
                  <dt>{t("team.monthHours")}</dt>
                  <dd>
                    <Link to={`/service?volunteer=${r.id}`}>{t("hoursValue", { hours: r.monthHours })}</Link>
                  </dd>
                </div>
              </dl>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
