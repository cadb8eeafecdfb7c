import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { Field } from "#app/components/field";
import { FormErrors } from "#app/components/form-errors";
import { requestPasswordReset } from "#app/modules/auth/password-reset.server";
import { waitMinutes } from "#app/modules/auth/rate-limit.server";
import { requestMeta } from "#app/modules/auth/sign-in.server";
import { requireSameOrigin } from "#app/modules/security/request-safety.server";
import { pageMeta } from "#app/modules/i18n/meta";
import { demoCodeCookie, requestPhoneReset } from "#app/modules/auth/phone.server";
import { normalizePhone } from "#app/modules/notifications/phone";

// An address gets a link; a confirmed mobile number gets a 6-digit code by text (decision 027).
const ForgotSchema = z.object({
  email: z
    .string({ error: "auth:validation.emailRequired" })
    .trim()
    .min(1, "auth:validation.emailRequired")
    .refine(
      (v) => z.email().safeParse(v).success || (!v.includes("@") && normalizePhone(v) !== null),
      "auth:phone.identifierInvalid",
    ),
});

export const meta = pageMeta("auth:forgot.title");

export async function action({ request }: ActionFunctionArgs) {
  requireSameOrigin(request);
  const submission = parseWithZod(await request.formData(), { schema: ForgotSchema });
  if (submission.status !== "success")
    return data({ result: submission.reply(), wait: 0, sent: false }, { status: 400 });
  const phone = submission.value.email.includes("@") ? null : normalizePhone(submission.value.email);
  if (phone) {
    const texted = await requestPhoneReset(phone, requestMeta(request));
    if (!texted.ok)
      return data(
        {
          result: submission.reply({ formErrors: ["auth:rateLimited"] }),
          wait: waitMinutes(texted),
          sent: false,
        },
        { status: 429 },
      );
    const cookie = await demoCodeCookie(phone, texted.demoCode);
    throw redirect(`/forgot-password/code?${new URLSearchParams({ phone })}`, {
      headers: cookie ? { "Set-Cookie": cookie } : undefined,
    });
  }
  const outcome = await requestPasswordReset(submission.value.email, requestMeta(request));
  if (!outcome.ok)
    return data(
      {
        result: submission.reply({ formErrors: ["auth:rateLimited"] }),
        wait: waitMinutes(outcome),
        sent: false,
      },
      { status: 429 },
    );
  // The same answer whether or not the address has an account.
  return data({ result: submission.reply({ resetForm: true }), wait: 0, sent: true });
}

export default function ForgotPassword() {
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation("auth");
  const [form, fields] = useForm({
    lastResult: actionData?.result,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ForgotSchema }),
  });
  return (
    <section aria-labelledby="forgot-title" className="narrow">
      <h1 id="forgot-title">{t("forgot.title")}</h1>
      {actionData?.sent ? (
        <p className="notice" role="status">
          {t("forgot.sent")}
        </p>
      ) : null}
      <p>{t("phone.forgotLead")}</p>
      <Form method="post" className="form" {...getFormProps(form)}>
        <FormErrors id={form.errorId} errors={form.errors} values={{ minutes: actionData?.wait }} />
        <Field meta={fields.email} label={t("phone.forgotField")} autoComplete="username" />
        <button type="submit" className="primary">
          {t("forgot.submit")}
        </button>
      </Form>
    </section>
  );
}
