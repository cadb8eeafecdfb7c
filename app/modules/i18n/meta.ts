// Page titles in the reader's language: every route's `meta` is built here, from the locale the root loader
// chose, so a tab reads "<page> · <app name>" in Chinese or English alike. tests/unit/page-titles.test.ts
// fails on a route that writes its own title.
import type { MetaArgs, MetaDescriptor, MetaFunction } from "@remix-run/node";
import type { ParseKeys } from "i18next";
import { defaultLocale, getT, isLocale, type Locale } from "./i18n";
import type { Namespace } from "./resources";

/** A title key in any namespace, written `ns:key` outside `common`. */
export type TitleKey = ParseKeys<["common", ...Exclude<Namespace, "common">[]]>;

export type TitleArgs<Loader> = MetaArgs<Loader> & { t: ReturnType<typeof getT>; locale: Locale };

/** The locale the root loader resolved for this request; its data is absent only when the root itself failed. */
export function localeOf(matches: MetaArgs["matches"]): Locale {
  const data: unknown = matches.find((match) => match.id === "root")?.data;
  const locale = typeof data === "object" && data !== null && "locale" in data ? data.locale : undefined;
  return isLocale(locale) ? locale : defaultLocale;
}

/**
 * "<page> · <app name>"; the app name alone for a page with no name of its own, and the page's name alone
 * when it already begins with the app's (the home page).
 */
export function documentTitle(locale: Locale, page: string | null): string {
  const appName = getT(locale)("appName");
  if (!page) return appName;
  return page.startsWith(appName) ? page : `${page} · ${appName}`;
}

/**
 * The `meta` export of a page: a title key, or a function of the loader's data for a page named by what it
 * shows (a course, an announcement) that returns null when there is nothing to name it by.
 */
export function pageMeta<Loader = unknown>(
  title: TitleKey | ((args: TitleArgs<Loader>) => string | null | undefined),
  more: MetaDescriptor[] = [],
): MetaFunction<Loader> {
  return (args) => {
    const locale = localeOf(args.matches);
    const t = getT(locale);
    const page = typeof title === "function" ? title({ ...args, t, locale }) : t(title);
    return [{ title: documentTitle(locale, page ?? null) }, ...more];
  };
}
