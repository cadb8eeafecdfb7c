// Visits as calendar events: the stable UID every invitation, feed and download shares, the user's visits
// for the private feed (built by the calendar module), and one visit as a file to download.
import { and, eq, gte, inArray, ne, or } from "drizzle-orm";
import type { CalendarEvent } from "#app/modules/calendar/events.server";
import { getT, type Locale } from "#app/modules/i18n/i18n";
import { fullAddress } from "#app/modules/households/brief";
import { recordHouseholdBriefs } from "#app/modules/households/reader.server";
import { appOrigin } from "#app/config.server";
import { db, schema } from "#db/client.server";
import { cancelledKeptMs } from "./codes";

export function visitUid(visitId: number): string {
  return `visit-${visitId}@lianxin`;
}

const feedLimit = 1000;

/** The user's visits (lead or co-visitor) as feed events: all not-cancelled ones from `since` on, and
 *  cancelled ones whose cancellation is within the last 30 days (cancelled: true), localized summary. */
export async function visitFeedEvents(
  userId: number,
  options: { since: Date; now: Date; locale: Locale },
): Promise<CalendarEvent[]> {
  const v = schema.visits;
  const cancelledSince = new Date(options.now.getTime() - cancelledKeptMs);
  // One query: the lead's index and the co-visitors' index each give their rows (SQLite's OR optimisation).
  const rows = await db()
    .select({
      id: v.id,
      householdId: v.householdId,
      startsAt: v.startsAt,
      endsAt: v.endsAt,
      place: v.place,
      purpose: v.purpose,
      status: v.status,
      sequence: v.sequence,
    })
    .from(v)
    .where(
      and(
        or(
          eq(v.leadVolunteerId, userId),
          inArray(
            v.id,
            db()
              .select({ id: schema.visitCoVisitors.visitId })
              .from(schema.visitCoVisitors)
              .where(eq(schema.visitCoVisitors.volunteerId, userId)),
          ),
        ),
        or(
          and(ne(v.status, "cancelled"), gte(v.startsAt, options.since)),
          and(eq(v.status, "cancelled"), gte(v.cancelledAt, cancelledSince)),
        ),
      ),
    )
    .orderBy(v.startsAt, v.id)
    .limit(feedLimit);
  // The feed's owner reads these households' addresses each time their calendar app fetches it.
  const briefs = await recordHouseholdBriefs(
    userId,
    rows.map((r) => r.householdId),
    { via: "calendar.feed" },
  );
  const addressOf = new Map(briefs.map((b) => [b.id, fullAddress(b)]));
  const t = getT(options.locale);
  return rows.map((r) => ({
    uid: visitUid(r.id),
    sequence: r.sequence,
    start: r.startsAt,
    end: r.endsAt,
    summary: t("visits:calendar.summary", { address: addressOf.get(r.householdId) ?? "" }),
    description: r.purpose,
    location: r.place,
    url: `${appOrigin()}/visits/${r.id}`,
    cancelled: r.status === "cancelled",
  }));
}
