import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
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
import { defaultLocale, getT, isLocale } from "#app/modules/i18n/i18n";
import { getLocale, localeCookie } from "#app/modules/i18n/locale.server";
import { documentTitle } from "#app/modules/i18n/meta";
import { unreadMessageCount } from "#app/modules/notifications/messages.server";
import { getSettings } from "#app/modules/settings/settings.server";
import stylesUrl from "#app/styles/app.css?url";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: stylesUrl },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

/** The title and text keys of the page shown for an error status. */
function errorKeys(status: number) {
  if (status === 404) return { title: "errors.notFoundTitle", body: "errors.notFoundBody" } as const;
  if (status === 403) return { title: "errors.forbiddenTitle", body: "errors.forbiddenBody" } as const;
  if (status === 400) return { title: "errors.badRequestTitle", body: "errors.badRequestBody" } as const;
  return { title: "errors.serverTitle", body: "errors.serverBody" } as const;
}

// Pages without a title of their own get the app's name; an error page names the error, so that the
// browser tab and screen readers say what happened.
export const meta: MetaFunction<typeof loader> = ({ data, error }) => {
  const locale = data?.locale ?? defaultLocale;
  if (!error) return [{ title: documentTitle(locale, null) }];
  const status = isRouteErrorResponse(error) ? error.status : 500;
  return [{ title: documentTitle(locale, getT(locale)(errorKeys(status).title)) }];
};

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
  const unreadMessages = user ? await unreadMessageCount(user.id) : 0;
  return {
    locale: getLocale(request),
    user: user && {
      id: user.id,
      name: user.name,
      role: user.role,
      volunteerTier: user.volunteerTier,
      unreadMessages,
    },
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
  const keys = errorKeys(status);
  return (
    <section className="error-page" aria-labelledby="error-title">
      <p className="error-code">{status}</p>
      <h1 id="error-title">{t(keys.title)}</h1>
      <p>{t(keys.body)}</p>
      <p>
        <Link className="button" to="/">
          {t("errors.backHome")}
        </Link>
      </p>
    </section>
  );
}
