// Courses as organizers keep them (create, edit, publish, close, cancel, finish) and as residents find them
// (the catalog with its filters, the course page). Participants are told of every change they would notice.
import { randomBytes } from "node:crypto";
import { and, asc, count, desc, eq, gte, inArray, lt, lte, sql, type SQL } from "drizzle-orm";
import { audit } from "#app/modules/audit/audit.server";
import { memberIdForUser } from "#app/modules/households/enrollment-facts.server";
import { qualified } from "#db/qualified";
import { getDatabase, db, schema, type Tx } from "#db/client.server";
import type { CourseKind, CourseStatus } from "./codes";
import { sessionsToComplete } from "./codes";
import { fillFreeSeats, noticeCourse } from "./enrollment.server";
import { cancelReminders, enqueueCourseNotice, enqueueSessionReminders } from "./notices.server";
import type { CourseInput } from "./schema";

const { courses, courseSessions, enrollments, attendance } = schema;

export type Course = typeof courses.$inferSelect;
export type CourseSession = typeof courseSessions.$inferSelect;

function span(sessions: readonly { startsAt: Date; endsAt: Date }[]) {
  const starts = sessions.map((s) => s.startsAt.getTime());
  const ends = sessions.map((s) => s.endsAt.getTime());
  return { startsAt: new Date(Math.min(...starts)), endsAt: new Date(Math.max(...ends)) };
}

function courseValues(input: CourseInput) {
  return {
    title: input.title,
    kind: input.kind,
    provider: input.provider,
    description: input.description ?? "",
    location: input.location,
    compoundId: input.compoundId ?? null,
    capacity: input.capacity,
    enrollOpensAt: input.enrollOpensAt,
    enrollClosesAt: input.enrollClosesAt,
    eligibility: input.eligibility,
    eligibleCategories: input.eligibility === "categories" ? input.eligibleCategories : [],
    priorityGroups: input.priorityGroups,
    completionThreshold: input.completionThreshold,
    ...span(input.sessions),
  };
}

export async function createCourse(input: CourseInput, actorId: number): Promise<number> {
  return getDatabase().write(async (tx) => {
    const [row] = await tx
      .insert(courses)
      .values({
        ...courseValues(input),
        status: "draft",
        checkinSecret: randomBytes(32).toString("base64url"),
        createdById: actorId,
      })
      .returning({ id: courses.id });
    if (!row) throw new Error("course insert returned no row");
    await tx.insert(courseSessions).values(input.sessions.map((s) => ({ ...s, courseId: row.id })));
    await audit(tx, { actorId, action: "course.create", targetType: "course", targetId: row.id });
    return row.id;
  });
}

async function participants(tx: Tx, courseId: number) {
  return tx
    .select({ id: enrollments.id, userId: schema.householdMembers.userId, status: enrollments.status })
    .from(enrollments)
    .innerJoin(schema.householdMembers, eq(schema.householdMembers.id, enrollments.memberId))
    .where(and(eq(enrollments.courseId, courseId), inArray(enrollments.status, ["enrolled", "waitlisted"])));
}

export type UpdateOutcome = { ok: true } | { ok: false; field: "capacity"; error: "capacityBelowTaken" };

/**
 * Saves an edit. Sessions keep their ids in order (attendance stays with them); participants of a published
 * course get the new times, their reminders move, and a larger capacity moves the waitlist up.
 */
export async function updateCourse(
  courseId: number,
  input: CourseInput,
  actorId: number,
  now = new Date(),
): Promise<UpdateOutcome> {
  return getDatabase().write(async (tx): Promise<UpdateOutcome> => {
    const course = await tx.query.courses.findFirst({ where: eq(courses.id, courseId) });
    if (!course) throw new Response("Not found", { status: 404 });
    if (input.capacity < course.seatsTaken)
      return { ok: false, field: "capacity", error: "capacityBelowTaken" };
    const existing = await tx
      .select({ id: courseSessions.id })
      .from(courseSessions)
      .where(eq(courseSessions.courseId, courseId))
      .orderBy(asc(courseSessions.startsAt), asc(courseSessions.id));
    for (const [i, session] of input.sessions.entries()) {
      const keep = existing[i];
      if (keep) await tx.update(courseSessions).set(session).where(eq(courseSessions.id, keep.id));
      else await tx.insert(courseSessions).values({ ...session, courseId });
    }
    const dropped = existing.slice(input.sessions.length).map((s) => s.id);
    if (dropped.length > 0) await tx.delete(courseSessions).where(inArray(courseSessions.id, dropped));
    await tx
      .update(courses)
      .set({ ...courseValues(input), sequence: sql`${courses.sequence} + 1`, updatedAt: now })
      .where(eq(courses.id, courseId));
    if (course.status === "published" || course.status === "closed") {
      const notice = await noticeCourse(tx, courseId);
      if (notice) {
        await cancelReminders(tx, courseId);
        for (const p of await participants(tx, courseId)) {
          await enqueueCourseNotice(tx, "changed", { course: notice, enrollmentId: p.id, userId: p.userId });
          if (p.status === "enrolled")
            await enqueueSessionReminders(tx, { course: notice, enrollmentId: p.id, userId: p.userId }, now);
        }
      }
      await fillFreeSeats(tx, courseId, now);
    }
    await audit(tx, { actorId, action: "course.update", targetType: "course", targetId: courseId });
    return { ok: true };
  });
}

