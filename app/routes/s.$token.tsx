// The short opt-out link at the end of every non-essential text (decision 028): no account, no JavaScript.
// The page names the number masked and stops or resumes its reminder, course and love-card texts with one
// button; the token is the authority, the form posts from this page.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { requestMeta } from "#app/modules/auth/sign-in.server";
import { pageMeta } from "#app/modules/i18n/meta";
import {
  applySmsOptOutLink,
  describeSmsOptOut,
  optOutLinkLimited,
} from "#app/modules/notifications/sms-optout.server";
import { requireSameOrigin } from "#app/modules/security/request-safety.server";

export const meta = pageMeta("sms:optOutPage.title");

const Intent = z.object({ intent: z.enum(["stop", "undo"]) });

export async function loader({ params }: LoaderFunctionArgs) {
  const state = await describeSmsOptOut(params.token ?? "");
  if (!state) return data({ state: null }, { status: 404 });
  return { state: { masked: state.masked, optedOut: state.optedOut } };
}

export async function action({ request, params }: ActionFunctionArgs) {
  requireSameOrigin(request);
  const token = params.token ?? "";
  if (!(await describeSmsOptOut(token))) throw new Response("Not found", { status: 404 });
  const parsed = Intent.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) return data({ tooMany: null }, { status: 400 });
  const limited = await optOutLinkLimited(requestMeta(request).ip);
  if (limited) return data({ tooMany: Math.ceil(limited / 60) }, { status: 429 });
  const stop = parsed.data.intent === "stop";
  if (!(await applySmsOptOutLink(token, stop))) throw new Response("Not found", { status: 404 });
  throw redirect(`/s/${token}?done=${stop ? "stopped" : "resumed"}`);
}

export default function SmsOptOut() {
  const { state } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [search] = useSearchParams();
  const { t } = useTranslation("sms");
  const done = search.get("done");
  return (
    <section aria-labelledby="optout-title" className="narrow stack">
      <h1 id="optout-title">{t("optOutPage.title")}</h1>
      {!state ? (
        <p role="alert">{t("optOutPage.invalid")}</p>
      ) : (
        <>
          {result?.tooMany ? (
            <p role="alert">{t("optOutPage.tooMany", { minutes: result.tooMany })}</p>
          ) : null}
          {done === "stopped" && state.optedOut ? (
            <p className="notice" role="status">
              {t("optOutPage.stopped", { phone: state.masked })}
            </p>
          ) : null}
          {done === "resumed" && !state.optedOut ? (
            <p className="notice" role="status">
              {t("optOutPage.resumed", { phone: state.masked })}
            </p>
          ) : null}
          <p>{t(state.optedOut ? "optOutPage.stateOut" : "optOutPage.lead", { phone: state.masked })}</p>
          <Form method="post" className="form">
            <button
              type="submit"
              name="intent"
              value={state.optedOut ? "undo" : "stop"}
              className={state.optedOut ? "secondary" : "primary"}
            >
              {t(state.optedOut ? "optOutPage.undo" : "optOutPage.stop")}
            </button>
          </Form>
        </>
      )}
    </section>
  );
}
