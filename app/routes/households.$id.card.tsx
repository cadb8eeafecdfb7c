// A household's connection card, for staff: print it, or withdraw it when it is lost or in the wrong hands
// (its QR and claim code stop working at once; the next print carries new ones). This page is the confirmation.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { FormErrors } from "#app/components/form-errors";
import { requestIp } from "#app/modules/audit/audit.server";
import { forbidden, requireUser } from "#app/modules/auth/guard.server";
import { can, type Actor } from "#app/modules/auth/policy";
import { revokeCardCredentials } from "#app/modules/households/card-credentials.server";
import { openHouseholdBrief } from "#app/modules/households/reader.server";
import { householdIdParam } from "#app/modules/households/registry.server";
import { pageMeta } from "#app/modules/i18n/meta";
import { requireSameOrigin } from "#app/modules/security/request-safety.server";

export const meta = pageMeta("roster:cardRevoke.title");

/** The household, opened for staff who may change it (household.write). */
async function openForStaff(request: Request, user: Actor, id: number) {
  const opened = await openHouseholdBrief(
    user,
    id,
    { via: "household.card", ip: requestIp(request) },
    (facts) => can(user, "household.write", facts),
  );
  if (!opened.ok) throw opened.status === 403 ? forbidden() : new Response("Not found", { status: 404 });
  return opened.value.brief;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const brief = await openForStaff(request, user, householdIdParam(params));
  return { id: brief.id, address: brief.address };
}

export async function action({ request, params }: ActionFunctionArgs) {
  requireSameOrigin(request);
  const user = await requireUser(request);
  const brief = await openForStaff(request, user, householdIdParam(params));
  const form = await request.formData();
  if (form.get("intent") !== "revoke")
    return data({ formErrors: ["roster:cardRevoke.confirmMissing"] }, { status: 400 });
  const revoked = await revokeCardCredentials(brief.id, user.id, requestIp(request));
  throw redirect(`/households/${brief.id}/card?notice=${revoked ? "revoked" : "none"}`);
}

export default function HouseholdCard() {
  const { id, address } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const { t } = useTranslation("roster");
  const notice = params.get("notice");
  return (
    <section className="stack narrow" aria-labelledby="card-revoke-title">
      <p>
        <Link to={`/households/${id}`}>← {t("cardRevoke.back")}</Link>
      </p>
      <h1 id="card-revoke-title">{t("cardRevoke.title")}</h1>
      <p>
        <strong>{address}</strong>
      </p>
      {notice === "revoked" || notice === "none" ? (
        <p className="notice" role="status">
          {t(notice === "revoked" ? "cardRevoke.revoked" : "cardRevoke.none")}
        </p>
      ) : null}
      <p>
        <Link className="button primary" to={`/cards/connection/${id}`}>
          {t("cardRevoke.print")}
        </Link>
      </p>
      <div className="card stack">
        <h2>{t("cardRevoke.revokeTitle")}</h2>
        <p>{t("cardRevoke.explain")}</p>
        <Form method="post" className="form">
          <FormErrors id="card-revoke-errors" errors={actionData?.formErrors} />
          <button type="submit" name="intent" value="revoke" className="secondary">
            {t("cardRevoke.submit")}
          </button>
        </Form>
      </div>
    </section>
  );
}
