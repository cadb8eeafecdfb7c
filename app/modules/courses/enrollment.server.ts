// Enrollment: the seat claim, the waitlist (priority groups first, then time), cancellation with promotion of
// the first waitlisted person, and what a resident sees of their places. The seat is claimed by one
// conditional UPDATE of `seats_taken` inside a write-queue transaction, so a course is never overbooked.
import { and, asc, count, desc, eq, gt, inArray, lt, or, sql } from "drizzle-orm";
import { audit } from "#app/modules/audit/audit.server";
import { memberFacts, memberIdForUser } from "#app/modules/households/enrollment-facts.server";
import { pairedVolunteerId } from "#app/modules/roster/helpers.server";
import { qualified } from "#db/qualified";
import { db, getDatabase, schema, type Queryable, type Tx } from "#db/client.server";
import { activeStatuses, type EnrollmentStatus } from "./codes";
import { ineligibility, priorityOf, type Ineligibility } from "./eligibility";
import {
  cancelReminders,
  enqueueCourseNotice,
  enqueueSeatNotices,
  type NoticeCourse,
} from "./notices.server";

const { courses, courseSessions, enrollments } = schema;

export type EnrollRefusal =
  | "course_not_found"
  | "not_open"
  | "window_not_open"
  | "window_closed"
  | "started"
  | "already_enrolled"
  | "no_member"
  | Ineligibility;

export type EnrollOutcome =
  | { ok: true; enrollmentId: number; status: "enrolled" | "waitlisted"; position: number | null }
  | { ok: false; reason: EnrollRefusal };

/** The course with its sessions, as the emails need it. */
export async function noticeCourse(q: Queryable, courseId: number): Promise<NoticeCourse | null> {
  const course = await q.query.courses.findFirst({
    where: eq(courses.id, courseId),
    columns: { id: true, title: true, location: true, sequence: true, compoundId: true },
  });
  if (!course) return null;
  const sessions = await q
    .select({ id: courseSessions.id, startsAt: courseSessions.startsAt, endsAt: courseSessions.endsAt })
    .from(courseSessions)
    .where(eq(courseSessions.courseId, courseId))
    .orderBy(asc(courseSessions.startsAt));
  return { ...course, sessions };
}

/** Whether a freed seat may still go to the waitlist: only while the window is open and before the start. */
function promotionsOpen(course: { status: string; enrollClosesAt: Date; startsAt: Date | null }, now: Date) {
  return (
    course.status === "published" &&
    now < course.enrollClosesAt &&
    (course.startsAt === null || now < course.startsAt)
  );
}

/** The waitlist position (1 = next) of a waitlisted enrollment. */
export async function waitlistPosition(
  q: Queryable,
  enrollment: { id: number; courseId: number; priority: number; requestedAt: Date },
): Promise<number> {
  const [row] = await q
    .select({ ahead: count() })
    .from(enrollments)
    .where(
      and(
        eq(enrollments.courseId, enrollment.courseId),
        eq(enrollments.status, "waitlisted"),
        or(
          gt(enrollments.priority, enrollment.priority),
          and(
            eq(enrollments.priority, enrollment.priority),
            lt(enrollments.requestedAt, enrollment.requestedAt),
          ),
          and(
            eq(enrollments.priority, enrollment.priority),
            eq(enrollments.requestedAt, enrollment.requestedAt),
            lt(enrollments.id, enrollment.id),
          ),
        ),
      ),
    );
  return (row?.ahead ?? 0) + 1;
}

/**
 * Gives `memberId` a place in the course: a seat while seats are left and nobody waits, else the waitlist.
 * Eligibility is the registry's (hardship level, categories); priority groups order the waitlist.
 */
