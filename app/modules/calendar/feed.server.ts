// A person's private calendar feed as calendar apps fetch it: every source's events of the last 30 days and
// ahead, with the person's reminders as alarms, an ETag so that an unchanged feed costs a 304, and a limit per
// link so that a misbehaving client cannot hammer the server. No session: the token is the credential.
import { and, eq, isNull } from "drizzle-orm";
import { appOrigin } from "#app/config.server";
import { hit, type Limit } from "#app/modules/auth/rate-limit.server";
import { getT, isLocale, type Locale } from "#app/modules/i18n/i18n";
import { getReminderLeadMinutes } from "#app/modules/notifications/preferences.server";
import { getSettings } from "#app/modules/settings/settings.server";
import { db, schema } from "#db/client.server";
import type { CalendarEvent } from "./events.server";
import { findFeed, noteFetched } from "./feeds.server";
import { createRenderCache, type RenderedCalendar } from "./rendered.server";
import { calendarSources, type CalendarSource } from "./sources.server";

const day = 24 * 60 * 60 * 1000;

/** How far back the feed reaches, and how long a cancelled event stays in it as cancelled. */
export const feedHistoryMs = 30 * day;

/** Calendar apps refresh hourly at most by default; several devices on one link stay well inside this. */
export const feedFetchLimit: Limit = { max: 120, windowMs: 60 * 60 * 1000 };

export const feedRefreshMinutes = 60;

/** The link as calendar apps take it: http(s) for "subscribe by URL", webcal to open the app directly. */
export function feedUrls(token: string): { https: string; webcal: string } {
  const https = `${appOrigin()}/calendar/${token}.ics`;
  return { https, webcal: https.replace(/^https?:/, "webcal:") };
}

interface FeedOwner {
  locale: Locale;
}

async function feedOwner(userId: number): Promise<FeedOwner | null> {
  const user = await db().query.users.findFirst({
    where: and(eq(schema.users.id, userId), isNull(schema.users.disabledAt)),
    columns: { locale: true },
  });
  if (!user) return null;
  return { locale: isLocale(user.locale) ? user.locale : "zh-CN" };
}

/** About 16 MB at most per process: a few hundred ordinary feeds, or a handful of 1,000-event ones. */
const renderedFeeds = createRenderCache({ maxChars: 8_000_000 });

interface FeedOptions {
  now: Date;
  stampedAt: Date;
  sources?: readonly CalendarSource[];
}

/**
 * The feed's text for a user, or null for an account that is disabled or gone. `stampedAt` is written as every
 * event's DTSTAMP, so that the text (and its ETag) changes only when the events do.
 */
export async function renderFeed(userId: number, options: FeedOptions): Promise<string | null> {
  return (await renderedFeed(userId, options))?.text ?? null;
}

async function renderedFeed(userId: number, options: FeedOptions): Promise<RenderedCalendar | null> {
  const owner = await feedOwner(userId);
  if (!owner) return null;
  const { now } = options;
  const context = { since: new Date(now.getTime() - feedHistoryMs), now, locale: owner.locale };
  const [settings, leadMinutes, ...batches] = await Promise.all([
    getSettings(),
    getReminderLeadMinutes(userId),
    ...(options.sources ?? calendarSources).map((source) => source(userId, context)),
  ]);
  const events: CalendarEvent[] = batches
    .flat()
    .sort((a, b) => a.start.getTime() - b.start.getTime() || (a.uid < b.uid ? -1 : a.uid > b.uid ? 1 : 0));
  return renderedFeeds({
    name: getT(owner.locale)("calendar:feed.name", { community: settings.communityName }),
    timeZone: settings.timeZone,
    method: "publish",
    events,
    alarmsMinutesBefore: leadMinutes,
    refreshMinutes: feedRefreshMinutes,
    stampedAt: options.stampedAt,
  });
}

/** Whether an If-None-Match header names this ETag (weak or strong, in a list, or `*`). */
function matches(ifNoneMatch: string | null, etag: string): boolean {
  if (!ifNoneMatch) return false;
  return ifNoneMatch
    .split(",")
    .map((tag) => tag.trim().replace(/^W\//, ""))
    .some((tag) => tag === "*" || tag === etag);
}

const privateHeaders = {
  // Revalidated on every fetch through the ETag; never kept by a shared cache.
  "Cache-Control": "private, no-cache",
  "X-Robots-Tag": "noindex",
  "Referrer-Policy": "no-referrer",
};

function notFound(): Response {
  return new Response("Not found", {
    status: 404,
    headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" },
  });
}

/** The answer to GET /calendar/<file>: the feed, a 304, a 429 with Retry-After, or a bare 404. */
export async function feedResponse(request: Request, file: string, now = new Date()): Promise<Response> {
  const token = /^([a-z2-7]+)\.ics$/.exec(file)?.[1];
  const feed = token ? await findFeed(token) : null;
  if (!feed) return notFound();
  const limited = await hit(`calendar-feed:${feed.id}`, feedFetchLimit, now);
  if (limited.blocked)
    return new Response("Too many requests", {
      status: 429,
      headers: {
        "Content-Type": "text/plain; charset=utf-8",
        "Retry-After": String(limited.retryAfterSeconds),
        "Cache-Control": "no-store",
      },
    });
  const rendered = await renderedFeed(feed.userId, { now, stampedAt: feed.createdAt });
  if (rendered === null) return notFound();
  await noteFetched(feed, now);
  const { text, etag } = rendered;
  if (matches(request.headers.get("If-None-Match"), etag))
    return new Response(null, { status: 304, headers: { ...privateHeaders, ETag: etag } });
  return new Response(text, {
    headers: {
      ...privateHeaders,
      "Content-Type": "text/calendar; charset=utf-8",
      "Content-Disposition": 'inline; filename="lianxin.ics"',
      ETag: etag,
    },
  });
}
