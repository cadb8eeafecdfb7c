import type { LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { HouseholdRecord } from "#app/components/household-record";
import { forbidden, requireUser } from "#app/modules/auth/guard.server";
import { requestIp } from "#app/modules/audit/audit.server";
import { day } from "#app/modules/households/format";
import { readHousehold } from "#app/modules/households/reader.server";
import { householdIdParam } from "#app/modules/households/registry.server";
import { pageMeta } from "#app/modules/i18n/meta";
import privacyStylesUrl from "#app/styles/privacy.css?url";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: privacyStylesUrl }];

export const meta = pageMeta("households:record.title");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const opened = await readHousehold(user, householdIdParam(params), {
    via: "households.page",
    ip: requestIp(request),
  });
  if (!opened.ok) throw opened.status === 403 ? forbidden() : new Response("Not found", { status: 404 });
  return { record: opened.value, staff: user.role === "organizer" || user.role === "admin" };
}

export default function Household() {
  const { record, staff } = useLoaderData<typeof loader>();
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
          {record.can.verify ? (
            <Link className="button primary" to={`/households/${record.id}/verify`}>
              {t("record.verify")}
            </Link>
          ) : null}
          {record.can.edit ? (
            <Link className="button secondary" to={`/households/${record.id}/edit`}>
              {t("record.edit")}
            </Link>
          ) : null}
          {record.can.edit ? (
            <Link className="button secondary" to={`/households/${record.id}/card`}>
              {tr("cardRevoke.link")}
            </Link>
          ) : null}
        </div>
      </div>
      {notice === "saved" ? (
        <p className="notice" role="status">
          {t("record.saved")}
        </p>
      ) : null}
      {notice === "verified" ? (
        <p className="notice" role="status">
          {due ? t("record.verified", { date: day(due) }) : t("record.verifiedNoDue")}
        </p>
      ) : null}
      <HouseholdRecord record={record} showHistory={staff} />
    </div>
  );
}
