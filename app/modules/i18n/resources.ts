// Every translation bundle, by language and namespace. A domain adds its namespace here in both languages;
// tests/unit/i18n-keys.test.ts fails when a key exists in one language only.
import enAnnouncements from "#app/locales/en/announcements.json";
import enAuth from "#app/locales/en/auth.json";
import enBench from "#app/locales/en/bench.json";
import enCommon from "#app/locales/en/common.json";
import enEmail from "#app/locales/en/email.json";
import enHouseholds from "#app/locales/en/households.json";
import zhAnnouncements from "#app/locales/zh-CN/announcements.json";
import zhAuth from "#app/locales/zh-CN/auth.json";
import zhBench from "#app/locales/zh-CN/bench.json";
import zhCommon from "#app/locales/zh-CN/common.json";
import zhEmail from "#app/locales/zh-CN/email.json";
import zhHouseholds from "#app/locales/zh-CN/households.json";

export const resources = {
  "zh-CN": {
    common: zhCommon,
    auth: zhAuth,
    households: zhHouseholds,
    bench: zhBench,
    email: zhEmail,
    announcements: zhAnnouncements,
  },
  en: {
    common: enCommon,
    auth: enAuth,
    households: enHouseholds,
    bench: enBench,
    email: enEmail,
    announcements: enAnnouncements,
  },
} as const;

export type Namespace = keyof (typeof resources)["zh-CN"];
export const namespaces = Object.keys(resources["zh-CN"]) as Namespace[];