export async function enroll(args: {
  courseId: number;
  memberId: number;
  actorId: number;
  now?: Date;
}): Promise<EnrollOutcome> {
  const now = args.now ?? new Date();
  const facts = await memberFacts(args.memberId);
  if (!facts) return { ok: false, reason: "no_member" };
  return getDatabase().write(async (tx): Promise<EnrollOutcome> => {
    const course = await tx.query.courses.findFirst({ where: eq(courses.id, args.courseId) });
    if (!course) return { ok: false, reason: "course_not_found" };
    if (course.status !== "published") return { ok: false, reason: "not_open" };
    if (now < course.enrollOpensAt) return { ok: false, reason: "window_not_open" };
    if (now >= course.enrollClosesAt) return { ok: false, reason: "window_closed" };
    if (course.startsAt && now >= course.startsAt) return { ok: false, reason: "started" };
    const refusal = ineligibility(course, facts);
    if (refusal) return { ok: false, reason: refusal };
    const [existing] = await tx
      .select({ id: enrollments.id })
      .from(enrollments)
      .where(
        and(
          eq(enrollments.courseId, course.id),
          eq(enrollments.memberId, args.memberId),
          inArray(enrollments.status, [...activeStatuses]),
        ),
      )
      .limit(1);
    if (existing) return { ok: false, reason: "already_enrolled" };

    // The seat claim: one statement that only succeeds while a seat is left and nobody is waiting for it.
    const claimed = await tx
      .update(courses)
      .set({ seatsTaken: sql`${courses.seatsTaken} + 1` })
      .where(
        and(
          eq(courses.id, course.id),
          lt(courses.seatsTaken, courses.capacity),
          sql`NOT EXISTS (SELECT 1 FROM ${enrollments} WHERE ${qualified(enrollments.courseId)} = ${course.id} AND ${qualified(enrollments.status)} = 'waitlisted')`,
        ),
      )
      .returning({ id: courses.id });
    const status = claimed.length > 0 ? "enrolled" : "waitlisted";
    const priority = priorityOf(course.priorityGroups, facts);
    const [row] = await tx
      .insert(enrollments)
      .values({
        courseId: course.id,
        memberId: args.memberId,
        userId: facts.userId,
        status,
        priority,
        requestedAt: now,
        enrolledById: args.actorId,
        createdAt: now,
        updatedAt: now,
      })
      .returning({ id: enrollments.id });
    if (!row) throw new Error("enrollment insert returned no row");
    const notice = await noticeCourse(tx, course.id);
    if (!notice) throw new Error("course vanished inside its own transaction");
    let position: number | null = null;
    if (status === "enrolled") {
      await enqueueSeatNotices(
        tx,
        "enrolled",
        { course: notice, enrollmentId: row.id, userId: facts.userId },
        now,
      );
    } else {
      position = await waitlistPosition(tx, { id: row.id, courseId: course.id, priority, requestedAt: now });
      await enqueueCourseNotice(tx, "waitlisted", {
        course: notice,
        enrollmentId: row.id,
        userId: facts.userId,
        position,
      });
    }
    await audit(tx, {
      actorId: args.actorId,
      action: `course.${status}`,
      targetType: "enrollment",
      targetId: row.id,
      details: { courseId: course.id, memberId: args.memberId, priority },
    });
    return { ok: true, enrollmentId: row.id, status, position };
  });
}

/** Moves the first waitlisted person into a free seat (the caller has freed or added it). */
async function promoteNext(tx: Tx, courseId: number, now: Date): Promise<number | null> {
  // The member's account now: it may have been linked after they joined the waitlist.
  const [next] = await tx
    .select({ id: enrollments.id, userId: schema.householdMembers.userId })
    .from(enrollments)
    .innerJoin(schema.householdMembers, eq(schema.householdMembers.id, enrollments.memberId))
    .where(and(eq(enrollments.courseId, courseId), eq(enrollments.status, "waitlisted")))
    .orderBy(desc(enrollments.priority), asc(enrollments.requestedAt), asc(enrollments.id))
    .limit(1);
  if (!next) return null;
  await tx
    .update(enrollments)
    .set({ status: "enrolled", promotedAt: now, updatedAt: now })
    .where(and(eq(enrollments.id, next.id), eq(enrollments.status, "waitlisted")));
  const notice = await noticeCourse(tx, courseId);
  if (notice) {
    await enqueueSeatNotices(
      tx,
      "promoted",
      { course: notice, enrollmentId: next.id, userId: next.userId },
      now,
    );
  }
  await audit(tx, { actorId: null, action: "course.promoted", targetType: "enrollment", targetId: next.id });
  return next.id;
}

/**
 * Fills free seats from the waitlist while promotions are open (after a cancellation or a larger capacity).
 * Returns the promoted enrollment ids.
 */
export async function fillFreeSeats(tx: Tx, courseId: number, now: Date): Promise<number[]> {
  const course = await tx.query.courses.findFirst({ where: eq(courses.id, courseId) });
  if (!course || !promotionsOpen(course, now)) return [];
  const promoted: number[] = [];
  for (let free = course.capacity - course.seatsTaken; free > 0; free--) {
    const claimed = await tx
      .update(courses)
      .set({ seatsTaken: sql`${courses.seatsTaken} + 1` })
      .where(and(eq(courses.id, courseId), lt(courses.seatsTaken, courses.capacity)))
      .returning({ id: courses.id });
    if (claimed.length === 0) break;
    const id = await promoteNext(tx, courseId, now);
    if (id === null) {
      await tx
        .update(courses)
        .set({ seatsTaken: sql`${courses.seatsTaken} - 1` })
        .where(eq(courses.id, courseId));
      break;
    }
    promoted.push(id);
  }
  return promoted;
}

