import type { LoaderFunctionArgs, LinksFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requirePermission } from "#app/modules/auth/guard.server";
import { getPersonSummary } from "#app/modules/people/people.server";
import { residentHelpers } from "#app/modules/roster/home.server";
import { getSettings } from "#app/modules/settings/settings.server";
import { CardEntries } from "#app/components/material/card-entries";
import { formatDateTime } from "#app/modules/dates/day";
import { myLoveCard } from "#app/modules/material/me.server";
import { formatFen } from "#app/modules/material/money";
import materialStylesUrl from "#app/styles/material.css?url";
import rosterStylesUrl from "#app/styles/roster.css?url";
import { pageMeta } from "#app/modules/i18n/meta";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: rosterStylesUrl },
  { rel: "stylesheet", href: materialStylesUrl },
];

export const meta = pageMeta("nav.me");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "account.manageOwn");
  const [person, helpers, settings, loveCard] = await Promise.all([
    getPersonSummary(user.id),
    residentHelpers(user.id),
    getSettings(),
    myLoveCard(user),
  ]);
  return {
    person,
    helpers,
    hotline: settings.hotline,
    loveCard: loveCard && {
      ...loveCard,
      entries: loveCard.entries.map((e) => ({ ...e, at: formatDateTime(e.at, settings.timeZone) })),
    },
  };
}

export default function ResidentHome() {
  const { person, helpers, hotline, loveCard } = useLoaderData<typeof loader>();
  const { t } = useTranslation("auth");
  const { t: tr } = useTranslation("roster");
  const { t: tc } = useTranslation("calendar");
  const { t: tm, i18n } = useTranslation("material");
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
      {loveCard ? (
        <section aria-labelledby="lovecard-title" className="stack">
          <h2 id="lovecard-title">{tm("me.title")}</h2>
          <p className="material-balance">
            {tm("me.holds", { number: loveCard.numberText })}{" "}
            <strong>{formatFen(loveCard.holdingFen, i18n.language)}</strong>
          </p>
          <CardEntries entries={loveCard.entries} />
        </section>
      ) : null}
      <p>
        <Link to="/me/calendar">{tc("link")}</Link>
      </p>
      <p>
        <Link to="/account">{t("account.title")}</Link>
      </p>
    </section>
  );
}
