// The programme's plan (实施方案) on one A4 sheet: the plan text and its four clears, with the person in
// charge's signature line. Printed from the browser; the site's header and footer do not print.
import type { LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { PrintButton } from "#app/components/print-button";
import { ProgrammeClears } from "#app/components/programme-clears";
import { requirePermission } from "#app/modules/auth/guard.server";
import { getLocale } from "#app/modules/i18n/locale.server";
import { pageMeta } from "#app/modules/i18n/meta";
import { getProgramme } from "#app/modules/programmes/programmes.server";
import { idParam } from "#app/modules/programmes/route-helpers";
import { getSettings } from "#app/modules/settings/settings.server";
import programmeStylesUrl from "#app/styles/programmes.css?url";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: programmeStylesUrl }];
export const meta = pageMeta<typeof loader>(({ data }) => data?.programme.name);

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requirePermission(request, "programme.read");
  const programme = await getProgramme(idParam(params.id));
  if (!programme) throw new Response("Not found", { status: 404 });
  const settings = await getSettings();
  const locale = getLocale(request);
  const today = new Intl.DateTimeFormat(locale, { dateStyle: "long", timeZone: settings.timeZone }).format(
    new Date(),
  );
  return { programme, community: settings.communityName, today };
}

export default function ProgrammePlan() {
  const { programme: p, community, today } = useLoaderData<typeof loader>();
  const { t } = useTranslation("programmes");
  return (
    <div className="print-page">
      <div className="no-print print-toolbar">
        <Link to={`/programmes/${p.id}`}>← {p.name}</Link> <PrintButton label={t("print.printNow")} />
      </div>
      <article className="plan-sheet" aria-labelledby="plan-title">
        <p className="notice-kicker">
          {t("print.title")} · {t(`kind.${p.kind}`)}
        </p>
        <h1 id="plan-title">{p.name}</h1>
        {p.plan ? <p className="programme-plan-text">{p.plan}</p> : null}
        <ProgrammeClears programme={p} />
        <footer className="plan-signature">
          <p>{t("print.issuedBy", { community })}</p>
          <p>{t("print.date", { date: today })}</p>
          <p>
            {t("print.signLeader")} {p.leaderName} ________
          </p>
        </footer>
      </article>
    </div>
  );
}
