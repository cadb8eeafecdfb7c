import type { LoaderFunctionArgs, LinksFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requirePermission } from "#app/modules/auth/guard.server";
import { can } from "#app/modules/auth/policy";
import { loadFilters, skills, tiers } from "#app/modules/roster/codes";
import { RosterFilterSchema, tableFilters } from "#app/modules/roster/roster-filters";
import { reachOf } from "#app/modules/auth/scope.server";
import { subtreeMembers } from "#app/modules/roster/linkage.server";
import { volunteerInReach } from "#app/modules/roster/reach.server";
import { compoundOptionsFor, linkageRoots, listVolunteers } from "#app/modules/roster/roster.server";
import rosterStylesUrl from "#app/styles/roster.css?url";
import { pageMeta } from "#app/modules/i18n/meta";
import { useListFormat } from "#app/modules/i18n/list";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: rosterStylesUrl }];

export const meta = pageMeta("roster:title");

/** What one page of the linkage tree shows: two levels below its root, or one when two would be crowded. */
const treePage = { maxDepth: 2, maxNodes: 40 };

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "roster.tree");
  const f = RosterFilterSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const reach = await reachOf(user);
  // Staff see the linkage of their compounds, from any root in it; a cadre their own part of it.
  const staff = can(user, "roster.readAll");
  const asked = f.root && (await volunteerInReach(user, f.root)) ? f.root : undefined;
  const root = asked ?? (staff ? undefined : user.id);
  const [tree, roots, table, compounds] = await Promise.all([
    f.view === "tree" && root ? subtreeMembers(root, { ...treePage, dropLeft: true }) : Promise.resolve(null),
    f.view === "tree" && staff && !root ? linkageRoots(user) : Promise.resolve(null),
    f.view === "table" ? listVolunteers({ ...tableFilters(f), reach, page: f.page }) : Promise.resolve(null),
    compoundOptionsFor(user),
  ]);
  return { view: f.view, tree, roots, table, compounds, staff: can(user, "roster.manage") };
}

type TreeMember = NonNullable<Awaited<ReturnType<typeof loader>>["tree"]>[number];

interface TreeLabels {
  tier: Record<number, string>;
  load: string;
  under: (count: number) => string;
  branch: (count: number) => string;
  disabled: string;
}

// Translated once per page rather than per node, and plain links rather than <Link>: server rendering time
// grows with every component in the tree. Up to two levels below its root are shown (treePage); a person on
// the last level links to their own branch (subtreeMembers).
function TreeNode({
  member,
  children,
  labels,
}: {
  member: TreeMember;
  children: Map<number, TreeMember[]>;
  labels: TreeLabels;
}) {
  const below = children.get(member.id) ?? [];
  const label = (
    <span className="tree-label">
      <a href={`/roster/volunteers/${member.id}`}>{member.name}</a>
      <span className={`tier-badge tier-${member.tier ?? 0}`}>{labels.tier[member.tier ?? 0]}</span>
      <span className="muted">
        {member.compoundName} · {labels.load} {member.load}/{member.capacity}
        {member.disabled ? ` · ${labels.disabled}` : ""}
      </span>
    </span>
  );
  if (below.length === 0)
    return (
      <li className="tree-leaf">
        {label}
        {member.reportsNotShown > 0 ? (
          <>
            {" "}
            <a href={`?view=tree&root=${member.id}`} className="tree-branch-link">
              {labels.branch(member.reportsNotShown)}
            </a>
          </>
        ) : null}
      </li>
    );
  return (
    <li>
      {label}
      {/* The link stays outside the summary: a link inside a disclosure button is a nested control (axe). */}
      <details open={member.depth === 0} className="tree-children">
        <summary>
          <span className="visually-hidden">{member.name}: </span>
          <span className="badge">{labels.under(below.length)}</span>
        </summary>
        <ul className="tree">
          {below.map((m) => (
            <TreeNode key={m.id} member={m} children={children} labels={labels} />
          ))}
        </ul>
      </details>
    </li>
  );
}

