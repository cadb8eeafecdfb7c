import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requirePermission } from "#app/modules/auth/guard.server";
import { listClaims } from "#app/modules/households/claims.server";
import { day } from "#app/modules/households/format";
import { pageMeta } from "#app/modules/i18n/meta";
import { pageParam } from "#app/modules/lists/paging";

export const meta = pageMeta("households:claims.title");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "household.claimQueue");
  const url = new URL(request.url);
  const view = url.searchParams.get("view") === "decided" ? "decided" : "pending";
  return { view, result: await listClaims(user, view, pageParam(url)) } as const;
}

export default function ClaimQueue() {
  const { view, result } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const { t } = useTranslation("households");
  const notice = params.get("notice");
  const pageHref = (page: number) => `?view=${view}&page=${page}`;
  return (
    <div className="stack">
      <p>
        <Link to="/households">← {t("record.back")}</Link>
      </p>
      <h1>{t("claims.title")}</h1>
      {notice === "approved" || notice === "refused" ? (
        <p className="notice" role="status">
          {t(`claims.notice.${notice}`)}
        </p>
      ) : null}
      <nav className="link-row" aria-label={t("claims.title")}>
        <Link to="?view=pending" aria-current={view === "pending" ? "page" : undefined}>
          {t("claims.pending", { count: result.pending })}
        </Link>
        <Link to="?view=decided" aria-current={view === "decided" ? "page" : undefined}>
          {t("claims.decided")}
        </Link>
      </nav>
      {result.rows.length === 0 ? <p>{t("claims.none")}</p> : null}
      <ul className="household-list">
        {result.rows.map((c) => (
          <li key={c.id} className="card">
            <Link to={`/households/claims/${c.id}`}>
              <strong>{t("claims.line", { account: c.accountName, name: c.memberName })}</strong>
            </Link>
            <span>
              {c.method === "address"
                ? t("address", {
                    compound: c.compoundName,
                    building: c.building ?? "",
                    unit: c.unit ?? "",
                    room: c.room ?? "",
                  })
                : t("claims.byCodeIn", { compound: c.compoundName })}
            </span>
            <span className="muted">
              {t("claims.sent", { date: day(c.createdAt) })}
              {" · "}
              {c.householdId === null
                ? t("claims.noMatch")
                : c.matched
                  ? t("claims.memberMatched")
                  : t("claims.householdMatched")}
            </span>
            {view === "decided" ? (
              <span>
                {t(`claims.status.${c.status}`)}
                {c.decisionReason ? ` — ${c.decisionReason}` : ""}
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
