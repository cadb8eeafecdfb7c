import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { assertPermission, requirePermission } from "#app/modules/auth/guard.server";
import { can } from "#app/modules/auth/policy";
import { pageMeta } from "#app/modules/i18n/meta";
import { escalateOverdueCases } from "#app/modules/programmes/escalation.server";
import { listProgrammes } from "#app/modules/programmes/programmes.server";
import { requireSameOrigin } from "#app/modules/security/request-safety.server";
import programmeStylesUrl from "#app/styles/programmes.css?url";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: programmeStylesUrl }];
export const meta = pageMeta("programmes:title");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "programme.read");
  return { programmes: await listProgrammes(user), mayEscalate: can(user, "programme.escalate") };
}

/** Runs the escalation tick now (it also runs every minute on its own). */
export async function action({ request }: ActionFunctionArgs) {
  requireSameOrigin(request);
  const user = await requirePermission(request, "programme.read");
  assertPermission(user, "programme.escalate");
  const escalated = await escalateOverdueCases();
  throw redirect(`/programmes?escalated=${escalated}`);
}

export default function Programmes() {
  const { programmes, mayEscalate } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const { t } = useTranslation("programmes");
  const escalated = params.get("escalated");
  return (
    <section className="stack" aria-labelledby="programmes-title">
      <div className="page-head">
        <h1 id="programmes-title">{t("title")}</h1>
        <div className="actions">
          <Link className="button primary" to="/programmes/new">
            {t("new")}
          </Link>
          {mayEscalate ? (
            <Form method="post">
              <button type="submit" className="button secondary">
                {t("runEscalation")}
              </button>
            </Form>
          ) : null}
        </div>
      </div>
      <p>{t("intro")}</p>
      {escalated !== null && /^\d+$/.test(escalated) ? (
        <p className="notice" role="status">
          {t("escalationRan", { count: Number(escalated) })}
        </p>
      ) : null}
      {programmes.length === 0 ? (
        <p>{t("empty")}</p>
      ) : (
        <ul className="programme-list">
          {programmes.map((p) => (
            <li key={p.id} className="programme-card">
              <h2>
                <Link to={`/programmes/${p.id}`}>{p.name}</Link>
              </h2>
              <p className="muted">
                {t(`kind.${p.kind}`)} · {t(`status.${p.status}`)} ·{" "}
                {t("page.leaderLine", { name: p.leaderName })}
              </p>
              <dl className="programme-counts">
                <div>
                  <dt>{t("columns.openCases")}</dt>
                  <dd>{p.openCases}</dd>
                </div>
                <div>
                  <dt>{t("columns.escalated")}</dt>
                  <dd>
                    {p.escalatedCases > 0 ? (
                      <strong className="badge escalated">{p.escalatedCases}</strong>
                    ) : (
                      0
                    )}
                  </dd>
                </div>
              </dl>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
