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
import { addMember } from "#app/modules/households/members.server";
import { readHousehold } from "#app/modules/households/reader.server";
import { householdIdParam } from "#app/modules/households/registry.server";
import { pageMeta } from "#app/modules/i18n/meta";
import { requireSameOrigin } from "#app/modules/security/request-safety.server";

export const meta = pageMeta("households:members.addTitle");

async function openForWrite(request: Request, id: number) {
  const user = await requireUser(request);
  const opened = await readHousehold(user, id, { via: "households.members", ip: requestIp(request) });
  if (!opened.ok) throw opened.status === 403 ? forbidden() : new Response("Not found", { status: 404 });
  if (!opened.value.can.edit || opened.value.status !== "active") throw forbidden();
  return { user, record: opened.value };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { record } = await openForWrite(request, householdIdParam(params));
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
    showDisabled: record.healthWithheld === null,
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  requireSameOrigin(request);
  const id = householdIdParam(params);
  const { user } = await openForWrite(request, id);
  const submission = parseWithZod(await request.formData(), { schema: MemberSchema });
  if (submission.status !== "success") return data({ result: submission.reply() }, { status: 400 });
  const outcome = await addMember(user, id, submission.value, { ip: requestIp(request) });
  if (!outcome.ok && "headTaken" in outcome)
    return data(
      { result: submission.reply({ fieldErrors: { relation: ["members.headTaken"] } }) },
      { status: 400 },
    );
  if (!outcome.ok) throw outcome.status === 403 ? forbidden() : new Response("Not found", { status: 404 });
  throw redirect(`/households/${id}?notice=memberAdded`);
}

export default function NewMember() {
  const { household, showDisabled } = useLoaderData<typeof loader>();
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
      <h1>{t("members.addTitle")}</h1>
      <Form method="post" className="form" {...getFormProps(form)}>
        <FormErrors id={form.errorId} errors={form.errors} />
        <MemberFields fields={fields} showDisabled={showDisabled} />
        <div className="actions">
          <button type="submit" className="primary">
            {t("members.save")}
          </button>
          <Link to={`/households/${household.id}`}>{t("edit.cancel")}</Link>
        </div>
      </Form>
    </div>
  );
}
