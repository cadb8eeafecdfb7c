import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ProgrammeForm } from "#app/components/programme-form";
import { requestIp } from "#app/modules/audit/audit.server";
import { forbidden, requirePermission } from "#app/modules/auth/guard.server";
import { pageMeta } from "#app/modules/i18n/meta";
import {
  dutyHolderOptions,
  getProgramme,
  mayEditProgramme,
  programmeRow,
  updateProgramme,
} from "#app/modules/programmes/programmes.server";
import { formDefaults, idParam } from "#app/modules/programmes/route-helpers";
import { saveProgrammeForm } from "#app/modules/programmes/save.server";
import { compoundOptionsFor } from "#app/modules/roster/roster.server";
import { requireSameOrigin } from "#app/modules/security/request-safety.server";
import programmeStylesUrl from "#app/styles/programmes.css?url";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: programmeStylesUrl }];
export const meta = pageMeta("programmes:form.editTitle");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "programme.read");
  const programme = await getProgramme(idParam(params.id));
  if (!programme) throw new Response("Not found", { status: 404 });
  if (!(await mayEditProgramme(user, programme))) throw forbidden();
  const compounds = await compoundOptionsFor(user);
  return {
    id: programme.id,
    compounds,
    people: await dutyHolderOptions(),
    defaults: formDefaults(compounds, programme, null),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  requireSameOrigin(request);
  const user = await requirePermission(request, "programme.read");
  const id = idParam(params.id);
  const current = await programmeRow(id);
  if (!current) throw new Response("Not found", { status: 404 });
  if (!(await mayEditProgramme(user, current))) throw forbidden();
  return saveProgrammeForm(request, (input) => updateProgramme(user, id, input, requestIp(request)));
}

export default function EditProgramme() {
  const { id, compounds, people, defaults } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const { t } = useTranslation("programmes");
  return (
    <section aria-labelledby="edit-programme-title" className="narrow">
      <h1 id="edit-programme-title">{t("form.editTitle")}</h1>
      <ProgrammeForm
        lastResult={lastResult}
        defaultValue={defaults}
        compounds={compounds}
        people={people}
        submitLabel={t("form.save")}
        cancelTo={`/programmes/${id}`}
      />
    </section>
  );
}
