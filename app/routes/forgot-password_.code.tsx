// A new password for an account with a confirmed mobile number (decision 027): the 6-digit code texted from
// /forgot-password and the new password. In a demo without an SMS provider the page shows the code itself.
import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { Field } from "#app/components/field";
import { CodeField, DemoCodeNote } from "#app/components/auth/code-entry";
import { codeFailureKey } from "#app/modules/auth/code-messages";
import { FormErrors } from "#app/components/form-errors";
import { trustThisBrowser } from "#app/modules/auth/devices.server";
import { isCommonPassword } from "#app/modules/auth/password.server";
import { newPasswordSchema } from "#app/modules/auth/password-rules";
import { readDemoCode, resetPasswordByPhone } from "#app/modules/auth/phone.server";
import { requestMeta } from "#app/modules/auth/sign-in.server";
import { pageMeta } from "#app/modules/i18n/meta";
import { maskPhone, normalizePhone } from "#app/modules/notifications/phone";
import { requireSameOrigin } from "#app/modules/security/request-safety.server";

const CodeSchema = z.object({
  phone: z
    .string({ error: "auth:validation.phoneRequired" })
    .trim()
    .refine((v) => normalizePhone(v) !== null, "auth:phone.phoneInvalid"),
  code: z
    .string({ error: "auth:validation.codeRequired" })
    .trim()
    .regex(/^\d{6}$/, "auth:phone.codeFormat"),
  password: newPasswordSchema,
});

export const meta = pageMeta("auth:phone.resetTitle");

export async function loader({ request }: LoaderFunctionArgs) {
  const number = normalizePhone(new URL(request.url).searchParams.get("phone") ?? "");
  return {
    phone: number,
    masked: number ? maskPhone(number) : null,
    demoCode: number ? await readDemoCode(request, number) : null,
  };
}

export async function action({ request }: ActionFunctionArgs) {
  requireSameOrigin(request);
  const submission = parseWithZod(await request.formData(), { schema: CodeSchema });
  const fail = (fieldErrors: Record<string, string[]>) =>
    data({ result: submission.reply({ fieldErrors, hideFields: ["password"] }) }, { status: 400 });
  if (submission.status !== "success") return fail({});
  if (isCommonPassword(submission.value.password))
    return fail({ password: ["auth:validation.passwordCommon"] });
  const meta = requestMeta(request);
  const { phone, code, password } = submission.value;
  const result = await resetPasswordByPhone(phone, code, password, meta);
  if (result.ok) {
    const headers = new Headers();
    headers.append("Set-Cookie", await trustThisBrowser(request, result.userId, meta.ip));
    throw redirect("/login?notice=reset", { headers });
  }
  const message = codeFailureKey(result.reason);
  return fail({ code: [message] });
}

export default function ResetByCode() {
  const { phone, masked, demoCode } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation("auth");
  const [form, fields] = useForm({
    lastResult: actionData?.result,
    defaultValue: { phone: phone ?? "" },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: CodeSchema }),
  });
  return (
    <section aria-labelledby="reset-code-title" className="narrow">
      <h1 id="reset-code-title">{t("phone.resetTitle")}</h1>
      <DemoCodeNote code={demoCode} />
      <p className="notice" role="status">
        {t("phone.resetSent")}
      </p>
      <p>
        {t("phone.resetLead")} {masked ? <strong>{masked}</strong> : null}
      </p>
      <Form method="post" className="form" {...getFormProps(form)}>
        <FormErrors id={form.errorId} errors={form.errors} />
        {phone ? (
          <input type="hidden" name="phone" value={phone} />
        ) : (
          <Field meta={fields.phone} label={t("phone.number")} type="tel" autoComplete="tel" />
        )}
        <CodeField meta={fields.code} length={6} />
        <Field
          meta={fields.password}
          label={t("reset.password")}
          type="password"
          autoComplete="new-password"
        />
        <p className="hint">{t("passwordHint")}</p>
        <button type="submit" className="primary">
          {t("phone.resetSubmit")}
        </button>
      </Form>
      <p>
        <Link to="/forgot-password">{t("reset.again")}</Link>
      </p>
    </section>
  );
}
