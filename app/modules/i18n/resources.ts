// Every translation bundle, by language and namespace. A domain adds its namespace here in both languages;
// tests/unit/i18n-keys.test.ts fails when a key exists in one language only.
import enCommon from "#app/locales/en/common.json" with { type: "json" };
import enCockpit from "#app/locales/en/cockpit.json" with { type: "json" };
import enAnnouncements from "#app/locales/en/announcements.json" with { type: "json" };
import enAuth from "#app/locales/en/auth.json" with { type: "json" };
import enBench from "#app/locales/en/bench.json" with { type: "json" };
import enCalendar from "#app/locales/en/calendar.json" with { type: "json" };
import enCourses from "#app/locales/en/courses.json" with { type: "json" };
import enEmail from "#app/locales/en/email.json" with { type: "json" };
import enHelp from "#app/locales/en/help.json" with { type: "json" };
import enHouseholds from "#app/locales/en/households.json" with { type: "json" };
import enMessages from "#app/locales/en/messages.json" with { type: "json" };
import enAudit from "#app/locales/en/audit.json" with { type: "json" };
import enMaterial from "#app/locales/en/material.json" with { type: "json" };
import enPrivacy from "#app/locales/en/privacy.json" with { type: "json" };
import enRoster from "#app/locales/en/roster.json" with { type: "json" };
import enSecurity from "#app/locales/en/security.json" with { type: "json" };
import enSettings from "#app/locales/en/settings.json" with { type: "json" };
import enService from "#app/locales/en/service.json" with { type: "json" };
import enSms from "#app/locales/en/sms.json" with { type: "json" };
import enVisits from "#app/locales/en/visits.json" with { type: "json" };
import enLifecycle from "#app/locales/en/lifecycle.json" with { type: "json" };
import enReports from "#app/locales/en/reports.json" with { type: "json" };
import enProgrammes from "#app/locales/en/programmes.json" with { type: "json" };
import zhCommon from "#app/locales/zh-CN/common.json" with { type: "json" };
import zhCockpit from "#app/locales/zh-CN/cockpit.json" with { type: "json" };
import zhAnnouncements from "#app/locales/zh-CN/announcements.json" with { type: "json" };
import zhAuth from "#app/locales/zh-CN/auth.json" with { type: "json" };
import zhBench from "#app/locales/zh-CN/bench.json" with { type: "json" };
import zhCalendar from "#app/locales/zh-CN/calendar.json" with { type: "json" };
import zhCourses from "#app/locales/zh-CN/courses.json" with { type: "json" };
import zhEmail from "#app/locales/zh-CN/email.json" with { type: "json" };
import zhHelp from "#app/locales/zh-CN/help.json" with { type: "json" };
import zhHouseholds from "#app/locales/zh-CN/households.json" with { type: "json" };
import zhMessages from "#app/locales/zh-CN/messages.json" with { type: "json" };
import zhAudit from "#app/locales/zh-CN/audit.json" with { type: "json" };
import zhMaterial from "#app/locales/zh-CN/material.json" with { type: "json" };
import zhPrivacy from "#app/locales/zh-CN/privacy.json" with { type: "json" };
import zhRoster from "#app/locales/zh-CN/roster.json" with { type: "json" };
import zhSecurity from "#app/locales/zh-CN/security.json" with { type: "json" };
import zhSettings from "#app/locales/zh-CN/settings.json" with { type: "json" };
import zhService from "#app/locales/zh-CN/service.json" with { type: "json" };
import zhSms from "#app/locales/zh-CN/sms.json" with { type: "json" };
import zhVisits from "#app/locales/zh-CN/visits.json" with { type: "json" };
import zhLifecycle from "#app/locales/zh-CN/lifecycle.json" with { type: "json" };
import zhReports from "#app/locales/zh-CN/reports.json" with { type: "json" };
import zhProgrammes from "#app/locales/zh-CN/programmes.json" with { type: "json" };

export const resources = {
  "zh-CN": {
    common: zhCommon,
    announcements: zhAnnouncements,
    auth: zhAuth,
    bench: zhBench,
    calendar: zhCalendar,
    cockpit: zhCockpit,
    courses: zhCourses,
    email: zhEmail,
    help: zhHelp,
    households: zhHouseholds,
    messages: zhMessages,
    audit: zhAudit,
    material: zhMaterial,
    privacy: zhPrivacy,
    roster: zhRoster,
    security: zhSecurity,
    settings: zhSettings,
    service: zhService,
    sms: zhSms,
    visits: zhVisits,
    lifecycle: zhLifecycle,
    reports: zhReports,
    programmes: zhProgrammes,
  },
  en: {
    common: enCommon,
    announcements: enAnnouncements,
    auth: enAuth,
    bench: enBench,
    calendar: enCalendar,
    cockpit: enCockpit,
    courses: enCourses,
    email: enEmail,
    help: enHelp,
    households: enHouseholds,
    messages: enMessages,
    audit: enAudit,
    material: enMaterial,
    privacy: enPrivacy,
    roster: enRoster,
    security: enSecurity,
    settings: enSettings,
    service: enService,
    sms: enSms,
    visits: enVisits,
    lifecycle: enLifecycle,
    reports: enReports,
    programmes: enProgrammes,
  },
} as const;

export type Namespace = keyof (typeof resources)["zh-CN"];
export const namespaces = Object.keys(resources["zh-CN"]) as Namespace[];
