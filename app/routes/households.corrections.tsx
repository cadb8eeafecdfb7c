import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requestIp } from "#app/modules/audit/audit.server";
import { requirePermission } from "#app/modules/auth/guard.server";
import { listCorrections, refuseCorrection } from "#app/modules/households/corrections.server";
import { RefuseSchema } from "#app/modules/households/forms";
import { day } from "#app/modules/households/format";
import { requireSameOrigin } from "#app/modules/security/request-safety.server";
import { pageMeta } from "#app/modules/i18n/meta";

export const meta = pageMeta("households:corrections.title");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "household.handleCorrections");
  const status = new URL(request.url).searchParams.get("status") === "handled" ? "handled" : "open";
  return {
    status,
    corrections: await listCorrections(user, status === "open" ? "open" : "decided", requestIp(request)),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  requireSameOrigin(request);
  const user = await requirePermission(request, "household.handleCorrections");
  const formData = await request.formData();
  const id = Number(formData.get("id"));
  if (!Number.isSafeInteger(id) || id <= 0) throw new Response("Bad request", { status: 400 });
  const parsed = RefuseSchema.safeParse({ reason: formData.get("reason") ?? "" });
  if (!parsed.success) return data({ error: "corrections.reasonNeeded" as const, id }, { status: 400 });
  await refuseCorrection(user, id, parsed.data.reason, { ip: requestIp(request) });
  throw redirect("/households/corrections?notice=refused");
}

export default function Corrections() {
  const { status, corrections } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const { t } = useTranslation("households");
  return (
    <div className="stack">
      <p>
        <Link to="/households">← {t("record.back")}</Link>
      </p>
      <h1>{t("corrections.title")}</h1>
      {params.get("notice") === "refused" ? (
        <p className="notice" role="status">
          {t("corrections.refusedNotice")}
        </p>
      ) : null}
      {actionData?.error ? (
        <p className="form-error" role="alert">
          {t(actionData.error)}
        </p>
      ) : null}
      <nav className="link-row" aria-label={t("corrections.title")}>
        <Link to="?status=open" aria-current={status === "open" ? "page" : undefined}>
          {t("corrections.open")}
        </Link>
        <Link to="?status=handled" aria-current={status === "handled" ? "page" : undefined}>
          {t("corrections.handled")}
        </Link>
      </nav>
      {corrections.length === 0 ? <p>{t("corrections.none")}</p> : null}
      <ul className="household-list">
        {corrections.map((c) => (
          <li key={c.id} className="card">
            <strong>
              {t("address", { compound: c.compoundName, building: c.building, unit: c.unit, room: c.room })}
            </strong>
            <span className="muted">
              {t("corrections.from", { name: c.requesterName, date: day(c.createdAt) })}
            </span>
            {c.field ? <span>{c.field}</span> : null}
            <p>{c.text}</p>
            {c.status !== "open" ? (
              <span className="muted">
                {t(`mine.status.${c.status}`)}
                {c.decisionReason ? ` — ${c.decisionReason}` : ""}
              </span>
            ) : null}
            <div className="actions">
              <Link to={`/households/${c.householdId}`}>{t("corrections.openRecord")}</Link>
              {c.status === "open" ? (
                <Link className="button primary" to={`/households/${c.householdId}/edit?correction=${c.id}`}>
                  {t("corrections.apply")}
                </Link>
              ) : null}
            </div>
            {c.status === "open" ? (
              <Form
                method="post"
                className="form"
                onSubmit={(event) => {
                  if (!window.confirm(t("corrections.confirmRefuse"))) event.preventDefault();
                }}
              >
                <input type="hidden" name="id" value={c.id} />
                <div className="field">
                  <label htmlFor={`reason-${c.id}`}>{t("corrections.reason")}</label>
                  <input id={`reason-${c.id}`} name="reason" maxLength={300} required />
                </div>
                <button type="submit" className="secondary">
                  {t("corrections.refuse")}
                </button>
              </Form>
            ) : null}
          </li>
        ))}
      </ul>
    </div>
  );
}
