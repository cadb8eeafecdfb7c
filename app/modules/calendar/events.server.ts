// The one builder of iCalendar text for Lianxin: course sessions now, visits later. Events carry a stable UID
// and a SEQUENCE (bumped on change), times are written in the community's zone with its VTIMEZONE, and an
// invitation (METHOD:REQUEST) names an organizer as RFC 5546 asks.
import { getVtimezoneComponent } from "@touch4it/ical-timezones";
import ical, { ICalCalendarMethod, ICalEventStatus } from "ical-generator";
import { DateTime } from "luxon";

export interface CalendarEvent {
  /** Stable across changes, e.g. `course-12-session-40@lianxin`. */
  uid: string;
  sequence: number;
  start: Date;
  end: Date;
  summary: string;
  description?: string;
  location?: string;
  url?: string;
  cancelled?: boolean;
  /** People invited (an invitation's recipients): written as ATTENDEE with RSVP off, as nobody replies to Lianxin. */
  attendees?: readonly { name: string; email: string }[];
}

export interface CalendarOptions {
  name: string;
  timeZone: string;
  /**
   * `request` for an invitation or its update attached to an email, `cancel` for the email that withdraws it
   * (same UID, higher SEQUENCE), `publish` for a feed or a download.
   */
  method: "request" | "cancel" | "publish";
  organizer?: { name: string; email: string };
  events: readonly CalendarEvent[];
}

/** A stable UID for a session of a course; the same for every email and feed that carries it. */
export function courseSessionUid(courseId: number, sessionId: number): string {
  return `course-${courseId}-session-${sessionId}@lianxin`;
}

const methods = {
  request: ICalCalendarMethod.REQUEST,
  cancel: ICalCalendarMethod.CANCEL,
  publish: ICalCalendarMethod.PUBLISH,
} as const;

const vtimezones = new Map<string, string | null>();

/** VTIMEZONE blocks are the same for every calendar of a zone and costly to generate: keep each once. */
function vtimezone(zone: string): string | null {
  if (!vtimezones.has(zone)) vtimezones.set(zone, getVtimezoneComponent(zone));
  return vtimezones.get(zone) ?? null;
}

export function buildCalendar(options: CalendarOptions): string {
  const calendar = ical({
    name: options.name,
    prodId: { company: "Lianxin", product: "lianxin", language: "ZH" },
    method: methods[options.method],
    // No calendar-wide zone: ical-generator would write DTSTAMP in it without the Z that RFC 5545 requires.
    // The events carry the zone, and the generator still adds its VTIMEZONE.
    timezone: { name: null, generator: vtimezone },
  });
  for (const event of options.events) {
    // Luxon DateTimes in the zone: a plain Date would be written as if it were local to the server.
    calendar.createEvent({
      id: event.uid,
      sequence: event.sequence,
      start: DateTime.fromJSDate(event.start, { zone: options.timeZone }),
      end: DateTime.fromJSDate(event.end, { zone: options.timeZone }),
      timezone: options.timeZone,
      summary: event.summary,
      description: event.description ?? null,
      location: event.location ?? null,
      url: event.url ?? null,
      status: event.cancelled ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
      organizer: options.organizer ?? null,
      attendees: (event.attendees ?? []).map((a) => ({ name: a.name, email: a.email, rsvp: false })),
    });
  }
  return calendar.toString();
}

/**
 * One event or calendar as a file to download: `attachment` so that a phone hands it to its calendar app, and
 * private because it describes somebody's appointments.
 */
export function icsDownload(text: string, filename: string): Response {
  return new Response(text, {
    headers: {
      "Content-Type": "text/calendar; charset=utf-8",
      "Content-Disposition": `attachment; filename="${filename.replace(/[^\w.-]/g, "_")}"`,
      "Cache-Control": "private, no-store",
    },
  });
}
