import { Form, Link, NavLink, useLocation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { Locale } from "#app/modules/i18n/i18n";
import { navItems, type NavUser } from "./nav-items";

export function AppHeader({ user, locale }: { user: NavUser | null; locale: Locale }) {
  const { t } = useTranslation();
  const location = useLocation();
  const other: Locale = locale === "zh-CN" ? "en" : "zh-CN";
  // The root loader stores the choice and redirects back to this very address, query included.
  const query = new URLSearchParams(location.search);
  query.set("lng", other);
  const switchHref = `${location.pathname}?${query.toString()}`;
  return (
    <header className="site-header">
      <div className="container header-row">
        <Link to="/" className="brand">
          <span className="brand-mark" aria-hidden="true">
            连
          </span>
          <span>
            <span className="brand-name">{t("appName")}</span>
            <span className="brand-tagline">{t("appTagline")}</span>
          </span>
        </Link>
        <a
          className="lang-switch"
          href={switchHref}
          hrefLang={other}
          lang={other}
          aria-label={t("language.switchToLabel")}
        >
          {t("language.switchTo")}
        </a>
      </div>
      <nav className="container main-nav" aria-label={t("nav.label")}>
        <ul>
          {navItems(user).map((item) => (
            <li key={item.to}>
              <NavLink to={item.to} end={item.to === "/" || item.to === "/admin"}>
                {t(item.label)}
              </NavLink>
            </li>
          ))}
          {user ? (
            <li className="nav-end">
              <Form method="post" action="/logout">
                <button type="submit" className="link-button">
                  {t("nav.signOut")}
                </button>
              </Form>
            </li>
          ) : (
            <li className="nav-end">
              <NavLink to="/login">{t("nav.signIn")}</NavLink>
            </li>
          )}
        </ul>
      </nav>
    </header>
  );
}
