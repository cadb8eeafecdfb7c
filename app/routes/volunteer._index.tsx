import type { LoaderFunctionArgs, LinksFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requirePermission } from "#app/modules/auth/guard.server";
import { VolunteerHomeSections } from "#app/components/roster/volunteer-home-sections";
import { isCadre } from "#app/modules/auth/policy";
import { getPersonSummary } from "#app/modules/people/people.server";
import { volunteerHome } from "#app/modules/roster/home.server";
import { getSettings } from "#app/modules/settings/settings.server";
import rosterStylesUrl from "#app/styles/roster.css?url";
import { pageMeta } from "#app/modules/i18n/meta";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: rosterStylesUrl }];

export const meta = pageMeta("nav.volunteer");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "volunteer.home");
  const now = new Date();
  const [person, roster, settings] = await Promise.all([
    getPersonSummary(user.id),
    volunteerHome(user.id, now),
    getSettings(),
  ]);
  return { person, roster, timeZone: settings.timeZone, now, cadre: isCadre(user) };
}

export default function VolunteerHome() {
  const { person, roster, timeZone, now, cadre } = useLoaderData<typeof loader>();
  const { t } = useTranslation("auth");
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
      <VolunteerHomeSections
        households={roster.households}
        dueGoals={roster.dueGoals}
        timeZone={timeZone}
        now={now}
        cadre={cadre}
      />
      <p>
        <Link to="/account">{t("account.title")}</Link>
      </p>
    </section>
  );
}
