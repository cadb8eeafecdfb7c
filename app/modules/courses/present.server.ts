// Dates as people read them: in the community's zone and the reader's language, formatted on the server so
// that the page the browser hydrates says the same as the HTML it was sent.
import { DateTime } from "luxon";
import type { Locale } from "#app/modules/i18n/i18n";
import { getSettings } from "#app/modules/settings/settings.server";

export async function courseClock(locale: Locale) {
  const { timeZone, communityName } = await getSettings();
  const at = (d: Date) => DateTime.fromJSDate(d, { zone: timeZone }).setLocale(locale);
  return {
    timeZone,
    communityName,
    date: (d: Date | null) => (d ? at(d).toLocaleString(DateTime.DATE_MED_WITH_WEEKDAY) : ""),
    dateTime: (d: Date | null) => (d ? at(d).toLocaleString(DateTime.DATETIME_MED) : ""),
    session: (s: { startsAt: Date; endsAt: Date }) =>
      `${at(s.startsAt).toLocaleString(DateTime.DATE_MED_WITH_WEEKDAY)} ${at(s.startsAt).toFormat("HH:mm")}–${at(s.endsAt).toFormat("HH:mm")}`,
  };
}
