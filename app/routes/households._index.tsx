import type { LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { can } from "#app/modules/auth/policy";
import { requestIp } from "#app/modules/audit/audit.server";
import { requirePermission } from "#app/modules/auth/guard.server";
import { compoundsOf, reachOf } from "#app/modules/auth/scope.server";
import { categoryCodes, hardshipLevels, needs } from "#app/modules/households/codes";
import { day } from "#app/modules/households/format";
import { listCompounds, listHouseholds } from "#app/modules/households/registry.server";
import { registryFilters } from "#app/modules/households/registry-filters";
import { pageMeta } from "#app/modules/i18n/meta";

export const meta = pageMeta("households:list.title");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "household.list");
  const filters = registryFilters(new URL(request.url).searchParams);
  const [result, compounds] = await Promise.all([
    listHouseholds(user, filters, { via: "households.list", ip: requestIp(request) }),
    listCompounds(),
  ]);
  const covered = compoundsOf(await reachOf(user));
  return {
    result,
    compounds: covered === "all" ? compounds : compounds.filter((c) => covered.includes(c.id)),
    staff: can(user, "household.ledger"),
  };
}

export default function Households() {
  const { result, compounds, staff } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const { t } = useTranslation("households");
  const pageHref = (page: number) => {
    const next = new URLSearchParams(params);
    next.set("page", String(page));
    return `?${next.toString()}`;
  };
  const exportHref = (format: "csv" | "xlsx") => {
    const next = new URLSearchParams(params);
    next.delete("page");
    const query = next.toString();
    return `/households/export.${format}${query ? `?${query}` : ""}`;
  };
  return (
    <div className="stack">
      <div className="page-head">
        <h1>{t("list.title")}</h1>
        {staff ? (
          <nav className="link-row" aria-label={t("list.title")}>
            <Link to="/ledgers/extreme">{t("list.ledgers")}</Link>
            <Link to="/households/overdue">{t("list.overdueList")}</Link>
            <Link to="/households/corrections">{t("list.corrections")}</Link>
            <Link to="/households/claims">{t("list.claims")}</Link>
            <Link to="/households/import">{t("list.import")}</Link>
            <Link to="/households/new">{t("list.new")}</Link>
          </nav>
        ) : null}
      </div>
      <Form method="get" className="filters households-filters" role="search" aria-label={t("list.title")}>
        <div className="field">
          <label htmlFor="q">{t("list.search")}</label>
          <input
            id="q"
            name="q"
            type="search"
            defaultValue={params.get("q") ?? ""}
            aria-describedby="q-hint"
          />
          <span id="q-hint" className="hint">
            {t("list.searchHint")}
          </span>
        </div>
        {compounds.length > 1 ? (
          <div className="field">
            <label htmlFor="compound">{t("field.compound")}</label>
            <select id="compound" name="compound" defaultValue={params.get("compound") ?? ""}>
              <option value="">{t("list.anyCompound")}</option>
              {compounds.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name}
                </option>
              ))}
            </select>
          </div>
        ) : null}
        <div className="field">
          <label htmlFor="level">{t("field.hardshipLevel")}</label>
          <select id="level" name="level" defaultValue={params.get("level") ?? ""}>
            <option value="">{t("list.anyLevel")}</option>
            {hardshipLevels.map((l) => (
              <option key={l} value={l}>
                {t(`hardshipLevel.${l}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="category">{t("field.categories")}</label>
          <select id="category" name="category" defaultValue={params.get("category") ?? ""}>
            <option value="">{t("list.anyCategory")}</option>
            {categoryCodes.map((c) => (
              <option key={c} value={c}>
                {t(`category.${c}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="need">{t("field.needs")}</label>
          <select id="need" name="need" defaultValue={params.get("need") ?? ""}>
            <option value="">{t("list.anyNeed")}</option>
            {needs.map((n) => (
              <option key={n} value={n}>
                {t(`need.${n}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="sort">{t("list.sort")}</label>
          <select id="sort" name="sort" defaultValue={params.get("sort") ?? "address"}>
            <option value="address">{t("list.sortAddress")}</option>
            <option value="due">{t("list.sortDue")}</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor="status">{t("list.status")}</label>
          <select id="status" name="status" defaultValue={params.get("status") ?? "active"}>
            <option value="active">{t("list.statusActive")}</option>
            <option value="closed">{t("list.statusClosed")}</option>
          </select>
        </div>
        <div className="checkbox">
          <input
            id="overdue"
            name="overdue"
            type="checkbox"
            value="1"
            defaultChecked={params.get("overdue") === "1"}
          />
          <label htmlFor="overdue">{t("list.overdueOnly")}</label>
        </div>
        <button type="submit" className="secondary">
          {t("list.apply")}
        </button>
      </Form>
      <div className="page-head">
        <p role="status">
          {result.capped
            ? t("list.countCapped", { count: result.total })
            : t("list.count", { count: result.total })}
        </p>
        {staff && result.total > 0 ? (
          <p className="link-row" title={t("list.exportHint")}>
            <a href={exportHref("csv")} download>
              {t("list.exportCsv")}
            </a>
            <a href={exportHref("xlsx")} download>
              {t("list.exportXlsx")}
            </a>
          </p>
        ) : null}
      </div>
      {result.rows.length === 0 ? <p>{staff ? t("list.empty") : t("list.emptyVolunteer")}</p> : null}
      <ul className="household-list">
        {result.rows.map((h) => (
          <li key={h.id} className="card">
            <Link to={`/households/${h.id}`}>
              <strong>
                {t("address", { compound: h.compoundName, building: h.building, unit: h.unit, room: h.room })}
              </strong>
            </Link>
            <span>
              {h.headName ? t("list.headLine", { name: h.headName }) : null}
              {h.hardshipLevel !== "none" ? (
                <span className={`badge level-${h.hardshipLevel}`}>
                  {t(`hardshipLevel.${h.hardshipLevel}`)}
                </span>
              ) : null}
            </span>
            {h.nextVerificationDue ? (
              <span className={h.overdue ? "overdue" : "muted"}>
                {h.overdue ? `${t("list.overdue")} · ` : ""}
                {t("list.due", { date: day(h.nextVerificationDue) })}
              </span>
            ) : null}
          </li>
        ))}
      </ul>
      <nav className="pagination" aria-label={t("list.page", { page: result.page })}>
        {result.page > 1 ? <Link to={pageHref(result.page - 1)}>{t("list.previous")}</Link> : null}
        <span>{t("list.page", { page: result.page })}</span>
        {result.hasNext ? <Link to={pageHref(result.page + 1)}>{t("list.next")}</Link> : null}
      </nav>
    </div>
  );
}
