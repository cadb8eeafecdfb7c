import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { AssignmentFields } from "#app/components/assignment-fields";
import { FormErrors } from "#app/components/form-errors";
import { assertPermission, requirePermission } from "#app/modules/auth/guard.server";
import { can } from "#app/modules/auth/policy";
import { requestMeta } from "#app/modules/auth/sign-in.server";
import {
  assignmentErrorKeys,
  assignmentShape,
  type AssignmentFormValue,
} from "#app/modules/people/assignment-schema";
import {
  compoundChoices,
  getPerson,
  setDisabled,
  supervisorOptions,
  updateAssignment,
} from "#app/modules/people/people.server";
import { requireSameOrigin } from "#app/modules/security/request-safety.server";
import { pageMeta } from "#app/modules/i18n/meta";
import { DutiesSection } from "#app/components/material/duties-section";
import { requestIp } from "#app/modules/audit/audit.server";
import { grantDuty, listDuties, withdrawDuty } from "#app/modules/material/duties.server";
import { DutySchema } from "#app/modules/material/forms";
import { invitationOf } from "#app/modules/people/invitations.server";
import { InvitationActions } from "#app/components/people/invitation-actions";

const AssignmentSchema = z.object({ intent: z.literal("assign"), ...assignmentShape });
const StatusSchema = z.object({
  intent: z.enum(["disable", "enable"]),
  confirm: z.literal("yes", { error: "auth:people.confirmRequired" }),
});
const PersonSchema = z.discriminatedUnion("intent", [
  AssignmentSchema,
  StatusSchema.extend({ intent: z.literal("disable") }),
  StatusSchema.extend({ intent: z.literal("enable") }),
]);

export const meta = pageMeta<typeof loader>(({ data }) => data?.person.name);

async function loadPerson(params: { id?: string }) {
  const id = Number(params.id);
  const person = Number.isInteger(id) && id > 0 ? await getPerson(id) : undefined;
  if (!person) throw new Response("Not found", { status: 404 });
  return person;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "people.list");
  const person = await loadPerson(params);
  assertPermission(user, "people.read", person);
  const [compounds, supervisors, duties, invitation] = await Promise.all([
    compoundChoices(user),
    supervisorOptions(user),
    listDuties(person.id),
    invitationOf(person.id),
  ]);
  return {
    invitation: invitation
      ? {
          ...invitation,
          canChange: can(user, "people.invite", { role: person.role, compoundId: person.compoundId }),
        }
      : null,
    duties,
    canManageDuties:
      person.role !== "resident" &&
      can(user, "duty.manage", { personCompoundId: person.compoundId, dutyCompoundId: user.compoundId }),
    person: {
      id: person.id,
      name: person.name,
      email: person.email,
      phone: person.phone,
      role: person.role,
      volunteerTier: person.volunteerTier,
      supervisorId: person.supervisorId,
      compoundId: person.compoundId,
      disabled: person.disabledAt !== null,
      // Invited until the link is followed: it confirms the address, or the number for a phone-only account.
      invited: person.emailVerifiedAt === null && person.phoneVerifiedAt === null,
    },
    canManage: can(user, "people.manage", {
      id: person.id,
      role: person.role,
      compoundId: person.compoundId,
    }),
    roles:
      user.role === "admin"
        ? ["resident", "volunteer", "organizer", "admin"]
        : ["resident", "volunteer", "organizer"],
    // "Every compound" is offered to those who work for every compound; the server still refuses an organizer
    // of every compound made by anyone but an admin.
    allowNoCompound: user.role === "admin" || user.compoundId === null,
    compounds,
    supervisors: supervisors.filter((s) => s.id !== person.id),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  requireSameOrigin(request);
  const user = await requirePermission(request, "people.list");
  const person = await loadPerson(params);
  const dutyResult = await changeDuty(request.clone(), user, person.id);
  if (dutyResult) return dutyResult;
  assertPermission(user, "people.manage", {
    id: person.id,
    role: person.role,
    compoundId: person.compoundId,
  });
  const formData = await request.formData();
  const submission = parseWithZod(formData, { schema: PersonSchema });
  const intent = String(formData.get("intent"));
  if (submission.status !== "success") return data({ intent, result: submission.reply() }, { status: 400 });
  const v = submission.value;
  const meta = requestMeta(request);
  if (v.intent === "assign") {
    const result = await updateAssignment(
      user,
      person.id,
      {
        role: v.role,
        volunteerTier: v.volunteerTier ?? null,
        supervisorId: v.supervisorId ?? null,
        compoundId: v.compoundId ?? null,
      },
      meta,
    );
    if (result.ok) throw redirect(`/admin/people/${person.id}?notice=saved`);
    if (result.field === null)
      throw new Response(result.error, { status: result.error === "notFound" ? 404 : 403 });
    return data(
      {
        intent,
        result: submission.reply({ fieldErrors: { [result.field]: [assignmentErrorKeys[result.error]] } }),
      },
      { status: 400 },
    );
  }
  const outcome = await setDisabled(user, person.id, v.intent === "disable", meta);
  if (outcome !== "ok") throw new Response(outcome, { status: outcome === "notFound" ? 404 : 403 });
  throw redirect(`/admin/people/${person.id}?notice=${v.intent}d`);
}

