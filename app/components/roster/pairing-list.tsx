// A list of pairings with their household, role, status and dates, linking each to its agreement card.
import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { HouseholdBrief } from "#app/modules/households/brief";
import { pairingStatusKey, type PairingRole, type PairingStatus } from "#app/modules/roster/codes";
import { formatDay } from "#app/modules/roster/dates";

export interface PairingListItem {
  id: number;
  role: PairingRole;
  status: PairingStatus;
  startedAt: Date | string;
  endedAt: Date | string | null;
  overrideReason: string | null;
  volunteerName: string;
  household: Pick<
    HouseholdBrief,
    "compoundName" | "building" | "unit" | "room" | "headName" | "hardshipLevel"
  >;
}

export function PairingList({
  pairings,
  timeZone,
  empty,
  showVolunteer = false,
}: {
  pairings: PairingListItem[];
  timeZone: string;
  empty: string;
  showVolunteer?: boolean;
}) {
  const { t } = useTranslation("roster");
  const { t: th } = useTranslation("households");
  if (pairings.length === 0) return empty ? <p className="muted">{empty}</p> : null;
  return (
    <ul className="pairing-list">
      {pairings.map((p) => (
        <li key={p.id} className="card">
          <Link to={`/pairings/${p.id}/agreement`}>
            <strong>
              {p.household.compoundName} {p.household.building}-{p.household.unit}-{p.household.room}
            </strong>{" "}
            {p.household.headName ?? ""}
          </Link>
          <span>
            <span className={`badge level-${p.household.hardshipLevel}`}>
              {th(`hardshipLevel.${p.household.hardshipLevel}`)}
            </span>{" "}
            {t(`role.${p.role}`)} · {t(`status.${pairingStatusKey[p.status]}`)}
            {showVolunteer ? ` · ${p.volunteerName}` : ""}
          </span>
          <span className="muted">
            {p.endedAt
              ? t("pairing.period", {
                  from: formatDay(p.startedAt, timeZone),
                  to: formatDay(p.endedAt, timeZone),
                })
              : t("pairing.startedOn", { date: formatDay(p.startedAt, timeZone) })}
          </span>
          {p.overrideReason ? (
            <span className="muted">{t("pairing.override", { reason: p.overrideReason })}</span>
          ) : null}
        </li>
      ))}
    </ul>
  );
}
