import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ProgrammeForm } from "#app/components/programme-form";
import { requestIp } from "#app/modules/audit/audit.server";
import { requirePermission } from "#app/modules/auth/guard.server";
import { pageMeta } from "#app/modules/i18n/meta";
import { createProgramme, dutyHolderOptions } from "#app/modules/programmes/programmes.server";
import { formDefaults } from "#app/modules/programmes/route-helpers";
import { saveProgrammeForm } from "#app/modules/programmes/save.server";
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
  return saveProgrammeForm(request, (input) => createProgramme(user, input, requestIp(request)));
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
