import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, HeadersFunction, LoaderFunctionArgs } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { Field } from "#app/components/field";
import { isCommonPassword } from "#app/modules/auth/password.server";
import { newPasswordSchema } from "#app/modules/auth/password-rules";
import { trustThisBrowser } from "#app/modules/auth/devices.server";
import { forgetLinkSecret, linkFormHeaders, readLinkSecret } from "#app/modules/auth/link-secret.server";
import { homeFor, requestMeta } from "#app/modules/auth/sign-in.server";
import { sessionCookie } from "#app/modules/auth/session.server";
import { acceptInvitation, findInvitation } from "#app/modules/people/people.server";
import { requireSameOrigin } from "#app/modules/security/request-safety.server";
import { pageMeta } from "#app/modules/i18n/meta";

const AcceptSchema = z.object({ password: newPasswordSchema });

export const meta = pageMeta("auth:invite.pageTitle");

// The token came in the link and waits in a cookie (link-secret.server.ts); see reset-password._index.tsx.
export const headers: HeadersFunction = () => linkFormHeaders;

export async function loader({ request }: LoaderFunctionArgs) {
  const invitee = await findInvitation(await readLinkSecret(request, "invite"));
  return data(
    {
      invitee: invitee && {
        name: invitee.name,
        email: invitee.email ?? invitee.phone ?? "",
        role: invitee.role,
      },
    },
    { headers: linkFormHeaders },
  );
}

export async function action({ request }: ActionFunctionArgs) {
  requireSameOrigin(request);
  const submission = parseWithZod(await request.formData(), { schema: AcceptSchema });
  if (submission.status !== "success")
    return data(submission.reply({ hideFields: ["password"] }), { status: 400 });
  if (isCommonPassword(submission.value.password))
    return data(
      submission.reply({
        fieldErrors: { password: ["auth:validation.passwordCommon"] },
        hideFields: ["password"],
      }),
      { status: 400 },
    );
  const meta = requestMeta(request);
  const accepted = await acceptInvitation(
    await readLinkSecret(request, "invite"),
    submission.value.password,
    meta,
  );
  if (!accepted.ok) throw redirect("/invite");
  const headers = new Headers();
  headers.append("Set-Cookie", sessionCookie(accepted.token));
  headers.append("Set-Cookie", await forgetLinkSecret("invite"));
  headers.append("Set-Cookie", await trustThisBrowser(request, accepted.userId, meta.ip));
  throw redirect(homeFor(accepted.role), { headers });
}

export default function AcceptInvitation() {
  const { invitee } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const { t } = useTranslation("auth");
  const [form, fields] = useForm({
    lastResult,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: AcceptSchema }),
  });
  if (!invitee)
    return (
      <section aria-labelledby="invite-title" className="narrow">
        <h1 id="invite-title">{t("invite.invalidTitle")}</h1>
        <p>{t("invite.invalidBody")}</p>
      </section>
    );
  return (
    <section aria-labelledby="invite-title" className="narrow">
      <h1 id="invite-title">{t("invite.title", { name: invitee.name })}</h1>
      <p>{t("invite.lead", { role: t(`roles.${invitee.role}`), email: invitee.email })}</p>
      <Form method="post" className="form" {...getFormProps(form)}>
        <Field
          meta={fields.password}
          label={t("invite.password")}
          type="password"
          autoComplete="new-password"
        />
        <p className="hint">{t("passwordHint")}</p>
        <button type="submit" className="primary">
          {t("invite.submit")}
        </button>
      </Form>
    </section>
  );
}
