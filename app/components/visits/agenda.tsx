// The cards of the volunteer home's agenda: a visit (to record, or to come), a household due a visit, a help
// request they hold; each with the one action it calls for and a call button.
import { Link } from "@remix-run/react";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { formatDay } from "#app/modules/roster/dates";
import { formatVisitTime } from "#app/modules/visits/time";
import type { HelpKind, HelpStatus, HelpUrgency } from "#app/modules/help/codes";

interface CardVisit {
  id: number;
  address: string;
  headName: string | null;
  headPhone: string | null;
  startsAt: Date | string;
  endsAt: Date | string;
  place: string;
  arrivedAt: Date | string | null;
  leftAt: Date | string | null;
  escalationLevel: number;
  lead: boolean;
}

function CallButton({ phone, name }: { phone: string | null; name: string | null }) {
  const { t } = useTranslation("visits");
  if (!phone) return null;
  return (
    <a
      className="button secondary"
      href={`tel:${phone}`}
      aria-label={t("day.callWho", { name: name ?? phone })}
    >
      {t("day.call")}
    </a>
  );
}

function Card({ children, actions, warn }: { children: ReactNode; actions: ReactNode; warn?: boolean }) {
  return (
    <li className={`card agenda-card${warn ? " agenda-warn" : ""}`}>
      <div className="agenda-body">{children}</div>
      <div className="agenda-actions">{actions}</div>
    </li>
  );
}

export function AgendaVisitCard({
  visit: v,
  timeZone,
  action,
}: {
  visit: CardVisit;
  timeZone: string;
  action: "record" | "open";
}) {
  const { t, i18n } = useTranslation("visits");
  return (
    <Card
      warn={v.escalationLevel > 0}
      actions={
        <>
          {action === "record" ? (
            <Link className="button" to={`/visits/${v.id}#record`}>
              {t("day.record")}
            </Link>
          ) : (
            <Link className="button" to={`/visits/${v.id}`}>
              {t("day.open")}
            </Link>
          )}
          <CallButton phone={v.headPhone} name={v.headName} />
        </>
      }
    >
      <strong className="visit-item-title">
        {formatVisitTime(v.startsAt, v.endsAt, timeZone, i18n.language)}
      </strong>
      <span>
        {v.address}
        {v.headName ? ` · ${v.headName}` : ""}
      </span>
      <span className="muted">{v.place}</span>
      <span>
        {v.escalationLevel > 0 ? <span className="badge warn">{t("day.escalated")}</span> : null}
        {v.arrivedAt && !v.leftAt ? <span className="badge">{t("day.inProgress")}</span> : null}
        {!v.lead ? <span className="badge">{t("day.coVisitor")}</span> : null}
      </span>
    </Card>
  );
}

export function DueHouseholdCard({
  due,
  timeZone,
}: {
  due: {
    householdId: number;
    address: string;
    headName: string | null;
    headPhone: string | null;
    state: "overdue" | "dueSoon";
    dueAt: Date | string;
    never: boolean;
  };
  timeZone: string;
}) {
  const { t } = useTranslation("visits");
  return (
    <Card
      warn={due.state === "overdue"}
      actions={
        <>
          <Link className="button" to={`/visits/new?household=${due.householdId}`}>
            {t("home.schedule")}
          </Link>
          <CallButton phone={due.headPhone} name={due.headName} />
        </>
      }
    >
      <strong>
        {due.address}
        {due.headName ? ` · ${due.headName}` : ""}
      </strong>
      <span className={due.state === "overdue" ? "badge warn" : "badge"}>
        {due.never ? t("home.never") : t(`home.${due.state}`, { date: formatDay(due.dueAt, timeZone) })}
      </span>
    </Card>
  );
}

export function HeldHelpCard({
  request: r,
  timeZone,
}: {
  request: {
    id: number;
    kind: HelpKind;
    urgency: HelpUrgency;
    status: HelpStatus;
    contactPhone: string | null;
    acknowledgeBy: Date | string;
  };
  timeZone: string;
}) {
  const { t } = useTranslation("visits");
  const { t: th } = useTranslation("help");
  return (
    <Card
      warn={r.status === "new"}
      actions={
        <>
          <Link className="button" to={`/help/${r.id}`}>
            {t("day.open")}
          </Link>
          <CallButton phone={r.contactPhone} name={null} />
        </>
      }
    >
      <strong>
        #{r.id} {th(`kind.${r.kind}`)}
      </strong>
      <span>
        {th(`status.${r.status}`)}
        {r.status === "new" ? ` · ${t("day.ackBy", { date: formatDay(r.acknowledgeBy, timeZone) })}` : ""}
      </span>
    </Card>
  );
}