/** The duty intents of the page (grant, withdraw), or null for the others. */
async function changeDuty(
  request: Request,
  user: Awaited<ReturnType<typeof requirePermission>>,
  personId: number,
) {
  const formData = await request.formData();
  const intent = formData.get("intent");
  if (intent !== "grantDuty" && intent !== "withdrawDuty") return null;
  const ip = requestIp(request);
  let outcome;
  if (intent === "grantDuty") {
    const parsed = DutySchema.safeParse(Object.fromEntries(formData));
    if (!parsed.success) return data({ intent, dutyError: "material:validation.required" }, { status: 400 });
    outcome = await grantDuty(user, personId, parsed.data.duty, parsed.data.compoundId, ip);
  } else outcome = await withdrawDuty(user, personId, Number(formData.get("dutyId")), ip);
  if (outcome.ok) throw redirect(`/admin/people/${personId}?notice=saved`);
  if (outcome.error === "forbidden") throw new Response("Forbidden", { status: 403 });
  if (outcome.error === "notFound") throw new Response("Not found", { status: 404 });
  return data({ intent, dutyError: `material:duties.error.${outcome.error}` }, { status: 400 });
}

export default function Person() {
  const {
    person,
    canManage,
    roles,
    compounds,
    supervisors,
    allowNoCompound,
    duties,
    canManageDuties,
    invitation,
  } = useLoaderData<typeof loader>();
  const { t: tl } = useTranslation("lifecycle");
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const { t } = useTranslation("auth");
  const [form, fields] = useForm<AssignmentFormValue & { intent: string }, z.output<typeof AssignmentSchema>>(
    {
      id: "assign",
      lastResult:
        actionData && "result" in actionData && actionData.intent === "assign"
          ? actionData.result
          : undefined,
      defaultValue: {
        role: person.role,
        volunteerTier: person.volunteerTier?.toString() ?? "",
        supervisorId: person.supervisorId?.toString() ?? "",
        compoundId: person.compoundId?.toString() ?? "",
      },
      onValidate: ({ formData }) => parseWithZod(formData, { schema: AssignmentSchema }),
    },
  );
  const [statusForm, statusFields] = useForm<{ intent: string; confirm: string }>({
    id: "status",
    lastResult:
      actionData && "result" in actionData && actionData.intent !== "assign" ? actionData.result : undefined,
  });
  const notice = params.get("notice");
  const statusIntent = person.disabled ? "enable" : "disable";
  return (
    <div className="stack narrow">
      <h1>{person.name}</h1>
      {notice && ["saved", "invited", "disabled", "enabled"].includes(notice) ? (
        <p className="notice" role="status">
          {t(`people.notice.${notice as "saved" | "invited" | "disabled" | "enabled"}`)}
        </p>
      ) : null}
      {notice === "alreadyInvited" || params.get("invitation") ? (
        <p className="notice" role="status">
          {notice === "alreadyInvited"
            ? tl("invitations.alreadyInvited")
            : params.get("invitation") === "resent"
              ? tl("invitations.resent")
              : tl("invitations.withdrawnNotice")}
        </p>
      ) : null}
      <dl className="facts">
        <dt>{t("register.email")}</dt>
        <dd>{person.email ?? "—"}</dd>
        <dt>{t("register.phone")}</dt>
        <dd>{person.phone ?? "—"}</dd>
        <dt>{t("people.status")}</dt>
        <dd>
          {person.disabled ? t("people.disabled") : person.invited ? t("people.invited") : t("people.active")}
        </dd>
      </dl>
      {invitation ? (
        <section aria-labelledby="invitation-title" className="card">
          <h2 id="invitation-title">{tl("invitations.sectionTitle")}</h2>
          <p>
            <span className="badge">{tl(`invitations.states.${invitation.state}`)}</span>
          </p>
          {invitation.canChange ? (
            <InvitationActions userId={person.id} state={invitation.state} back="person" name={person.name} />
          ) : null}
        </section>
      ) : null}
      {canManage ? (
        <>
          <section aria-labelledby="assign-title" className="card">
            <h2 id="assign-title">{t("people.assignment")}</h2>
            <Form method="post" className="form" {...getFormProps(form)}>
              <input type="hidden" name="intent" value="assign" />
              <FormErrors id={form.errorId} errors={form.errors} />
              <AssignmentFields
                fields={fields}
                compounds={compounds}
                supervisors={supervisors}
                allowedRoles={roles}
                allowNoCompound={allowNoCompound}
              />
              <button type="submit" className="primary">
                {t("account.save")}
              </button>
            </Form>
          </section>
          <section aria-labelledby="status-title" className="card">
            <h2 id="status-title">{person.disabled ? t("people.enableTitle") : t("people.disableTitle")}</h2>
            <p>{person.disabled ? t("people.enableLead") : t("people.disableLead")}</p>
            <Form method="post" className="form" {...getFormProps(statusForm)}>
              <input type="hidden" name="intent" value={statusIntent} />
              <div className="checkbox">
                <input
                  type="checkbox"
                  id={statusFields.confirm.id}
                  name="confirm"
                  value="yes"
                  aria-describedby={
                    statusFields.confirm.errors ? `${statusFields.confirm.id}-error` : undefined
                  }
                />
                <label htmlFor={statusFields.confirm.id}>{t("people.confirm", { name: person.name })}</label>
              </div>
              {statusFields.confirm.errors ? (
                <p id={`${statusFields.confirm.id}-error`} className="field-error">
                  {statusFields.confirm.errors.map((e) => t(e as never)).join(" ")}
                </p>
              ) : null}
              <button type="submit" className={person.disabled ? "primary" : "danger"}>
                {person.disabled ? t("people.enable") : t("people.disable")}
              </button>
            </Form>
          </section>
        </>
      ) : null}
      {person.role !== "resident" ? (
        <DutiesSection
          held={duties}
          compounds={compounds}
          canManage={canManageDuties}
          error={actionData && "dutyError" in actionData ? actionData.dutyError : null}
        />
      ) : null}
    </div>
  );
}
