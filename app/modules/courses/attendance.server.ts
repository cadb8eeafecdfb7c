// Attendance and completion: organizers mark a session on a sheet, participants check in with the session's
// QR code (signed, valid only while the session runs), and reaching the course's threshold completes the
// course. Also the organizer's participant list, its file, and the certificate's facts.
import { createHmac, timingSafeEqual } from "node:crypto";
import { and, asc, eq, inArray, sql } from "drizzle-orm";
import { DateTime } from "luxon";
import { audit } from "#app/modules/audit/audit.server";
import { logReads } from "#app/modules/audit/read-log.server";
import type { Actor } from "#app/modules/auth/policy";
import { householdCondition, reachOf } from "#app/modules/auth/scope.server";
import { memberIdForUser } from "#app/modules/households/enrollment-facts.server";
import { logListed, type ReadContext } from "#app/modules/households/reader.server";
import { getT, type Locale } from "#app/modules/i18n/i18n";
import type { ExportTable } from "#app/modules/lists/export.server";
import { qualified } from "#db/qualified";
import { db, getDatabase, schema, type Tx } from "#db/client.server";
import { sessionsToComplete } from "./codes";

const { courses, courseSessions, enrollments, attendance, householdMembers } = schema;

/** Check-in opens a little before the session so that early arrivals can scan. */
export const checkinEarlyMs = 15 * 60 * 1000;

function sign(secret: string, session: { id: number; startsAt: Date; endsAt: Date }): string {
  return createHmac("sha256", secret)
    .update(`checkin.${session.id}.${session.startsAt.getTime()}.${session.endsAt.getTime()}`)
    .digest("base64url");
}

/** The token in a session's QR code; a new session time makes old codes worthless. */
export async function checkinToken(sessionId: number): Promise<string | null> {
  const [row] = await db()
    .select({
      id: courseSessions.id,
      startsAt: courseSessions.startsAt,
      endsAt: courseSessions.endsAt,
      secret: courses.checkinSecret,
    })
    .from(courseSessions)
    .innerJoin(courses, eq(courses.id, courseSessions.courseId))
    .where(eq(courseSessions.id, sessionId));
  return row ? sign(row.secret, row) : null;
}

/** Completes the enrollment when its attended sessions reach the threshold, or reopens it when they fall back. */
async function settleCompletion(tx: Tx, enrollmentId: number, now: Date) {
  const [row] = await tx
    .select({
      status: enrollments.status,
      threshold: courses.completionThreshold,
      courseStatus: courses.status,
      sessions: sql<number>`(SELECT count(*) FROM ${courseSessions} WHERE ${qualified(courseSessions.courseId)} = ${qualified(courses.id)})`,
      attended: sql<number>`(SELECT count(*) FROM ${attendance} WHERE ${qualified(attendance.enrollmentId)} = ${qualified(enrollments.id)} AND ${qualified(attendance.present)} = 1)`,
    })
    .from(enrollments)
    .innerJoin(courses, eq(courses.id, enrollments.courseId))
    .where(eq(enrollments.id, enrollmentId));
  if (!row) return;
  const reached = row.attended >= sessionsToComplete(row.sessions, row.threshold);
  if (reached && (row.status === "enrolled" || row.status === "no_show"))
    await tx
      .update(enrollments)
      .set({ status: "completed", completedAt: now, updatedAt: now })
      .where(eq(enrollments.id, enrollmentId));
  else if (!reached && row.status === "completed")
    await tx
      .update(enrollments)
      .set({
        status: row.courseStatus === "finished" ? "no_show" : "enrolled",
        completedAt: null,
        updatedAt: now,
      })
      .where(eq(enrollments.id, enrollmentId));
}

/**
 * The course's participants `actor` may see: those whose household is in their reach (a course held in one
 * compound may take people from every compound; each organizer sees their own compounds' people).
 */
async function participantsInReach(actor: Actor) {
  return householdCondition(await reachOf(actor), { householdId: householdMembers.householdId });
}

/** Who sits in a session among those `actor` may see: everyone holding a seat (enrolled, completed, no-show). */
async function seatedEnrollmentIds(actor: Actor, courseId: number) {
  const rows = await db()
    .select({ id: enrollments.id })
    .from(enrollments)
    .innerJoin(householdMembers, eq(householdMembers.id, enrollments.memberId))
    .where(
      and(
        eq(enrollments.courseId, courseId),
        inArray(enrollments.status, ["enrolled", "completed", "no_show"]),
        await participantsInReach(actor),
      ),
    );
  return rows.map((r) => r.id);
}

export type MarkOutcome = { ok: true } | { ok: false; reason: "not_found" | "not_started" };

/**
 * Saves the sheet of one session as `actor` sees it: the listed enrollments present, every other seated one
 * they may see absent (people of compounds beyond theirs are left as they are).
 */
