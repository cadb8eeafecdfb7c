import type { LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import {
  isRouteErrorResponse,
  Link,
  Links,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  useRouteError,
  useRouteLoaderData,
} from "@remix-run/react";
import { redirect } from "@remix-run/node";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { AppHeader } from "#app/components/app-header";
import { useNonce } from "#app/components/nonce";
import { getOptionalUser } from "#app/modules/auth/guard.server";
import { isLocale } from "#app/modules/i18n/i18n";
import { getLocale, localeCookie } from "#app/modules/i18n/locale.server";
import { getSettings } from "#app/modules/settings/settings.server";
import stylesUrl from "#app/styles/app.css?url";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: stylesUrl },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

export async function loader({ request }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const requested = url.searchParams.get("lng");
  if (requested !== null) {
    // `?lng=en` remembers the choice and comes back to the same page without the parameter.
    url.searchParams.delete("lng");
    const headers = new Headers();
    if (isLocale(requested)) headers.append("Set-Cookie", localeCookie(requested));
    throw redirect(url.pathname + url.search, { headers });
  }
  const [user, settings] = await Promise.all([getOptionalUser(request), getSettings()]);
  return {
    locale: getLocale(request),
    user: user && { id: user.id, name: user.name, role: user.role, volunteerTier: user.volunteerTier },
    community: { name: settings.communityName, hotline: settings.hotline },
  };
}

export type RootLoaderData = Awaited<ReturnType<typeof loader>>;

export function Layout({ children }: { children: ReactNode }) {
  const data = useRouteLoaderData<typeof loader>("root");
  const { t, i18n } = useTranslation();
  const lang = data?.locale ?? i18n.language;
  const nonce = useNonce();
  return (
    <html lang={lang}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body>
        <a className="skip-link" href="#main">
          {t("skipToContent")}
        </a>
        <AppHeader user={data?.user ?? null} locale={isLocale(lang) ? lang : "zh-CN"} />
        <main id="main" className="container">
          {children}
        </main>
        <footer className="site-footer">
          <div className="container">
            <p>{t("footer.about")}</p>
            {data ? <p>{t("home.hotline", { hotline: data.community.hotline })}</p> : null}
          </div>
        </footer>
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

export default function App() {
  return <Outlet />;
}

export function ErrorBoundary() {
  const error = useRouteError();
  const { t } = useTranslation();
  const status = isRouteErrorResponse(error) ? error.status : 500;
  const [title, body] =
    status === 404
      ? [t("errors.notFoundTitle"), t("errors.notFoundBody")]
      : status === 403
        ? [t("errors.forbiddenTitle"), t("errors.forbiddenBody")]
        : status === 400
          ? [t("errors.badRequestTitle"), t("errors.badRequestBody")]
          : [t("errors.serverTitle"), t("errors.serverBody")];
  return (
    <section className="error-page" aria-labelledby="error-title">
      <p className="error-code">{status}</p>
      <h1 id="error-title">{title}</h1>
      <p>{body}</p>
      <p>
        <Link className="button" to="/">
          {t("errors.backHome")}
        </Link>
      </p>
    </section>
  );
}
