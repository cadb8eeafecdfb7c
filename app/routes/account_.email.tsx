import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { requireUser } from "#app/modules/auth/guard.server";
import { optionalKinds, reminderLeadChoices } from "#app/modules/notifications/preferences";
import {
  getChannelChoice,
  getEmailPreferences,
  saveChannelChoice,
  saveEmailPreferences,
} from "#app/modules/notifications/preferences.server";
import {
  channelsOf,
  messageKinds,
  smsCapableKinds,
  type ChannelChoice,
  type DeliveryChannel,
} from "#app/modules/notifications/channels";
import { maskPhone } from "#app/modules/notifications/phone";
import { requireSameOrigin } from "#app/modules/security/request-safety.server";
import { pageMeta } from "#app/modules/i18n/meta";
import { clockTime } from "#app/modules/settings/form";
import { getSettings } from "#app/modules/settings/settings.server";

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
  text: z.array(z.enum(smsCapableKinds)).default([]),
  inapp: z.array(z.enum(messageKinds)).default([]),
});

export const meta = pageMeta("email:preferences.title");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const [preferences, choice, settings] = await Promise.all([
    getEmailPreferences(user.id),
    getChannelChoice(user.id),
    getSettings(),
  ]);
  return {
    phone: user.phone ? maskPhone(user.phone) : null,
    // A phone-only account (decision 027) gets texts for every kind that can go by text.
    text: smsCapableKinds.filter((k) =>
      channelsOf(choice, k, user.email !== null, user.phone !== null).includes("sms"),
    ),
    quiet: { from: clockTime(settings.smsQuietStart), until: clockTime(settings.smsQuietEnd) },
    inapp: messageKinds.filter(
      (k) => !channelsOf(choice, k, user.email !== null, user.phone !== null).includes("email"),
    ),
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
  const { receive, lead, text, inapp } = submission.value;
  const byText: readonly string[] = text;
  const choice: ChannelChoice = Object.fromEntries(
    messageKinds.map((k): [string, DeliveryChannel[]] => [
      k,
      [inapp.includes(k) ? "inapp" : "email", ...(byText.includes(k) ? (["sms"] as const) : [])],
    ]),
  );
  await saveChannelChoice(user.id, choice);
  await saveEmailPreferences(user.id, {
    disabledKinds: optionalKinds.filter((k) => !receive.includes(k)),
    reminderLeadMinutes: lead,
  });
  throw redirect("/account/email?saved=1");
}

export default function EmailPreferencesPage() {
  const { receive, lead, saved, phone, text, inapp, quiet } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useTranslation("email");
  const { t: ts } = useTranslation("sms");
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
        <fieldset className="choice-group" aria-describedby="text-note">
          <legend>{ts("preferences.legend")}</legend>
          <p id="text-note">{phone ? ts("preferences.phone", { phone }) : ts("preferences.noPhone")}</p>
          {smsCapableKinds.map((kind) => (
            <label key={kind} className="choice">
              <input type="checkbox" name="text" value={kind} defaultChecked={text.includes(kind)} />{" "}
              {ts(`preferences.kinds.${kind}`)}
            </label>
          ))}
          <p>{ts("preferences.note", quiet)}</p>
        </fieldset>
        <fieldset className="choice-group" aria-describedby="inapp-note">
          <legend>{ts("preferences.inAppLegend")}</legend>
          <p id="inapp-note">{ts("preferences.inAppNote")}</p>
          {messageKinds.map((kind) => (
            <label key={kind} className="choice">
              <input type="checkbox" name="inapp" value={kind} defaultChecked={inapp.includes(kind)} />{" "}
              {ts(`preferences.inAppKinds.${kind}`)}
            </label>
          ))}
        </fieldset>
        <button type="submit" className="primary">
          {t("preferences.save")}
        </button>
      </Form>
    </section>
  );
}
