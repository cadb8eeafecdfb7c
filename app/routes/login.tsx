import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { Field } from "#app/components/field";
import { FormErrors } from "#app/components/form-errors";
import { deviceCookieHeader, readDeviceToken } from "#app/modules/auth/devices.server";
import { getOptionalUser, safeRedirectPath } from "#app/modules/auth/guard.server";
import { waitMinutes } from "#app/modules/auth/rate-limit.server";
import { resendCode } from "#app/modules/auth/registration.server";
import { homeFor, requestMeta, signIn } from "#app/modules/auth/sign-in.server";
import { sessionCookie } from "#app/modules/auth/session.server";
import { requireSameOrigin } from "#app/modules/security/request-safety.server";
import { pageMeta } from "#app/modules/i18n/meta";
import { normalizePhone } from "#app/modules/notifications/phone";

// `email` holds an address or a mobile number (decision 027); the field keeps its name for password managers.
const LoginSchema = z.object({
  email: z
    .string({ error: "auth:validation.emailRequired" })
    .trim()
    .min(1, "auth:validation.emailRequired")
    .refine(
      (v) => z.email().safeParse(v).success || (!v.includes("@") && normalizePhone(v) !== null),
      "auth:phone.identifierInvalid",
    ),
  password: z
    .string({ error: "auth:validation.passwordRequired" })
    .min(1, "auth:validation.passwordRequired"),
  redirectTo: z.string().optional(),
});

export const meta = pageMeta("auth:login.title");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await getOptionalUser(request);
  if (user)
    throw redirect(safeRedirectPath(new URL(request.url).searchParams.get("redirectTo"), homeFor(user.role)));
  return null;
}

export async function action({ request }: ActionFunctionArgs) {
  requireSameOrigin(request);
  const formData = await request.formData();
  const submission = parseWithZod(formData, { schema: LoginSchema });
  if (submission.status !== "success")
    return data({ result: submission.reply({ hideFields: ["password"] }), wait: 0 }, { status: 400 });

  const result = await signIn(submission.value.email, submission.value.password, {
    ...requestMeta(request),
    device: await readDeviceToken(request),
  });
  if (result.ok) {
    const headers = new Headers();
    headers.append("Set-Cookie", sessionCookie(result.token));
    headers.append("Set-Cookie", await deviceCookieHeader(result.deviceToken));
    throw redirect(safeRedirectPath(submission.value.redirectTo, homeFor(result.role)), { headers });
  }
  if (result.reason === "unverified") {
    // The right password for an unconfirmed address: send a fresh code (rate-limited) and ask for it.
    const sent = await resendCode(result.email, requestMeta(request));
    throw redirect(
      `/verify-email?${new URLSearchParams({ email: result.email, ...(sent.ok ? { notice: "sent" } : {}) })}`,
    );
  }
  const throttled = result.reason === "throttled";
  return data(
    {
      result: submission.reply({
        formErrors: [throttled ? "auth:login.throttled" : "auth:login.invalid"],
        hideFields: ["password"],
      }),
      wait: throttled ? waitMinutes(result) : 0,
    },
    { status: throttled ? 429 : 400 },
  );
}

export default function Login() {
  const actionData = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const { t } = useTranslation("auth");
  const [form, fields] = useForm({
    lastResult: actionData?.result,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: LoginSchema }),
    shouldRevalidate: "onBlur",
  });
  const notice = searchParams.get("notice");
  return (
    <section aria-labelledby="login-title" className="narrow">
      <h1 id="login-title">{t("login.title")}</h1>
      {notice === "reset" ? (
        <p className="notice" role="status">
          {t("reset.done")}
        </p>
      ) : null}
      <Form method="post" className="form" {...getFormProps(form)}>
        <FormErrors id={form.errorId} errors={form.errors} values={{ minutes: actionData?.wait }} />
        <input type="hidden" name="redirectTo" value={searchParams.get("redirectTo") ?? ""} />
        <Field meta={fields.email} label={t("login.email")} autoComplete="username" />
        <Field
          meta={fields.password}
          label={t("login.password")}
          type="password"
          autoComplete="current-password"
        />
        <button type="submit" className="primary">
          {t("login.submit")}
        </button>
      </Form>
      <p>
        <Link to="/forgot-password">{t("login.forgot")}</Link>
      </p>
      <p>
        <Link to="/login/code">{t("phone.codeLink")}</Link>
      </p>
      <p>
        {t("login.noAccount")} <Link to="/register">{t("login.register")}</Link>
      </p>
    </section>
  );
}
