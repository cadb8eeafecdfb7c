// Single events to download: one course session as an .ics file for the person who holds a seat in it,
// with their reminders, and the same UID and SEQUENCE as in their feed and their invitation emails.
import { calendarSessionsOf } from "#app/modules/courses/calendar.server";
import type { Locale } from "#app/modules/i18n/i18n";
import { getReminderLeadMinutes } from "#app/modules/notifications/preferences.server";
import { getSettings } from "#app/modules/settings/settings.server";
import { buildCalendar } from "./events.server";
import { courseSessionEvent } from "./sources.server";

/** The session as a calendar, or null when the user holds no seat in the course or the session is not in it. */
export async function courseSessionCalendar(
  userId: number,
  locale: Locale,
  ids: { courseId: number; sessionId: number },
): Promise<string | null> {
  const sessions = await calendarSessionsOf(userId, { since: new Date(0), courseId: ids.courseId });
  const session = sessions.find((s) => s.sessionId === ids.sessionId && !s.cancelled);
  if (!session) return null;
  const [settings, leadMinutes] = await Promise.all([getSettings(), getReminderLeadMinutes(userId)]);
  return buildCalendar({
    name: session.title,
    timeZone: settings.timeZone,
    method: "publish",
    events: [courseSessionEvent(session, locale)],
    alarmsMinutesBefore: leadMinutes,
  });
}
