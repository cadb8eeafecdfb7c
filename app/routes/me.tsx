import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requirePermission } from "#app/modules/auth/guard.server";
import { getPersonSummary } from "#app/modules/people/people.server";

export const meta: MetaFunction = () => [{ title: "我的主页 · 连心 Lianxin" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "account.manageOwn");
  return { person: await getPersonSummary(user.id) };
}

export default function ResidentHome() {
  const { person } = useLoaderData<typeof loader>();
  const { t } = useTranslation("auth");
  return (
    <section aria-labelledby="me-title" className="stack">
      <h1 id="me-title">{t("home.greeting", { name: person.name })}</h1>
      <dl className="facts">
        <dt>{t("register.compound")}</dt>
        <dd>{person.compoundName ?? t("home.noCompound")}</dd>
      </dl>
      <p>
        <Link to="/account">{t("account.title")}</Link>
      </p>
    </section>
  );
}
