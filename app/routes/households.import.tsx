import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requestIp } from "#app/modules/audit/audit.server";
import { requirePermission } from "#app/modules/auth/guard.server";
import { dryRunImport, runImport, type ImportReport } from "#app/modules/households/import.server";
import { requireSameOrigin } from "#app/modules/security/request-safety.server";
import { pageMeta } from "#app/modules/i18n/meta";

export const meta = pageMeta("households:import.title");

const maxBytes = 5 * 1024 * 1024;

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "household.import");
  return null;
}

type ActionResult =
  | { intent: "dry" | "run"; ok: boolean; report: ImportReport; fileError?: undefined }
  | { fileError: string; intent?: undefined };

export async function action({ request }: ActionFunctionArgs) {
  requireSameOrigin(request);
  const user = await requirePermission(request, "household.import");
  const form = await request.formData();
  const file = form.get("file");
  const intent = form.get("intent") === "run" ? "run" : "dry";
  if (!(file instanceof File) || file.size === 0 || file.size > maxBytes)
    return data<ActionResult>({ fileError: "households:validation.file" }, { status: 400 });
  const text = await file.text();
  if (intent === "dry") {
    const report = await dryRunImport(user, text);
    return data<ActionResult>({ intent, ok: report.problems.length === 0, report });
  }
  const outcome = await runImport(user, text, { ip: requestIp(request) });
  return data<ActionResult>({ intent, ...outcome }, { status: outcome.ok ? 200 : 400 });
}

export default function ImportHouseholds() {
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const { t } = useTranslation("households");
  const busy = navigation.state !== "idle";
  const report = result && "report" in result ? result.report : undefined;
  return (
    <div className="stack">
      <p>
        <Link to="/households">← {t("record.back")}</Link>
      </p>
      <h1>{t("import.title")}</h1>
      <p>{t("import.lead")}</p>
      <p>
        <a href="/households/template.csv" download>
          {t("import.template")}
        </a>
      </p>
      <Form
        method="post"
        encType="multipart/form-data"
        className="form card"
        onSubmit={(event) => {
          const submitter = (event.nativeEvent as SubmitEvent).submitter;
          if (
            submitter instanceof HTMLButtonElement &&
            submitter.value === "run" &&
            !window.confirm(
              t("import.confirm", {
                create: report?.create.length ?? "?",
                change: report?.change.length ?? "?",
              }),
            )
          )
            event.preventDefault();
        }}
      >
        <div className="field">
          <label htmlFor="file">{t("import.file")}</label>
          <input
            id="file"
            name="file"
            type="file"
            accept=".csv,text/csv"
            required
            aria-invalid={result?.fileError ? true : undefined}
            aria-describedby={result?.fileError ? "file-error" : undefined}
          />
          {result?.fileError ? (
            <p id="file-error" className="field-error">
              {t(result.fileError as never)}
            </p>
          ) : null}
        </div>
        <div className="actions">
          <button type="submit" name="intent" value="dry" className="secondary" disabled={busy}>
            {t("import.dryRun")}
          </button>
          <button type="submit" name="intent" value="run" className="primary" disabled={busy}>
            {t("import.run")}
          </button>
        </div>
      </Form>
      {report && result?.intent ? (
        <ImportResult intent={result.intent} ok={result.ok} report={report} />
      ) : null}
    </div>
  );
}

function ImportResult({ intent, ok, report }: { intent: "dry" | "run"; ok: boolean; report: ImportReport }) {
  const { t } = useTranslation("households");
  const counts = {
    rows: report.rows,
    create: report.create.length,
    change: report.change.length,
    unchanged: report.unchanged,
  };
  return (
    <section aria-labelledby="result-title" className="stack" role="status">
      <h2 id="result-title">
        {intent === "run" && ok ? t("import.done", counts) : t("import.summary", counts)}
      </h2>
      {report.problems.length > 0 ? (
        <>
          <h3 className="field-error">{intent === "run" ? t("import.problems") : t("import.problemsDry")}</h3>
          <div className="table-scroll">
            <table className="problems">
              <thead>
                <tr>
                  <th scope="col">{t("import.row")}</th>
                  <th scope="col">{t("import.column")}</th>
                  <th scope="col">{t("import.problemHeading")}</th>
                  <th scope="col">{t("import.value")}</th>
                </tr>
              </thead>
              <tbody>
                {report.problems.map((p, i) => (
                  <tr key={i}>
                    <td>{p.row}</td>
                    <td>{p.column ?? "—"}</td>
                    <td>{t(`households:${p.message}` as never)}</td>
                    <td>{p.value ?? ""}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      ) : intent === "dry" ? (
        <p className="notice">{t("import.noProblems")}</p>
      ) : null}
      {report.create.length > 0 ? (
        <details>
          <summary>
            {t("import.willCreate")} ({report.create.length})
          </summary>
          <ul>
            {report.create.map((c) => (
              <li key={c.row}>
                {t("import.row")} {c.row}: {c.address} ({c.members})
              </li>
            ))}
          </ul>
        </details>
      ) : null}
      {report.change.length > 0 ? (
        <details>
          <summary>
            {t("import.willChange")} ({report.change.length})
          </summary>
          <ul>
            {report.change.map((c) => (
              <li key={c.row}>
                <Link to={`/households/${c.householdId}`}>{c.address}</Link>:{" "}
                {c.changes.map((f) => `${f.field}: ${f.before ?? "—"} → ${f.after ?? "—"}`).join("; ")}
              </li>
            ))}
          </ul>
        </details>
      ) : null}
    </section>
  );
}
