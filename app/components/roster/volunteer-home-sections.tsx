// The roster's part of the volunteer home: my households with each one's next step, and goals due soon.
import { Link } from "@remix-run/react";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import type { DueGoal, HomeHousehold } from "#app/modules/roster/home.server";
import { formatDay } from "#app/modules/roster/dates";

export function VolunteerHomeSections({
  households,
  dueGoals,
  timeZone,
  now,
  cadre,
  visitDue,
}: {
  households: HomeHousehold[];
  dueGoals: DueGoal[];
  timeZone: string;
  now: Date | string;
  cadre: boolean;
  /** The visits module's next-visit line for each household, by household id. */
  visitDue?: Record<number, ReactNode>;
}) {
  const { t } = useTranslation("roster");
  const { t: th } = useTranslation("households");
  const nowMs = new Date(now).getTime();
  return (
    <>
      <section aria-labelledby="my-households" className="stack">
        <h2 id="my-households">{t("home.households")}</h2>
        {households.length === 0 ? <p className="muted">{t("home.noHouseholds")}</p> : null}
        <ul className="pairing-list">
          {households.map((h) => (
            <li key={h.pairingId} className="card">
              <Link to={`/pairings/${h.pairingId}/agreement`}>
                <strong>
                  {h.household.compoundName} {h.household.building}-{h.household.unit}-{h.household.room}
                </strong>{" "}
                {h.household.headName ?? ""}
              </Link>
              <span>
                <span className={`badge level-${h.household.hardshipLevel}`}>
                  {th(`hardshipLevel.${h.household.hardshipLevel}`)}
                </span>{" "}
                {t(`role.${h.role}`)}
                {h.household.headPhone ? (
                  <>
                    {" · "}
                    <a href={`tel:${h.household.headPhone}`}>{h.household.headPhone}</a>
                  </>
                ) : null}
              </span>
              <span>
                {t("home.nextStep")}:{" "}
                {h.nextGoal
                  ? t("home.goalDue", {
                      domain: t(`domain.${h.nextGoal.domain}`),
                      target: h.nextGoal.target,
                      date: formatDay(h.nextGoal.dueAt, timeZone),
                    })
                  : t("home.nothingDue")}
              </span>
              {visitDue?.[h.household.id] ?? null}
              {!h.signed ? <span className="badge warn">{t("home.unsigned")}</span> : null}
            </li>
          ))}
        </ul>
      </section>
      <section aria-labelledby="due-soon" className="stack">
        <h2 id="due-soon">{t("home.dueSoon")}</h2>
        {dueGoals.length === 0 ? <p className="muted">{t("home.noneDueSoon")}</p> : null}
        <ul className="link-list">
          {dueGoals.map((g) => (
            <li key={g.goalId}>
              <Link to={`/pairings/${g.pairingId}/agreement`}>
                {formatDay(g.dueAt, timeZone)} · {t(`domain.${g.domain}`)}：{g.target}
              </Link>{" "}
              <span className="muted">
                {g.household.compoundName} {g.household.building}-{g.household.unit}-{g.household.room}
              </span>
              {new Date(g.dueAt).getTime() < nowMs ? (
                <span className="badge warn">{t("home.overdue")}</span>
              ) : null}
            </li>
          ))}
        </ul>
      </section>
      {cadre ? (
        <p>
          <Link to="/roster">{t("home.roster")}</Link>
        </p>
      ) : null}
    </>
  );
}
