import type { LoaderFunctionArgs, LinksFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requestIp } from "#app/modules/audit/audit.server";
import { requirePermission } from "#app/modules/auth/guard.server";
import { VolunteerHomeSections } from "#app/components/roster/volunteer-home-sections";
import { AgendaVisitCard, DueHouseholdCard, HeldHelpCard } from "#app/components/visits/agenda";
import { ServiceStarEntry } from "#app/components/service/star-entry";
import { isCadre } from "#app/modules/auth/policy";
import { openHelpHeldBy } from "#app/modules/help/lists.server";
import { getPersonSummary } from "#app/modules/people/people.server";
import { homeStars } from "#app/modules/service/summary.server";
import { volunteerHome } from "#app/modules/roster/home.server";
import { getSettings } from "#app/modules/settings/settings.server";
import { formatDateTime } from "#app/modules/dates/day";
import { formatDay } from "#app/modules/roster/dates";
import { volunteerAgenda } from "#app/modules/visits/agenda.server";
import rosterStylesUrl from "#app/styles/roster.css?url";
import visitsStylesUrl from "#app/styles/visits.css?url";
import { pageMeta } from "#app/modules/i18n/meta";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: rosterStylesUrl },
  { rel: "stylesheet", href: visitsStylesUrl },
];

export const meta = pageMeta("nav.volunteer");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "volunteer.home");
  const now = new Date();
  const ctx = { via: "volunteer.home", ip: requestIp(request) };
  const [person, roster, settings, agenda, help, stars] = await Promise.all([
    getPersonSummary(user.id),
    volunteerHome(user, ctx, now),
    getSettings(),
    volunteerAgenda(user, ctx, now),
    openHelpHeldBy(user.id),
    homeStars(user.id, now),
  ]);
  return { person, roster, timeZone: settings.timeZone, now, cadre: isCadre(user), agenda, help, stars };
}

export default function VolunteerHome() {
  const { person, roster, timeZone, now, cadre, agenda, help, stars } = useLoaderData<typeof loader>();
  const { t } = useTranslation("auth");
  const { t: tc } = useTranslation("calendar");
  const { t: tv } = useTranslation("visits");
  const nextOf = new Map(agenda.upcoming.map((v) => [v.householdId, v]));
  const dueOf = new Map(agenda.due.map((d) => [d.householdId, d]));
  const householdIds = roster.households.map((h) => h.household.id);
  const dueLines = Object.fromEntries(
    householdIds.map((id) => {
      const next = nextOf.get(id);
      const due = dueOf.get(id);
      return [
        id,
        <span key={id} className="visit-due">
          {next ? (
            <Link to={`/visits/${next.id}`}>
              {tv("home.scheduled", { time: formatDateTime(next.startsAt, timeZone) })}
            </Link>
          ) : due ? (
            <>
              <span className={due.state === "overdue" ? "badge warn" : undefined}>
                {due.never
                  ? tv("home.never")
                  : tv(`home.${due.state}`, { date: formatDay(due.dueAt, timeZone) })}
              </span>{" "}
              <Link to={`/visits/new?household=${id}`}>{tv("home.schedule")}</Link>
            </>
          ) : null}
        </span>,
      ];
    }),
  );
  const nothingToDo = agenda.toRecord.length === 0 && agenda.upcoming.length === 0 && agenda.due.length === 0;
  return (
    <section aria-labelledby="volunteer-title" className="stack volunteer-home">
      <h1 id="volunteer-title">{t("home.greeting", { name: person.name })}</h1>
      {agenda.toRecord.length > 0 ? (
        <section aria-labelledby="to-record" className="stack">
          <h2 id="to-record">{tv("day.toRecord")}</h2>
          <ul className="visit-list">
            {agenda.toRecord.map((v) => (
              <AgendaVisitCard key={v.id} visit={v} timeZone={timeZone} action="record" />
            ))}
          </ul>
        </section>
      ) : null}
      <section aria-labelledby="next-visits" className="stack">
        <h2 id="next-visits">{tv("day.next")}</h2>
        {agenda.upcoming.length === 0 ? <p className="muted">{tv("day.noNext")}</p> : null}
        <ul className="visit-list">
          {agenda.upcoming.map((v) => (
            <AgendaVisitCard key={v.id} visit={v} timeZone={timeZone} action="open" />
          ))}
        </ul>
      </section>
      {agenda.due.length > 0 ? (
        <section aria-labelledby="due-visit" className="stack">
          <h2 id="due-visit">{tv("day.due")}</h2>
          <ul className="visit-list">
            {agenda.due.map((d) => (
              <DueHouseholdCard key={d.householdId} due={d} timeZone={timeZone} />
            ))}
          </ul>
        </section>
      ) : null}
      {help.length > 0 ? (
        <section aria-labelledby="held-help" className="stack">
          <h2 id="held-help">{tv("day.help")}</h2>
          <ul className="visit-list">
            {help.map((r) => (
              <HeldHelpCard key={r.id} request={r} timeZone={timeZone} />
            ))}
          </ul>
        </section>
      ) : null}
      {nothingToDo ? <p className="muted">{tv("day.allDone")}</p> : null}
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
      <p>
        <Link to="/account">{t("account.title")}</Link>
      </p>
    </section>
  );
}