const transitions: Record<"publish" | "close" | "cancel" | "finish", readonly CourseStatus[]> = {
  publish: ["draft"],
  close: ["published"],
  cancel: ["draft", "published", "closed"],
  finish: ["published", "closed"],
};
const target = { publish: "published", close: "closed", cancel: "cancelled", finish: "finished" } as const;

/** Moves a course along its life; false when it is not in a state that allows the move. */
export async function changeCourseStatus(
  courseId: number,
  move: keyof typeof transitions,
  actorId: number,
  now = new Date(),
): Promise<boolean> {
  return getDatabase().write(async (tx) => {
    const [changed] = await tx
      .update(courses)
      .set({
        status: target[move],
        updatedAt: now,
        ...(move === "cancel" ? { sequence: sql`${courses.sequence} + 1` } : {}),
      })
      .where(and(eq(courses.id, courseId), inArray(courses.status, [...transitions[move]])))
      .returning({ id: courses.id });
    if (!changed) return false;
    if (move === "cancel") {
      const notice = await noticeCourse(tx, courseId);
      await cancelReminders(tx, courseId);
      for (const p of await participants(tx, courseId)) {
        if (notice)
          await enqueueCourseNotice(tx, "cancelled", {
            course: notice,
            enrollmentId: p.id,
            userId: p.userId,
          });
      }
      await tx
        .update(enrollments)
        .set({ status: "cancelled", cancelledAt: now, updatedAt: now })
        .where(
          and(eq(enrollments.courseId, courseId), inArray(enrollments.status, ["enrolled", "waitlisted"])),
        );
    }
    if (move === "finish") await markNoShows(tx, courseId, now);
    await audit(tx, { actorId, action: `course.${move}`, targetType: "course", targetId: courseId });
    return true;
  });
}

/** After the course: whoever held a seat and did not reach the threshold did not attend; the waitlist ends. */
async function markNoShows(tx: Tx, courseId: number, now: Date) {
  await tx
    .update(enrollments)
    .set({ status: "no_show", updatedAt: now })
    .where(and(eq(enrollments.courseId, courseId), eq(enrollments.status, "enrolled")));
  await tx
    .update(enrollments)
    .set({ status: "cancelled", cancelledAt: now, updatedAt: now })
    .where(and(eq(enrollments.courseId, courseId), eq(enrollments.status, "waitlisted")));
  await cancelReminders(tx, courseId);
}

export async function getCourse(courseId: number) {
  const course = await db().query.courses.findFirst({ where: eq(courses.id, courseId) });
  if (!course) return null;
  const sessions = await db()
    .select()
    .from(courseSessions)
    .where(eq(courseSessions.courseId, courseId))
    .orderBy(asc(courseSessions.startsAt));
  const [waiting] = await db()
    .select({ n: count() })
    .from(enrollments)
    .where(and(eq(enrollments.courseId, courseId), eq(enrollments.status, "waitlisted")));
  return { course, sessions, waitlist: waiting?.n ?? 0, seatsLeft: course.capacity - course.seatsTaken };
}

export interface CatalogFilters {
  kind?: CourseKind;
  compoundId?: number;
  openSeats?: boolean;
  startingSoon?: boolean;
  page?: number;
}

export const catalogPageSize = 20;
const soonMs = 14 * 24 * 60 * 60 * 1000;

/**
 * The catalog's query for one combination of filters, with the values as placeholders: built into SQL once
 * per process and shape (16 at most) instead of on every request, the largest part of the page's own cost.
 */
