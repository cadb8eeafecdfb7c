import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { requireUser } from "#app/modules/auth/guard.server";
import { optionalKinds, reminderLeadChoices } from "#app/modules/notifications/preferences";
import { getEmailPreferences, saveEmailPreferences } from "#app/modules/notifications/preferences.server";
import { requireSameOrigin } from "#app/modules/security/request-safety.server";
import { pageMeta } from "#app/modules/i18n/meta";

const offered: readonly number[] = reminderLeadChoices.map((c) => c.minutes);

const PreferencesSchema = z.object({
  receive: z.array(z.enum(optionalKinds)).default([]),
  lead: z
    .array(
      z.coerce
        .number({ error: "email:preferences.validation.leadTimeInvalid" })
        .refine((v) => offered.includes(v), "email:preferences.validation.leadTimeInvalid"),
    )
    .default([]),
});

export const meta = pageMeta("email:preferences.title");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const preferences = await getEmailPreferences(user.id);
  return {
    receive: optionalKinds.filter((k) => !preferences.disabledKinds.includes(k)),
    lead: preferences.reminderLeadMinutes,
    saved: new URL(request.url).searchParams.has("saved"),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  requireSameOrigin(request);
  const user = await requireUser(request);
  const submission = parseWithZod(await request.formData(), { schema: PreferencesSchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  const { receive, lead } = submission.value;
  await saveEmailPreferences(user.id, {
    disabledKinds: optionalKinds.filter((k) => !receive.includes(k)),
    reminderLeadMinutes: lead,
  });
  throw redirect("/account/email?saved=1");
}

export default function EmailPreferencesPage() {
  const { receive, lead, saved } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useTranslation("email");
  const leadErrors = result?.error ? Object.entries(result.error).filter(([k]) => k.startsWith("lead")) : [];
  return (
    <section aria-labelledby="preferences-title" className="narrow">
      <h1 id="preferences-title">{t("preferences.title")}</h1>
      <p>{t("preferences.lead")}</p>
      {saved ? (
        <p className="notice" role="status">
          {t("preferences.saved")}
        </p>
      ) : null}
      <Form method="post" className="form">
        <fieldset className="choice-group">
          <legend>{t("preferences.kindsLegend")}</legend>
          <label className="choice">
            <input type="checkbox" checked disabled /> {t("kinds.transactional")}
          </label>
          {optionalKinds.map((kind) => (
            <label key={kind} className="choice">
              <input type="checkbox" name="receive" value={kind} defaultChecked={receive.includes(kind)} />{" "}
              {t(`kinds.${kind}`)}
            </label>
          ))}
        </fieldset>
        <fieldset className="choice-group" aria-describedby={leadErrors.length ? "lead-error" : undefined}>
          <legend>{t("preferences.leadTimesLegend")}</legend>
          {reminderLeadChoices.map((choice) => (
            <label key={choice.minutes} className="choice">
              <input
                type="checkbox"
                name="lead"
                value={choice.minutes}
                defaultChecked={lead.includes(choice.minutes)}
              />{" "}
              {t(choice.label)}
            </label>
          ))}
          {leadErrors.length ? (
            <p id="lead-error" className="field-error">
              {t("preferences.validation.leadTimeInvalid")}
            </p>
          ) : null}
        </fieldset>
        <button type="submit" className="primary">
          {t("preferences.save")}
        </button>
      </Form>
    </section>
  );
}
