import { getFormProps, getSelectProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { Field } from "#app/components/field";
import { FormErrors } from "#app/components/form-errors";
import {
  changePassword,
  describeDevice,
  listSessions,
  revokeSession,
  updateProfile,
} from "#app/modules/auth/account.server";
import { requirePermission } from "#app/modules/auth/guard.server";
import { isCommonPassword } from "#app/modules/auth/password.server";
import { newPasswordSchema } from "#app/modules/auth/password-rules";
import { clearSessionCookie } from "#app/modules/auth/session.server";
import { requestMeta, signOutEverywhere } from "#app/modules/auth/sign-in.server";
import { localeCookie } from "#app/modules/i18n/locale.server";
import { requireSameOrigin } from "#app/modules/security/request-safety.server";
import { maxChars } from "#app/modules/i18n/field-error";
import { pageMeta } from "#app/modules/i18n/meta";

const ProfileSchema = z.object({
  intent: z.literal("profile"),
  name: z
    .string({ error: "auth:validation.nameRequired" })
    .trim()
    .min(1, "auth:validation.nameRequired")
    .max(60, maxChars(60)),
  phone: z
    .string()
    .trim()
    .regex(/^\+?[0-9 -]{6,20}$/, "auth:validation.phoneInvalid")
    .optional(),
  locale: z.enum(["zh-CN", "en"], { error: "auth:validation.localeRequired" }),
});
const PasswordSchema = z.object({
  intent: z.literal("password"),
  currentPassword: z.string({ error: "auth:validation.passwordRequired" }),
  newPassword: newPasswordSchema,
});
const SessionSchema = z.object({ intent: z.literal("revoke"), sessionId: z.string() });
const EverywhereSchema = z.object({ intent: z.literal("everywhere") });
const AccountSchema = z.discriminatedUnion("intent", [
  ProfileSchema,
  PasswordSchema,
  SessionSchema,
  EverywhereSchema,
]);

export const meta = pageMeta("auth:account.title");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "account.manageOwn");
  const sessions = await listSessions(user.id, user.sessionId);
  return {
    profile: { name: user.name, email: user.email, phone: user.phone ?? "", locale: user.locale },
    sessions: sessions.map((s) => ({ ...s, device: describeDevice(s.userAgent) })),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  requireSameOrigin(request);
  const user = await requirePermission(request, "account.manageOwn");
  const formData = await request.formData();
  const submission = parseWithZod(formData, { schema: AccountSchema });
  const fail = (fieldErrors: Record<string, string[]> = {}) =>
    data(
      {
        intent: String(formData.get("intent")),
        result: submission.reply({ fieldErrors, hideFields: ["currentPassword", "newPassword"] }),
      },
      { status: 400 },
    );
  if (submission.status !== "success") return fail();
  const meta = requestMeta(request);
  const value = submission.value;
  switch (value.intent) {
    case "profile":
      await updateProfile(
        user.id,
        { name: value.name, phone: value.phone ?? null, locale: value.locale },
        meta,
      );
      throw redirect("/account?notice=saved", { headers: { "Set-Cookie": localeCookie(value.locale) } });
    case "password": {
      if (isCommonPassword(value.newPassword))
        return fail({ newPassword: ["auth:validation.passwordCommon"] });
      const outcome = await changePassword(user, value.currentPassword, value.newPassword, meta);
      if (outcome === "wrongCurrent") return fail({ currentPassword: ["auth:account.wrongCurrent"] });
      throw redirect("/account?notice=password");
    }
    case "revoke":
      await revokeSession(user.id, value.sessionId, meta);
      if (value.sessionId === user.sessionId)
        throw redirect("/login", { headers: { "Set-Cookie": clearSessionCookie() } });
      throw redirect("/account?notice=revoked");
    case "everywhere":
      await signOutEverywhere(user.id, meta.ip);
      throw redirect("/login", { headers: { "Set-Cookie": clearSessionCookie() } });
  }
}

