import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { z } from "zod";
import type { FormText } from "#app/modules/material/forms";
import { Field } from "#app/components/field";
import { requestIp } from "#app/modules/audit/audit.server";
import { pageMeta } from "#app/modules/i18n/meta";
import { IncomeSchema } from "#app/modules/material/forms";
import { recordOperatingIncome } from "#app/modules/material/fund.server";
import { requireDuty } from "#app/modules/material/guard.server";
import { requireSameOrigin } from "#app/modules/security/request-safety.server";

export const meta = pageMeta("material:income.title");

export async function loader({ request }: LoaderFunctionArgs) {
  await requireDuty(request, "fund.record");
  return null;
}

export async function action({ request }: ActionFunctionArgs) {
  requireSameOrigin(request);
  const user = await requireDuty(request, "fund.record");
  const submission = parseWithZod(await request.formData(), { schema: IncomeSchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  const { amount, method, memo } = submission.value;
  const posted = await recordOperatingIncome(
    user.id,
    { amountFen: amount, method, memo },
    requestIp(request),
  );
  throw redirect(`/fund/movements/${posted.id}`);
}

export default function Income() {
  const lastResult = useActionData<typeof action>();
  const { t } = useTranslation("material");
  const [form, fields] = useForm<FormText<typeof IncomeSchema>, z.output<typeof IncomeSchema>>({
    lastResult,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: IncomeSchema }),
    shouldRevalidate: "onBlur",
  });
  return (
    <section className="narrow stack" aria-labelledby="income-title">
      <h1 id="income-title">{t("income.title")}</h1>
      <p className="hint">{t("income.hint")}</p>
      <Form method="post" {...getFormProps(form)} className="stack">
        <Field meta={fields.amount} label={t("donation.amount")} inputMode="decimal" />
        <div className="material-choice" role="radiogroup" aria-label={t("donation.method")}>
          <label className="checkbox">
            <input type="radio" name="method" value="cash" defaultChecked /> {t("method.cash")}
          </label>
          <label className="checkbox">
            <input type="radio" name="method" value="transfer" /> {t("method.transfer")}
          </label>
        </div>
        <Field meta={fields.memo} label={t("income.memo")} />
        <p>
          <button type="submit" className="primary">
            {t("income.save")}
          </button>
        </p>
      </Form>
    </section>
  );
}
