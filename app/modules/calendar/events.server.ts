// Every iCalendar text Lianxin gives out: course sessions and visits, for feeds, downloads and invitations,
// written by ical-generator (decision 017). Events carry a stable UID and a SEQUENCE (bumped on change), times
// are written in the community's zone with its VTIMEZONE, and an invitation (METHOD:REQUEST) names an organizer
// as RFC 5546 asks.
import { getVtimezoneComponent } from "@touch4it/ical-timezones";
import ical, {
  escape,
  ICalAlarmType,
  ICalAttendeeRole,
  ICalAttendeeStatus,
  ICalCalendarMethod,
  ICalEventStatus,
} from "ical-generator";
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
  /** A reminder (VALARM) this many minutes before each event that is not cancelled, one per entry. */
  alarmsMinutesBefore?: readonly number[];
  /** For a subscribed feed: how often calendar apps should fetch it again (REFRESH-INTERVAL, X-PUBLISHED-TTL). */
  refreshMinutes?: number;
  /**
   * DTSTAMP of every event; the time of writing when absent. A feed passes a fixed time so that the same
   * events give the same text, and so the same ETag.
   */
  stampedAt?: Date;
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
  if (!vtimezones.has(zone)) vtimezones.set(zone, getVtimezoneComponent(zone) ?? null);
  return vtimezones.get(zone) ?? null;
}

/** RFC 5545 allows no control character but tab in TEXT; ical-generator escapes line breaks itself. */
// eslint-disable-next-line no-control-regex -- the characters TEXT cannot carry
const controls = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g;
const clean = (value: string) => value.replace(controls, "");

export function buildCalendar(options: CalendarOptions): string {
  const zone = options.timeZone;
  // Without a VTIMEZONE for the zone, instants in UTC are still right everywhere.
  const zoned = vtimezone(zone) !== null;
  const when = zoned ? (d: Date) => DateTime.fromJSDate(d, { zone }) : (d: Date) => d;
  const calendar = ical({
    // ical-generator writes the calendar's name as given (it escapes event text only); a line break or comma in
    // a community's name must not end the property.
    name: escape(clean(options.name), false),
    prodId: "//Lianxin//lianxin//ZH",
    method: methods[options.method],
    scale: "gregorian",
    timezone: { name: null, generator: vtimezone },
    ttl: options.refreshMinutes === undefined ? null : options.refreshMinutes * 60,
  });
  if (zoned) calendar.x("X-WR-TIMEZONE", zone);
  const stamp = options.stampedAt ?? new Date();
  const alarms = [...new Set(options.alarmsMinutesBefore ?? [])].filter((m) => m >= 0).sort((a, b) => b - a);
  const organizer = options.organizer
    ? { name: clean(options.organizer.name), email: options.organizer.email.replace(/[\s"<>]/g, "") }
    : null;

  for (const event of options.events) {
    calendar.createEvent({
      id: event.uid,
      sequence: event.sequence,
      stamp,
      start: when(event.start),
      end: when(event.end),
      timezone: zoned ? zone : null,
      summary: clean(event.summary),
      location: event.location ? clean(event.location) : null,
      description: event.description ? clean(event.description) : null,
      url: event.url ?? null,
      status: event.cancelled ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
      organizer,
      attendees: (event.attendees ?? []).map((a) => ({
        name: clean(a.name),
        email: a.email.replace(/[\s"<>]/g, ""),
        role: ICalAttendeeRole.REQ,
        status: ICalAttendeeStatus.NEEDSACTION,
        rsvp: false,
      })),
      alarms: event.cancelled
        ? []
        : alarms.map((minutes) => ({ type: ICalAlarmType.display, triggerBefore: minutes * 60 })),
    });
  }
  // ical-generator leaves END:VCALENDAR without the CRLF that ends every content line (RFC 5545 §3.1).
  return calendar.toString() + "\r\n";
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