export async function markAttendance(args: {
  sessionId: number;
  presentEnrollmentIds: readonly number[];
  actor: Actor;
  now?: Date;
}): Promise<MarkOutcome> {
  const now = args.now ?? new Date();
  const actorId = args.actor.id;
  const session = await db().query.courseSessions.findFirst({ where: eq(courseSessions.id, args.sessionId) });
  if (!session) return { ok: false, reason: "not_found" };
  if (now.getTime() < session.startsAt.getTime() - checkinEarlyMs)
    return { ok: false, reason: "not_started" };
  const seated = await seatedEnrollmentIds(args.actor, session.courseId);
  const present = new Set(args.presentEnrollmentIds);
  await getDatabase().write(async (tx) => {
    for (const enrollmentId of seated) {
      const value = {
        sessionId: session.id,
        enrollmentId,
        present: present.has(enrollmentId),
        method: "sheet" as const,
        markedById: actorId,
        markedAt: now,
      };
      await tx
        .insert(attendance)
        .values(value)
        .onConflictDoUpdate({
          target: [attendance.sessionId, attendance.enrollmentId],
          set: { present: value.present, method: "sheet", markedById: actorId, markedAt: now },
        });
      await settleCompletion(tx, enrollmentId, now);
    }
    await audit(tx, {
      actorId,
      action: "course.attendance",
      targetType: "course_session",
      targetId: session.id,
      details: { present: present.size, seated: seated.length },
    });
  });
  return { ok: true };
}

export type CheckInOutcome = { ok: true } | { ok: false; reason: "invalid" | "outside" | "not_enrolled" };

/** A participant scans the session's code: valid signature, during the session, with a seat in the course. */
export async function checkIn(args: {
  sessionId: number;
  token: string;
  userId: number;
  now?: Date;
}): Promise<CheckInOutcome> {
  const now = args.now ?? new Date();
  const [row] = await db()
    .select({
      id: courseSessions.id,
      courseId: courseSessions.courseId,
      startsAt: courseSessions.startsAt,
      endsAt: courseSessions.endsAt,
      secret: courses.checkinSecret,
    })
    .from(courseSessions)
    .innerJoin(courses, eq(courses.id, courseSessions.courseId))
    .where(eq(courseSessions.id, args.sessionId));
  if (!row) return { ok: false, reason: "invalid" };
  const expected = Buffer.from(sign(row.secret, row));
  const given = Buffer.from(args.token);
  if (given.length !== expected.length || !timingSafeEqual(given, expected))
    return { ok: false, reason: "invalid" };
  if (now.getTime() < row.startsAt.getTime() - checkinEarlyMs || now > row.endsAt)
    return { ok: false, reason: "outside" };
  const memberId = await memberIdForUser(args.userId);
  if (memberId === null) return { ok: false, reason: "not_enrolled" };
  const [seat] = await db()
    .select({ id: enrollments.id })
    .from(enrollments)
    .where(
      and(
        eq(enrollments.courseId, row.courseId),
        eq(enrollments.memberId, memberId),
        inArray(enrollments.status, ["enrolled", "completed"]),
      ),
    )
    .limit(1);
  if (!seat) return { ok: false, reason: "not_enrolled" };
  await getDatabase().write(async (tx) => {
    await tx
      .insert(attendance)
      .values({ sessionId: row.id, enrollmentId: seat.id, present: true, method: "qr", markedAt: now })
      .onConflictDoUpdate({
        target: [attendance.sessionId, attendance.enrollmentId],
        set: { present: true, method: "qr", markedAt: now },
      });
    await settleCompletion(tx, seat.id, now);
    await audit(tx, {
      actorId: args.userId,
      action: "course.checkin",
      targetType: "course_session",
      targetId: row.id,
    });
  });
  return { ok: true };
}

/**
 * The participants of a course `actor` may see, with their attendance, for the organizer's views (list, sheet,
 * CSV). The priority flag tells of a household's hardship: every household shown is logged by the reader.
 */
