import { getFormProps, getSelectProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { AssignmentFields } from "#app/components/assignment-fields";
import { Field } from "#app/components/field";
import { FormErrors } from "#app/components/form-errors";
import { requirePermission } from "#app/modules/auth/guard.server";
import { requestMeta } from "#app/modules/auth/sign-in.server";
import {
  assignmentErrorKeys,
  assignmentShape,
  type AssignmentFormValue,
} from "#app/modules/people/assignment-schema";
import { compoundChoices, invitePerson, supervisorOptions } from "#app/modules/people/people.server";
import { requireSameOrigin } from "#app/modules/security/request-safety.server";
import { maxChars } from "#app/modules/i18n/field-error";
import { pageMeta } from "#app/modules/i18n/meta";
import { normalizePhone } from "#app/modules/notifications/phone";

const InviteSchema = z.object({
  name: z
    .string({ error: "auth:validation.nameRequired" })
    .trim()
    .min(1, "auth:validation.nameRequired")
    .max(60, maxChars(60)),
  // An address, or a mobile number for someone without one: the link then goes by text (decision 027).
  email: z.email({ error: "auth:validation.emailInvalid" }).optional(),
  phone: z
    .string()
    .trim()
    .refine((v) => normalizePhone(v) !== null, "auth:phone.phoneInvalid")
    .optional(),
  locale: z.enum(["zh-CN", "en"]).default("zh-CN"),
  ...assignmentShape,
});

export const meta = pageMeta("auth:people.invite");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "people.list");
  const [compounds, supervisors] = await Promise.all([compoundChoices(user), supervisorOptions(user)]);
  const roles = user.role === "admin" ? ["volunteer", "organizer", "admin"] : ["volunteer", "organizer"];
  return {
    compounds,
    supervisors,
    roles,
    defaultCompoundId: user.compoundId,
    allowNoCompound: user.role === "admin" || user.compoundId === null,
  };
}

export async function action({ request }: ActionFunctionArgs) {
  requireSameOrigin(request);
  const user = await requirePermission(request, "people.list");
  const submission = parseWithZod(await request.formData(), { schema: InviteSchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  const v = submission.value;
  const result = await invitePerson(
    user,
    {
      ...v,
      email: v.email ?? null,
      phone: v.phone ?? null,
      volunteerTier: v.volunteerTier ?? null,
      supervisorId: v.supervisorId ?? null,
      compoundId: v.compoundId ?? null,
    },
    requestMeta(request),
  );
  if (result.ok) throw redirect(`/admin/people/${result.userId}?notice=invited`);
  if (result.error === "forbidden") throw new Response("Forbidden", { status: 403 });
  if (result.error === "alreadyInvited")
    throw redirect(`/admin/people/${result.userId}?notice=alreadyInvited`);
  const message =
    result.error === "emailTaken"
      ? "auth:validation.emailTaken"
      : result.error === "phoneTaken"
        ? "auth:phone.inviteTaken"
        : result.error === "contactRequired"
          ? "auth:phone.inviteContact"
          : assignmentErrorKeys[result.error];
  return data(submission.reply({ fieldErrors: { [result.field]: [message] } }), { status: 400 });
}

export default function Invite() {
  const { compounds, supervisors, roles, defaultCompoundId, allowNoCompound } =
    useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const { t } = useTranslation("auth");
  const [form, fields] = useForm<
    AssignmentFormValue & { name: string; email: string; phone: string; locale: string },
    z.output<typeof InviteSchema>
  >({
    lastResult,
    defaultValue: { role: "volunteer", locale: "zh-CN", compoundId: defaultCompoundId?.toString() ?? "" },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: InviteSchema }),
  });
  return (
    <section aria-labelledby="invite-title" className="narrow">
      <h1 id="invite-title">{t("people.invite")}</h1>
      <p>{t("people.inviteLead")}</p>
      <Form method="post" className="form" {...getFormProps(form)}>
        <FormErrors id={form.errorId} errors={form.errors} />
        <Field meta={fields.name} label={t("register.name")} autoComplete="off" />
        <Field meta={fields.email} label={t("register.email")} type="email" autoComplete="off" />
        <Field meta={fields.phone} label={t("phone.number")} type="tel" autoComplete="off" />
        <p className="hint">{t("phone.inviteHint")}</p>
        <div className="field">
          <label htmlFor={fields.locale.id}>{t("account.language")}</label>
          <select {...getSelectProps(fields.locale)}>
            <option value="zh-CN">中文</option>
            <option value="en">English</option>
          </select>
        </div>
        <AssignmentFields
          fields={fields}
          compounds={compounds}
          supervisors={supervisors}
          allowedRoles={roles}
          allowNoCompound={allowNoCompound}
        />
        <button type="submit" className="primary">
          {t("people.sendInvitation")}
        </button>
      </Form>
    </section>
  );
}
