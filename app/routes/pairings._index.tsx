import type { LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { PairingList } from "#app/components/roster/pairing-list";
import { requestIp } from "#app/modules/audit/audit.server";
import { requirePermission } from "#app/modules/auth/guard.server";
import { hardshipLevels } from "#app/modules/households/codes";
import { pageMeta } from "#app/modules/i18n/meta";
import { pairingRoles, pairingStatusKey, pairingStatuses } from "#app/modules/roster/codes";
import { pairingFilterKeys, pairingFilters } from "#app/modules/roster/pairing-filters";
import { pairingPage } from "#app/modules/roster/pairing-list.server";
import { compoundOptionsFor } from "#app/modules/roster/roster.server";
import { getSettings } from "#app/modules/settings/settings.server";
import rosterStylesUrl from "#app/styles/roster.css?url";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: rosterStylesUrl }];

export const meta = pageMeta("roster:pairings.title");

// The pairings the reader may read (staff their compounds', a cadre their part of the linkage), filtered.
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "roster.tree");
  const { page, ...filters } = pairingFilters(new URL(request.url).searchParams);
  const [list, compounds, { timeZone }] = await Promise.all([
    pairingPage(user, filters, page, { via: "pairings.list", ip: requestIp(request) }),
    compoundOptionsFor(user),
    getSettings(),
  ]);
  return { ...list, page, compounds, timeZone };
}

export default function Pairings() {
  const { rows, hasMore, page, compounds, timeZone } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const { t } = useTranslation("roster");
  const { t: th } = useTranslation("households");
  // Links keep the filters: another page of the list, and the export (every page, so without one).
  const kept = () => {
    const next = new URLSearchParams();
    for (const key of pairingFilterKeys) {
      const value = params.get(key);
      if (value) next.set(key, value);
    }
    return next;
  };
  const pageHref = (p: number) => {
    const next = kept();
    if (p > 1) next.set("page", String(p));
    return `?${next.toString()}`;
  };
  const exportHref = (format: "csv" | "xlsx") => {
    const query = kept().toString();
    return `/pairings/export.${format}${query ? `?${query}` : ""}`;
  };
  return (
    <div className="stack">
      <p>
        <Link to="/roster">← {t("title")}</Link>
      </p>
      <h1>{t("pairings.title")}</h1>
      <p className="muted">{t("pairings.lead")}</p>
      <Form method="get" className="filters roster-filters" role="search" aria-label={t("pairings.filters")}>
        {compounds.length > 1 ? (
          <div className="field">
            <label htmlFor="compound">{t("pairings.compound")}</label>
            <select id="compound" name="compound" defaultValue={params.get("compound") ?? ""}>
              <option value="">{t("pairings.anyCompound")}</option>
              {compounds.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name}
                </option>
              ))}
            </select>
          </div>
        ) : null}
        <div className="field">
          <label htmlFor="status">{t("pairings.status")}</label>
          <select id="status" name="status" defaultValue={params.get("status") ?? ""}>
            <option value="">{t("pairings.anyStatus")}</option>
            {pairingStatuses.map((s) => (
              <option key={s} value={s}>
                {t(`status.${pairingStatusKey[s]}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="role">{t("pairings.role")}</label>
          <select id="role" name="role" defaultValue={params.get("role") ?? ""}>
            <option value="">{t("pairings.anyRole")}</option>
            {pairingRoles.map((r) => (
              <option key={r} value={r}>
                {t(`role.${r}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="level">{t("pairings.level")}</label>
          <select id="level" name="level" defaultValue={params.get("level") ?? ""}>
            <option value="">{t("pairings.anyLevel")}</option>
            {hardshipLevels.map((l) => (
              <option key={l} value={l}>
                {th(`hardshipLevel.${l}`)}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="secondary">
          {t("table.apply")}
        </button>
      </Form>
      {rows.length > 0 ? (
        <p className="link-row" title={t("pairings.hint")}>
          <a href={exportHref("csv")} download>
            {t("pairings.csv")}
          </a>
          <a href={exportHref("xlsx")} download>
            {t("pairings.xlsx")}
          </a>
        </p>
      ) : null}
      <PairingList pairings={rows} timeZone={timeZone} empty={t("pairings.empty")} showVolunteer />
      <nav className="pagination" aria-label={t("table.pagination")}>
        {page > 1 ? <Link to={pageHref(page - 1)}>{t("table.previous")}</Link> : null}
        {hasMore ? <Link to={pageHref(page + 1)}>{t("table.next")}</Link> : null}
      </nav>
    </div>
  );
}
