import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requestIp } from "#app/modules/audit/audit.server";
import { requirePermission } from "#app/modules/auth/guard.server";
import { can } from "#app/modules/auth/policy";
import { approveClaim, openClaim, refuseClaim } from "#app/modules/households/claims.server";
import { day } from "#app/modules/households/format";
import { RefuseSchema } from "#app/modules/households/forms";
import { currentMembers } from "#app/modules/households/members.server";
import { findHouseholds, openHouseholdBrief } from "#app/modules/households/reader.server";
import { householdIdParam } from "#app/modules/households/registry.server";
import { pageMeta } from "#app/modules/i18n/meta";
import { requireSameOrigin } from "#app/modules/security/request-safety.server";

export const meta = pageMeta("households:claims.decideTitle");

const positive = (value: FormDataEntryValue | string | null) => {
  const n = Number(value);
  return Number.isSafeInteger(n) && n > 0 ? n : null;
};

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "household.claimQueue");
  const claim = await openClaim(user, householdIdParam(params));
  if (!claim) throw new Response("Not found", { status: 404 });
  const url = new URL(request.url);
  const ctx = { via: "households.claims", ip: requestIp(request) };
  const chosenId = positive(url.searchParams.get("household")) ?? claim.householdId;
  const q = (url.searchParams.get("q") ?? "").trim().slice(0, 40);
  const opened =
    chosenId === null
      ? null
      : await openHouseholdBrief(user, chosenId, ctx, (facts) => can(user, "household.write", facts));
  const household = opened?.ok ? opened.value.brief : null;
  const [members, found] = await Promise.all([
    household ? currentMembers(household.id) : Promise.resolve([]),
    q ? findHouseholds(user, q, 10, ctx) : Promise.resolve([]),
  ]);
  return {
    claim: {
      id: claim.id,
      method: claim.method,
      status: claim.status,
      memberName: claim.memberName,
      phone: claim.phone,
      compoundName: claim.compoundName,
      building: claim.building,
      unit: claim.unit,
      room: claim.room,
      matchedHousehold: claim.householdId,
      memberId: claim.memberId,
      accountName: claim.accountName,
      accountEmail: claim.accountEmail,
      accountPhone: claim.accountPhone,
      createdAt: claim.createdAt,
      decisionReason: claim.decisionReason,
    },
    household: household && { id: household.id, address: household.address },
    members: members.map((m) => ({
      id: m.id,
      name: m.name,
      relation: m.relation,
      birthYear: m.birthYear,
      phone: m.phone,
      taken: m.userId !== null,
    })),
    q,
    found: found.map((f) => ({ id: f.id, address: f.address, matched: f.matched })),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  requireSameOrigin(request);
  const user = await requirePermission(request, "household.claimQueue");
  const claimId = householdIdParam(params);
  // The scope first, so that a refusal never depends on what the form held.
  if (!(await openClaim(user, claimId))) throw new Response("Not found", { status: 404 });
  const formData = await request.formData();
  const meta = { ip: requestIp(request) };
  if (formData.get("intent") === "refuse") {
    const parsed = RefuseSchema.safeParse({ reason: formData.get("reason") ?? "" });
    if (!parsed.success) return data({ error: "claims.error.reason" as const }, { status: 400 });
    const outcome = await refuseClaim(user, claimId, parsed.data.reason, meta);
    if (!outcome.ok && "status" in outcome) throw new Response("Not found", { status: 404 });
    if (!outcome.ok) return data({ error: `claims.error.${outcome.reason}` as const }, { status: 400 });
    throw redirect("/households/claims?notice=refused");
  }
  const householdId = positive(formData.get("household"));
  const memberId = positive(formData.get("member"));
  if (householdId === null || memberId === null)
    return data({ error: "claims.error.pickMember" as const }, { status: 400 });
  const outcome = await approveClaim(user, claimId, { householdId, memberId }, meta);
  if (!outcome.ok && "status" in outcome) throw new Response("Not found", { status: 404 });
  if (!outcome.ok) return data({ error: `claims.error.${outcome.reason}` as const }, { status: 400 });
  throw redirect("/households/claims?notice=approved");
}

