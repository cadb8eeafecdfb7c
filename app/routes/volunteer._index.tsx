import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requirePermission } from "#app/modules/auth/guard.server";
import { getPersonSummary } from "#app/modules/people/people.server";

export const meta: MetaFunction = () => [{ title: "志愿者主页 · 连心 Lianxin" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "volunteer.home");
  return { person: await getPersonSummary(user.id) };
}

export default function VolunteerHome() {
  const { person } = useLoaderData<typeof loader>();
  const { t } = useTranslation("auth");
  return (
    <section aria-labelledby="volunteer-title" className="stack">
      <h1 id="volunteer-title">{t("home.greeting", { name: person.name })}</h1>
      <dl className="facts">
        <dt>{t("people.tier")}</dt>
        <dd>{person.volunteerTier ? t(`tiers.${person.volunteerTier as 1 | 2 | 3 | 4}`) : "—"}</dd>
        <dt>{t("people.supervisor")}</dt>
        <dd>
          {person.supervisorName
            ? `${person.supervisorName}${person.supervisorPhone ? ` · ${person.supervisorPhone}` : ""}`
            : t("home.noSupervisor")}
        </dd>
        <dt>{t("register.compound")}</dt>
        <dd>{person.compoundName ?? t("home.noCompound")}</dd>
      </dl>
      <p>{t("home.volunteerLead")}</p>
      <p>
        <Link to="/account">{t("account.title")}</Link>
      </p>
    </section>
  );
}
