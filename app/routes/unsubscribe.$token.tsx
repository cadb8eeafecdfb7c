// One-click unsubscribe (RFC 8058). Mail clients POST `List-Unsubscribe=One-Click` here without a session or
// an Origin of ours; the signed token is the authority, so the request-origin check must exempt this route.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { describeUnsubscribeToken, unsubscribe } from "#app/modules/notifications/preferences.server";
import { requireSameOrigin } from "#app/modules/security/request-safety.server";
import { pageMeta } from "#app/modules/i18n/meta";

export const meta = pageMeta("email:unsubscribe.title");

export async function loader({ params }: LoaderFunctionArgs) {
  const claim = await describeUnsubscribeToken(params.token ?? "");
  if (!claim) return data({ claim: null }, { status: 404 });
  return { claim: { email: claim.email, kind: claim.kind } };
}

export async function action({ request, params }: ActionFunctionArgs) {
  requireSameOrigin(request);
  const claim = await describeUnsubscribeToken(params.token ?? "");
  if (!claim) return data({ done: false }, { status: 404 });
  await unsubscribe(claim.userId, claim.kind);
  return { done: true };
}

export default function Unsubscribe() {
  const { claim } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useTranslation("email");
  return (
    <section aria-labelledby="unsubscribe-title" className="narrow">
      <h1 id="unsubscribe-title">{t("unsubscribe.title")}</h1>
      {!claim || result?.done === false ? (
        <p role="alert">{t("unsubscribe.invalid")}</p>
      ) : result?.done ? (
        <p className="notice" role="status">
          {t("unsubscribe.done", { kind: t(`kinds.${claim.kind}`) })}
        </p>
      ) : (
        <Form method="post" className="form">
          <input type="hidden" name="List-Unsubscribe" value="One-Click" />
          <p>{t("unsubscribe.confirm", { kind: t(`kinds.${claim.kind}`), email: claim.email })}</p>
          <button type="submit" className="primary">
            {t("unsubscribe.submit")}
          </button>
        </Form>
      )}
    </section>
  );
}
