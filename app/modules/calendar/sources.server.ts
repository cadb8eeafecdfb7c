// Where a person's calendar events come from. Each domain with events gives one source: an async function
// from the user to their events since a date. The feed asks every source in `calendarSources`.
import { appOrigin } from "#app/config.server";
import { calendarSessionsOf, type CalendarSession } from "#app/modules/courses/calendar.server";
import { getT, type Locale } from "#app/modules/i18n/i18n";
import { visitFeedEvents } from "#app/modules/visits/calendar.server";
import { courseSessionUid, type CalendarEvent } from "./events.server";

export interface SourceContext {
  /** Events ending before this are left out, and so are those cancelled before it. */
  since: Date;
  now: Date;
  /** The reader's language, for the events' titles. */
  locale: Locale;
}

export type CalendarSource = (userId: number, context: SourceContext) => Promise<CalendarEvent[]>;

/** A course session as an event: the same UID and title as in the course's invitation emails. */
export function courseSessionEvent(session: CalendarSession, locale: Locale): CalendarEvent {
  return {
    uid: courseSessionUid(session.courseId, session.sessionId),
    sequence: session.sequence,
    start: session.startsAt,
    end: session.endsAt,
    summary: getT(locale)("courses:calendar.summary", {
      title: session.title,
      n: session.n,
      total: session.total,
    }),
    location: session.location,
    url: `${appOrigin()}/courses/${session.courseId}`,
    cancelled: session.cancelled,
  };
}

export const courseSessionEvents: CalendarSource = async (userId, { since, locale }) =>
  (await calendarSessionsOf(userId, { since })).map((s) => courseSessionEvent(s, locale));

/** Every source of a personal feed. A domain with events adds its source here, one line each. */
export const calendarSources: readonly CalendarSource[] = [courseSessionEvents, visitFeedEvents];
