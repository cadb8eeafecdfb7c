import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requirePermission } from "#app/modules/auth/guard.server";
import { can } from "#app/modules/auth/policy";
import { pageMeta } from "#app/modules/i18n/meta";

export const meta = pageMeta("nav.admin");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "admin.home");
  return { name: user.name, isAdmin: can(user, "settings.manage") };
}

export default function StaffHome() {
  const { name, isAdmin } = useLoaderData<typeof loader>();
  const { t } = useTranslation(["auth", "settings"]);
  return (
    <section aria-labelledby="admin-title" className="stack">
      <h1 id="admin-title">{t("home.greeting", { name })}</h1>
      <ul className="link-list">
        <li>
          <Link to="/admin/people">{t("people.title")}</Link>
        </li>
        <li>
          <Link to="/admin/people/invite">{t("people.invite")}</Link>
        </li>
        {isAdmin ? (
          <li>
            <Link to="/admin/settings">{t("settings:title")}</Link>
          </li>
        ) : null}
      </ul>
    </section>
  );
}
