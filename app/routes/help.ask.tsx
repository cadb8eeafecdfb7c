import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { AskForm } from "#app/components/help/ask-form";
import { requestIp } from "#app/modules/audit/audit.server";
import { can, isStaff } from "#app/modules/auth/policy";
import { forbidden, requireUser } from "#app/modules/auth/guard.server";
import { requestMeta } from "#app/modules/auth/sign-in.server";
import { askForHelp } from "#app/modules/help/requests.server";
import { AskSchema, askInput } from "#app/modules/help/schemas";
import { householdIdOfResident } from "#app/modules/households/facts.server";
import { openHouseholdBrief } from "#app/modules/households/reader.server";
import { requireSameOrigin } from "#app/modules/security/request-safety.server";
import { getSettings } from "#app/modules/settings/settings.server";
import { pageMeta } from "#app/modules/i18n/meta";

export const meta = pageMeta("help:ask.title");

/** The card's `?household=`, else the resident's own household. */
async function targetHousehold(request: Request, userId: number): Promise<number | null> {
  const param = new URL(request.url).searchParams.get("household");
  if (param === null) return householdIdOfResident(userId);
  const id = Number(param);
  if (!Number.isInteger(id) || id <= 0) throw new Response("Not found", { status: 404 });
  return id;
}

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const [householdId, settings] = await Promise.all([targetHousehold(request, user.id), getSettings()]);
  // Staff who scan a card are taking the request down for someone: that is the hotline form.
  if (isStaff(user))
    throw redirect(`/admin/help/hotline${householdId === null ? "" : `?household=${householdId}`}`);
  if (householdId === null) {
    if (user.role !== "resident") throw forbidden();
    return { household: null, refused: false, hotline: settings.hotline, phone: user.phone };
  }
  const opened = await openHouseholdBrief(
    user,
    householdId,
    { via: "help.ask", ip: requestIp(request) },
    (facts) => can(user, "help.ask", facts),
  );
  // Another household's link (or one that does not exist): a plain refusal with the way to ask, not a 404.
  if (!opened.ok)
    return data(
      { household: null, refused: true, hotline: settings.hotline, phone: user.phone },
      { status: 403 },
    );
  const { brief } = opened.value;
  return {
    household: { id: brief.id, address: brief.address },
    refused: false,
    hotline: settings.hotline,
    phone: user.phone,
  };
}

export async function action({ request }: ActionFunctionArgs) {
  requireSameOrigin(request);
  const user = await requireUser(request);
  const submission = parseWithZod(await request.formData(), { schema: AskSchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  const result = await askForHelp(user, askInput(submission.value), requestMeta(request));
  if (result.ok) throw redirect(`/help/${result.value}?notice=sent`);
  if (result.error === "notFound") throw new Response("Not found", { status: 404 });
  throw forbidden();
}

export default function AskForHelp() {
  const { household, refused, hotline, phone } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const { t } = useTranslation("help");
  return (
    <section className="narrow stack" aria-labelledby="ask-title">
      <h1 id="ask-title">{t("ask.title")}</h1>
      {household ? (
        <>
          <p>{t("ask.lead")}</p>
          <p className="notice">{t("ask.hotline", { hotline })}</p>
          <p>
            <strong>{t("ask.forHousehold", { address: household.address })}</strong>
          </p>
          <AskForm
            householdId={household.id}
            defaultPhone={phone}
            lastResult={lastResult}
            submitLabel={t("ask.submit")}
          />
        </>
      ) : refused ? (
        <>
          <p className="notice" role="alert">
            {t("ask.refused", { hotline })}
          </p>
          <p>
            <Link className="button primary" to="/help/ask">
              {t("ask.ownHousehold")}
            </Link>
          </p>
        </>
      ) : (
        <p className="notice">
          {t("ask.noHousehold", { hotline })} <Link to="/me/household">{t("ask.claimLink")}</Link>
        </p>
      )}
    </section>
  );
}
