import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSubmit } from "@remix-run/react";
import { useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { requestIp } from "#app/modules/audit/audit.server";
import { requirePermission } from "#app/modules/auth/guard.server";
import {
  dryRunImport,
  importCompounds,
  readImportFile,
  runImport,
  type ImportEncoding,
  type ImportReport,
} from "#app/modules/households/import.server";
import { requireSameOrigin } from "#app/modules/security/request-safety.server";
import { pageMeta } from "#app/modules/i18n/meta";

export const meta = pageMeta("households:import.title");

const maxBytes = 5 * 1024 * 1024;

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "household.import");
  return { compounds: (await importCompounds(user)).map((c) => ({ code: c.code, name: c.name })) };
}

type ActionResult =
  | {
      intent: "dry" | "run";
      ok: boolean;
      report: ImportReport;
      encoding: ImportEncoding;
      /** Which file was read, so that the page can tell whether the file now chosen is the one checked. */
      file: { name: string; size: number };
      fileError?: undefined;
    }
  | { fileError: string; intent?: undefined };

export async function action({ request }: ActionFunctionArgs) {
  requireSameOrigin(request);
  const user = await requirePermission(request, "household.import");
  const form = await request.formData();
  const file = form.get("file");
  const intent = form.get("intent") === "run" ? "run" : "dry";
  if (!(file instanceof File) || file.size === 0 || file.size > maxBytes)
    return data<ActionResult>({ fileError: "households:validation.file" }, { status: 400 });
  const read = await readImportFile(new Uint8Array(await file.arrayBuffer()), file.name);
  if (!read) return data<ActionResult>({ fileError: "households:import.invalidWorkbook" }, { status: 400 });
  const about = { encoding: read.encoding, file: { name: file.name, size: file.size } };
  if (intent === "dry") {
    const report = await dryRunImport(user, read.text);
    return data<ActionResult>({ intent, ok: report.problems.length === 0, report, ...about });
  }
  const outcome = await runImport(user, read.text, { ip: requestIp(request) });
  return data<ActionResult>({ intent, ...outcome, ...about }, { status: outcome.ok ? 200 : 400 });
}

export default function ImportHouseholds() {
  const { compounds } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const submit = useSubmit();
  const fileInput = useRef<HTMLInputElement>(null);
  // Set when "import" was pressed on a file not yet checked: it is checked first, and the page says so.
  const [checkedFirst, setCheckedFirst] = useState(false);
  const { t } = useTranslation("households");
  const busy = navigation.state !== "idle";
  const report = result && "report" in result ? result.report : undefined;
  // The counts a confirmation may show: those of a clean dry run of the very file now chosen.
  const checkedCounts = () => {
    const chosen = fileInput.current?.files?.[0];
    if (!result?.intent || result.intent !== "dry" || !result.ok || !chosen) return null;
    if (chosen.name !== result.file.name || chosen.size !== result.file.size) return null;
    return { create: result.report.create.length, change: result.report.change.length };
  };
  return (
    <div className="stack">
      <p>
        <Link to="/households">← {t("record.back")}</Link>
      </p>
      <h1>{t("import.title")}</h1>
      <p>{t("import.lead")}</p>
      <p className="link-row">
        <a href="/households/template.xlsx" download>
          {t("import.template")}
        </a>
        <a href="/households/template.csv" download>
          {t("import.templateCsv")}
        </a>
      </p>
      {compounds.length > 0 ? (
        <details>
          <summary>{t("import.accepted")}</summary>
          <ul>
            {compounds.map((c) => (
              <li key={c.code}>
                {c.code} {c.name}
              </li>
            ))}
          </ul>
        </details>
      ) : null}
      <Form
        method="post"
        encType="multipart/form-data"
        className="form card"
        onSubmit={(event) => {
          const submitter = (event.nativeEvent as SubmitEvent).submitter;
          setCheckedFirst(false);
          if (!(submitter instanceof HTMLButtonElement) || submitter.value !== "run") return;
          const counts = checkedCounts();
          if (counts) {
            if (!window.confirm(t("import.confirm", counts))) event.preventDefault();
            return;
          }
          // No counts to confirm yet: check the file first; the person imports after reading the result.
          event.preventDefault();
          const form = new FormData(event.currentTarget);
          form.set("intent", "dry");
          setCheckedFirst(true);
          submit(form, { method: "post", encType: "multipart/form-data" });
        }}
      >
        <div className="field">
          <label htmlFor="file">{t("import.file")}</label>
          <input
            id="file"
            name="file"
            type="file"
            ref={fileInput}
            accept=".csv,.xlsx,.txt"
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
      {checkedFirst && result?.intent === "dry" ? <p className="notice">{t("import.checkFirst")}</p> : null}
      {report && result?.intent ? (
        <ImportResult intent={result.intent} ok={result.ok} report={report} encoding={result.encoding} />
      ) : null}
    </div>
  );
}

function ImportResult({
  intent,
  ok,
  report,
  encoding,
}: {
  intent: "dry" | "run";
  ok: boolean;
  report: ImportReport;
  encoding: ImportEncoding;
}) {
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
      <p className="hint">{t("import.encoding.label", { encoding: t(`import.encoding.${encoding}`) })}</p>
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
                    <td>{p.column ? t(`import.header.${p.column}`) : "—"}</td>
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
