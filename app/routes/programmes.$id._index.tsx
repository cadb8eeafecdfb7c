import type { LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ProgrammeClears } from "#app/components/programme-clears";
import { requestIp } from "#app/modules/audit/audit.server";
import { requirePermission } from "#app/modules/auth/guard.server";
import { day } from "#app/modules/households/format";
import { pageMeta } from "#app/modules/i18n/meta";
import { casesOfProgramme } from "#app/modules/programmes/cases.server";
import { getProgramme, mayEditProgramme } from "#app/modules/programmes/programmes.server";
import { idParam } from "#app/modules/programmes/route-helpers";
import programmeStylesUrl from "#app/styles/programmes.css?url";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: programmeStylesUrl }];
export const meta = pageMeta<typeof loader>(({ data }) => data?.programme.name);

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "programme.read");
  const programme = await getProgramme(idParam(params.id));
  if (!programme) throw new Response("Not found", { status: 404 });
  const cases = await casesOfProgramme(user, programme.id, {
    via: "programmes.page",
    ip: requestIp(request),
  });
  return {
    programme,
    cases,
    // The edit page's own rule, so the button never leads to a refusal.
    mayEdit: await mayEditProgramme(user, programme),
  };
}

export default function ProgrammePage() {
  const { programme: p, cases, mayEdit } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const { t } = useTranslation("programmes");
  const notice = params.get("notice");
  return (
    <div className="stack">
      <p>
        <Link to="/programmes">← {t("page.back")}</Link>
      </p>
      <div className="page-head">
        <h1>{p.name}</h1>
        <div className="actions">
          {mayEdit ? (
            <Link className="button secondary" to={`/programmes/${p.id}/edit`}>
              {t("page.edit")}
            </Link>
          ) : null}
          <Link className="button secondary" to={`/programmes/${p.id}/plan`}>
            {t("page.plan")}
          </Link>
        </div>
      </div>
      {notice === "saved" ? (
        <p className="notice" role="status">
          {t("notice.saved")}
        </p>
      ) : null}
      <p className="muted">
        {t(`kind.${p.kind}`)} · {t(`status.${p.status}`)}
      </p>
      {p.plan ? <p className="programme-plan-text">{p.plan}</p> : null}
      <ProgrammeClears programme={p} />
      <section aria-labelledby="cases-title" className="stack">
        <h2 id="cases-title">{t("page.cases")}</h2>
        <p className="muted">{t("page.applyHint")}</p>
        {cases.length === 0 ? (
          <p>{t("page.noCases")}</p>
        ) : (
          <ul className="case-list">
            {cases.map((c) => (
              <li key={c.id} className="case-line">
                <Link to={`/programmes/${p.id}/cases/${c.id}`}>{c.address}</Link>
                <span>
                  {t(`caseStatus.${c.status}`)}
                  {c.status === "open" && c.stepName
                    ? ` · ${c.stepName} · ${t("case.dueBy", { date: day(c.stepDueAt) })}`
                    : ""}
                </span>
                {c.escalatedAt ? <span className="badge escalated">{t("page.escalated")}</span> : null}
                {!c.escalatedAt && c.overdue ? <span className="badge">{t("page.overdue")}</span> : null}
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
