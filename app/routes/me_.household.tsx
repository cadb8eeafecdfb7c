import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Field } from "#app/components/field";
import { FormErrors } from "#app/components/form-errors";
import { HouseholdRecord } from "#app/components/household-record";
import { accessLineText, householdAccessLog } from "#app/modules/audit/access-log.server";
import { requestIp } from "#app/modules/audit/audit.server";
import { forbidden, requireUser } from "#app/modules/auth/guard.server";
import { myCorrections, requestCorrection } from "#app/modules/households/corrections.server";
import { CorrectionSchema } from "#app/modules/households/forms";
import { day } from "#app/modules/households/format";
import { householdIdOfResident } from "#app/modules/households/facts.server";
import { readHousehold } from "#app/modules/households/reader.server";
import { requireSameOrigin } from "#app/modules/security/request-safety.server";
import { getT } from "#app/modules/i18n/i18n";
import { getLocale } from "#app/modules/i18n/locale.server";
import { pageMeta } from "#app/modules/i18n/meta";
import { getSettings } from "#app/modules/settings/settings.server";
import auditStylesUrl from "#app/styles/audit.css?url";
import privacyStylesUrl from "#app/styles/privacy.css?url";

export const meta = pageMeta("households:mine.title");

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: auditStylesUrl },
  { rel: "stylesheet", href: privacyStylesUrl },
];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const householdId = await householdIdOfResident(user.id);
  if (householdId === null) return { record: null, requests: [], looked: null };
  const opened = await readHousehold(user, householdId, { via: "me.household", ip: requestIp(request) });
  if (!opened.ok) throw forbidden();
  const before = Number(new URL(request.url).searchParams.get("looked"));
  const settings = await getSettings();
  const [requests, log] = await Promise.all([
    myCorrections(user, householdId),
    householdAccessLog(user, householdId, {
      zone: settings.timeZone,
      before: Number.isSafeInteger(before) && before > 0 ? before : undefined,
    }),
  ]);
  const t = getT(getLocale(request));
  return {
    record: opened.value,
    requests,
    looked: log && {
      lines: log.lines.map((line) => accessLineText(line, t, settings.timeZone)),
      paged: before > 0,
      olderHref: log.nextBefore ? `?looked=${log.nextBefore}#looked-title` : null,
    },
  };
}

export async function action({ request }: ActionFunctionArgs) {
  requireSameOrigin(request);
  const user = await requireUser(request);
  const submission = parseWithZod(await request.formData(), { schema: CorrectionSchema });
  if (submission.status !== "success") return data({ result: submission.reply() }, { status: 400 });
  const householdId = await householdIdOfResident(user.id);
  if (householdId === null) throw forbidden();
  const outcome = await requestCorrection(user, householdId, submission.value, { ip: requestIp(request) });
  if (!outcome.ok) throw forbidden();
  throw redirect("/me/household?notice=sent");
}

export default function MyHousehold() {
  const { record, requests, looked } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const { t } = useTranslation("households");
  const [form, fields] = useForm({
    id: "correction",
    lastResult: actionData?.result,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: CorrectionSchema }),
    shouldValidate: "onBlur",
  });
  if (!record)
    return (
      <div className="stack narrow">
        <h1>{t("mine.title")}</h1>
        <p>{t("mine.none")}</p>
      </div>
    );
  return (
    <div className="stack narrow">
      <h1>{t("mine.title")}</h1>
      {params.get("notice") === "sent" ? (
        <p className="notice" role="status">
          {t("mine.sent")}
        </p>
      ) : null}
      <p>{t("mine.readOnly")}</p>
      <h2>
        {t("address", {
          compound: record.compoundName,
          building: record.building,
          unit: record.unit,
          room: record.room,
        })}
      </h2>
      <HouseholdRecord record={record} showHistory={false} />
      {record.can.correct ? (
        <section aria-labelledby="wrong-title" className="card">
          <h2 id="wrong-title">{t("mine.wrongTitle")}</h2>
          <Form method="post" className="form" {...getFormProps(form)}>
            <FormErrors id={form.errorId} errors={form.errors} />
            <Field meta={fields.field} label={t("mine.wrongField")} />
            <div className="field">
              <label htmlFor={fields.text.id}>{t("mine.wrongText")}</label>
              <textarea
                id={fields.text.id}
                name={fields.text.name}
                rows={4}
                maxLength={1000}
                aria-invalid={fields.text.errors ? true : undefined}
                aria-describedby={fields.text.errors ? `${fields.text.id}-error` : undefined}
              />
              {fields.text.errors ? (
                <p id={`${fields.text.id}-error`} className="field-error">
                  {fields.text.errors.map((e) => t(e as never)).join(" ")}
                </p>
              ) : null}
            </div>
            <button type="submit" className="primary">
              {t("mine.send")}
            </button>
          </Form>
        </section>
      ) : null}
      {requests.length > 0 ? (
        <section aria-labelledby="requests-title">
          <h2 id="requests-title">{t("mine.requests")}</h2>
          <ul className="link-list">
            {requests.map((r) => (
              <li key={r.id}>
                {day(r.createdAt)} · {t(`mine.status.${r.status}`)} — {r.text}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {looked ? <WhoLooked {...looked} /> : null}
    </div>
  );
}

function WhoLooked({
  lines,
  paged,
  olderHref,
}: {
  lines: { key: string; who: string; what: string; when: string }[];
  paged: boolean;
  olderHref: string | null;
}) {
  const { t } = useTranslation("audit");
  return (
    <section aria-labelledby="looked-title" className="card">
      <h2 id="looked-title">{t("access.title")}</h2>
      <p>{t("access.lead")}</p>
      {lines.length === 0 ? (
        <p>{t("access.empty")}</p>
      ) : (
        <ol className="audit-access" data-testid="who-looked">
          {lines.map((line) => (
            <li key={line.key}>
              <span className="audit-access-who">{line.who}</span>{" "}
              <span className="audit-access-what">{line.what}</span>
              <span className="audit-access-when">{line.when}</span>
            </li>
          ))}
        </ol>
      )}
      <p className="pager">
        {paged ? <Link to="/me/household#looked-title">{t("access.newer")}</Link> : null}
        {olderHref ? <Link to={olderHref}>{t("access.older")}</Link> : null}
      </p>
    </section>
  );
}