export default function Account() {
  const { profile, sessions } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const { t, i18n } = useTranslation("auth");
  const { t: tc } = useTranslation("calendar");
  const [profileForm, profileFields] = useForm({
    id: "profile",
    lastResult: actionData?.intent === "profile" ? actionData.result : undefined,
    defaultValue: profile,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ProfileSchema }),
  });
  const [passwordForm, passwordFields] = useForm({
    id: "password",
    lastResult: actionData?.intent === "password" ? actionData.result : undefined,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: PasswordSchema }),
  });
  const notice = searchParams.get("notice");
  const when = (d: string | Date) =>
    new Intl.DateTimeFormat(i18n.language, {
      dateStyle: "medium",
      timeStyle: "short",
      timeZone: "Asia/Shanghai",
    }).format(new Date(d));
  return (
    <div className="stack">
      <h1>{t("account.title")}</h1>
      {notice ? (
        <p className="notice" role="status">
          {t(
            `account.notice.${notice === "password" ? "password" : notice === "revoked" ? "revoked" : "saved"}`,
          )}
        </p>
      ) : null}

      <section aria-labelledby="profile-title" className="card">
        <h2 id="profile-title">{t("account.profile")}</h2>
        {profile.email ? (
          <p>
            {t("register.email")}: {profile.email}
          </p>
        ) : null}
        <Form method="post" className="form" {...getFormProps(profileForm)}>
          <input type="hidden" name="intent" value="profile" />
          <FormErrors id={profileForm.errorId} errors={profileForm.errors} />
          <Field meta={profileFields.name} label={t("register.name")} autoComplete="name" />
          <Field meta={profileFields.phone} label={t("register.phone")} type="tel" autoComplete="tel" />
          <div className="field">
            <label htmlFor={profileFields.locale.id}>{t("account.language")}</label>
            <select {...getSelectProps(profileFields.locale)}>
              <option value="zh-CN">中文</option>
              <option value="en">English</option>
            </select>
          </div>
          <button type="submit" className="primary">
            {t("account.save")}
          </button>
        </Form>
        <p>
          <Link to="/account/email">{t("account.emailPreferences")}</Link>
        </p>
        <p>
          <Link to="/me/calendar">{tc("link")}</Link>
        </p>
      </section>

      <section aria-labelledby="password-title" className="card">
        <h2 id="password-title">{t("account.changePassword")}</h2>
        <Form method="post" className="form" {...getFormProps(passwordForm)}>
          <input type="hidden" name="intent" value="password" />
          <input
            type="hidden"
            name="username"
            autoComplete="username"
            value={profile.email ?? profile.phone ?? ""}
          />
          <Field
            meta={passwordFields.currentPassword}
            label={t("account.currentPassword")}
            type="password"
            autoComplete="current-password"
          />
          <Field
            meta={passwordFields.newPassword}
            label={t("account.newPassword")}
            type="password"
            autoComplete="new-password"
          />
          <p className="hint">{t("passwordHint")}</p>
          <button type="submit" className="primary">
            {t("account.changePassword")}
          </button>
        </Form>
      </section>

      <section aria-labelledby="sessions-title" className="card">
        <h2 id="sessions-title">{t("account.sessions")}</h2>
        <ul className="session-list">
          {sessions.map((s) => (
            <li key={s.id}>
              <div>
                <strong>
                  {s.device.browser ?? t("account.unknownBrowser")} ·{" "}
                  {s.device.os ?? t("account.unknownDevice")}
                </strong>
                {s.current ? <span className="badge">{t("account.thisDevice")}</span> : null}
                <br />
                {t("account.lastUsed", { when: when(s.lastUsedAt) })}
                {s.ip ? ` · ${s.ip}` : ""}
              </div>
              <Form method="post">
                <input type="hidden" name="intent" value="revoke" />
                <input type="hidden" name="sessionId" value={s.id} />
                <button type="submit" className="secondary">
                  {t("account.revoke")}
                </button>
              </Form>
            </li>
          ))}
        </ul>
        <Form method="post">
          <input type="hidden" name="intent" value="everywhere" />
          <button type="submit" className="danger">
            {t("account.signOutEverywhere")}
          </button>
        </Form>
      </section>
    </div>
  );
}
