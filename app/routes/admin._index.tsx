import type { LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import type { TFunction } from "i18next";
import { useTranslation } from "react-i18next";
import { requirePermission } from "#app/modules/auth/guard.server";
import { can } from "#app/modules/auth/policy";
import { requestIp } from "#app/modules/audit/audit.server";
import { ColumnChart } from "#app/components/cockpit/column-chart";
import type { Figures } from "#app/modules/cockpit/figures.server";
import { keptCockpit } from "#app/modules/cockpit/kept.server";
import { trendSeries, type TrendSeries } from "#app/modules/cockpit/series";
import type { Trends } from "#app/modules/cockpit/trends.server";
import { formatDateTime } from "#app/modules/dates/day";
import { formatFen } from "#app/modules/material/money";
import { getSettings } from "#app/modules/settings/settings.server";
import { fullAddress } from "#app/modules/households/brief";
import { durationParts } from "#app/modules/help/format";
import { pageMeta } from "#app/modules/i18n/meta";
import { hoursOf } from "#app/modules/service/stars";
import cockpitStylesUrl from "#app/styles/cockpit.css?url";

export const meta = pageMeta("nav.admin");
export const links: LinksFunction = () => [{ rel: "stylesheet", href: cockpitStylesUrl }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "admin.home");
  const { computedAt, ...view } = await keptCockpit(user, { via: "admin.home", ip: requestIp(request) });
  const { timeZone } = await getSettings();
  return {
    name: user.name,
    isAdmin: can(user, "settings.manage"),
    ...view,
    computedAt: formatDateTime(computedAt, timeZone),
    now: Date.now(),
  };
}

type LoaderData = ReturnType<typeof useLoaderData<typeof loader>>;
type Urgent = LoaderData["urgent"][number];
type CockpitT = TFunction<["cockpit", "auth", "help"]>;
type Money = (fen: number) => string;

function late(t: CockpitT, ms: number) {
  const { unit, count } = durationParts(ms);
  return t(`help:duration.${unit}`, { count });
}

function urgentAction(item: Urgent): string {
  switch (item.kind) {
    case "unpaired":
      return `/pairings/new?household=${item.household.id}`;
    case "help":
      return `/help/${item.id}`;
    case "unrecorded":
      return `/visits/${item.id}`;
    case "verification":
      return `/households/${item.household.id}/verify`;
  }
}

function percent(part: number, whole: number): number | null {
  return whole === 0 ? null : Math.round((part / whole) * 100);
}

/** One compound's (or the total's) figures as cards, each linking to the list behind it. */
function FigureCards({ f, t }: { f: Figures; t: CockpitT }) {
  const coverage = percent(f.withHelper, f.covered);
  const cadence = percent(f.visitedInCadence, f.covered);
  const none = t("figures.none");
  return (
    <ul className="cockpit-figures">
      <li className="card">
        <h3>{t("figures.coverage")}</h3>
        <p className="cockpit-value">
          {coverage === null ? none : t("figures.percent", { value: coverage })}
        </p>
        <p className="muted">
          {t("figures.coverageDetail", {
            withHelper: f.withHelper,
            covered: f.covered,
            extreme: f.unpairedExtreme,
            hardship: f.unpairedHardship,
          })}
        </p>
        <Link to="/roster/coverage">{t("figures.open")}</Link>
      </li>
      <li className="card">
        <h3>{t("figures.cadence")}</h3>
        <p className="cockpit-value">{cadence === null ? none : t("figures.percent", { value: cadence })}</p>
        <p className="muted">
          {t("figures.cadenceDetail", {
            inCadence: f.visitedInCadence,
            covered: f.covered,
            overdue: f.visitsOverdue,
          })}
        </p>
        <Link to="/visits?tab=due">{t("figures.open")}</Link>
      </li>
      <li className="card">
        <h3>{t("figures.unrecorded")}</h3>
        <p className="cockpit-value">{f.unrecorded}</p>
        <Link to="/visits?tab=escalations">{t("figures.open")}</Link>
      </li>
      <li className="card">
        <h3>{t("figures.verifications")}</h3>
        <p className="cockpit-value">{f.verificationsOverdue}</p>
        <Link to="/households/overdue">{t("figures.open")}</Link>
      </li>
      <li className="card">
        <h3>{t("figures.helpOpen")}</h3>
        <p className="cockpit-value">{f.helpOpen}</p>
        <p className="muted">{t("figures.helpOpenDetail", { overdue: f.helpOverdue })}</p>
        <Link to="/help">{t("figures.open")}</Link>
      </li>
      <li className="card">
        <h3>{t("figures.helpResolved")}</h3>
        <p className="cockpit-value">{f.helpResolvedThisMonth}</p>
        <Link to="/help?status=resolved">{t("figures.open")}</Link>
      </li>
      <li className="card">
        <h3>{t("figures.helpResponse")}</h3>
        <p className="cockpit-value">
          {f.helpMedianResponseMs === null ? none : late(t, f.helpMedianResponseMs)}
        </p>
      </li>
      <li className="card">
        <h3>{t("figures.helpRating")}</h3>
        <p className="cockpit-value">
          {f.helpRating === null
            ? none
            : t("figures.helpRatingValue", { rating: f.helpRating, count: f.helpRatings })}
        </p>
      </li>
    </ul>
  );
}

