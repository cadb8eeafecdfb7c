import { getFormProps, useForm } from "@conform-to/react";
import { isValidationSubmit } from "#app/components/confirm-submit";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Field } from "#app/components/field";
import { FormErrors } from "#app/components/form-errors";
import { requestIp } from "#app/modules/audit/audit.server";
import { forbidden, requireUser } from "#app/modules/auth/guard.server";
import { CloseHouseholdSchema } from "#app/modules/households/forms";
import { today } from "#app/modules/households/format";
import { closeHousehold } from "#app/modules/households/members.server";
import { readHousehold } from "#app/modules/households/reader.server";
import { householdIdParam } from "#app/modules/households/registry.server";
import { pageMeta } from "#app/modules/i18n/meta";
import { requireSameOrigin } from "#app/modules/security/request-safety.server";
import { getSettings } from "#app/modules/settings/settings.server";

export const meta = pageMeta("households:close.title");

async function openForClose(request: Request, id: number) {
  const user = await requireUser(request);
  const opened = await readHousehold(user, id, { via: "households.close", ip: requestIp(request) });
  if (!opened.ok) throw opened.status === 403 ? forbidden() : new Response("Not found", { status: 404 });
  if (!opened.value.can.edit) throw forbidden();
  return { user, record: opened.value };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { record } = await openForClose(request, householdIdParam(params));
  return {
    household: {
      id: record.id,
      closed: record.status !== "active",
      address: {
        compound: record.compoundName,
        building: record.building,
        unit: record.unit,
        room: record.room,
      },
    },
    today: today(),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  requireSameOrigin(request);
  const id = householdIdParam(params);
  const { user } = await openForClose(request, id);
  const submission = parseWithZod(await request.formData(), { schema: CloseHouseholdSchema });
  if (submission.status !== "success") return data({ result: submission.reply() }, { status: 400 });
  const { timeZone } = await getSettings();
  const outcome = await closeHousehold(
    user,
    id,
    { ...submission.value, zone: timeZone },
    { ip: requestIp(request) },
  );
  if (outcome.ok || "alreadyClosed" in outcome) throw redirect(`/households/${id}?notice=closed`);
  throw outcome.status === 403 ? forbidden() : new Response("Not found", { status: 404 });
}

export default function CloseHousehold() {
  const { household, today } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation("households");
  const [form, fields] = useForm({
    id: "close",
    lastResult: actionData?.result,
    defaultValue: { closedOn: today },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: CloseHouseholdSchema }),
    shouldValidate: "onBlur",
  });
  return (
    <div className="stack narrow">
      <p>
        <Link to={`/households/${household.id}`}>← {t("address", household.address)}</Link>
      </p>
      <h1>{t("close.title")}</h1>
      {household.closed ? (
        <p>{t("close.already")}</p>
      ) : (
        <>
          <p>{t("close.lead")}</p>
          <Form
            method="post"
            className="form"
            {...getFormProps(form)}
            onSubmit={(event) => {
              if (!isValidationSubmit(event) && !window.confirm(t("close.confirm"))) {
                event.preventDefault();
                return;
              }
              form.onSubmit(event);
            }}
          >
            <FormErrors id={form.errorId} errors={form.errors} />
            <fieldset className="field choice-group">
              <legend>{t("close.status")}</legend>
              {(["moved_out", "dissolved"] as const).map((s) => (
                <label key={s} className="checkbox">
                  <input
                    type="radio"
                    name={fields.status.name}
                    value={s}
                    defaultChecked={s === "moved_out"}
                  />
                  {t(`status.${s}`)}
                </label>
              ))}
            </fieldset>
            <Field meta={fields.closedOn} label={t("close.date")} type="date" max={today} />
            <Field meta={fields.reason} label={t("close.reason")} maxLength={300} />
            <div className="actions">
              <button type="submit" className="danger">
                {t("close.submit")}
              </button>
              <Link to={`/households/${household.id}`}>{t("edit.cancel")}</Link>
            </div>
          </Form>
        </>
      )}
    </div>
  );
}
