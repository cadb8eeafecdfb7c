import { getFormProps, useForm, type SubmissionResult } from "@conform-to/react";
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
import { forbidden, requireUser, type CurrentUser } from "#app/modules/auth/guard.server";
import { can } from "#app/modules/auth/policy";
import { myLatestClaim, submitClaim, withdrawClaim } from "#app/modules/households/claims.server";
import { listCompounds } from "#app/modules/households/registry.server";
import { myCorrections, requestCorrection } from "#app/modules/households/corrections.server";
import { ClaimByAddressSchema, ClaimByCodeSchema, CorrectionSchema } from "#app/modules/households/forms";
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
import programmeStylesUrl from "#app/styles/programmes.css?url";
import { HelpPlan } from "#app/components/help-plan";
import { helpPlanOf } from "#app/modules/programmes/plan.server";

export const meta = pageMeta("households:mine.title");

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: auditStylesUrl },
  { rel: "stylesheet", href: privacyStylesUrl },
  { rel: "stylesheet", href: programmeStylesUrl },
];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const householdId = await householdIdOfResident(user.id);
  if (householdId === null) {
    const [claim, compounds] = await Promise.all([myLatestClaim(user.id), listCompounds()]);
    return {
      record: null,
      requests: [],
      looked: null,
      claim,
      compounds,
      mayClaim: can(user, "household.claim"),
      zone: "",
      plan: null,
    };
  }
  const opened = await readHousehold(user, householdId, { via: "me.household", ip: requestIp(request) });
  if (!opened.ok) throw forbidden();
  const before = Number(new URL(request.url).searchParams.get("looked"));
  const settings = await getSettings();
  const [requests, plan, log] = await Promise.all([
    myCorrections(user, householdId),
    // A linked resident applies for their own household (the policy's `programme.openCase`).
    helpPlanOf(householdId, opened.value.status === "active"),
    householdAccessLog(user, householdId, {
      zone: settings.timeZone,
      before: Number.isSafeInteger(before) && before > 0 ? before : undefined,
    }),
  ]);
  const t = getT(getLocale(request));
  return {
    claim: null,
    compounds: [],
    mayClaim: false,
    zone: settings.timeZone,
    record: opened.value,
    plan,
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
  const formData = await request.formData();
  const intent = formData.get("intent");
  if (intent === "claim") return claimAction(user, formData, request);
  if (intent === "withdraw") {
    await withdrawClaim(user.id, Number(formData.get("claimId")), { ip: requestIp(request) });
    throw redirect("/me/household?notice=withdrawn");
  }
  const submission = parseWithZod(formData, { schema: CorrectionSchema });
  if (submission.status !== "success") return data({ result: submission.reply() }, { status: 400 });
  const householdId = await householdIdOfResident(user.id);
  if (householdId === null) throw forbidden();
  const outcome = await requestCorrection(user, householdId, submission.value, { ip: requestIp(request) });
  if (!outcome.ok) throw forbidden();
  throw redirect("/me/household?notice=sent");
}

async function claimAction(user: CurrentUser, formData: FormData, request: Request) {
  if (!can(user, "household.claim")) throw forbidden();
  const schema = formData.get("method") === "address" ? ClaimByAddressSchema : ClaimByCodeSchema;
  const submission = parseWithZod(formData, { schema });
  if (submission.status !== "success")
    return data({ result: submission.reply(), form: "claim" as const }, { status: 400 });
  const outcome = await submitClaim(user, submission.value, { ip: requestIp(request) });
  if (outcome.ok) throw redirect("/me/household?notice=claimed");
  const formErrors = {
    rateLimited: "households:claim.error.rateLimited",
    linked: "households:claim.error.linked",
    pending: "households:claim.error.pending",
    badCode: "households:claim.error.badCode",
    notResident: "households:claim.error.notResident",
  }[outcome.reason];
  const fieldErrors = outcome.reason === "badCode" ? { code: [formErrors] } : undefined;
  return data(
    {
      result: submission.reply(fieldErrors ? { fieldErrors } : { formErrors: [formErrors] }),
      form: "claim" as const,
    },
    { status: outcome.reason === "rateLimited" ? 429 : 400 },
  );
}

