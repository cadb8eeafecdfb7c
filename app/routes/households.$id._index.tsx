import type { LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { HouseholdRecord } from "#app/components/household-record";
import { forbidden, requireUser } from "#app/modules/auth/guard.server";
import { requestIp } from "#app/modules/audit/audit.server";
import { day } from "#app/modules/households/format";
import { readHousehold } from "#app/modules/households/reader.server";
import { householdIdParam } from "#app/modules/households/registry.server";
import { currentMembers } from "#app/modules/households/members.server";
import { getSettings } from "#app/modules/settings/settings.server";
import { HelpPlan } from "#app/components/help-plan";
import { helpPlanOf } from "#app/modules/programmes/plan.server";
import programmeStylesUrl from "#app/styles/programmes.css?url";
import { pageMeta } from "#app/modules/i18n/meta";
import privacyStylesUrl from "#app/styles/privacy.css?url";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: privacyStylesUrl },
  { rel: "stylesheet", href: programmeStylesUrl },
];

export const meta = pageMeta("households:record.title");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const opened = await readHousehold(user, householdIdParam(params), {
    via: "households.page",
    ip: requestIp(request),
  });
  if (!opened.ok) throw opened.status === 403 ? forbidden() : new Response("Not found", { status: 404 });
  // Staff of the household's compound open a case for it (the policy's `programme.openCase`, the same rule).
  const mayApply = opened.value.can.edit && opened.value.status === "active";
  const [settings, members, plan] = await Promise.all([
    getSettings(),
    opened.value.can.edit ? currentMembers(opened.value.id) : Promise.resolve([]),
    helpPlanOf(opened.value.id, mayApply),
  ]);
  return {
    record: opened.value,
    staff: user.role === "organizer" || user.role === "admin",
    zone: settings.timeZone,
    accounts: Object.fromEntries(members.map((m) => [m.id, m.accountName])),
    plan,
    mayApply,
  };
}

export default function Household() {
  const { record, staff, zone, accounts, plan, mayApply } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const { t } = useTranslation("households");
  const { t: tr } = useTranslation("roster");
  const notice = params.get("notice");
  const due = params.get("due");
  return (
    <div className="stack">
      <p>
        <Link to="/households">← {t("record.back")}</Link>
      </p>
      <div className="page-head">
        <h1>
          {t("address", {
            compound: record.compoundName,
            building: record.building,
            unit: record.unit,
            room: record.room,
          })}
        </h1>
        <div className="actions">
          {record.can.verify && record.status === "active" ? (
            <Link className="button primary" to={`/households/${record.id}/verify`}>
              {t("record.verify")}
            </Link>
          ) : null}
          {record.can.edit ? (
            <Link className="button secondary" to={`/households/${record.id}/edit`}>
              {t("record.edit")}
            </Link>
          ) : null}
          {record.can.edit && record.status === "active" ? (
            <>
              <Link className="button secondary" to={`/households/${record.id}/members/new`}>
                {t("members.add")}
              </Link>
              <Link className="button secondary" to={`/households/${record.id}/card`}>
                {tr("cardRevoke.link")}
              </Link>
              <Link className="button secondary" to={`/households/${record.id}/close`}>
                {t("close.action")}
              </Link>
            </>
          ) : null}
          {staff ? (
            <Link className="button secondary" to={`/admin/audit?household=${record.id}`}>
              {t("record.auditLink")}
            </Link>
          ) : null}
        </div>
      </div>
      {notice &&
      [
        "saved",
        "applied",
        "created",
        "memberAdded",
        "memberSaved",
        "memberRemoved",
        "linked",
        "unlinked",
        "closed",
      ].includes(notice) ? (
        <p className="notice" role="status">
          {t(`record.notice.${notice as "saved"}`)}
        </p>
      ) : null}
      {notice === "verified" ? (
        <p className="notice" role="status">
          {due ? t("record.verified", { date: day(due) }) : t("record.verifiedNoDue")}
        </p>
      ) : null}
      <HouseholdRecord
        record={record}
        showHistory={staff}
        zone={zone}
        memberExtra={
          record.can.edit && record.status === "active"
            ? (m) => (
                <span className="member-actions">
                  <span className={m.hasAccount ? "badge" : "muted"}>
                    {m.hasAccount
                      ? t("members.hasAccount", { name: accounts[m.id] ?? "" })
                      : t("members.noAccount")}
                  </span>
                  <Link to={`/households/${record.id}/members/${m.id}`}>
                    {t("members.edit", { name: m.name })}
                  </Link>
                  {m.hasAccount ? (
                    <Form
                      method="post"
                      action={`/households/${record.id}/link`}
                      onSubmit={(event) => {
                        if (!window.confirm(t("link.confirmUnlink", { name: m.name })))
                          event.preventDefault();
                      }}
                    >
                      <input type="hidden" name="intent" value="unlink" />
                      <input type="hidden" name="member" value={m.id} />
                      <button type="submit" className="link-button">
                        {t("link.unlink", { name: m.name })}
                      </button>
                    </Form>
                  ) : (
                    <Link to={`/households/${record.id}/link?member=${m.id}`}>
                      {t("link.action", { name: m.name })}
                    </Link>
                  )}
                </span>
              )
            : undefined
        }
      />
      <HelpPlan
        plan={plan}
        householdId={record.id}
        linkCases={staff}
        mayApply={mayApply}
        back={`/households/${record.id}`}
        applyOutcome={params.get("apply")}
      />
    </div>
  );
}
