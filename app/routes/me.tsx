import type { LoaderFunctionArgs, LinksFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requirePermission } from "#app/modules/auth/guard.server";
import { getPersonSummary } from "#app/modules/people/people.server";
import { residentHelpers } from "#app/modules/roster/home.server";
import { getSettings } from "#app/modules/settings/settings.server";
import rosterStylesUrl from "#app/styles/roster.css?url";
import { pageMeta } from "#app/modules/i18n/meta";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: rosterStylesUrl }];

export const meta = pageMeta("nav.me");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "account.manageOwn");
  const [person, helpers, settings] = await Promise.all([
    getPersonSummary(user.id),
    residentHelpers(user.id),
    getSettings(),
  ]);
  return { person, helpers, hotline: settings.hotline };
}

export default function ResidentHome() {
  const { person, helpers, hotline } = useLoaderData<typeof loader>();
  const { t } = useTranslation("auth");
  const { t: tr } = useTranslation("roster");
  const { t: tc } = useTranslation("calendar");
  return (
    <section aria-labelledby="me-title" className="stack">
      <h1 id="me-title">{t("home.greeting", { name: person.name })}</h1>
      <dl className="facts">
        <dt>{t("register.compound")}</dt>
        <dd>{person.compoundName ?? t("home.noCompound")}</dd>
      </dl>
      <section aria-labelledby="helper-title" className="stack">
        <h2 id="helper-title">{tr("me.helper")}</h2>
        {helpers.length === 0 ? <p>{tr("me.noHelper", { hotline })}</p> : null}
        {helpers.map((h) => (
          <div key={h.pairingId} className="card helper-card">
            <p className="helper-name">
              <strong>{h.name}</strong> · {tr(`role.${h.role}`)}
            </p>
            {h.phone ? (
              <p>
                <a className="button primary" href={`tel:${h.phone}`}>
                  {tr("me.call", { phone: h.phone })}
                </a>
              </p>
            ) : null}
            {h.supervisorName ? (
              <p className="muted">
                {tr("me.supervisor", { name: h.supervisorName, phone: h.supervisorPhone ?? "" })}
              </p>
            ) : null}
            <p>
              <Link to={`/pairings/${h.pairingId}/agreement`}>{tr("me.agreement")}</Link>
            </p>
          </div>
        ))}
      </section>
      <p>
        <Link to="/me/calendar">{tc("link")}</Link>
      </p>
      <p>
        <Link to="/account">{t("account.title")}</Link>
      </p>
    </section>
  );
}
