// Signing in with a texted code instead of a password (decision 027): the confirmed number first, then the
// 6-digit code. In a demo without an SMS provider the page shows the code itself.
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
import { getOptionalUser } from "#app/modules/auth/guard.server";
import {
  demoCodeCookie,
  readDemoCode,
  requestSignInCode,
  signInWithCode,
} from "#app/modules/auth/phone.server";
import { waitMinutes } from "#app/modules/auth/rate-limit.server";
import { sessionCookie } from "#app/modules/auth/session.server";
import { homeFor, requestMeta } from "#app/modules/auth/sign-in.server";
import { pageMeta } from "#app/modules/i18n/meta";
import { maskPhone, normalizePhone } from "#app/modules/notifications/phone";
import { requireSameOrigin } from "#app/modules/security/request-safety.server";

const phone = z
  .string({ error: "auth:validation.phoneRequired" })
  .trim()
  .refine((v) => normalizePhone(v) !== null, "auth:phone.phoneInvalid");
const CodeSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("send"), phone }),
  z.object({
    intent: z.literal("verify"),
    phone,
    code: z
      .string({ error: "auth:validation.codeRequired" })
      .trim()
      .regex(/^\d{6}$/, "auth:phone.codeFormat"),
  }),
]);

export const meta = pageMeta("auth:phone.codeTitle");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await getOptionalUser(request);
  if (user) throw redirect(homeFor(user.role));
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
  if (submission.status !== "success") return data({ result: submission.reply(), wait: 0 }, { status: 400 });
  const meta = requestMeta(request);
  const number = normalizePhone(submission.value.phone) ?? "";
  if (submission.value.intent === "send") {
    const sent = await requestSignInCode(number, meta);
    if (!sent.ok)
      return data(
        { result: submission.reply({ formErrors: ["auth:rateLimited"] }), wait: waitMinutes(sent) },
        { status: 429 },
      );
    const cookie = await demoCodeCookie(number, sent.demoCode);
    throw redirect(`/login/code?${new URLSearchParams({ phone: number })}`, {
      headers: cookie ? { "Set-Cookie": cookie } : undefined,
    });
  }
  const result = await signInWithCode(number, submission.value.code, meta);
  if (result.ok) {
    const headers = new Headers();
    headers.append("Set-Cookie", sessionCookie(result.token));
    headers.append("Set-Cookie", await trustThisBrowser(request, result.userId, meta.ip));
    throw redirect(homeFor(result.role), { headers });
  }
  const message = codeFailureKey(result.reason);
  return data({ result: submission.reply({ fieldErrors: { code: [message] } }), wait: 0 }, { status: 400 });
}

export default function SignInWithCode() {
  const { phone, masked, demoCode } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation("auth");
  const [form, fields] = useForm<{ intent: string; phone: string; code: string }>({
    lastResult: actionData?.result,
    defaultValue: { phone: phone ?? "" },
  });
  return (
    <section aria-labelledby="code-title" className="narrow">
      <h1 id="code-title">{t("phone.codeTitle")}</h1>
      <DemoCodeNote code={demoCode} />
      {phone ? (
        <p className="notice" role="status">
          {t("phone.codeSent")} <strong>{masked}</strong>
        </p>
      ) : (
        <p>{t("phone.codeLead")}</p>
      )}
      <Form method="post" className="form" {...getFormProps(form)}>
        <FormErrors id={form.errorId} errors={form.errors} values={{ minutes: actionData?.wait }} />
        {phone ? (
          <>
            <input type="hidden" name="phone" value={phone} />
            <CodeField meta={fields.code} length={6} />
            <div className="actions">
              <button type="submit" name="intent" value="verify" className="primary">
                {t("phone.codeSubmit")}
              </button>
              <button type="submit" name="intent" value="send" className="secondary" formNoValidate>
                {t("verify.resend")}
              </button>
            </div>
          </>
        ) : (
          <>
            <Field meta={fields.phone} label={t("phone.number")} type="tel" autoComplete="tel" />
            <button type="submit" name="intent" value="send" className="primary">
              {t("phone.codeSend")}
            </button>
          </>
        )}
      </Form>
      <p>
        <Link to="/login">{t("phone.passwordLink")}</Link>
      </p>
    </section>
  );
}