/** What the help led to: courses, agreement goals, the fund and the volunteers' time. */
function OutcomeCards({
  f,
  fundNetFen,
  money,
  t,
}: {
  f: Figures;
  fundNetFen: number | null;
  money: Money;
  t: CockpitT;
}) {
  const seats = percent(f.seatsTaken, f.seatsCapacity);
  const completion = percent(f.placesCompleted, f.placesFinished);
  const none = t("figures.none");
  const goals = [
    ["employment", f.goalsEmploymentMet, f.goalsEmployment],
    ["medical", f.goalsMedicalMet, f.goalsMedical],
    ["schooling", f.goalsSchoolingMet, f.goalsSchooling],
  ] as const;
  return (
    <ul className="cockpit-figures">
      <li className="card">
        <h3>{t("outcomes.seats")}</h3>
        <p className="cockpit-value">{seats === null ? none : t("figures.percent", { value: seats })}</p>
        <p className="muted">
          {t("outcomes.seatsDetail", { taken: f.seatsTaken, capacity: f.seatsCapacity })}
        </p>
        <Link to="/admin/courses">{t("figures.open")}</Link>
      </li>
      <li className="card">
        <h3>{t("outcomes.completion")}</h3>
        <p className="cockpit-value">
          {completion === null ? none : t("figures.percent", { value: completion })}
        </p>
        <p className="muted">
          {t("outcomes.completionDetail", { completed: f.placesCompleted, finished: f.placesFinished })}
        </p>
        <Link to="/admin/courses?status=finished">{t("figures.open")}</Link>
      </li>
      <li className="card">
        <h3>{t("outcomes.employed")}</h3>
        <p className="cockpit-value">{f.employedAfterCourse}</p>
        <Link to="/roster">{t("figures.open")}</Link>
      </li>
      <li className="card">
        <h3>{t("outcomes.goals")}</h3>
        <dl className="cockpit-goals">
          {goals.map(([domain, met, worked]) => (
            <div key={domain}>
              <dt>{t(`outcomes.domain.${domain}`)}</dt>
              <dd>{t("outcomes.goalsValue", { met, worked })}</dd>
            </div>
          ))}
        </dl>
        <Link to="/roster">{t("figures.open")}</Link>
      </li>
      <li className="card">
        <h3>{t("outcomes.fund")}</h3>
        <p className="cockpit-value cockpit-money">{fundNetFen === null ? none : money(fundNetFen)}</p>
        <p className="muted">{t("outcomes.fundDetail")}</p>
        <Link to="/fund">{t("figures.open")}</Link>
      </li>
      <li className="card">
        <h3>{t("outcomes.credits")}</h3>
        <p className="cockpit-value cockpit-money">{money(f.creditsIssuedFen)}</p>
        <p className="muted">{t("outcomes.creditsDetail", { spent: money(f.creditsSpentFen) })}</p>
        <Link to="/fund/reports">{t("figures.open")}</Link>
      </li>
      <li className="card">
        <h3>{t("outcomes.hours")}</h3>
        <p className="cockpit-value">{t("outcomes.hoursValue", { hours: hoursOf(f.volunteerMinutes) })}</p>
        <p className="muted">{t("outcomes.hoursDetail", { count: f.activeVolunteers })}</p>
        <Link to="/service/review">{t("figures.open")}</Link>
      </li>
    </ul>
  );
}

/** How a series' value reads: money in yuan, minutes as hours, the rest as counts. */
function trendValue(key: TrendSeries, value: number, money: Money, t: CockpitT): string {
  if (key === "creditsIssuedFen" || key === "creditsSpentFen") return money(value);
  if (key === "volunteerMinutes") return t("outcomes.hoursValue", { hours: hoursOf(value) });
  return String(value);
}

