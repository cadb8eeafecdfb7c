// The course sessions a person's calendar shows: those of the courses where they hold a seat, and, for a
// while, those of a place cancelled (by them or with the course) so that calendar apps can strike them out.
// Read-only; the calendar domain turns these into events.
import { and, asc, eq, inArray, ne } from "drizzle-orm";
import { memberIdForUser } from "#app/modules/households/enrollment-facts.server";
import { db, schema } from "#db/client.server";

const { courses, courseSessions, enrollments } = schema;

export interface CalendarSession {
  courseId: number;
  sessionId: number;
  title: string;
  location: string;
  /** The session's place in its course: the n-th of `total`. */
  n: number;
  total: number;
  startsAt: Date;
  endsAt: Date;
  /**
   * The course's sequence, raised for each earlier place of the person in the course and once more when their
   * place is cancelled, so that cancelling and enrolling again never lowers it. For a first place that was never
   * cancelled it is the course's own, as in the invitation emails.
   */
  sequence: number;
  cancelled: boolean;
}

/**
 * The sessions ending at or after `since` of the courses where the account's registry member has (or had) a
 * place: held seats (enrolled, completed, no-show) as they are, places cancelled since `since` as cancelled.
 * A waitlisted place has no seat and shows nothing. `courseId` narrows to one course.
 */
export async function calendarSessionsOf(
  userId: number,
  options: { since: Date; courseId?: number },
): Promise<CalendarSession[]> {
  const memberId = await memberIdForUser(userId);
  if (memberId === null) return [];
  const places = await db()
    .select({
      id: enrollments.id,
      courseId: enrollments.courseId,
      status: enrollments.status,
      cancelledAt: enrollments.cancelledAt,
      updatedAt: enrollments.updatedAt,
      title: courses.title,
      location: courses.location,
      courseStatus: courses.status,
      courseSequence: courses.sequence,
      courseUpdatedAt: courses.updatedAt,
    })
    .from(enrollments)
    .innerJoin(courses, eq(courses.id, enrollments.courseId))
    .where(
      and(
        eq(enrollments.memberId, memberId),
        ne(courses.status, "draft"),
        options.courseId === undefined ? undefined : eq(enrollments.courseId, options.courseId),
      ),
    )
    .orderBy(asc(enrollments.id));

  // The person's latest place in each course decides; earlier ones only raise the sequence.
  const latest = new Map<number, { place: (typeof places)[number]; earlier: number }>();
  for (const place of places) {
    const before = latest.get(place.courseId);
    latest.set(place.courseId, { place, earlier: before ? before.earlier + 1 : 0 });
  }
  const shown = new Map<number, { title: string; location: string; sequence: number; cancelled: boolean }>();
  for (const { place, earlier } of latest.values()) {
    if (place.status === "waitlisted") continue;
    const cancelledAt =
      place.courseStatus === "cancelled"
        ? (place.cancelledAt ?? place.courseUpdatedAt)
        : place.status === "cancelled"
          ? (place.cancelledAt ?? place.updatedAt)
          : null;
    if (cancelledAt && cancelledAt < options.since) continue;
    shown.set(place.courseId, {
      title: place.title,
      location: place.location,
      sequence: place.courseSequence + 2 * earlier + (place.status === "cancelled" ? 1 : 0),
      cancelled: cancelledAt !== null,
    });
  }
  if (shown.size === 0) return [];

  const sessions = await db()
    .select({
      id: courseSessions.id,
      courseId: courseSessions.courseId,
      startsAt: courseSessions.startsAt,
      endsAt: courseSessions.endsAt,
    })
    .from(courseSessions)
    .where(inArray(courseSessions.courseId, [...shown.keys()]))
    .orderBy(asc(courseSessions.courseId), asc(courseSessions.startsAt), asc(courseSessions.id));
  const totals = new Map<number, number>();
  for (const s of sessions) totals.set(s.courseId, (totals.get(s.courseId) ?? 0) + 1);

  const result: CalendarSession[] = [];
  const counters = new Map<number, number>();
  for (const s of sessions) {
    const n = (counters.get(s.courseId) ?? 0) + 1;
    counters.set(s.courseId, n);
    const course = shown.get(s.courseId);
    if (!course || s.endsAt < options.since) continue;
    result.push({
      courseId: s.courseId,
      sessionId: s.id,
      title: course.title,
      location: course.location,
      n,
      total: totals.get(s.courseId) ?? n,
      startsAt: s.startsAt,
      endsAt: s.endsAt,
      sequence: course.sequence,
      cancelled: course.cancelled,
    });
  }
  return result;
}
