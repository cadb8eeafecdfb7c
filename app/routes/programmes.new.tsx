import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ProgrammeForm } from "#app/components/programme-form";
import { requestIp } from "#app/modules/audit/audit.server";
import { requirePermission } from "#app/modules/auth/guard.server";
import { pageMeta } from "#app/modules/i18n/meta";
import { ProgrammeFormSchema, rowsBeyondForm, toProgrammeInput } from "#app/modules/programmes/form";
import { createProgramme, dutyHolderOptions } from "#app/modules/programmes/programmes.server";
import { formDefaults, saveErrors } from "#app/modules/programmes/route-helpers";
import { compoundOptionsFor } from "#app/modules/roster/roster.server";
import { requireSameOrigin } from "#app/modules/security/request-safety.server";
import programmeStylesUrl from "#app/styles/programmes.css?url";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: programmeStylesUrl }];
export const meta = pageMeta("programmes:form.createTitle");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "programme.read");
  const compounds = await compoundOptionsFor(user);
  return {
    compounds,
    people: await dutyHolderOptions(),
    defaults: formDefaults(compounds, null, user.role === "organizer" ? user.compoundId : null),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  requireSameOrigin(request);
  const user = await requirePermission(request, "programme.read");
  const form = await request.formData();
  if (rowsBeyondForm(form)) throw new Response("Bad request", { status: 400 });
  const submission = parseWithZod(form, { schema: ProgrammeFormSchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  const made = await createProgramme(user, toProgrammeInput(submission.value), requestIp(request));
  if (!made.ok)
    return data(submission.reply(saveErrors(made.error)), { status: made.error === "forbidden" ? 403 : 400 });
  throw redirect(`/programmes/${made.id}?notice=saved`);
}

export default function NewProgramme() {
  const { compounds, people, defaults } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const { t } = useTranslation("programmes");
  return (
    <section aria-labelledby="new-programme-title" className="narrow">
      <h1 id="new-programme-title">{t("form.createTitle")}</h1>
      <ProgrammeForm
        lastResult={lastResult}
        defaultValue={defaults}
        compounds={compounds}
        people={people}
        submitLabel={t("form.save")}
        cancelTo="/programmes"
      />
    </section>
  );
}
