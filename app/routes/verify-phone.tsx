// The second step of a sign-up by mobile number (decision 027): the 6-digit code from the text confirms the
// number and signs the resident in. In a demo without an SMS provider the page shows the code itself.
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
import { demoCodeCookie, readDemoCode, resendPhoneCode, verifyPhone } from "#app/modules/auth/phone.server";
import { waitMinutes } from "#app/modules/auth/rate-limit.server";
import { sessionCookie } from "#app/modules/auth/session.server";
import { requestMeta } from "#app/modules/auth/sign-in.server";
import { pageMeta } from "#app/modules/i18n/meta";
import { maskPhone, normalizePhone } from "#app/modules/notifications/phone";
import { requireSameOrigin } from "#app/modules/security/request-safety.server";

const phone = z
  .string({ error: "auth:validation.phoneRequired" })
  .trim()
  .refine((v) => normalizePhone(v) !== null, "auth:phone.phoneInvalid");
const VerifySchema = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("verify"),
    phone,
    code: z
      .string({ error: "auth:validation.codeRequired" })
      .trim()
      .regex(/^\d{6}$/, "auth:phone.codeFormat"),
  }),
  z.object({ intent: z.literal("resend"), phone }),
]);

export const meta = pageMeta("auth:phone.verifyTitle");

export async function loader({ request }: LoaderFunctionArgs) {
  const params = new URL(request.url).searchParams;
  const number = normalizePhone(params.get("phone") ?? "");
  return {
    phone: number,
    masked: number ? maskPhone(number) : null,
    sent: params.get("notice") === "sent",
    demoCode: number ? await readDemoCode(request, number) : null,
  };
}

export async function action({ request }: ActionFunctionArgs) {
  requireSameOrigin(request);
  const submission = parseWithZod(await request.formData(), { schema: VerifySchema });
  if (submission.status !== "success")
    return data({ result: submission.reply(), wait: 0, sent: false }, { status: 400 });
  const meta = requestMeta(request);
  if (submission.value.intent === "resend") {
    const sent = await resendPhoneCode(submission.value.phone, meta);
    if (!sent.ok)
      return data(
        {
          result: submission.reply({ formErrors: ["auth:rateLimited"] }),
          wait: waitMinutes(sent),
          sent: false,
        },
        { status: 429 },
      );
    const number = normalizePhone(submission.value.phone) ?? "";
    const cookie = await demoCodeCookie(number, sent.demoCode);
    return data(
      { result: submission.reply(), wait: 0, sent: true },
      { headers: cookie ? { "Set-Cookie": cookie } : undefined },
    );
  }
  const result = await verifyPhone(submission.value.phone, submission.value.code, meta);
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

export default function VerifyPhone() {
  const { phone, masked, sent: sentBefore, demoCode } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation("auth");
  const [form, fields] = useForm<{ intent: string; phone: string; code: string }>({
    lastResult: actionData?.result,
    defaultValue: { phone: phone ?? "" },
  });
  const sent = actionData?.sent || sentBefore;
  return (
    <section aria-labelledby="verify-phone-title" className="narrow">
      <h1 id="verify-phone-title">{t("phone.verifyTitle")}</h1>
      <DemoCodeNote code={demoCode} />
      {sent ? (
        <p className="notice" role="status">
          {t("phone.sent")}
        </p>
      ) : null}
      <p>
        {t("phone.verifyLead")} {masked ? <strong>{masked}</strong> : null}
      </p>
      <Form method="post" className="form" {...getFormProps(form)}>
        <FormErrors id={form.errorId} errors={form.errors} values={{ minutes: actionData?.wait }} />
        {phone ? (
          <input type="hidden" name="phone" value={phone} />
        ) : (
          <Field meta={fields.phone} label={t("phone.number")} type="tel" autoComplete="tel" />
        )}
        <CodeField meta={fields.code} length={6} />
        <div className="actions">
          <button type="submit" name="intent" value="verify" className="primary">
            {t("verify.submit")}
          </button>
          <button type="submit" name="intent" value="resend" className="secondary" formNoValidate>
            {t("verify.resend")}
          </button>
        </div>
      </Form>
      <p>
        <Link to="/register?via=phone">{t("phone.changeNumber")}</Link>
      </p>
    </section>
  );
}
