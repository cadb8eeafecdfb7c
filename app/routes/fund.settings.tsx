import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { z } from "zod";
import { Field } from "#app/components/field";
import { requirePermission } from "#app/modules/auth/guard.server";
import { requestIp } from "#app/modules/audit/audit.server";
import { pageMeta } from "#app/modules/i18n/meta";
import { MaterialSettingsSchema, type FormText } from "#app/modules/material/forms";
import { fenToYuanText } from "#app/modules/material/money";
import { getMaterialSettings, updateMaterialSettings } from "#app/modules/material/settings.server";
import { requireSameOrigin } from "#app/modules/security/request-safety.server";

export const meta = pageMeta("material:settings.title");

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "material.settings");
  const s = await getMaterialSettings();
  return {
    values: {
      creditHardship: fenToYuanText(s.creditHardshipFen),
      creditExtreme: fenToYuanText(s.creditExtremeFen),
      creditPriorityExtra: fenToYuanText(s.creditPriorityExtraFen),
      creditCeiling: fenToYuanText(s.creditCeilingFen),
      grantCeilingVolunteer: fenToYuanText(s.grantCeilingVolunteerFen),
      grantCeilingOrganizer: fenToYuanText(s.grantCeilingOrganizerFen),
      grantCeilingAdmin: fenToYuanText(s.grantCeilingAdminFen),
    },
  };
}

export async function action({ request }: ActionFunctionArgs) {
  requireSameOrigin(request);
  const user = await requirePermission(request, "material.settings");
  const submission = parseWithZod(await request.formData(), { schema: MaterialSettingsSchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  const v = submission.value;
  await updateMaterialSettings(
    user.id,
    {
      creditHardshipFen: v.creditHardship,
      creditExtremeFen: v.creditExtreme,
      creditPriorityExtraFen: v.creditPriorityExtra,
      creditCeilingFen: v.creditCeiling,
      grantCeilingVolunteerFen: v.grantCeilingVolunteer,
      grantCeilingOrganizerFen: v.grantCeilingOrganizer,
      grantCeilingAdminFen: v.grantCeilingAdmin,
    },
    requestIp(request),
  );
  throw redirect("/fund/settings?saved=1");
}

export default function MaterialSettingsPage() {
  const { values } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const [params] = useSearchParams();
  const { t } = useTranslation("material");
  const [form, fields] = useForm<
    FormText<typeof MaterialSettingsSchema>,
    z.output<typeof MaterialSettingsSchema>
  >({
    lastResult,
    defaultValue: values,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: MaterialSettingsSchema }),
    shouldRevalidate: "onBlur",
  });
  const money = { inputMode: "decimal" } as const;
  return (
    <section className="narrow stack" aria-labelledby="msettings-title">
      <h1 id="msettings-title">{t("settings.title")}</h1>
      {params.get("saved") ? (
        <p className="notice" role="status">
          {t("settings.saved")}
        </p>
      ) : null}
      <Form method="post" {...getFormProps(form)} className="stack">
        <fieldset className="stack">
          <legend>{t("settings.credits")}</legend>
          <p className="hint">{t("settings.creditsHint")}</p>
          <Field meta={fields.creditExtreme} label={t("settings.creditExtreme")} {...money} />
          <Field meta={fields.creditHardship} label={t("settings.creditHardship")} {...money} />
          <Field meta={fields.creditPriorityExtra} label={t("settings.creditPriorityExtra")} {...money} />
          <Field meta={fields.creditCeiling} label={t("settings.creditCeiling")} {...money} />
        </fieldset>
        <fieldset className="stack">
          <legend>{t("settings.grants")}</legend>
          <Field meta={fields.grantCeilingVolunteer} label={t("settings.grantVolunteer")} {...money} />
          <Field meta={fields.grantCeilingOrganizer} label={t("settings.grantOrganizer")} {...money} />
          <Field meta={fields.grantCeilingAdmin} label={t("settings.grantAdmin")} {...money} />
        </fieldset>
        <p>
          <button type="submit" className="primary">
            {t("settings.save")}
          </button>
        </p>
      </Form>
    </section>
  );
}