export async function courseRoster(actor: Actor, courseId: number, ctx: ReadContext) {
  const sessions = await db()
    .select({ id: courseSessions.id, startsAt: courseSessions.startsAt, endsAt: courseSessions.endsAt })
    .from(courseSessions)
    .where(eq(courseSessions.courseId, courseId))
    .orderBy(asc(courseSessions.startsAt));
  const people = await db()
    .select({
      enrollmentId: enrollments.id,
      memberId: enrollments.memberId,
      householdId: householdMembers.householdId,
      name: householdMembers.name,
      status: enrollments.status,
      priority: enrollments.priority,
      requestedAt: enrollments.requestedAt,
    })
    .from(enrollments)
    .innerJoin(householdMembers, eq(householdMembers.id, enrollments.memberId))
    .where(
      and(
        eq(enrollments.courseId, courseId),
        sql`${enrollments.status} <> 'cancelled'`,
        await participantsInReach(actor),
      ),
    )
    .orderBy(
      sql`CASE ${enrollments.status} WHEN 'waitlisted' THEN 1 ELSE 0 END`,
      sql`CASE ${enrollments.status} WHEN 'waitlisted' THEN -${enrollments.priority} ELSE 0 END`,
      asc(enrollments.requestedAt),
      asc(enrollments.id),
    );
  const marks = await db()
    .select({
      sessionId: attendance.sessionId,
      enrollmentId: attendance.enrollmentId,
      present: attendance.present,
    })
    .from(attendance)
    .innerJoin(enrollments, eq(enrollments.id, attendance.enrollmentId))
    .where(eq(enrollments.courseId, courseId));
  const present = new Set(marks.filter((m) => m.present).map((m) => `${m.sessionId}:${m.enrollmentId}`));
  logListed(
    actor,
    people.map((p) => p.householdId),
    ctx,
  );
  logReads([{ actorId: actor.id, action: "course.roster.read", targetType: "course", targetId: courseId }]);
  return {
    sessions,
    people: people.map((p) => {
      const attended = sessions.map((s) => present.has(`${s.id}:${p.enrollmentId}`));
      return { ...p, attended, attendedCount: attended.filter(Boolean).length };
    }),
  };
}

export type CourseRoster = Awaited<ReturnType<typeof courseRoster>>;

type RosterPerson = CourseRoster["people"][number];

/** The participant list as a file (CSV or XLSX through the export kit), in the reader's language. */
export function rosterExport(
  roster: CourseRoster,
  course: { id: number; title: string },
  locale: Locale,
  timeZone: string,
): ExportTable<RosterPerson> {
  const t = getT(locale);
  const column = (key: string, cell: (p: RosterPerson) => string | number) => ({
    header: t(`courses:csv.${key as "name"}`),
    cell,
  });
  return {
    name: `course-${course.id}-enrollments`,
    title: t("courses:csv.fileTitle", { title: course.title }),
    rows: roster.people,
    columns: [
      column("name", (p) => p.name),
      column("status", (p) => t(`courses:enrollmentStatus.${p.status}`)),
      column("priority", (p) => (p.priority ? t("courses:csv.yes") : t("courses:csv.no"))),
      column("requestedAt", (p) =>
        DateTime.fromJSDate(p.requestedAt, { zone: timeZone }).toFormat("yyyy-MM-dd HH:mm:ss"),
      ),
      column("attended", (p) => p.attendedCount),
      column("sessions", () => roster.sessions.length),
    ],
  };
}

/** What a certificate says, with the household it names; null unless the enrollment is completed. */
export async function certificateFacts(enrollmentId: number) {
  const [row] = await db()
    .select({
      enrollmentId: enrollments.id,
      householdId: householdMembers.householdId,
      compoundId: schema.households.compoundId,
      // The member's account now, which may have been linked after the enrollment.
      userId: householdMembers.userId,
      status: enrollments.status,
      completedAt: enrollments.completedAt,
      name: householdMembers.name,
      courseId: courses.id,
      title: courses.title,
      provider: courses.provider,
      startsAt: courses.startsAt,
      endsAt: courses.endsAt,
      sessions: sql<number>`(SELECT count(*) FROM ${courseSessions} WHERE ${qualified(courseSessions.courseId)} = ${qualified(courses.id)})`,
      attended: sql<number>`(SELECT count(*) FROM ${attendance} WHERE ${qualified(attendance.enrollmentId)} = ${qualified(enrollments.id)} AND ${qualified(attendance.present)} = 1)`,
    })
    .from(enrollments)
    .innerJoin(courses, eq(courses.id, enrollments.courseId))
    .innerJoin(householdMembers, eq(householdMembers.id, enrollments.memberId))
    .innerJoin(schema.households, eq(schema.households.id, householdMembers.householdId))
    .where(eq(enrollments.id, enrollmentId));
  return row && row.status === "completed" ? row : null;
}

/** The session with its course, for the attendance and check-in pages. */
export async function sessionWithCourse(sessionId: number) {
  const [row] = await db()
    .select({
      id: courseSessions.id,
      courseId: courseSessions.courseId,
      startsAt: courseSessions.startsAt,
      endsAt: courseSessions.endsAt,
      title: courses.title,
      location: courses.location,
      compoundId: courses.compoundId,
    })
    .from(courseSessions)
    .innerJoin(courses, eq(courses.id, courseSessions.courseId))
    .where(eq(courseSessions.id, sessionId));
  return row ?? null;
}
