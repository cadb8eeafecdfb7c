// The one builder of iCalendar text for Lianxin: course sessions and visits, for feeds, downloads and
// invitations. Events carry a stable UID and a SEQUENCE (bumped on change), times are written in the
// community's zone with its VTIMEZONE, and an invitation (METHOD:REQUEST) names an organizer as RFC 5546 asks.
// A small RFC 5545 writer of our own rather than ical-generator: decision 011 says why.
import { getVtimezoneComponent } from "@touch4it/ical-timezones";

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

const CRLF = "\r\n";

/** TEXT values (RFC 5545 §3.3.11): backslash, semicolon, comma and line breaks escaped; other controls dropped. */
// eslint-disable-next-line no-control-regex -- the characters TEXT must escape or drop
const needsEscaping = /[\\;,\u0000-\u001f\u007f]/;

function text(value: string): string {
  if (!needsEscaping.test(value)) return value;
  return (
    value
      .replace(/[\\;,]/g, (c) => `\\${c}`)
      .replace(/\r\n|\r|\n/g, "\\n")
      // eslint-disable-next-line no-control-regex -- RFC 5545 allows no control character but tab in TEXT
      .replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, "")
  );
}

/** A parameter value such as CN: quoted when it holds : ; or , and never holding a quote or a line break. */
function param(value: string): string {
  // eslint-disable-next-line no-control-regex -- nor in a parameter value
  const clean = value.replace(/["\r\n\u0000-\u001f\u007f]/g, "");
  return /[:;,]/.test(clean) ? `"${clean}"` : clean;
}

/**
 * Content lines longer than 75 octets are folded (§3.1): CRLF and a space, never inside a UTF-8 sequence or a
 * surrogate pair. A line of 25 UTF-16 units or fewer cannot reach 75 octets, so most lines skip the walk.
 */
function fold(line: string): string {
  if (line.length <= 25) return line;
  let out = "";
  let start = 0;
  let octets = 0;
  for (let i = 0; i < line.length; i++) {
    const code = line.charCodeAt(i);
    const pair = code >= 0xd800 && code <= 0xdbff && i + 1 < line.length;
    const size = code < 0x80 ? 1 : code < 0x800 ? 2 : pair ? 4 : 3;
    // Continuation lines begin with the folding space, which counts towards their 75 octets.
    if (octets + size > 75) {
      out += line.slice(start, i) + CRLF + " ";
      start = i;
      octets = 1;
    }
    octets += size;
    if (pair) i++;
  }
  return out + line.slice(start);
}

const pad = (n: number, width = 2) => String(n).padStart(width, "0");

/** `20261201T010000Z` */
function utcStamp(date: Date): string {
  return (
    `${pad(date.getUTCFullYear(), 4)}${pad(date.getUTCMonth() + 1)}${pad(date.getUTCDate())}` +
    `T${pad(date.getUTCHours())}${pad(date.getUTCMinutes())}${pad(date.getUTCSeconds())}Z`
  );
}

const dayMs = 24 * 60 * 60 * 1000;

interface ZoneClock {
  formatter: Intl.DateTimeFormat;
  /** Offset from UTC of each UTC day (by day number), or null for a day on which it changes. */
  days: Map<number, number | null>;
}

const zoneClocks = new Map<string, ZoneClock>();

function zoneClock(zone: string): ZoneClock {
  let clock = zoneClocks.get(zone);
  if (!clock) {
    clock = {
      formatter: new Intl.DateTimeFormat("en-CA", {
        timeZone: zone,
        year: "numeric",
        month: "2-digit",
        day: "2-digit",
        hour: "2-digit",
        minute: "2-digit",
        second: "2-digit",
        hourCycle: "h23",
      }),
      days: new Map(),
    };
    zoneClocks.set(zone, clock);
  }
  return clock;
}

/** The zone's offset from UTC at an instant (whole seconds), from the wall time Intl gives. */
function offsetAt(clock: ZoneClock, t: number): number {
  const digits = clock.formatter.format(t).match(/\d+/g)?.map(Number);
  if (!digits || digits.length !== 6) throw new Error("unexpected wall time format");
  const [y = 0, mo = 1, d = 1, h = 0, mi = 0, s = 0] = digits;
  return Date.UTC(y, mo - 1, d, h, mi, s) - Math.floor(t / 1000) * 1000;
}

/**
 * `20261201T090000`, the wall time in `zone` of an instant. Asking Intl for every start and end is most of a
 * feed's cost, so each UTC day's offset is asked once and reused for the day's events; a day whose offset
 * differs at its two ends (a DST change) asks for every instant.
 */
function localStamp(date: Date, zone: string): string {
  const clock = zoneClock(zone);
  const t = date.getTime();
  const day = Math.floor(t / dayMs);
  let offset = clock.days.get(day);
  if (offset === undefined) {
    const first = offsetAt(clock, day * dayMs);
    offset = first === offsetAt(clock, (day + 1) * dayMs - 1000) ? first : null;
    if (clock.days.size > 50_000) clock.days.clear();
    clock.days.set(day, offset);
  }
  const wall = new Date(t + (offset ?? offsetAt(clock, t)));
  return (
    `${pad(wall.getUTCFullYear(), 4)}${pad(wall.getUTCMonth() + 1)}${pad(wall.getUTCDate())}` +
    `T${pad(wall.getUTCHours())}${pad(wall.getUTCMinutes())}${pad(wall.getUTCSeconds())}`
  );
}

const vtimezones = new Map<string, string | null>();

/** VTIMEZONE blocks are the same for every calendar of a zone and costly to generate: keep each once. */
function vtimezone(zone: string): string | null {
  if (!vtimezones.has(zone)) {
    const block = getVtimezoneComponent(zone);
    vtimezones.set(
      zone,
      block
        ? block
            .split(/\r?\n/)
            .filter((l) => l !== "")
            .map(fold)
            .join(CRLF)
        : null,
    );
  }
  return vtimezones.get(zone) ?? null;
}

/** `-P1D`, `-PT1H`, `-PT90M`: a trigger before the start. */
function trigger(minutes: number): string {
  if (minutes === 0) return "PT0M";
  if (minutes % 1440 === 0) return `-P${minutes / 1440}D`;
  if (minutes % 60 === 0) return `-PT${minutes / 60}H`;
  return `-PT${minutes}M`;
}

function duration(minutes: number): string {
  return minutes % 60 === 0 ? `PT${minutes / 60}H` : `PT${minutes}M`;
}

function mailto(person: { email: string }): string {
  return `mailto:${person.email.replace(/[\s"<>]/g, "")}`;
}

export function buildCalendar(options: CalendarOptions): string {
  const zone = options.timeZone;
  const block = vtimezone(zone);
  // Without a VTIMEZONE for the zone, instants in UTC are still right everywhere.
  const when = block ? (d: Date) => `;TZID=${zone}:${localStamp(d, zone)}` : (d: Date) => `:${utcStamp(d)}`;
  const stamp = utcStamp(options.stampedAt ?? new Date());
  const alarms = [...new Set(options.alarmsMinutesBefore ?? [])].filter((m) => m >= 0).sort((a, b) => b - a);
  const organizer = options.organizer
    ? fold(`ORGANIZER;CN=${param(options.organizer.name)}:${mailto(options.organizer)}`)
    : null;

  const lines: string[] = [
    "BEGIN:VCALENDAR",
    "VERSION:2.0",
    "PRODID:-//Lianxin//lianxin//ZH",
    "CALSCALE:GREGORIAN",
    `METHOD:${options.method.toUpperCase()}`,
    fold(`NAME:${text(options.name)}`),
    fold(`X-WR-CALNAME:${text(options.name)}`),
  ];
  if (block) lines.push(`X-WR-TIMEZONE:${zone}`);
  if (options.refreshMinutes !== undefined) {
    const every = duration(options.refreshMinutes);
    lines.push(`REFRESH-INTERVAL;VALUE=DURATION:${every}`, `X-PUBLISHED-TTL:${every}`);
  }
  if (block) lines.push(block);

  for (const event of options.events) {
    const summary = text(event.summary);
    lines.push(
      "BEGIN:VEVENT",
      fold(`UID:${text(event.uid)}`),
      `SEQUENCE:${event.sequence}`,
      `DTSTAMP:${stamp}`,
      `DTSTART${when(event.start)}`,
      `DTEND${when(event.end)}`,
      fold(`SUMMARY:${summary}`),
    );
    if (event.location) lines.push(fold(`LOCATION:${text(event.location)}`));
    if (event.description) lines.push(fold(`DESCRIPTION:${text(event.description)}`));
    if (event.url) lines.push(fold(`URL;VALUE=URI:${event.url}`));
    lines.push(event.cancelled ? "STATUS:CANCELLED" : "STATUS:CONFIRMED");
    if (organizer) lines.push(organizer);
    for (const a of event.attendees ?? [])
      lines.push(
        fold(
          `ATTENDEE;ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=FALSE;CN=${param(a.name)}:${mailto(a)}`,
        ),
      );
    if (!event.cancelled)
      for (const minutes of alarms)
        lines.push(
          "BEGIN:VALARM",
          "ACTION:DISPLAY",
          `TRIGGER:${trigger(minutes)}`,
          fold(`DESCRIPTION:${summary}`),
          "END:VALARM",
        );
    lines.push("END:VEVENT");
  }
  lines.push("END:VCALENDAR");
  return lines.join(CRLF) + CRLF;
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
