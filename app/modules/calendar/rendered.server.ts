// Feeds are rendered once per content. Calendar apps fetch an unchanged feed again and again, and
// ical-generator takes tens of milliseconds for a large one (decision 017), so a rendered feed is kept under a
// fingerprint of everything it is written from: the same fingerprint gives the same text, so a kept one is
// never stale, and a changed event changes the fingerprint.
import { createHash } from "node:crypto";
import { serialize } from "node:v8";
import { buildCalendar, type CalendarOptions } from "./events.server";

/** A calendar written from fixed inputs: DTSTAMP is given, not the time of writing. */
export type StampedCalendarOptions = CalendarOptions & { stampedAt: Date };

export interface RenderedCalendar {
  text: string;
  /** A strong ETag: a hash of the text. */
  etag: string;
}

const sha256 = (data: string | Buffer) => createHash("sha256").update(data).digest("base64url");

/**
 * V8's structured serialisation holds every input of the text, Dates and attendees included, and costs a
 * fraction of JSON.stringify, which took longer than the rest of an unchanged 1,000-event feed's request.
 * Different inputs never serialise alike; equal ones may, rarely, differ (a string's internal width), which
 * costs a render, never a wrong text.
 */
export const calendarFingerprint = (options: StampedCalendarOptions) => sha256(serialize(options));

export function createRenderCache({
  maxChars,
  render = buildCalendar,
}: {
  /** Kept texts are dropped, least recently used first, beyond this many characters in all. */
  maxChars: number;
  render?: (options: StampedCalendarOptions) => string;
}): (options: StampedCalendarOptions) => RenderedCalendar {
  const kept = new Map<string, RenderedCalendar>();
  let chars = 0;
  return (options) => {
    const key = calendarFingerprint(options);
    const hit = kept.get(key);
    if (hit) {
      kept.delete(key);
      kept.set(key, hit);
      return hit;
    }
    const text = render(options);
    const rendered = { text, etag: `"${sha256(text).slice(0, 32)}"` };
    kept.set(key, rendered);
    chars += text.length;
    for (const [oldKey, old] of kept) {
      if (chars <= maxChars) break;
      kept.delete(oldKey);
      chars -= old.text.length;
    }
    return rendered;
  };
}
