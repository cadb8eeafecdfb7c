import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDatabase, schema } from "#db/client.server";
import { csvText } from "#app/modules/lists/export.server";
import { createUser } from "#tests/fixtures/accounts";
import { createPublishedCourse, createResident, times } from "#tests/fixtures/courses";
import {
  certificateFacts,
  checkIn,
  checkinToken,
  courseRoster,
  markAttendance,
  rosterExport,
} from "./attendance.server";
import { changeCourseStatus, getCourse } from "./courses.server";
import { enroll } from "./enrollment.server";

// An organizer of every compound: they see every participant.
let organizer: Awaited<ReturnType<typeof createUser>>;
let organizerId: number;
beforeAll(async () => {
  organizer = await createUser({ role: "organizer" });
  organizerId = organizer.id;
});
const ctx = { via: "test" };

async function statusOf(enrollmentId: number) {
  const row = await getDatabase().db.query.enrollments.findFirst({
    where: eq(schema.enrollments.id, enrollmentId),
  });
  return row?.status;
}

/** A published five-session course with two participants enrolled "now", and its sessions. */
async function fiveSessionCourse() {
  const now = Date.now();
  const sessions = Array.from({ length: 5 }, (_, i) => ({
    startsAt: new Date(now + (3 + i) * times.day),
    endsAt: new Date(now + (3 + i) * times.day + 2 * times.hour),
  }));
  const courseId = await createPublishedCourse(organizerId, { capacity: 5, sessions });
  const [a, b] = [await createResident(), await createResident()];
  const places = [];
  for (const r of [a, b]) {
    const outcome = await enroll({ courseId, memberId: r.memberId, actorId: organizerId });
    if (!outcome.ok) throw new Error(outcome.reason);
    places.push(outcome.enrollmentId);
  }
  const page = await getCourse(courseId);
  return { courseId, residents: [a, b], places, sessions: page?.sessions ?? [] };
}

describe("attendance and completion", () => {
  it("completes a participant once they attend 80% of the sessions, and only them", async () => {
    const { places, sessions } = await fiveSessionCourse();
    const [first, second] = places;
    for (const [i, session] of sessions.entries()) {
      const during = new Date(session.startsAt.getTime() + times.hour);
      const present = i < 4 ? [first ?? 0] : [first ?? 0, second ?? 0];
      expect(
        await markAttendance({
          sessionId: session.id,
          presentEnrollmentIds: present,
          actor: organizer,
          now: during,
        }),
      ).toEqual({ ok: true });
      if (i === 2) expect(await statusOf(first ?? 0)).toBe("enrolled");
    }
    expect(await statusOf(first ?? 0)).toBe("completed");
    expect(await statusOf(second ?? 0)).toBe("enrolled");
    expect(await certificateFacts(first ?? 0)).toMatchObject({ attended: 5, sessions: 5 });
    expect(await certificateFacts(second ?? 0)).toBeNull();
  });

  it("takes a completion back when a mark is corrected below the threshold", async () => {
    const { places, sessions } = await fiveSessionCourse();
    const first = places[0] ?? 0;
    for (const session of sessions)
      await markAttendance({
        sessionId: session.id,
        presentEnrollmentIds: [first],
        actor: organizer,
        now: session.startsAt,
      });
    expect(await statusOf(first)).toBe("completed");
    const last = sessions[4];
    const fourth = sessions[3];
    if (!last || !fourth) throw new Error("sessions missing");
    await markAttendance({
      sessionId: last.id,
      presentEnrollmentIds: [],
      actor: organizer,
      now: last.startsAt,
    });
    await markAttendance({
      sessionId: fourth.id,
      presentEnrollmentIds: [],
      actor: organizer,
      now: last.startsAt,
    });
    expect(await statusOf(first)).toBe("enrolled");
  });

  it("refuses to mark a session that has not started", async () => {
    const { sessions } = await fiveSessionCourse();
    const session = sessions[0];
    if (!session) throw new Error("no session");
    expect(
      await markAttendance({ sessionId: session.id, presentEnrollmentIds: [], actor: organizer }),
    ).toEqual({
      ok: false,
      reason: "not_started",
    });
  });

  it("marks no-shows when the course is finished", async () => {
    const { courseId, places, sessions } = await fiveSessionCourse();
    for (const session of sessions)
      await markAttendance({
        sessionId: session.id,
        presentEnrollmentIds: [places[0] ?? 0],
        actor: organizer,
        now: session.startsAt,
      });
    expect(await changeCourseStatus(courseId, "finish", organizerId)).toBe(true);
    expect(await statusOf(places[0] ?? 0)).toBe("completed");
    expect(await statusOf(places[1] ?? 0)).toBe("no_show");
  });
});

describe("QR check-in", () => {
  it("checks a participant in with the session's code, only while the session runs", async () => {
    const { residents, places, sessions } = await fiveSessionCourse();
    const session = sessions[0];
    const userId = residents[0]?.userId;
    if (!session || !userId) throw new Error("fixture incomplete");
    const token = (await checkinToken(session.id)) ?? "";
    const before = new Date(session.startsAt.getTime() - times.hour);
    const during = new Date(session.startsAt.getTime() + 10 * 60 * 1000);
    const after = new Date(session.endsAt.getTime() + 1);
    expect(await checkIn({ sessionId: session.id, token, userId, now: before })).toEqual({
      ok: false,
      reason: "outside",
    });
    expect(await checkIn({ sessionId: session.id, token, userId, now: after })).toEqual({
      ok: false,
      reason: "outside",
    });
    expect(
      await checkIn({ sessionId: session.id, token: `${token.slice(0, -2)}xx`, userId, now: during }),
    ).toEqual({
      ok: false,
      reason: "invalid",
    });
    expect(await checkIn({ sessionId: session.id, token, userId, now: during })).toEqual({ ok: true });
    const roster = await courseRoster(organizer, session.courseId, ctx);
    expect(roster.people.find((p) => p.enrollmentId === places[0])?.attended[0]).toBe(true);
  });

  it("refuses someone without a seat in the course", async () => {
    const { sessions } = await fiveSessionCourse();
    const session = sessions[0];
    const stranger = await createResident();
    if (!session || !stranger.userId) throw new Error("fixture incomplete");
    const token = (await checkinToken(session.id)) ?? "";
    expect(
      await checkIn({ sessionId: session.id, token, userId: stranger.userId, now: session.startsAt }),
    ).toEqual({
      ok: false,
      reason: "not_enrolled",
    });
  });
});

describe("the participant list", () => {
  it("exports as CSV with a BOM, one row per participant, in the reader's language", async () => {
    const { courseId } = await fiveSessionCourse();
    const roster = await courseRoster(organizer, courseId, ctx);
    const course = { id: courseId, title: "面点" };
    const csv = csvText(rosterExport(roster, course, "zh-CN", "Asia/Shanghai"));
    expect(csv.startsWith("\uFEFF姓名,状态,优先群体,报名时间,出勤次数,总课次")).toBe(true);
    expect(csv.trim().split("\n")).toHaveLength(3);
    expect(csvText(rosterExport(roster, course, "en", "Asia/Shanghai"))).toContain("Enrolled");
  });
});