export default function MyHousehold() {
  const { record, requests, looked, claim, compounds, mayClaim, zone, plan } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const { t } = useTranslation("households");
  const [form, fields] = useForm({
    id: "correction",
    lastResult: actionData && !("form" in actionData) ? actionData.result : undefined,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: CorrectionSchema }),
    shouldValidate: "onBlur",
  });
  const notice = params.get("notice");
  if (!record)
    return (
      <div className="stack narrow">
        <h1>{t("mine.title")}</h1>
        {notice === "claimed" || notice === "withdrawn" ? (
          <p className="notice" role="status">
            {t(`claim.notice.${notice}`)}
          </p>
        ) : null}
        {mayClaim ? (
          <ClaimSection
            claim={claim}
            compounds={compounds}
            lastResult={actionData && "form" in actionData ? actionData.result : undefined}
          />
        ) : (
          <p>{t("mine.none")}</p>
        )}
      </div>
    );
  return (
    <div className="stack narrow">
      <h1>{t("mine.title")}</h1>
      {notice === "sent" ? (
        <p className="notice" role="status">
          {t("mine.sent")}
        </p>
      ) : null}
      {notice === "linked" ? (
        <p className="notice" role="status">
          {t("claim.notice.linked")}
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
      <HouseholdRecord record={record} showHistory={false} zone={zone} />
      {plan ? (
        <HelpPlan
          plan={plan}
          householdId={record.id}
          linkCases={false}
          mayApply={record.status === "active"}
          back="/me/household"
          applyOutcome={params.get("apply")}
        />
      ) : null}
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
                {r.status === "refused" && r.decisionReason ? (
                  <>
                    <br />
                    <span className="muted">{t("mine.refusedBecause", { reason: r.decisionReason })}</span>
                  </>
                ) : null}
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

type ClaimView = NonNullable<Awaited<ReturnType<typeof myLatestClaim>>>;

/** How a resident without a linked household asks for one: their claim's state, or the two ways to claim. */
function ClaimSection({
  claim,
  compounds,
  lastResult,
}: {
  claim: (Omit<ClaimView, "createdAt" | "decidedAt"> & { createdAt: Date | string }) | null;
  compounds: { id: number; name: string }[];
  lastResult: SubmissionResult<string[]> | undefined;
}) {
  const { t } = useTranslation("households");
  const [searchParams] = useSearchParams();
  const submittedMethod =
    lastResult?.initialValue && typeof lastResult.initialValue === "object"
      ? (lastResult.initialValue as Record<string, unknown>)["method"]
      : undefined;
  const method =
    submittedMethod === "address" || searchParams.get("by") === "address" ? "address" : "card_code";
  const [form, fields] = useForm({
    id: `claim-${method}`,
    lastResult,
    onValidate: ({ formData }) =>
      parseWithZod(formData, { schema: method === "address" ? ClaimByAddressSchema : ClaimByCodeSchema }),
    shouldValidate: "onBlur",
  });
  if (claim?.status === "pending")
    return (
      <section aria-labelledby="claim-title" className="card stack">
        <h2 id="claim-title">{t("claim.pendingTitle")}</h2>
        <p>{t("claim.pendingLead", { date: day(claim.createdAt) })}</p>
        <dl className="facts household-facts">
          <dt>{t("claim.memberName")}</dt>
          <dd>{claim.memberName}</dd>
          {claim.method === "address" ? (
            <>
              <dt>{t("claim.address")}</dt>
              <dd>
                {t("address", {
                  compound: claim.compoundName,
                  building: claim.building ?? "",
                  unit: claim.unit ?? "",
                  room: claim.room ?? "",
                })}
              </dd>
            </>
          ) : (
            <>
              <dt>{t("claim.how")}</dt>
              <dd>{t("claim.byCode")}</dd>
            </>
          )}
        </dl>
        <Form
          method="post"
          onSubmit={(event) => {
            if (!window.confirm(t("claim.confirmWithdraw"))) event.preventDefault();
          }}
        >
          <input type="hidden" name="intent" value="withdraw" />
          <input type="hidden" name="claimId" value={claim.id} />
          <button type="submit" className="secondary">
            {t("claim.withdraw")}
          </button>
        </Form>
      </section>
    );
  return (
    <div className="stack">
      <p>{t("claim.lead")}</p>
      {claim?.status === "refused" ? (
        <p className="notice warning" role="status">
          {t("claim.refused", { reason: claim.decisionReason ?? "" })}
        </p>
      ) : null}
      <nav className="link-row" aria-label={t("claim.title")}>
        <Link to="?by=code" aria-current={method === "card_code" ? "page" : undefined}>
          {t("claim.byCode")}
        </Link>
        <Link to="?by=address" aria-current={method === "address" ? "page" : undefined}>
          {t("claim.byAddress")}
        </Link>
      </nav>
      <section aria-labelledby="claim-title" className="card">
        <h2 id="claim-title">{method === "address" ? t("claim.byAddress") : t("claim.byCode")}</h2>
        <p className="hint">{method === "address" ? t("claim.addressHint") : t("claim.codeHint")}</p>
        <Form method="post" className="form" {...getFormProps(form)}>
          <FormErrors id={form.errorId} errors={form.errors} />
          <input type="hidden" name="intent" value="claim" />
          <input type="hidden" name="method" value={method} />
          {method === "card_code" ? (
            <Field
              meta={fields.code}
              label={t("claim.code")}
              autoComplete="off"
              autoCapitalize="characters"
              spellCheck={false}
            />
          ) : (
            <>
              <div className="field">
                <label htmlFor={fields.compoundId.id}>{t("field.compound")}</label>
                <select
                  id={fields.compoundId.id}
                  name={fields.compoundId.name}
                  defaultValue=""
                  aria-invalid={fields.compoundId.errors ? true : undefined}
                  aria-describedby={fields.compoundId.errors ? `${fields.compoundId.id}-error` : undefined}
                >
                  <option value="">{t("claim.chooseCompound")}</option>
                  {compounds.map((c) => (
                    <option key={c.id} value={c.id}>
                      {c.name}
                    </option>
                  ))}
                </select>
                {fields.compoundId.errors ? (
                  <p id={`${fields.compoundId.id}-error`} className="field-error">
                    {fields.compoundId.errors.map((e) => t(e as never)).join(" ")}
                  </p>
                ) : null}
              </div>
              <div className="field-row">
                <Field meta={fields.building} label={t("field.building")} />
                <Field meta={fields.unit} label={t("field.unit")} />
                <Field meta={fields.room} label={t("field.room")} />
              </div>
            </>
          )}
          <Field meta={fields.memberName} label={t("claim.memberName")} autoComplete="name" />
          {method === "address" ? (
            <Field meta={fields.phone} label={t("claim.phone")} type="tel" autoComplete="tel" />
          ) : null}
          <p className="hint">{t("claim.reviewed")}</p>
          <button type="submit" className="primary">
            {t("claim.send")}
          </button>
        </Form>
      </section>
      <p className="hint">{t("claim.officeHint")}</p>
    </div>
  );
}
