import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { countCompounds } from "#app/modules/community/community.server";
import { getSettings } from "#app/modules/settings/settings.server";
import { pageMeta } from "#app/modules/i18n/meta";

export const meta = pageMeta("home.title");

export async function loader() {
  const [settings, compounds] = await Promise.all([getSettings(), countCompounds()]);
  return {
    communityName: settings.communityName,
    hotline: settings.hotline,
    compounds,
  };
}

export default function Home() {
  const { communityName, hotline, compounds } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  return (
    <>
      <section className="hero" aria-labelledby="home-title">
        <p className="badge">{t("home.community", { name: communityName })}</p>
        <h1 id="home-title">{t("home.title")}</h1>
        <p className="lead">{t("home.lead")}</p>
        {compounds > 0 ? <p>{t("home.stats", { compounds })}</p> : null}
        <p>
          <strong>{t("home.hotline", { hotline })}</strong>
        </p>
      </section>
      <section aria-labelledby="for-whom">
        <h2 id="for-whom">{t("home.forWhom")}</h2>
        <ul className="cards">
          <li className="card">
            <h3>{t("home.residentsTitle")}</h3>
            <p>{t("home.residentsBody")}</p>
          </li>
          <li className="card">
            <h3>{t("home.volunteersTitle")}</h3>
            <p>{t("home.volunteersBody")}</p>
          </li>
          <li className="card">
            <h3>{t("home.organizersTitle")}</h3>
            <p>{t("home.organizersBody")}</p>
          </li>
        </ul>
      </section>
      <section aria-labelledby="three-helps">
        <h2 id="three-helps">{t("home.threeHelps")}</h2>
        <ul>
          <li>{t("home.ability")}</li>
          <li>{t("home.spirit")}</li>
          <li>
            {t("home.material")} · <Link to="/transparency">{t("home.materialLink")}</Link>
          </li>
        </ul>
      </section>
    </>
  );
}
