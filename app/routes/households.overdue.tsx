import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { requestIp } from "#app/modules/audit/audit.server";
import { requirePermission } from "#app/modules/auth/guard.server";
import { day } from "#app/modules/households/format";
import { listHouseholds } from "#app/modules/households/registry.server";
import { overdueByCompound } from "#app/modules/households/verification.server";
import { pageMeta } from "#app/modules/i18n/meta";

const FilterSchema = z.object({
  compound: z.coerce.number().int().positive().optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(10_000).optional().catch(undefined),
});

export const meta = pageMeta("households:overdue.title");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "household.list");
  const f = FilterSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const [byCompound, list] = await Promise.all([
    overdueByCompound(user),
    listHouseholds(
      user,
      { overdue: true, sort: "due", compoundId: f.compound, page: f.page },
      { via: "households.overdue", ip: requestIp(request) },
    ),
  ]);
  return { byCompound, list };
}

export default function Overdue() {
  const { byCompound, list } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const { t } = useTranslation("households");
  const pageHref = (page: number) => {
    const next = new URLSearchParams(params);
    next.set("page", String(page));
    return `?${next.toString()}`;
  };
  return (
    <div className="stack">
      <p>
        <Link to="/households">← {t("record.back")}</Link>
      </p>
      <h1>{t("overdue.title")}</h1>
      {byCompound.length > 0 ? (
        <section aria-labelledby="by-compound">
          <h2 id="by-compound">{t("overdue.byCompound")}</h2>
          <ul className="chip-list">
            {byCompound.map((c) => (
              <li key={c.compoundId}>
                <Link to={`?compound=${c.compoundId}`} className="chip">
                  {c.compoundName} <strong>{c.overdue}</strong>
                </Link>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <h2>{t("overdue.list")}</h2>
      {list.rows.length === 0 ? <p>{t("overdue.none")}</p> : null}
      <ul className="household-list">
        {list.rows.map((h) => (
          <li key={h.id} className="card">
            <Link to={`/households/${h.id}`}>
              <strong>
                {t("address", { compound: h.compoundName, building: h.building, unit: h.unit, room: h.room })}
              </strong>
            </Link>
            <span>
              {h.headName ? `${t("list.headLine", { name: h.headName })} ` : null}
              <span className={`badge level-${h.hardshipLevel}`}>
                {t(`hardshipLevel.${h.hardshipLevel}`)}
              </span>
            </span>
            <span className="overdue">
              {t("list.overdue")} · {t("list.due", { date: day(h.nextVerificationDue) })}
            </span>
            <Link to={`/households/${h.id}/verify`}>{t("record.verify")}</Link>
          </li>
        ))}
      </ul>
      <nav className="pagination" aria-label={t("list.page", { page: list.page })}>
        {list.page > 1 ? <Link to={pageHref(list.page - 1)}>{t("list.previous")}</Link> : null}
        <span>{t("list.page", { page: list.page })}</span>
        {list.hasNext ? <Link to={pageHref(list.page + 1)}>{t("list.next")}</Link> : null}
      </nav>
    </div>
  );
}
