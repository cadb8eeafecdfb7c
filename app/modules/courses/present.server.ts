// Dates as people read them: in the community's zone and the reader's language, formatted on the server so
// that the page the browser hydrates says the same as the HTML it was sent.
import { formatInZone } from "#app/modules/dates/day";
import type { Locale } from "#app/modules/i18n/i18n";
import { getSettings } from "#app/modules/settings/settings.server";
import { formatSession } from "./notices.server";

export async function courseClock(locale: Locale) {
  const { timeZone, communityName } = await getSettings();
  const format = (d: Date, style: "date" | "dateTime") => formatInZone(d, timeZone, locale, style);
  return {
    timeZone,
    communityName,
    date: (d: Date | null) => (d ? format(d, "date") : ""),
    dateTime: (d: Date | null) => (d ? format(d, "dateTime") : ""),
    session: (s: { startsAt: Date; endsAt: Date }) => formatSession(s, timeZone, locale),
  };
}
