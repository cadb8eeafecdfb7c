import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, HeadersFunction, LoaderFunctionArgs } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { Field } from "#app/components/field";
import { isCommonPassword } from "#app/modules/auth/password.server";
import { newPasswordSchema } from "#app/modules/auth/password-rules";
import { isResetTokenValid, resetPassword } from "#app/modules/auth/password-reset.server";
import { trustThisBrowser } from "#app/modules/auth/devices.server";
import { forgetLinkSecret, linkFormHeaders, readLinkSecret } from "#app/modules/auth/link-secret.server";
import { requestMeta } from "#app/modules/auth/sign-in.server";
import { requireSameOrigin } from "#app/modules/security/request-safety.server";
import { pageMeta } from "#app/modules/i18n/meta";

const ResetSchema = z.object({ password: newPasswordSchema });

export const meta = pageMeta("auth:reset.title");

// The token came in the link and waits in a cookie (link-secret.server.ts): this address holds no secret, and
// a same-origin Referrer-Policy lets the form post a real Origin, with JavaScript or without.
export const headers: HeadersFunction = () => linkFormHeaders;

export async function loader({ request }: LoaderFunctionArgs) {
  const token = await readLinkSecret(request, "reset");
  return data({ valid: await isResetTokenValid(token) }, { headers: linkFormHeaders });
}

export async function action({ request }: ActionFunctionArgs) {
  requireSameOrigin(request);
  const submission = parseWithZod(await request.formData(), { schema: ResetSchema });
  if (submission.status !== "success")
    return data({ result: submission.reply({ hideFields: ["password"] }), spent: false }, { status: 400 });
  if (isCommonPassword(submission.value.password))
    return data(
      {
        result: submission.reply({
          fieldErrors: { password: ["auth:validation.passwordCommon"] },
          hideFields: ["password"],
        }),
        spent: false,
      },
      { status: 400 },
    );
  const token = await readLinkSecret(request, "reset");
  const meta = requestMeta(request);
  const userId = await resetPassword(token, submission.value.password, meta);
  if (userId === null)
    return data({ result: submission.reply({ hideFields: ["password"] }), spent: true }, { status: 400 });
  // The link proved the address: this browser will not be kept waiting by anyone's guesses at the account.
  const headers = new Headers();
  headers.append("Set-Cookie", await forgetLinkSecret("reset"));
  headers.append("Set-Cookie", await trustThisBrowser(request, userId, meta.ip));
  throw redirect("/login?notice=reset", { headers });
}

export default function ResetPassword() {
  const { valid } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation("auth");
  const [form, fields] = useForm({
    lastResult: actionData?.result,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ResetSchema }),
  });
  if (!valid || actionData?.spent)
    return (
      <section aria-labelledby="reset-title" className="narrow">
        <h1 id="reset-title">{t("reset.invalidTitle")}</h1>
        <p>{t("reset.invalidBody")}</p>
        <p>
          <Link to="/forgot-password">{t("reset.again")}</Link>
        </p>
      </section>
    );
  return (
    <section aria-labelledby="reset-title" className="narrow">
      <h1 id="reset-title">{t("reset.title")}</h1>
      <Form method="post" className="form" {...getFormProps(form)}>
        <Field
          meta={fields.password}
          label={t("reset.password")}
          type="password"
          autoComplete="new-password"
        />
        <p className="hint">{t("passwordHint")}</p>
        <button type="submit" className="primary">
          {t("reset.submit")}
        </button>
      </Form>
    </section>
  );
}