export default function DecideClaim() {
  const { claim, household, members, q, found } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation("households");
  const pending = claim.status === "pending";
  return (
    <div className="stack narrow">
      <p>
        <Link to="/households/claims">← {t("claims.title")}</Link>
      </p>
      <h1>{t("claims.decideTitle")}</h1>
      {actionData?.error ? (
        <p className="form-error" role="alert">
          {t(actionData.error)}
        </p>
      ) : null}
      <dl className="facts household-facts">
        <dt>{t("claims.account")}</dt>
        <dd>
          {claim.accountName} · {claim.accountEmail}
          {claim.accountPhone ? ` · ${claim.accountPhone}` : ""}
        </dd>
        <dt>{t("claims.nameGiven")}</dt>
        <dd>{claim.memberName}</dd>
        <dt>{t("claim.how")}</dt>
        <dd>
          {claim.method === "address"
            ? t("address", {
                compound: claim.compoundName,
                building: claim.building ?? "",
                unit: claim.unit ?? "",
                room: claim.room ?? "",
              })
            : t("claim.byCode")}
        </dd>
        {claim.phone ? (
          <>
            <dt>{t("claim.phone")}</dt>
            <dd>{claim.phone}</dd>
          </>
        ) : null}
        <dt>{t("claims.sentOn")}</dt>
        <dd>{day(claim.createdAt)}</dd>
        <dt>{t("claims.statusLabel")}</dt>
        <dd>
          {t(`claims.status.${claim.status}`)}
          {claim.decisionReason ? ` — ${claim.decisionReason}` : ""}
        </dd>
      </dl>
      {pending ? (
        <>
          {claim.matchedHousehold === null ? (
            <section aria-labelledby="find-title" className="card">
              <h2 id="find-title">{t("claims.findTitle")}</h2>
              <p className="hint">{t("claims.findLead")}</p>
              <Form method="get" className="filters" role="search" aria-label={t("claims.findTitle")}>
                <div className="field">
                  <label htmlFor="claim-q">{t("claims.findLabel")}</label>
                  <input id="claim-q" name="q" type="search" defaultValue={q} maxLength={40} />
                </div>
                <button type="submit" className="secondary">
                  {t("link.find")}
                </button>
              </Form>
              {q ? (
                found.length === 0 ? (
                  <p>{t("link.noResults")}</p>
                ) : (
                  <ul className="link-list">
                    {found.map((f) => (
                      <li key={f.id}>
                        <Link to={`?household=${f.id}&q=${encodeURIComponent(q)}`}>{f.address}</Link>{" "}
                        <span className="muted">{f.matched.join(t("sep"))}</span>
                      </li>
                    ))}
                  </ul>
                )
              ) : null}
            </section>
          ) : null}
          {household ? (
            <section aria-labelledby="approve-title" className="card">
              <h2 id="approve-title">{t("claims.approveTitle", { address: household.address })}</h2>
              <Form
                method="post"
                className="form"
                onSubmit={(event) => {
                  if (!window.confirm(t("claims.confirmApprove"))) event.preventDefault();
                }}
              >
                <input type="hidden" name="intent" value="approve" />
                <input type="hidden" name="household" value={household.id} />
                <fieldset className="field choice-group">
                  <legend>{t("claims.pickMember")}</legend>
                  {members.map((m) => (
                    <label key={m.id} className="checkbox">
                      <input
                        type="radio"
                        name="member"
                        value={m.id}
                        disabled={m.taken}
                        defaultChecked={m.id === claim.memberId}
                      />
                      {m.name} · {t(`relation.${m.relation}`)} ·{" "}
                      {t("record.birthYear", { year: m.birthYear })}
                      {m.phone ? ` · ${m.phone}` : ""}
                      {m.taken ? ` (${t("members.hasAccountShort")})` : ""}
                    </label>
                  ))}
                </fieldset>
                <button type="submit" className="primary">
                  {t("claims.approve")}
                </button>
              </Form>
            </section>
          ) : null}
          <section aria-labelledby="refuse-title" className="card">
            <h2 id="refuse-title">{t("claims.refuseTitle")}</h2>
            <Form
              method="post"
              className="form"
              onSubmit={(event) => {
                if (!window.confirm(t("claims.confirmRefuse"))) event.preventDefault();
              }}
            >
              <input type="hidden" name="intent" value="refuse" />
              <div className="field">
                <label htmlFor="refuse-reason">{t("claims.reason")}</label>
                <textarea
                  id="refuse-reason"
                  name="reason"
                  rows={3}
                  maxLength={300}
                  required
                  aria-describedby="refuse-hint"
                />
                <span id="refuse-hint" className="hint">
                  {t("claims.reasonHint")}
                </span>
              </div>
              <button type="submit" className="danger">
                {t("claims.refuse")}
              </button>
            </Form>
          </section>
        </>
      ) : null}
    </div>
  );
}
