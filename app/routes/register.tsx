import { getFormProps, getSelectProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { Field } from "#app/components/field";
import { FormErrors } from "#app/components/form-errors";
import { getOptionalUser } from "#app/modules/auth/guard.server";
import { isCommonPassword } from "#app/modules/auth/password.server";
import { newPasswordSchema } from "#app/modules/auth/password-rules";
import { waitMinutes } from "#app/modules/auth/rate-limit.server";
import { register } from "#app/modules/auth/registration.server";
import { demoCodeCookie, registerByPhone } from "#app/modules/auth/phone.server";
import { normalizePhone } from "#app/modules/notifications/phone";
import { homeFor, requestMeta } from "#app/modules/auth/sign-in.server";
import { getLocale } from "#app/modules/i18n/locale.server";
import { listCompounds } from "#app/modules/people/people.server";
import { requireSameOrigin } from "#app/modules/security/request-safety.server";
import { maxChars } from "#app/modules/i18n/field-error";
import { pageMeta } from "#app/modules/i18n/meta";

const common = {
  name: z
    .string({ error: "auth:validation.nameRequired" })
    .trim()
    .min(1, "auth:validation.nameRequired")
    .max(60, maxChars(60)),
  compoundId: z.coerce
    .number({ error: "auth:validation.compoundRequired" })
    .int()
    .positive("auth:validation.compoundRequired"),
  password: newPasswordSchema,
};

// By email (the address gets an 8-digit code) or by mobile number only (a 6-digit text; decision 027).
const RegisterSchema = z.discriminatedUnion("via", [
  z.object({
    via: z.literal("email"),
    ...common,
    email: z.email({
      error: (i) => (i.input ? "auth:validation.emailInvalid" : "auth:validation.emailRequired"),
    }),
    phone: z
      .string({ error: "auth:validation.phoneRequired" })
      .trim()
      .regex(/^\+?[0-9 -]{6,20}$/, "auth:validation.phoneInvalid"),
  }),
  z.object({
    via: z.literal("phone"),
    ...common,
    phone: z
      .string({ error: "auth:validation.phoneRequired" })
      .trim()
      .refine((v) => normalizePhone(v) !== null, "auth:phone.phoneInvalid"),
  }),
]);

type Via = "email" | "phone";
const viaOf = (value: string | null): Via => (value === "phone" ? "phone" : "email");

export const meta = pageMeta("auth:register.title");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await getOptionalUser(request);
  if (user) throw redirect(homeFor(user.role));
  return { compounds: await listCompounds(), via: viaOf(new URL(request.url).searchParams.get("via")) };
}

export async function action({ request }: ActionFunctionArgs) {
  requireSameOrigin(request);
  const submission = parseWithZod(await request.formData(), { schema: RegisterSchema });
  const reply = (fieldErrors: Record<string, string[]>, formErrors: string[] = [], wait = 0, status = 400) =>
    data(
      { result: submission.reply({ fieldErrors, formErrors, hideFields: ["password"] }), wait },
      { status },
    );
  if (submission.status !== "success") return reply({});
  if (isCommonPassword(submission.value.password))
    return reply({ password: ["auth:validation.passwordCommon"] });
  if (submission.value.via === "phone") {
    const byPhone = await registerByPhone(
      { ...submission.value, locale: getLocale(request) },
      requestMeta(request),
    );
    if (byPhone.ok) {
      const cookie = await demoCodeCookie(byPhone.phone, byPhone.demoCode);
      throw redirect(`/verify-phone?${new URLSearchParams({ phone: byPhone.phone, notice: "sent" })}`, {
        headers: cookie ? { "Set-Cookie": cookie } : undefined,
      });
    }
    switch (byPhone.reason) {
      case "invalidPhone":
        return reply({ phone: ["auth:phone.phoneInvalid"] });
      case "unknownCompound":
        return reply({ compoundId: ["auth:validation.compoundRequired"] });
      case "rateLimited":
        return reply({}, ["auth:rateLimited"], waitMinutes(byPhone), 429);
    }
  }
  const result = await register({ ...submission.value, locale: getLocale(request) }, requestMeta(request));
  if (result.ok)
    throw redirect(`/verify-email?${new URLSearchParams({ email: result.email, notice: "sent" })}`);
  switch (result.reason) {
    case "unknownCompound":
      return reply({ compoundId: ["auth:validation.compoundRequired"] });
    case "rateLimited":
      return reply({}, ["auth:rateLimited"], waitMinutes(result), 429);
  }
}

export default function Register() {
  const { compounds, via } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation("auth");
  const [form, fields] = useForm({
    lastResult: actionData?.result,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: RegisterSchema }),
    shouldRevalidate: "onBlur",
  });
  const compoundErrorId = `${fields.compoundId.id}-error`;
  return (
    <section aria-labelledby="register-title" className="narrow">
      <h1 id="register-title">{t("register.title")}</h1>
      <p>{t("register.lead")}</p>
      <nav aria-label={t("phone.registerVia")} className="feed-tabs register-via">
        {(["email", "phone"] as const).map((v) => (
          <Link key={v} to={`?via=${v}`} aria-current={via === v ? "page" : undefined}>
            {t(v === "phone" ? "phone.viaPhone" : "phone.viaEmail")}
          </Link>
        ))}
      </nav>
      {via === "phone" ? <p>{t("phone.phoneLead")}</p> : null}
      <Form method="post" className="form" {...getFormProps(form)} key={via}>
        <input type="hidden" name="via" value={via} />
        <FormErrors id={form.errorId} errors={form.errors} values={{ minutes: actionData?.wait }} />
        <Field meta={fields.name} label={t("register.name")} autoComplete="name" />
        {via === "phone" ? (
          <>
            <Field
              meta={fields.phone}
              label={t("phone.number")}
              type="tel"
              inputMode="tel"
              autoComplete="tel"
            />
            <p className="hint">{t("phone.numberHint")}</p>
          </>
        ) : (
          <>
            <Field meta={fields.email} label={t("register.email")} type="email" autoComplete="email" />
            <Field meta={fields.phone} label={t("register.phone")} type="tel" autoComplete="tel" />
          </>
        )}
        <div className="field">
          <label htmlFor={fields.compoundId.id}>{t("register.compound")}</label>
          <select
            {...getSelectProps(fields.compoundId)}
            aria-describedby={fields.compoundId.errors ? compoundErrorId : undefined}
          >
            <option value="">{t("register.chooseCompound")}</option>
            {compounds.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
          {fields.compoundId.errors ? (
            <p id={compoundErrorId} className="field-error">
              {fields.compoundId.errors.map((e) => t(e as never)).join(" ")}
            </p>
          ) : null}
        </div>
        <Field
          meta={fields.password}
          label={t("register.password")}
          type="password"
          autoComplete="new-password"
        />
        <p className="hint">{t("passwordHint")}</p>
        <button type="submit" className="primary">
          {t("register.submit")}
        </button>
      </Form>
      <p>
        {t("register.haveAccount")} <Link to="/login">{t("login.submit")}</Link>
      </p>
    </section>
  );
}
