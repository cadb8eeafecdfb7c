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

/**
 * One initialised instance per language, shared by every server render and by code outside React (emails, CSV
 * headers, calendar text). Creating an instance costs more than a small page's render, and nothing on the server
 * changes an instance's language or resources, so sharing is safe. The browser makes its own.
 */
export function sharedI18n(locale: Locale): I18n {
  let instance = fixed.get(locale);
  if (!instance) {
    instance = createI18n(locale);
    rememberPlainTranslations(instance);
    fixed.set(locale, instance);
  }
  return instance;
}

/**
 * i18next copies its whole options object on every `t` call of a component's translator and resolves plurals
 * through several lookups, which made translation the largest cost of list and tree pages. On a shared instance
 * the resources never change, so a key asked with the same plain values (counts, names) always gives the same
 * text: each translator (per language, namespace and prefix) remembers recent answers. Calls with anything
 * else among their options (objects, functions) go through i18next as before.
 */
const rememberedPerTranslator = 5_000;

function isPlainValue(value: unknown): boolean {
  return value === null || ["string", "number", "boolean", "undefined"].includes(typeof value);
}

function rememberPlainTranslations(instance: I18n): void {
  type Translator = ReturnType<I18n["getFixedT"]>;
  // i18next's translator type is a branded overload set; underneath it is a function of a key and options.
  type PlainTranslator = (key: unknown, ...rest: unknown[]) => unknown;
  const original = instance.getFixedT.bind(instance);
  const translators = new Map<string, Translator>();
  const getFixedT = (...args: Parameters<I18n["getFixedT"]>): Translator => {
    const [lng, ns, keyPrefix] = args;
    // react-i18next passes a fourth argument the types do not declare: the namespaces of the component.
    const scopeNs = ((args as readonly unknown[])[3] as { scopeNs?: unknown } | undefined)?.scopeNs;
    if (typeof keyPrefix === "function") return original(...args);
    const scope = JSON.stringify([lng, ns, keyPrefix, scopeNs]);
    const known = translators.get(scope);
    if (known) return known;
    const inner = original(...args);
    const translate = inner as unknown as PlainTranslator;
    const texts = new Map<string, unknown>();
    const remembering: PlainTranslator = (key, ...rest) => {
      const [options] = rest;
      const plain =
        typeof key === "string" &&
        rest.length <= 1 &&
        (options === undefined ||
          (typeof options === "object" && options !== null && Object.values(options).every(isPlainValue)));
      if (!plain) return translate(key, ...rest);
      const cacheKey = options === undefined ? key : `${key}\u0000${JSON.stringify(options)}`;
      if (texts.has(cacheKey)) return texts.get(cacheKey);
      const text = translate(key, ...rest);
      // A bound, not an LRU: names interpolated into texts are many, and starting over is cheap.
      if (texts.size >= rememberedPerTranslator) texts.clear();
      texts.set(cacheKey, text);
      return text;
    };
    // The translator's own fields (lng, ns, keyPrefix) are read by react-i18next.
    const translator = Object.assign(remembering, inner) as unknown as Translator;
    translators.set(scope, translator);
    return translator;
  };
  instance.getFixedT = getFixedT as I18n["getFixedT"];
}

export function getT(locale: Locale) {
  return sharedI18n(locale).t;
}
