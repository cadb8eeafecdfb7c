import type { LoaderFunctionArgs, LinksFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requestIp } from "#app/modules/audit/audit.server";
import { requirePermission } from "#app/modules/auth/guard.server";
import { formatDay } from "#app/modules/roster/dates";
import { reassignmentList } from "#app/modules/roster/roster.server";
import { getSettings } from "#app/modules/settings/settings.server";
import rosterStylesUrl from "#app/styles/roster.css?url";
import { pageMeta } from "#app/modules/i18n/meta";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: rosterStylesUrl }];

export const meta = pageMeta("roster:reassign.title");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "roster.manage");
  const [waiting, settings] = await Promise.all([
    reassignmentList(user, { via: "roster.reassign", ip: requestIp(request) }),
    getSettings(),
  ]);
  return { waiting, timeZone: settings.timeZone };
}

export default function Reassign() {
  const { waiting, timeZone } = useLoaderData<typeof loader>();
  const { t } = useTranslation("roster");
  const { t: th } = useTranslation("households");
  return (
    <div className="stack">
      <p>
        <Link to="/roster">← {t("title")}</Link>
      </p>
      <h1>{t("reassign.title")}</h1>
      <p className="muted">{t("reassign.lead")}</p>
      {waiting.length === 0 ? <p className="notice">{t("reassign.empty")}</p> : null}
      <ul className="pairing-list">
        {waiting.map((p) => (
          <li key={p.id} className="card coverage-item">
            <span>
              <strong>
                {p.household.compoundName} {p.household.building}-{p.household.unit}-{p.household.room}
              </strong>{" "}
              {p.household.headName ?? ""}{" "}
              <span className={`badge level-${p.household.hardshipLevel}`}>
                {th(`hardshipLevel.${p.household.hardshipLevel}`)}
              </span>
            </span>
            <span className="muted">
              {t("reassign.formerHelper")}: {p.volunteerName} · {t(`role.${p.role}`)} · {t("reassign.since")}{" "}
              {formatDay(p.startedAt, timeZone)}
            </span>
            <Link className="button secondary" to={`/pairings/new?reassign=${p.id}`}>
              {t("reassign.choose")}
            </Link>
          </li>
        ))}
      </ul>
    </div>
  );
}
