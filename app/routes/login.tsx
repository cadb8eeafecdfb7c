import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { Field } from "#app/components/field";
import { requestIp } from "#app/modules/audit/audit.server";
import { getOptionalUser, safeRedirectPath } from "#app/modules/auth/guard.server";
import { signIn } from "#app/modules/auth/sign-in.server";
import { sessionCookie } from "#app/modules/auth/session.server";

const LoginSchema = z.object({
  email: z.email({
    error: (i) => (i.input ? "auth:validation.emailInvalid" : "auth:validation.emailRequired"),
  }),
  password: z
    .string({ error: "auth:validation.passwordRequired" })
    .min(1, "auth:validation.passwordRequired"),
  redirectTo: z.string().optional(),
});

export const meta: MetaFunction = () => [{ title: "登录 · 连心" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await getOptionalUser(request);
  if (user) throw redirect(safeRedirectPath(new URL(request.url).searchParams.get("redirectTo")));
  return null;
}

export async function action({ request }: ActionFunctionArgs) {
  const formData = await request.formData();
  const submission = parseWithZod(formData, { schema: LoginSchema });
  if (submission.status !== "success")
    return data(submission.reply({ hideFields: ["password"] }), { status: 400 });

  const result = await signIn(submission.value.email, submission.value.password, {
    ip: requestIp(request),
    userAgent: request.headers.get("user-agent"),
  });
  if (!result.ok) {
    return data(submission.reply({ formErrors: ["auth:login.invalid"], hideFields: ["password"] }), {
      status: 400,
    });
  }
  throw redirect(safeRedirectPath(submission.value.redirectTo), {
    headers: { "Set-Cookie": sessionCookie(result.token) },
  });
}

export default function Login() {
  const lastResult = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const { t } = useTranslation("auth");
  const [form, fields] = useForm({
    lastResult,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: LoginSchema }),
    shouldRevalidate: "onBlur",
  });
  return (
    <section aria-labelledby="login-title">
      <h1 id="login-title">{t("login.title")}</h1>
      <Form method="post" className="form" {...getFormProps(form)}>
        {form.errors ? (
          <p className="form-error" role="alert" id={form.errorId}>
            {form.errors.map((e) => t(e as never)).join(" ")}
          </p>
        ) : null}
        <input type="hidden" name="redirectTo" value={searchParams.get("redirectTo") ?? ""} />
        <Field meta={fields.email} label={t("login.email")} type="email" autoComplete="username" />
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
    </section>
  );
}
