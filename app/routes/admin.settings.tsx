import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Field } from "#app/components/field";
import { forbidden, requirePermission } from "#app/modules/auth/guard.server";
import { requestMeta } from "#app/modules/auth/sign-in.server";
import { requireSameOrigin } from "#app/modules/security/request-safety.server";
import {
  clockTime,
  SettingsSchema,
  type SettingsFormValues,
  type SettingsInput,
} from "#app/modules/settings/form";
import { getSettings, updateSettings } from "#app/modules/settings/settings.server";
import { pageMeta } from "#app/modules/i18n/meta";

export const meta = pageMeta("settings:title");

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "settings.manage");
  const settings = await getSettings();
  return {
    settings: {
      communityName: settings.communityName,
      hotline: settings.hotline,
      emailFrom: settings.emailFrom,
      emailReplyTo: settings.emailReplyTo ?? "",
      verifyExtremeMonths: String(settings.verifyExtremeMonths),
      verifyHardshipMonths: String(settings.verifyHardshipMonths),
      visitExtremeMonths: String(settings.visitExtremeMonths),
      visitHardshipMonths: String(settings.visitHardshipMonths),
      smsQuietStart: clockTime(settings.smsQuietStart),
      smsQuietEnd: clockTime(settings.smsQuietEnd),
    },
    timeZone: settings.timeZone,
  };
}

export async function action({ request }: ActionFunctionArgs) {
  requireSameOrigin(request);
  const user = await requirePermission(request, "settings.manage");
  const submission = parseWithZod(await request.formData(), { schema: SettingsSchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  if (!(await updateSettings(user, submission.value, requestMeta(request)))) throw forbidden();
  throw redirect("/admin/settings?saved=1");
}

const monthsInput = { type: "number", min: 1, max: 24, inputMode: "numeric" } as const;

export default function SettingsPage() {
  const { settings, timeZone } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const [params] = useSearchParams();
  const { t } = useTranslation("settings");
  const [form, fields] = useForm<SettingsFormValues, SettingsInput>({
    lastResult,
    defaultValue: settings,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: SettingsSchema }),
    shouldRevalidate: "onBlur",
  });
  return (
    <section className="narrow stack" aria-labelledby="settings-title">
      <h1 id="settings-title">{t("title")}</h1>
      {params.get("saved") ? (
        <p className="notice" role="status">
          {t("saved")}
        </p>
      ) : null}
      <Form method="post" {...getFormProps(form)} className="stack">
        <fieldset className="stack">
          <legend>{t("community")}</legend>
          <Field meta={fields.communityName} label={t("field.communityName")} />
          <Field meta={fields.hotline} label={t("field.hotline")} inputMode="tel" />
          <div>
            <p>
              <strong>{t("field.timeZone")}</strong> {timeZone}
            </p>
            <p className="hint">{t("hint.timeZone")}</p>
          </div>
        </fieldset>
        <fieldset className="stack">
          <legend>{t("email")}</legend>
          <Field meta={fields.emailFrom} label={t("field.emailFrom")} />
          <Field meta={fields.emailReplyTo} label={t("field.emailReplyTo")} type="email" />
        </fieldset>
        <fieldset className="stack">
          <legend>{t("verification")}</legend>
          <p className="hint">{t("hint.verification")}</p>
          <Field meta={fields.verifyExtremeMonths} label={t("field.verifyExtremeMonths")} {...monthsInput} />
          <Field
            meta={fields.verifyHardshipMonths}
            label={t("field.verifyHardshipMonths")}
            {...monthsInput}
          />
        </fieldset>
        <fieldset className="stack">
          <legend>{t("visits")}</legend>
          <p className="hint">{t("hint.visits")}</p>
          <Field meta={fields.visitExtremeMonths} label={t("field.visitExtremeMonths")} {...monthsInput} />
          <Field meta={fields.visitHardshipMonths} label={t("field.visitHardshipMonths")} {...monthsInput} />
        </fieldset>
        <fieldset className="stack">
          <legend>{t("sms")}</legend>
          <p className="hint">{t("hint.smsQuiet")}</p>
          <Field meta={fields.smsQuietStart} label={t("field.smsQuietStart")} type="time" />
          <Field meta={fields.smsQuietEnd} label={t("field.smsQuietEnd")} type="time" />
        </fieldset>
        <p>
          <button type="submit" className="primary">
            {t("save")}
          </button>
        </p>
      </Form>
    </section>
  );
}
