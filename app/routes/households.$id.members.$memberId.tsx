import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { FormErrors } from "#app/components/form-errors";
import { MemberFields } from "#app/components/member-fields";
import { requestIp } from "#app/modules/audit/audit.server";
import { forbidden, requireUser } from "#app/modules/auth/guard.server";
import { MemberSchema } from "#app/modules/households/forms";
import { currentMembers, removeMember, updateMember } from "#app/modules/households/members.server";
import { readHousehold } from "#app/modules/households/reader.server";
import { householdIdParam } from "#app/modules/households/registry.server";
import { pageMeta } from "#app/modules/i18n/meta";
import { requireSameOrigin } from "#app/modules/security/request-safety.server";

export const meta = pageMeta("households:members.editTitle");

async function openMember(request: Request, params: { id?: string; memberId?: string }) {
  const id = householdIdParam(params);
  const memberId = householdIdParam({ id: params.memberId });
  const user = await requireUser(request);
  const opened = await readHousehold(user, id, { via: "households.members", ip: requestIp(request) });
  if (!opened.ok) throw opened.status === 403 ? forbidden() : new Response("Not found", { status: 404 });
  if (!opened.value.can.edit || opened.value.status !== "active") throw forbidden();
  const member = (await currentMembers(id)).find((m) => m.id === memberId);
  if (!member) throw new Response("Not found", { status: 404 });
  return { user, id, record: opened.value, member };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { record, member } = await openMember(request, params);
  const showDisabled = record.healthWithheld === null;
  return {
    household: {
      id: record.id,
      address: {
        compound: record.compoundName,
        building: record.building,
        unit: record.unit,
        room: record.room,
      },
    },
    member: { ...member, disabled: showDisabled ? member.disabled : null },
    showDisabled,
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  requireSameOrigin(request);
  const { user, id, record, member } = await openMember(request, params);
  const formData = await request.formData();
  const meta = { ip: requestIp(request) };
  if (formData.get("intent") === "remove") {
    const outcome = await removeMember(user, id, member.id, meta);
    if (!outcome.ok) throw outcome.status === 403 ? forbidden() : new Response("Not found", { status: 404 });
    throw redirect(`/households/${id}?notice=memberRemoved`);
  }
  const submission = parseWithZod(formData, { schema: MemberSchema });
  if (submission.status !== "success") return data({ result: submission.reply() }, { status: 400 });
  // A form that could not show the disability flag keeps it as it is.
  const disabled = record.healthWithheld === null ? submission.value.disabled : member.disabled;
  const outcome = await updateMember(user, id, member.id, { ...submission.value, disabled }, meta);
  if (!outcome.ok && "headTaken" in outcome)
    return data(
      { result: submission.reply({ fieldErrors: { relation: ["members.headTaken"] } }) },
      { status: 400 },
    );
  if (!outcome.ok) throw outcome.status === 403 ? forbidden() : new Response("Not found", { status: 404 });
  throw redirect(`/households/${id}?notice=memberSaved`);
}

export default function EditMember() {
  const { household, member, showDisabled } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation("households");
  const [form, fields] = useForm({
    id: "member",
    lastResult: actionData?.result,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: MemberSchema }),
    shouldValidate: "onBlur",
  });
  return (
    <div className="stack narrow">
      <p>
        <Link to={`/households/${household.id}`}>← {t("address", household.address)}</Link>
      </p>
      <h1>{t("members.editTitle")}</h1>
      <Form method="post" className="form" {...getFormProps(form)}>
        <FormErrors id={form.errorId} errors={form.errors} />
        <MemberFields fields={fields} value={member} showDisabled={showDisabled} />
        <div className="actions">
          <button type="submit" className="primary">
            {t("members.save")}
          </button>
          <Link to={`/households/${household.id}`}>{t("edit.cancel")}</Link>
        </div>
      </Form>
      <section className="card stack" aria-labelledby="remove-title">
        <h2 id="remove-title">{t("members.removeTitle")}</h2>
        <p>{t("members.removeLead")}</p>
        <Form
          method="post"
          onSubmit={(event) => {
            if (!window.confirm(t("members.confirmRemove", { name: member.name }))) event.preventDefault();
          }}
        >
          <input type="hidden" name="intent" value="remove" />
          <button type="submit" className="danger">
            {t("members.remove", { name: member.name })}
          </button>
        </Form>
      </section>
    </div>
  );
}
