import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Field } from "#app/components/field";
import { FormErrors } from "#app/components/form-errors";
import { MemberFields } from "#app/components/member-fields";
import { requestIp } from "#app/modules/audit/audit.server";
import { forbidden, requireUser } from "#app/modules/auth/guard.server";
import { can } from "#app/modules/auth/policy";
import { NewHouseholdSchema } from "#app/modules/households/forms";
import { createHousehold } from "#app/modules/households/members.server";
import { listCompounds } from "#app/modules/households/registry.server";
import { pageMeta } from "#app/modules/i18n/meta";
import { requireSameOrigin } from "#app/modules/security/request-safety.server";

export const meta = pageMeta("households:create.title");

/** The compounds this person may register a household in (the policy's `household.create`). */
async function compoundsFor(request: Request) {
  const user = await requireUser(request);
  const compounds = (await listCompounds()).filter((c) =>
    can(user, "household.create", { compoundId: c.id }),
  );
  if (compounds.length === 0) throw forbidden();
  return { user, compounds };
}

export async function loader({ request }: LoaderFunctionArgs) {
  const { compounds } = await compoundsFor(request);
  return { compounds };
}

export async function action({ request }: ActionFunctionArgs) {
  requireSameOrigin(request);
  const { user, compounds } = await compoundsFor(request);
  const submission = parseWithZod(await request.formData(), { schema: NewHouseholdSchema });
  if (submission.status !== "success")
    return data({ result: submission.reply(), taken: null }, { status: 400 });
  const v = submission.value;
  if (!compounds.some((c) => c.id === v.compoundId))
    return data(
      {
        result: submission.reply({ fieldErrors: { compoundId: ["households:validation.compound"] } }),
        taken: null,
      },
      { status: 400 },
    );
  const { compoundId, building, unit, room, ...head } = v;
  const outcome = await createHousehold(
    user,
    { compoundId, building, unit, room, members: [head] },
    { ip: requestIp(request) },
  );
  if (outcome.ok) throw redirect(`/households/${outcome.householdId}?notice=created`);
  if ("addressTaken" in outcome)
    return data(
      {
        result: submission.reply({ fieldErrors: { room: ["households:validation.addressTaken"] } }),
        taken: outcome.addressTaken,
      },
      { status: 400 },
    );
  throw forbidden();
}

export default function NewHousehold() {
  const { compounds } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation("households");
  const [form, fields] = useForm({
    id: "new-household",
    lastResult: actionData?.result,
    defaultValue: { relation: "head", compoundId: compounds.length === 1 ? String(compounds[0]?.id) : "" },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: NewHouseholdSchema }),
    shouldValidate: "onBlur",
  });
  const compound = fields.compoundId;
  return (
    <div className="stack narrow">
      <p>
        <Link to="/households">← {t("record.back")}</Link>
      </p>
      <h1>{t("create.title")}</h1>
      <p>{t("create.lead")}</p>
      {actionData?.taken ? (
        <p className="notice warning" role="alert">
          {t("create.taken")} <Link to={`/households/${actionData.taken}`}>{t("create.openTaken")}</Link>
        </p>
      ) : null}
      <Form method="post" className="form" {...getFormProps(form)}>
        <FormErrors id={form.errorId} errors={form.errors} />
        <fieldset className="field choice-group">
          <legend>{t("create.address")}</legend>
          <div className="field">
            <label htmlFor={compound.id}>{t("field.compound")}</label>
            <select
              id={compound.id}
              name={compound.name}
              defaultValue={typeof compound.initialValue === "string" ? compound.initialValue : ""}
              aria-invalid={compound.errors ? true : undefined}
              aria-describedby={compound.errors ? `${compound.id}-error` : undefined}
            >
              <option value="">{t("claim.chooseCompound")}</option>
              {compounds.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name}
                </option>
              ))}
            </select>
            {compound.errors ? (
              <p id={`${compound.id}-error`} className="field-error">
                {compound.errors.map((e) => t(e as never)).join(" ")}
              </p>
            ) : null}
          </div>
          <div className="field-row">
            <Field meta={fields.building} label={t("field.building")} />
            <Field meta={fields.unit} label={t("field.unit")} />
            <Field meta={fields.room} label={t("field.room")} />
          </div>
        </fieldset>
        <fieldset className="field choice-group">
          <legend>{t("create.head")}</legend>
          <MemberFields fields={fields} showDisabled />
        </fieldset>
        <p className="hint">{t("create.afterwards")}</p>
        <div className="actions">
          <button type="submit" className="primary">
            {t("create.submit")}
          </button>
          <Link to="/households">{t("edit.cancel")}</Link>
        </div>
      </Form>
    </div>
  );
}