export type CancelOutcome = { ok: true; promotedId: number | null } | { ok: false };

/**
 * Cancels a place. A freed seat goes at once to the first on the waitlist (in the same transaction, with
 * their email), unless the window has closed or the course has started; then the seat stays free.
 */
export async function cancelEnrollment(args: {
  enrollmentId: number;
  actorId: number;
  now?: Date;
}): Promise<CancelOutcome> {
  const now = args.now ?? new Date();
  return getDatabase().write(async (tx): Promise<CancelOutcome> => {
    const before = await tx.query.enrollments.findFirst({
      where: eq(enrollments.id, args.enrollmentId),
      columns: { courseId: true, status: true },
    });
    if (!before || (before.status !== "enrolled" && before.status !== "waitlisted")) return { ok: false };
    await tx
      .update(enrollments)
      .set({ status: "cancelled", cancelledAt: now, updatedAt: now })
      .where(eq(enrollments.id, args.enrollmentId));
    await cancelReminders(tx, before.courseId, args.enrollmentId);
    let promotedId: number | null = null;
    if (before.status === "enrolled") {
      const course = await tx.query.courses.findFirst({ where: eq(courses.id, before.courseId) });
      // The seat passes straight to the next person when promotions are open; otherwise it is given back.
      if (course && promotionsOpen(course, now)) promotedId = await promoteNext(tx, before.courseId, now);
      if (promotedId === null)
        await tx
          .update(courses)
          .set({ seatsTaken: sql`${courses.seatsTaken} - 1` })
          .where(and(eq(courses.id, before.courseId), gt(courses.seatsTaken, 0)));
    }
    await audit(tx, {
      actorId: args.actorId,
      action: "course.cancelEnrollment",
      targetType: "enrollment",
      targetId: args.enrollmentId,
      details: { courseId: before.courseId, was: before.status, promotedId },
    });
    return { ok: true, promotedId };
  });
}

/** Who the person behind an enrollment is, for the policy: their account and their household's helper. */
export async function enrollmentFacts(enrollmentId: number) {
  const row = await db().query.enrollments.findFirst({
    where: eq(enrollments.id, enrollmentId),
    columns: { id: true, courseId: true, memberId: true, userId: true, status: true },
  });
  if (!row) return null;
  const facts = await memberFacts(row.memberId);
  if (!facts) return null;
  return {
    ...row,
    userId: facts.userId ?? row.userId,
    compoundId: facts.compoundId,
    pairedVolunteerId: await pairedVolunteerId(facts.householdId),
  };
}

/** The paired volunteer of a member's household, for `course.enrollResident` (none until pairings exist). */
export async function enrollResidentFacts(memberId: number) {
  const facts = await memberFacts(memberId);
  // A removed member, or one of a household that moved out or dissolved, is no longer someone to enroll.
  if (!facts?.current) return null;
  return {
    memberId,
    name: facts.name,
    compoundId: facts.compoundId,
    pairedVolunteerId: await pairedVolunteerId(facts.householdId),
  };
}

export { memberIdForUser };

export interface MyPlace {
  enrollmentId: number;
  status: EnrollmentStatus;
  position: number | null;
}

/** The person's place in a course (not a cancelled one), with their waitlist position. */
export async function placeOf(courseId: number, memberId: number): Promise<MyPlace | null> {
  const row = await db().query.enrollments.findFirst({
    where: and(
      eq(enrollments.courseId, courseId),
      eq(enrollments.memberId, memberId),
      inArray(enrollments.status, [...activeStatuses]),
    ),
  });
  if (!row) return null;
  return {
    enrollmentId: row.id,
    status: row.status,
    position: row.status === "waitlisted" ? await waitlistPosition(db(), row) : null,
  };
}

/** Waitlist positions of several places at once (a person's "my courses"). */
export async function waitlistPositions(
  places: readonly { enrollmentId: number; courseId: number; priority: number; requestedAt: Date }[],
): Promise<Map<number, number>> {
  const positions = new Map<number, number>();
  for (const p of places)
    positions.set(p.enrollmentId, await waitlistPosition(db(), { ...p, id: p.enrollmentId }));
  return positions;
}
