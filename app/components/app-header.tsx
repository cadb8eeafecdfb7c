import { Form, Link, useLocation } from "@remix-run/react";
import { useEffect, useRef, type SyntheticEvent } from "react";
import { useTranslation } from "react-i18next";
import type { Locale } from "#app/modules/i18n/i18n";
import { currentNavItem, navItems, navSections, type NavItem, type NavUser } from "./nav-items";

// The navigation is built from <details>, so it opens and closes without JavaScript (the CSP allows no inline
// handlers). On a phone it is one menu; on a wide screen the stylesheet shows the bar and each group is a
// drop-down. The script only tidies up: it closes what is open on navigation, Escape or a click elsewhere.
export function AppHeader({ user, locale }: { user: NavUser | null; locale: Locale }) {
  const { t } = useTranslation();
  const location = useLocation();
  const other: Locale = locale === "zh-CN" ? "en" : "zh-CN";
  // The root loader stores the choice and redirects back to this very address, query included.
  const query = new URLSearchParams(location.search);
  query.set("lng", other);
  const switchHref = `${location.pathname}?${query.toString()}`;
  const items = navItems(user);
  const current = currentNavItem(items, location.pathname);
  const { bar, menus } = navSections(items);
  const navRef = useDisclosuresClosedOnLeave(location.key);

  const link = (item: NavItem) => (
    <li key={item.to}>
      <Link to={item.to} aria-current={item === current ? "page" : undefined}>
        {t(item.label)}
        {item.count ? (
          <span className="nav-count" data-testid="nav-unread">
            <span aria-hidden="true">{item.count}</span>
            <span className="visually-hidden">{t("nav.unread", { count: item.count })}</span>
          </span>
        ) : null}
      </Link>
    </li>
  );

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
      <nav className="container main-nav" aria-label={t("nav.label")} ref={navRef}>
        <details className="nav-menu" onToggle={openCurrentGroup}>
          <summary className="nav-menu-toggle">
            <span className="nav-menu-icon" aria-hidden="true" />
            {t("nav.menu")}
            {current ? <span className="nav-menu-current">{t(current.label)}</span> : null}
          </summary>
          <div className="nav-panel">
            <ul className="nav-list">{bar.map(link)}</ul>
            {menus.map((menu) => (
              <details
                key={menu.group}
                className="nav-group"
                name="nav-group"
                data-current={current !== null && menu.items.includes(current) ? "" : undefined}
              >
                <summary>{t(`nav.groups.${menu.group}`)}</summary>
                <ul className="nav-list">{menu.items.map(link)}</ul>
              </details>
            ))}
          </div>
        </details>
        <div className="nav-end">
          {user ? (
            <Form method="post" action="/logout">
              <button type="submit" className="link-button">
                {t("nav.signOut")}
              </button>
            </Form>
          ) : (
            <Link to="/login" aria-current={location.pathname === "/login" ? "page" : undefined}>
              {t("nav.signIn")}
            </Link>
          )}
        </div>
      </nav>
    </header>
  );
}

/** On a phone, opening the menu also unfolds the group of the page being shown, so it is in sight. */
function openCurrentGroup(event: SyntheticEvent<HTMLDetailsElement>) {
  const menu = event.currentTarget;
  // React hands this handler its groups' toggles too; only the menu's own opening counts.
  if (event.target === menu && menu.open)
    menu.querySelector("details[data-current]")?.setAttribute("open", "");
}

/** Closes the navigation's open menus when the page changes, on Escape, and on a click outside them. */
function useDisclosuresClosedOnLeave(locationKey: string) {
  const navRef = useRef<HTMLElement>(null);

  useEffect(() => {
    for (const details of navRef.current?.querySelectorAll("details[open]") ?? [])
      details.removeAttribute("open");
  }, [locationKey]);

  useEffect(() => {
    const nav = navRef.current;
    if (!nav) return;
    const onPointerDown = (event: PointerEvent) => {
      if (event.target instanceof Node && nav.contains(event.target)) return;
      for (const details of nav.querySelectorAll("details[open]")) details.removeAttribute("open");
    };
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key !== "Escape") return;
      const open = [...nav.querySelectorAll<HTMLDetailsElement>("details[open]")].pop();
      if (!open) return;
      open.removeAttribute("open");
      open.querySelector("summary")?.focus();
    };
    document.addEventListener("pointerdown", onPointerDown);
    nav.addEventListener("keydown", onKeyDown);
    return () => {
      document.removeEventListener("pointerdown", onPointerDown);
      nav.removeEventListener("keydown", onKeyDown);
    };
  }, []);

  return navRef;
}