function catalogQuery(shape: {
  kind: boolean;
  compound: boolean;
  openSeats: boolean;
  startingSoon: boolean;
}) {
  const key = `course-catalog:${Object.entries(shape)
    .filter(([, on]) => on)
    .map(([name]) => name)
    .join(",")}`;
  return getDatabase().prepared(key, (d) => {
    const where: SQL[] = [eq(courses.status, "published"), gte(courses.endsAt, sql.placeholder("now"))];
    if (shape.kind) where.push(eq(courses.kind, sql.placeholder("kind")));
    if (shape.compound) where.push(eq(courses.compoundId, sql.placeholder("compoundId")));
    if (shape.openSeats) where.push(lt(courses.seatsTaken, courses.capacity));
    if (shape.startingSoon) where.push(lte(courses.startsAt, sql.placeholder("soon")));
    return d
      .select({
        id: courses.id,
        title: courses.title,
        kind: courses.kind,
        provider: courses.provider,
        location: courses.location,
        capacity: courses.capacity,
        seatsTaken: courses.seatsTaken,
        startsAt: courses.startsAt,
        sessions: sql<number>`(SELECT count(*) FROM ${courseSessions} WHERE ${qualified(courseSessions.courseId)} = ${qualified(courses.id)})`,
        waitlist: sql<number>`(SELECT count(*) FROM ${enrollments} WHERE ${qualified(enrollments.courseId)} = ${qualified(courses.id)} AND ${qualified(enrollments.status)} = 'waitlisted')`,
      })
      .from(courses)
      .where(and(...where))
      .orderBy(asc(courses.startsAt), asc(courses.id))
      .limit(catalogPageSize + 1)
      .offset(sql.placeholder("offset"))
      .prepare();
  });
}

/** Published courses not yet over, soonest first, a page at a time, with their waitlist lengths. */
export async function listCatalog(filters: CatalogFilters, now = new Date()) {
  const page = Math.max(1, filters.page ?? 1);
  const rows = await catalogQuery({
    kind: filters.kind !== undefined,
    compound: filters.compoundId !== undefined,
    openSeats: !!filters.openSeats,
    startingSoon: !!filters.startingSoon,
  }).execute({
    // The placeholders bind raw values: timestamps as the milliseconds the columns store.
    now: now.getTime(),
    kind: filters.kind,
    compoundId: filters.compoundId,
    soon: now.getTime() + soonMs,
    offset: (page - 1) * catalogPageSize,
  });
  return { courses: rows.slice(0, catalogPageSize), hasMore: rows.length > catalogPageSize, page };
}

/** Every course for organizers, newest start first, with fill rates. */
export async function listCoursesForAdmin(filters: { status?: CourseStatus; page?: number }) {
  const page = Math.max(1, filters.page ?? 1);
  const rows = await db()
    .select({
      id: courses.id,
      title: courses.title,
      kind: courses.kind,
      status: courses.status,
      capacity: courses.capacity,
      seatsTaken: courses.seatsTaken,
      startsAt: courses.startsAt,
      waitlist: sql<number>`(SELECT count(*) FROM ${enrollments} WHERE ${qualified(enrollments.courseId)} = ${qualified(courses.id)} AND ${qualified(enrollments.status)} = 'waitlisted')`,
      completed: sql<number>`(SELECT count(*) FROM ${enrollments} WHERE ${qualified(enrollments.courseId)} = ${qualified(courses.id)} AND ${qualified(enrollments.status)} = 'completed')`,
    })
    .from(courses)
    .where(filters.status ? eq(courses.status, filters.status) : undefined)
    .orderBy(desc(courses.startsAt), desc(courses.id))
    .limit(catalogPageSize + 1)
    .offset((page - 1) * catalogPageSize);
  return { courses: rows.slice(0, catalogPageSize), hasMore: rows.length > catalogPageSize, page };
}

/**
 * The places of the person a resident account stands for. Found by the registry member, not the account kept
 * on the enrollment, so that places taken before the account was linked (staff enrolled them) show too.
 */
export async function listMyCourses(userId: number) {
  const memberId = await memberIdForUser(userId);
  if (memberId === null) return [];
  const rows = await db()
    .select({
      enrollmentId: enrollments.id,
      courseId: courses.id,
      title: courses.title,
      kind: courses.kind,
      courseStatus: courses.status,
      startsAt: courses.startsAt,
      location: courses.location,
      status: enrollments.status,
      priority: enrollments.priority,
      requestedAt: enrollments.requestedAt,
      attended: sql<number>`(SELECT count(*) FROM ${attendance} WHERE ${qualified(attendance.enrollmentId)} = ${qualified(enrollments.id)} AND ${qualified(attendance.present)} = 1)`,
      sessions: sql<number>`(SELECT count(*) FROM ${courseSessions} WHERE ${qualified(courseSessions.courseId)} = ${qualified(courses.id)})`,
    })
    .from(enrollments)
    .innerJoin(courses, eq(courses.id, enrollments.courseId))
    .where(and(eq(enrollments.memberId, memberId), sql`${enrollments.status} <> 'cancelled'`))
    .orderBy(desc(courses.startsAt))
    .limit(100);
  return rows;
}

export { sessionsToComplete };
