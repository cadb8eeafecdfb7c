import type { ActionFunctionArgs, LoaderFunctionArgs, LinksFunction } from "@remix-run/node";
import { data, unstable_parseMultipartFormData, unstable_createMemoryUploadHandler } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requirePermission } from "#app/modules/auth/guard.server";
import { requestMeta } from "#app/modules/auth/sign-in.server";
import { importRosterCsv, type ImportErrorKey } from "#app/modules/roster/csv.server";
import { compoundOptionsFor } from "#app/modules/roster/roster.server";
import { requireSameOrigin } from "#app/modules/security/request-safety.server";
import rosterStylesUrl from "#app/styles/roster.css?url";
import { pageMeta } from "#app/modules/i18n/meta";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: rosterStylesUrl }];

export const meta = pageMeta("roster:import.title");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "roster.manage");
  return { compounds: await compoundOptionsFor(user) };
}

const maxBytes = 2_000_000;

export async function action({ request }: ActionFunctionArgs) {
  requireSameOrigin(request);
  const user = await requirePermission(request, "roster.manage");
  const form = await unstable_parseMultipartFormData(
    request,
    unstable_createMemoryUploadHandler({ maxPartSize: maxBytes }),
  ).catch(() => null);
  const file = form?.get("file");
  if (!form || !(file instanceof File) || file.size === 0)
    return data({ fileError: "roster:validation.fileRequired", result: null }, { status: 400 });
  const dryRun = form.get("intent") !== "commit";
  const result = await importRosterCsv(user, await file.text(), { dryRun }, requestMeta(request));
  return data({ fileError: null, result }, { status: result.ok ? 200 : 400 });
}

export default function RosterImport() {
  const actionData = useActionData<typeof action>();
  const { compounds } = useLoaderData<typeof loader>();
  const { t } = useTranslation("roster");
  const { t: tl } = useTranslation("lifecycle");
  const result = actionData?.result;
  return (
    <div className="stack narrow">
      <p>
        <Link to="/roster?view=table">← {t("title")}</Link>
      </p>
      <h1>{t("import.title")}</h1>
      <p className="hint import-lead">{t("import.lead")}</p>
      <Form method="post" encType="multipart/form-data" className="form">
        <div className="field">
          <label htmlFor="file">{t("import.file")}</label>
          <input
            id="file"
            name="file"
            type="file"
            accept=".csv,text/csv"
            required
            aria-invalid={actionData?.fileError ? true : undefined}
            aria-describedby={actionData?.fileError ? "file-error" : undefined}
          />
          {actionData?.fileError ? (
            <p id="file-error" className="field-error">
              {t(actionData.fileError as "validation.fileRequired")}
            </p>
          ) : null}
        </div>
        <div className="actions">
          <button type="submit" name="intent" value="dryRun" className="secondary">
            {t("import.dryRun")}
          </button>
          <button type="submit" name="intent" value="commit" className="primary">
            {t("import.commit")}
          </button>
        </div>
      </Form>
      {result?.ok ? (
        <p className="notice" role="status">
          {t(result.committed ? "import.imported" : "import.ok", {
            created: result.created,
            updated: result.updated,
          })}
        </p>
      ) : null}
      {result && !result.ok ? (
        <section className="stack" role="alert">
          <p className="form-error">{t("import.failed", { count: result.errors.length })}</p>
          <ul className="import-errors">
            {result.errors.map((e, i) => (
              <li key={i}>
                {t("import.row", { row: e.row })}:{" "}
                {t(`import.errors.${e.key as ImportErrorKey}`, { expected: e.values?.expected ?? "" })}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <section aria-labelledby="compounds-title" className="stack">
        <h2 id="compounds-title">{tl("import.compoundsTitle")}</h2>
        <p className="hint">{tl("import.compoundsHint")}</p>
        <div className="table-scroll">
          <table className="compound-codes">
            <thead>
              <tr>
                <th scope="col">{tl("import.code")}</th>
                <th scope="col">{tl("import.name")}</th>
              </tr>
            </thead>
            <tbody>
              {compounds.map((c) => (
                <tr key={c.id}>
                  <td>
                    <code>{c.code}</code>
                  </td>
                  <td>{c.name}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
    </div>
  );
}
