// A course may take people from every compound: its participants are household data, and each organizer
// sees (and marks) only those of their own compounds (issue 14, hole 3).
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db, schema } from "#db/client.server";
import { createCompound, createUser } from "#tests/fixtures/accounts";
import { createPublishedCourse, createResident, times } from "#tests/fixtures/courses";
import { csvText } from "#app/modules/lists/export.server";
import { courseRoster, markAttendance, rosterExport } from "./attendance.server";
import { getCourse } from "./courses.server";
import { enroll } from "./enrollment.server";

const ctx = { via: "test" };

describe("a course's participants", () => {
  it("are shown, exported and marked for an organizer only where their household is in the organizer's compound", async () => {
    const [a, b] = [await createCompound(), await createCompound()];
    const organizerA = await createUser({ role: "organizer", compoundId: a });
    const ofAll = await createUser({ role: "organizer" });
    const courseId = await createPublishedCourse(ofAll.id, { capacity: 5 });
    const [fromA, fromB] = [await createResident({ compoundId: a }), await createResident({ compoundId: b })];
    const places: number[] = [];
    for (const r of [fromA, fromB]) {
      const outcome = await enroll({ courseId, memberId: r.memberId, actorId: ofAll.id });
      if (!outcome.ok) throw new Error(outcome.reason);
      places.push(outcome.enrollmentId);
    }
    const seenByA = await courseRoster(organizerA, courseId, ctx);
    expect(seenByA.people.map((p) => p.enrollmentId)).toEqual([places[0]]);
    expect(
      csvText(rosterExport(seenByA, { id: courseId, title: "course" }, "en", "Asia/Shanghai"))
        .trim()
        .split("\n"),
    ).toHaveLength(2);
    expect((await courseRoster(ofAll, courseId, ctx)).people).toHaveLength(2);

    // Marking the sheet as organizer A leaves compound B's participant as they were.
    const session = (await getCourse(courseId))?.sessions[0];
    if (!session) throw new Error("no session");
    expect(
      await markAttendance({
        sessionId: session.id,
        presentEnrollmentIds: [],
        actor: organizerA,
        now: new Date(session.startsAt.getTime() + times.hour),
      }),
    ).toEqual({ ok: true });
    const marks = await db()
      .select({ enrollmentId: schema.attendance.enrollmentId })
      .from(schema.attendance)
      .where(and(eq(schema.attendance.sessionId, session.id)));
    expect(marks.map((m) => m.enrollmentId)).toEqual([places[0]]);
  });
});
