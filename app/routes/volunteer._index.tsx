import type { LoaderFunctionArgs, LinksFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requestIp } from "#app/modules/audit/audit.server";
import { requirePermission } from "#app/modules/auth/guard.server";
import { VolunteerHomeSections } from "#app/components/roster/volunteer-home-sections";
import { ServiceStarEntry } from "#app/components/service/star-entry";
import { isCadre } from "#app/modules/auth/policy";
import { getPersonSummary } from "#app/modules/people/people.server";
import { homeStars } from "#app/modules/service/summary.server";
import { volunteerHome } from "#app/modules/roster/home.server";
import { getSettings } from "#app/modules/settings/settings.server";
import { formatDateTime } from "#app/modules/dates/day";
import { formatDay } from "#app/modules/roster/dates";
import { visitDueByHousehold } from "#app/modules/visits/cadence.server";
import rosterStylesUrl from "#app/styles/roster.css?url";
import { pageMeta } from "#app/modules/i18n/meta";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: rosterStylesUrl }];

export const meta = pageMeta("nav.volunteer");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "volunteer.home");
  const now = new Date();
  const [person, roster, settings, visitDue, stars] = await Promise.all([
    getPersonSummary(user.id),
    volunteerHome(user, { via: "volunteer.home", ip: requestIp(request) }, now),
    getSettings(),
    visitDueByHousehold(user.id, now),
    homeStars(user.id, now),
  ]);
  return { person, roster, timeZone: settings.timeZone, now, cadre: isCadre(user), visitDue, stars };
}

export default function VolunteerHome() {
  const { person, roster, timeZone, now, cadre, visitDue, stars } = useLoaderData<typeof loader>();
  const { t } = useTranslation("auth");
  const { t: tc } = useTranslation("calendar");
  const { t: tv } = useTranslation("visits");
  const dueLines = Object.fromEntries(
    Object.entries(visitDue).map(([householdId, due]) => [
      householdId,
      <span key={householdId} className="visit-due">
        {due.nextScheduledAt ? (
          tv("home.scheduled", { time: formatDateTime(due.nextScheduledAt, timeZone) })
        ) : (
          <>
            <span className={due.state === "overdue" ? "badge warn" : undefined}>
              {due.never
                ? tv("home.never")
                : tv(`home.${due.state}`, { date: formatDay(due.dueAt, timeZone) })}
            </span>{" "}
            <Link to={`/visits/new?household=${householdId}`}>{tv("home.schedule")}</Link>
          </>
        )}
      </span>,
    ]),
  );
  return (
    <section aria-labelledby="volunteer-title" className="stack">
      <h1 id="volunteer-title">{t("home.greeting", { name: person.name })}</h1>
      <dl className="facts">
        <dt>{t("people.tier")}</dt>
        <dd>{person.volunteerTier ? t(`tiers.${person.volunteerTier as 1 | 2 | 3 | 4}`) : "—"}</dd>
        <dt>{t("people.supervisor")}</dt>
        <dd>
          {person.supervisorName
            ? `${person.supervisorName}${person.supervisorPhone ? ` · ${person.supervisorPhone}` : ""}`
            : t("home.noSupervisor")}
        </dd>
        <dt>{t("register.compound")}</dt>
        <dd>{person.compoundName ?? t("home.noCompound")}</dd>
      </dl>
      <p>{t("home.volunteerLead")}</p>
      <ServiceStarEntry stars={stars} timeZone={timeZone} />
      <VolunteerHomeSections
        households={roster.households}
        dueGoals={roster.dueGoals}
        timeZone={timeZone}
        now={now}
        cadre={cadre}
        visitDue={dueLines}
      />
      <p className="link-row">
        <Link to="/visits">{tv("home.open")}</Link>
        <Link to="/me/calendar">{tc("link")}</Link>
      </p>
      <p>
        <Link to="/account">{t("account.title")}</Link>
      </p>
    </section>
  );
}
