import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { Field } from "#app/components/field";
import { CodeField } from "#app/components/auth/code-entry";
import { codeFailureKey } from "#app/modules/auth/code-messages";
import { FormErrors } from "#app/components/form-errors";
import { waitMinutes } from "#app/modules/auth/rate-limit.server";
import { resendCode, verifyEmail } from "#app/modules/auth/registration.server";
import { requestMeta } from "#app/modules/auth/sign-in.server";
import { trustThisBrowser } from "#app/modules/auth/devices.server";
import { sessionCookie } from "#app/modules/auth/session.server";
import { requireSameOrigin } from "#app/modules/security/request-safety.server";
import { pageMeta } from "#app/modules/i18n/meta";

const email = z.email({
  error: (i) => (i.input ? "auth:validation.emailInvalid" : "auth:validation.emailRequired"),
});
const VerifySchema = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("verify"),
    email,
    code: z
      .string({ error: "auth:validation.codeRequired" })
      .trim()
      .regex(/^\d{8}$/, "auth:validation.codeFormat"),
  }),
  z.object({ intent: z.literal("resend"), email }),
]);

export const meta = pageMeta("auth:verify.title");

export async function action({ request }: ActionFunctionArgs) {
  requireSameOrigin(request);
  const submission = parseWithZod(await request.formData(), { schema: VerifySchema });
  if (submission.status !== "success")
    return data({ result: submission.reply(), wait: 0, sent: false }, { status: 400 });
  const meta = requestMeta(request);
  if (submission.value.intent === "resend") {
    const sent = await resendCode(submission.value.email, meta);
    if (!sent.ok)
      return data(
        {
          result: submission.reply({ formErrors: ["auth:rateLimited"] }),
          wait: waitMinutes(sent),
          sent: false,
        },
        { status: 429 },
      );
    return data({ result: submission.reply(), wait: 0, sent: true });
  }
  const result = await verifyEmail(submission.value.email, submission.value.code, meta);
  if (result.ok) {
    const headers = new Headers();
    headers.append("Set-Cookie", sessionCookie(result.token));
    headers.append("Set-Cookie", await trustThisBrowser(request, result.userId, meta.ip));
    throw redirect("/me", { headers });
  }
  const message = codeFailureKey(result.reason);
  return data(
    { result: submission.reply({ fieldErrors: { code: [message] } }), wait: 0, sent: false },
    { status: 400 },
  );
}

export default function VerifyEmail() {
  const actionData = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const { t } = useTranslation("auth");
  const [form, fields] = useForm<{ intent: string; email: string; code: string }>({
    lastResult: actionData?.result,
    defaultValue: { email: searchParams.get("email") ?? "" },
  });
  const sent = actionData?.sent || searchParams.get("notice") === "sent";
  return (
    <section aria-labelledby="verify-title" className="narrow">
      <h1 id="verify-title">{t("verify.title")}</h1>
      {sent ? (
        <p className="notice" role="status">
          {t("verify.sent")}
        </p>
      ) : null}
      <p>{t("verify.lead")}</p>
      <Form method="post" className="form" {...getFormProps(form)}>
        <FormErrors id={form.errorId} errors={form.errors} values={{ minutes: actionData?.wait }} />
        <Field meta={fields.email} label={t("register.email")} type="email" autoComplete="email" />
        <CodeField meta={fields.code} length={8} />
        <div className="actions">
          <button type="submit" name="intent" value="verify" className="primary">
            {t("verify.submit")}
          </button>
          <button type="submit" name="intent" value="resend" className="secondary" formNoValidate>
            {t("verify.resend")}
          </button>
        </div>
      </Form>
    </section>
  );
}