export default function Roster() {
  const { view, tree, roots, table, compounds, staff } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const { t } = useTranslation("roster");
  const { t: tl } = useTranslation("lifecycle");
  const list = useListFormat();
  const withParams = (changes: Record<string, string | null>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(changes)) {
      if (v === null) next.delete(k);
      else next.set(k, v);
    }
    return `?${next.toString()}`;
  };
  const children = new Map<number, TreeMember[]>();
  for (const m of tree ?? []) {
    if (m.depth === 0 || m.supervisorId === null) continue;
    children.set(m.supervisorId, [...(children.get(m.supervisorId) ?? []), m]);
  }
  const top = tree?.find((m) => m.depth === 0);
  const labels: TreeLabels = {
    tier: { 0: "", 1: t("tier.1"), 2: t("tier.2"), 3: t("tier.3"), 4: t("tier.4") },
    load: t("tree.load"),
    under: (count) => t("tree.under", { count }),
    branch: (count) => t("tree.showBranchOf", { count }),
    disabled: t("tree.disabled"),
  };
  const exportParams = new URLSearchParams(params);
  exportParams.delete("view");
  exportParams.delete("page");
  return (
    <div className="stack">
      <div className="page-head">
        <h1>{t("title")}</h1>
        <nav className="actions" aria-label={t("title")}>
          <Link to="/pairings">{t("pairings.link")}</Link>
          {staff ? (
            <>
              <Link to="/roster/coverage">{t("links.coverage")}</Link>
              <Link to="/roster/reassign">{t("links.reassign")}</Link>
              <Link to="/roster/import">{t("links.import")}</Link>
            </>
          ) : null}
        </nav>
      </div>
      <p className="muted">{t("lead")}</p>
      <nav className="roster-tabs" aria-label={t("title")}>
        <Link to="?view=tree" aria-current={view === "tree" ? "page" : undefined}>
          {t("views.tree")}
        </Link>
        <Link to="?view=table" aria-current={view === "table" ? "page" : undefined}>
          {t("views.table")}
        </Link>
      </nav>

      {roots ? (
        <section aria-labelledby="roots-title" className="stack">
          <h2 id="roots-title">{t("tree.roots")}</h2>
          <p className="hint">{t("tree.rootsHint")}</p>
          {roots.length === 0 ? <p>{t("tree.empty")}</p> : null}
          <ul className="link-list roots">
            {roots.map((r) => (
              <li key={r.id}>
                <Link to={`?view=tree&root=${r.id}`}>{r.name}</Link>{" "}
                <span className="muted">
                  {r.compoundName} · {t("tree.under", { count: r.below })}
                </span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      {top && params.get("root") ? (
        <p>
          <Link to="?view=tree">{t("tree.backToTop")}</Link>
        </p>
      ) : null}
      {top ? (
        <ul className="tree tree-root" aria-label={t("views.tree")}>
          <TreeNode member={top} children={children} labels={labels} />
        </ul>
      ) : null}

      {table ? (
        <section className="stack" aria-label={t("views.table")}>
          <Form method="get" className="filters roster-filters" role="search" aria-label={t("table.filters")}>
            <input type="hidden" name="view" value="table" />
            <div className="field">
              <label htmlFor="compound">{t("table.compound")}</label>
              <select id="compound" name="compound" defaultValue={params.get("compound") ?? ""}>
                <option value="">{t("table.any")}</option>
                {compounds.map((c) => (
                  <option key={c.id} value={c.id}>
                    {c.name}
                  </option>
                ))}
              </select>
            </div>
            <div className="field">
              <label htmlFor="tier">{t("table.tier")}</label>
              <select id="tier" name="tier" defaultValue={params.get("tier") ?? ""}>
                <option value="">{t("table.any")}</option>
                {tiers.map((n) => (
                  <option key={n} value={n}>
                    {t(`tier.${n}`)}
                  </option>
                ))}
              </select>
            </div>
            <div className="field">
              <label htmlFor="load">{t("table.load")}</label>
              <select id="load" name="load" defaultValue={params.get("load") ?? ""}>
                <option value="">{t("table.any")}</option>
                {loadFilters.map((l) => (
                  <option key={l} value={l}>
                    {t(`load.${l}`)}
                  </option>
                ))}
              </select>
            </div>
            <div className="field">
              <label htmlFor="skill">{t("table.skill")}</label>
              <select id="skill" name="skill" defaultValue={params.get("skill") ?? ""}>
                <option value="">{t("table.any")}</option>
                {skills.map((s) => (
                  <option key={s} value={s}>
                    {t(`skill.${s}`)}
                  </option>
                ))}
              </select>
            </div>
            <div className="field">
              <label htmlFor="status">{tl("filter.status")}</label>
              <select id="status" name="status" defaultValue={params.get("status") ?? ""}>
                <option value="">{tl("filter.active")}</option>
                <option value="left">{tl("filter.left")}</option>
              </select>
            </div>
            <button type="submit" className="secondary">
              {t("table.apply")}
            </button>
          </Form>
          <div className="page-head">
            <p role="status">{t("table.count", { count: table.total })}</p>
            <span className="button-row">
              <a href={`/roster/export.csv?${exportParams.toString()}`} download>
                {t("links.export")}
              </a>
              <a href={`/roster/export.xlsx?${exportParams.toString()}`} download>
                {t("links.exportXlsx")}
              </a>
            </span>
          </div>
          <div className="table-scroll">
            <table className="roster-table">
              <thead>
                <tr>
                  <th scope="col">{t("table.name")}</th>
                  <th scope="col">{t("table.tier")}</th>
                  <th scope="col">{t("table.supervisor")}</th>
                  <th scope="col">{t("table.compounds")}</th>
                  <th scope="col">{t("table.phone")}</th>
                  <th scope="col">{t("table.skills")}</th>
                  <th scope="col">{t("table.availability")}</th>
                  <th scope="col">{t("table.loadColumn")}</th>
                </tr>
              </thead>
              <tbody>
                {table.rows.map((v) => (
                  <tr key={v.id}>
                    <td>
                      <Link to={`/roster/volunteers/${v.id}`}>{v.name}</Link>
                    </td>
                    <td>{v.tier ? t("tierShort", { tier: v.tier }) : ""}</td>
                    <td>{v.supervisorName ?? "—"}</td>
                    <td>{list([v.compoundName, v.extraCompounds].filter((c): c is string => Boolean(c)))}</td>
                    <td>{v.phone ?? ""}</td>
                    <td>{list(v.skills.map((s) => t(`skill.${s}`)))}</td>
                    <td>{v.availability ?? ""}</td>
                    <td className={v.load >= v.capacity ? "load-full" : undefined}>
                      {v.load}/{v.capacity}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <nav className="pagination" aria-label={t("table.pagination")}>
            {table.page > 1 ? (
              <Link to={withParams({ page: String(table.page - 1) })}>{t("table.previous")}</Link>
            ) : null}
            <span>{t("table.pageOf", { page: table.page, pages: table.pageCount })}</span>
            {table.page < table.pageCount ? (
              <Link to={withParams({ page: String(table.page + 1) })}>{t("table.next")}</Link>
            ) : null}
          </nav>
        </section>
      ) : null}
    </div>
  );
}
