// The one i18n mechanism, shared by pages (server and browser) and emails: i18next with bundled resources.
import i18next, { type i18n as I18n } from "i18next";
import { namespaces, resources } from "./resources";

export const supportedLocales = ["zh-CN", "en"] as const;
export type Locale = (typeof supportedLocales)[number];
export const defaultLocale: Locale = "zh-CN";

export function isLocale(value: unknown): value is Locale {
  return typeof value === "string" && (supportedLocales as readonly string[]).includes(value);
}

/** A new, fully initialised instance for one language (synchronous: resources are bundled). */
export function createI18n(locale: Locale): I18n {
  const instance = i18next.createInstance();
  void instance.init({
    lng: locale,
    fallbackLng: false,
    supportedLngs: [...supportedLocales],
    ns: namespaces,
    defaultNS: "common",
    resources,
    initAsync: false,
    interpolation: { escapeValue: false },
    returnNull: false,
    react: { useSuspense: false },
  });
  return instance;
}

const fixed = new Map<Locale, I18n>();

/** A shared translator for code outside React (emails, CSV headers, calendar text). */
export function getT(locale: Locale) {
  let instance = fixed.get(locale);
  if (!instance) {
    instance = createI18n(locale);
    fixed.set(locale, instance);
  }
  return instance.t;
}