/** Each series as a column chart with the same numbers in a table beneath (for screen readers and checking). */
function TrendCharts({ trends, money, t }: { trends: Trends; money: Money; t: CockpitT }) {
  return (
    <ul className="cockpit-trends">
      {trendSeries.map((key) => {
        const title = t(`trends.${key}`);
        const values = trends[key];
        const text = (value: number) => trendValue(key, value, money, t);
        return (
          <li key={key} className="card">
            <h3>{title}</h3>
            <ColumnChart
              title={title}
              columns={trends.months.map((month, i) => ({
                label: month,
                value: values[i] ?? 0,
                valueText: text(values[i] ?? 0),
              }))}
            />
            <details>
              <summary>{t("trends.table")}</summary>
              <table>
                <thead>
                  <tr>
                    <th scope="col">{t("trends.month")}</th>
                    <th scope="col">{title}</th>
                  </tr>
                </thead>
                <tbody>
                  {trends.months.map((month, i) => (
                    <tr key={month}>
                      <th scope="row">{month}</th>
                      <td>{text(values[i] ?? 0)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </details>
          </li>
        );
      })}
    </ul>
  );
}

export default function StaffHome() {
  const { name, isAdmin, compounds, total, urgent, trends, fundNetFen, computedAt, now } =
    useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation(["cockpit", "auth", "help"]);
  const money = (fen: number) => formatFen(fen, i18n.language);
  return (
    <section aria-labelledby="admin-title" className="stack cockpit">
      <h1 id="admin-title">{t("auth:home.greeting", { name })}</h1>
      <p className="muted">{t("lead")}</p>

      <section aria-labelledby="urgent-title" className="stack">
        <h2 id="urgent-title">{t("urgent.title")}</h2>
        {urgent.length === 0 ? (
          <p>{t("urgent.empty")}</p>
        ) : (
          <ol className="cockpit-urgent" data-testid="urgent">
            {urgent.map((item) => (
              <li key={`${item.kind}:${item.household.id}`} className={`card cockpit-urgent-${item.kind}`}>
                <p>
                  {t(`urgent.${item.kind}`, {
                    address: fullAddress(item.household),
                    // An unrecorded visit reads as the time since it ended, which is what the volunteer knows.
                    late: late(
                      t,
                      item.kind === "unrecorded" ? now - new Date(item.endedAt).getTime() : item.lateMs,
                    ),
                  })}
                </p>
                <Link className="button primary" to={urgentAction(item)}>
                  {t(`urgent.actions.${item.kind}`)}
                </Link>
              </li>
            ))}
          </ol>
        )}
      </section>

      <section aria-labelledby="figures-title" className="stack">
        <h2 id="figures-title">
          {t("figures.title")}
          {compounds.length === 1 && compounds[0] ? ` · ${compounds[0].compoundName}` : ""}
        </h2>
        <p className="muted" data-testid="computed-at">
          {t("figures.computedAt", { at: computedAt })}
        </p>
        <FigureCards f={total} t={t} />
      </section>

      <section aria-labelledby="outcomes-title" className="stack">
        <h2 id="outcomes-title">{t("outcomes.title")}</h2>
        <OutcomeCards f={total} fundNetFen={fundNetFen} money={money} t={t} />
      </section>

      {compounds.length > 0 ? (
        <section aria-labelledby="trends-title" className="stack">
          <h2 id="trends-title">{t("trends.title")}</h2>
          <TrendCharts trends={trends} money={money} t={t} />
        </section>
      ) : null}

      {compounds.length > 1 ? (
        <div className="table-scroll" tabIndex={0} role="region" aria-labelledby="compounds-caption">
          <table className="cockpit-table">
            <caption id="compounds-caption">{t("table.caption")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("table.compound")}</th>
                <th scope="col">{t("figures.coverage")}</th>
                <th scope="col">{t("figures.cadence")}</th>
                <th scope="col">{t("figures.unrecorded")}</th>
                <th scope="col">{t("figures.verifications")}</th>
                <th scope="col">{t("figures.helpOpen")}</th>
              </tr>
            </thead>
            <tbody>
              {compounds.map((c) => (
                <tr key={c.compoundId}>
                  <th scope="row">{c.compoundName}</th>
                  <td>
                    {c.withHelper}/{c.covered}
                  </td>
                  <td>
                    {c.visitedInCadence}/{c.covered}
                  </td>
                  <td>{c.unrecorded}</td>
                  <td>{c.verificationsOverdue}</td>
                  <td>{c.helpOpen}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}

      <section aria-labelledby="links-title">
        <h2 id="links-title">{t("links.title")}</h2>
        <ul className="link-list">
          <li>
            <Link to="/admin/people">{t("links.people")}</Link>
          </li>
          <li>
            <Link to="/admin/people/invite">{t("links.invite")}</Link>
          </li>
          <li>
            <Link to="/reports/monthly">{t("links.monthlyReport")}</Link>
          </li>
          {isAdmin ? (
            <li>
              <Link to="/admin/settings">{t("links.settings")}</Link>
            </li>
          ) : null}
        </ul>
      </section>
    </section>
  );
}
