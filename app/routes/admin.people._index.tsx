import type { LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { roles } from "#db/schema/core";
import { requirePermission } from "#app/modules/auth/guard.server";
import { compoundChoices, listPeople } from "#app/modules/people/people.server";
import { pageMeta } from "#app/modules/i18n/meta";

// Unknown or malformed filters are dropped rather than refused: the list is a search, not a write.
const FilterSchema = z.object({
  q: z.string().trim().max(100).optional().catch(undefined),
  role: z.enum(roles).optional().catch(undefined),
  tier: z.coerce.number().int().min(1).max(4).optional().catch(undefined),
  compound: z.coerce.number().int().positive().optional().catch(undefined),
  status: z.enum(["active", "disabled"]).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(100_000).optional().catch(undefined),
});

export const meta = pageMeta("auth:people.title");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "people.list");
  const f = FilterSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const [people, compounds] = await Promise.all([
    listPeople(user, {
      q: f.q || undefined,
      role: f.role,
      tier: f.tier,
      compoundId: f.compound,
      disabled: f.status === undefined ? undefined : f.status === "disabled",
      page: f.page,
    }),
    compoundChoices(user),
  ]);
  return { people, compounds };
}

export default function People() {
  const { people, compounds } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const { t } = useTranslation("auth");
  const { t: tl } = useTranslation("lifecycle");
  const pageHref = (page: number) => {
    const next = new URLSearchParams(params);
    next.set("page", String(page));
    return `?${next.toString()}`;
  };
  return (
    <div className="stack">
      <div className="page-head">
        <h1>{t("people.title")}</h1>
        <div className="actions">
          <Link className="button secondary" to="/admin/people/invitations">
            {tl("invitations.link")}
          </Link>
          <Link className="button primary" to="/admin/people/invite">
            {t("people.invite")}
          </Link>
        </div>
      </div>
      <Form method="get" className="filters" role="search" aria-label={t("people.filters")}>
        <div className="field">
          <label htmlFor="q">{t("people.search")}</label>
          <input id="q" name="q" type="search" defaultValue={params.get("q") ?? ""} />
        </div>
        <div className="field">
          <label htmlFor="role">{t("people.role")}</label>
          <select id="role" name="role" defaultValue={params.get("role") ?? ""}>
            <option value="">{t("people.any")}</option>
            {roles.map((r) => (
              <option key={r} value={r}>
                {t(`roles.${r}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="tier">{t("people.tier")}</label>
          <select id="tier" name="tier" defaultValue={params.get("tier") ?? ""}>
            <option value="">{t("people.any")}</option>
            {([1, 2, 3, 4] as const).map((n) => (
              <option key={n} value={n}>
                {t(`tiers.${n}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="compound">{t("register.compound")}</label>
          <select id="compound" name="compound" defaultValue={params.get("compound") ?? ""}>
            <option value="">{t("people.any")}</option>
            {compounds.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="status">{t("people.status")}</label>
          <select id="status" name="status" defaultValue={params.get("status") ?? ""}>
            <option value="">{t("people.any")}</option>
            <option value="active">{t("people.active")}</option>
            <option value="disabled">{t("people.disabled")}</option>
          </select>
        </div>
        <button type="submit" className="secondary">
          {t("people.apply")}
        </button>
      </Form>
      <p role="status">{t("people.count", { count: people.total })}</p>
      <ul className="people-list">
        {people.rows.map((p) => (
          <li key={p.id} className="card">
            <Link to={`/admin/people/${p.id}`}>
              <strong>{p.name}</strong>
            </Link>
            <span>
              {t(`roles.${p.role}`)}
              {p.volunteerTier ? ` · ${t(`tiers.${p.volunteerTier as 1 | 2 | 3 | 4}`)}` : ""}
              {p.compoundName ? ` · ${p.compoundName}` : ""}
            </span>
            <span className="muted">{p.email ?? p.phone}</span>
            {p.disabledAt ? <span className="badge">{t("people.disabled")}</span> : null}
            {p.invited ? <span className="badge">{t("people.invited")}</span> : null}
          </li>
        ))}
      </ul>
      <nav className="pagination" aria-label={t("people.pagination")}>
        {people.page > 1 ? <Link to={pageHref(people.page - 1)}>{t("people.previous")}</Link> : null}
        <span>{t("people.pageOf", { page: people.page, pages: people.pageCount })}</span>
        {people.page < people.pageCount ? (
          <Link to={pageHref(people.page + 1)}>{t("people.next")}</Link>
        ) : null}
      </nav>
    </div>
  );
}
