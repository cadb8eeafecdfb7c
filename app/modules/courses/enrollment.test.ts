import { and, eq } from "drizzle-orm";
import ICAL from "ical.js";
import { beforeAll, describe, expect, it } from "vitest";
import { getDatabase, schema } from "#db/client.server";
import { startsWith } from "#db/like";
import { createUser } from "#tests/fixtures/accounts";
import { createPublishedCourse, createResident, times } from "#tests/fixtures/courses";
import { changeCourseStatus, getCourse, updateCourse } from "./courses.server";
import { cancelEnrollment, enroll, placeOf } from "./enrollment.server";

let organizerId: number;
beforeAll(async () => {
  organizerId = (await createUser({ role: "organizer" })).id;
});

async function emailsFor(courseId: number, enrollmentId: number) {
  return getDatabase()
    .db.select()
    .from(schema.emailOutbox)
    .where(startsWith(schema.emailOutbox.key, `course:${courseId}:`))
    .then((rows) => rows.filter((r) => r.key.includes(`enrollment:${enrollmentId}:`)));
}

async function statusOf(enrollmentId: number) {
  const row = await getDatabase().db.query.enrollments.findFirst({
    where: eq(schema.enrollments.id, enrollmentId),
  });
  return row?.status;
}

async function enrollOk(courseId: number, memberId: number, now?: Date) {
  const outcome = await enroll({ courseId, memberId, actorId: organizerId, now });
  if (!outcome.ok) throw new Error(`refused: ${outcome.reason}`);
  return outcome;
}

describe("enrollment", () => {
  it("gives seats while they last, then puts people on the waitlist with their position", async () => {
    const courseId = await createPublishedCourse(organizerId, { capacity: 2 });
    const [a, b, c, d] = [
      await createResident(),
      await createResident(),
      await createResident(),
      await createResident(),
    ];
    expect((await enrollOk(courseId, a.memberId)).status).toBe("enrolled");
    expect((await enrollOk(courseId, b.memberId)).status).toBe("enrolled");
    const third = await enrollOk(courseId, c.memberId);
    const fourth = await enrollOk(courseId, d.memberId);
    expect([third.status, third.position]).toEqual(["waitlisted", 1]);
    expect([fourth.status, fourth.position]).toEqual(["waitlisted", 2]);
    expect(await placeOf(courseId, d.memberId)).toMatchObject({ status: "waitlisted", position: 2 });
    const page = await getCourse(courseId);
    expect([page?.seatsLeft, page?.waitlist]).toEqual([0, 2]);
  });

  it("emails the confirmation with the sessions as a calendar invitation, and reminders 24 h before each", async () => {
    const courseId = await createPublishedCourse(organizerId, { capacity: 1 });
    const resident = await createResident();
    const { enrollmentId } = await enrollOk(courseId, resident.memberId);
    const emails = await emailsFor(courseId, enrollmentId);
    const confirmation = emails.find((e) => e.template === "courses.enrolled");
    expect(confirmation?.to).toBe(resident.email);
    const ics = Buffer.from(confirmation?.attachments?.[0]?.content ?? "", "base64").toString();
    const calendar = new ICAL.Component(ICAL.parse(ics));
    expect(calendar.getFirstPropertyValue("method")).toBe("REQUEST");
    expect(calendar.getAllSubcomponents("vevent")).toHaveLength(2);
    const reminders = emails.filter((e) => e.template === "courses.reminder");
    const sessions = (await getCourse(courseId))?.sessions ?? [];
    expect(reminders.map((r) => r.nextAttemptAt.getTime()).sort()).toEqual(
      sessions.map((s) => s.startsAt.getTime() - times.day).sort(),
    );
  });

  it("refuses a second place for the same person", async () => {
    const courseId = await createPublishedCourse(organizerId);
    const resident = await createResident();
    await enrollOk(courseId, resident.memberId);
    expect(await enroll({ courseId, memberId: resident.memberId, actorId: organizerId })).toEqual({
      ok: false,
      reason: "already_enrolled",
    });
  });

  it("refuses ineligible residents with the reason", async () => {
    const hardshipOnly = await createPublishedCourse(organizerId, { eligibility: "hardship" });
    const disabledOnly = await createPublishedCourse(organizerId, {
      eligibility: "categories",
      eligibleCategories: ["disabled", "disabled_employee"],
    });
    const ordinary = await createResident({ level: "none" });
    const poor = await createResident({ level: "hardship", categories: ["both_unemployed"] });
    const disabled = await createResident({ level: "hardship", categories: ["disabled"] });
    expect(
      await enroll({ courseId: hardshipOnly, memberId: ordinary.memberId, actorId: organizerId }),
    ).toEqual({
      ok: false,
      reason: "not_hardship",
    });
    expect((await enroll({ courseId: hardshipOnly, memberId: poor.memberId, actorId: organizerId })).ok).toBe(
      true,
    );
    expect(await enroll({ courseId: disabledOnly, memberId: poor.memberId, actorId: organizerId })).toEqual({
      ok: false,
      reason: "not_in_categories",
    });
    expect(
      (await enroll({ courseId: disabledOnly, memberId: disabled.memberId, actorId: organizerId })).ok,
    ).toBe(true);
  });

  it("refuses enrollment before the window opens, after it closes, and in a draft course", async () => {
    const now = new Date();
    const courseId = await createPublishedCourse(organizerId, {}, now);
    const resident = await createResident();
    const early = new Date(now.getTime() - 2 * times.day);
    const late = new Date(now.getTime() + 2 * times.day + 1);
    expect(await enroll({ courseId, memberId: resident.memberId, actorId: organizerId, now: early })).toEqual(
      {
        ok: false,
        reason: "window_not_open",
      },
    );
    expect(await enroll({ courseId, memberId: resident.memberId, actorId: organizerId, now: late })).toEqual({
      ok: false,
      reason: "window_closed",
    });
    await changeCourseStatus(courseId, "close", organizerId);
    expect((await enroll({ courseId, memberId: resident.memberId, actorId: organizerId })).ok).toBe(false);
  });
});

describe("the waitlist", () => {
  it("puts priority groups first, then orders by enrollment time", async () => {
    const courseId = await createPublishedCourse(organizerId, { capacity: 1 });
    const t0 = Date.now();
    const at = (s: number) => new Date(t0 + s * 1000);
    const seated = await createResident();
    const early = await createResident();
    const zeroEmployment = await createResident({ zeroEmployment: true });
    const later = await createResident();
    const elderly = await createResident({ categories: ["elderly_alone"] });
    await enrollOk(courseId, seated.memberId, at(0));
    await enrollOk(courseId, early.memberId, at(1));
    await enrollOk(courseId, zeroEmployment.memberId, at(2));
    await enrollOk(courseId, later.memberId, at(3));
    const last = await enrollOk(courseId, elderly.memberId, at(4));
    expect(last.position).toBe(2);
    const positions = await Promise.all(
      [zeroEmployment, elderly, early, later].map(
        async (r) => (await placeOf(courseId, r.memberId))?.position,
      ),
    );
    expect(positions).toEqual([1, 2, 3, 4]);
  });

  it("promotes the first waitlisted resident at once when a seat frees, and emails them", async () => {
    const courseId = await createPublishedCourse(organizerId, { capacity: 1 });
    const first = await createResident();
    const second = await createResident();
    const third = await createResident();
    const seat = await enrollOk(courseId, first.memberId);
    const next = await enrollOk(courseId, second.memberId);
    await enrollOk(courseId, third.memberId);
    const outcome = await cancelEnrollment({
      enrollmentId: seat.enrollmentId,
      actorId: first.userId ?? organizerId,
    });
    expect(outcome).toEqual({ ok: true, promotedId: next.enrollmentId });
    expect(await statusOf(next.enrollmentId)).toBe("enrolled");
    expect(await placeOf(courseId, third.memberId)).toMatchObject({ position: 1 });
    const promoted = (await emailsFor(courseId, next.enrollmentId)).find(
      (e) => e.template === "courses.promoted",
    );
    expect(promoted?.to).toBe(second.email);
    const cancelledReminders = (await emailsFor(courseId, seat.enrollmentId)).filter(
      (e) => e.template === "courses.reminder",
    );
    expect(cancelledReminders.every((e) => e.status === "cancelled")).toBe(true);
    expect((await getCourse(courseId))?.course.seatsTaken).toBe(1);
  });

  it("stops promoting once the window has closed or the course has started", async () => {
    const now = new Date();
    const courseId = await createPublishedCourse(organizerId, { capacity: 1 }, now);
    const first = await createResident();
    const second = await createResident();
    const seat = await enrollOk(courseId, first.memberId, now);
    const waiting = await enrollOk(courseId, second.memberId, now);
    const afterClose = new Date(now.getTime() + 2 * times.day + 1);
    expect(
      await cancelEnrollment({ enrollmentId: seat.enrollmentId, actorId: organizerId, now: afterClose }),
    ).toEqual({
      ok: true,
      promotedId: null,
    });
    expect(await statusOf(waiting.enrollmentId)).toBe("waitlisted");
    expect((await getCourse(courseId))?.seatsLeft).toBe(1);
  });

  it("moves the waitlist up when the organizer adds seats", async () => {
    const courseId = await createPublishedCourse(organizerId, { capacity: 1 });
    const residents = [await createResident(), await createResident(), await createResident()];
    const places = [];
    for (const r of residents) places.push(await enrollOk(courseId, r.memberId));
    const page = await getCourse(courseId);
    if (!page) throw new Error("course missing");
    const { course, sessions } = page;
    const outcome = await updateCourse(
      courseId,
      {
        ...course,
        description: course.description,
        compoundId: course.compoundId ?? undefined,
        capacity: 2,
        sessions,
      },
      organizerId,
    );
    expect(outcome).toEqual({ ok: true });
    expect(await statusOf(places[1]?.enrollmentId ?? 0)).toBe("enrolled");
    expect(await statusOf(places[2]?.enrollmentId ?? 0)).toBe("waitlisted");
    const changed = await getDatabase()
      .db.select()
      .from(schema.emailOutbox)
      .where(
        and(
          eq(schema.emailOutbox.template, "courses.changed"),
          startsWith(schema.emailOutbox.key, `course:${courseId}:`),
        ),
      );
    expect(changed).toHaveLength(3);
  });

  it("refuses a capacity below the seats already taken", async () => {
    const courseId = await createPublishedCourse(organizerId, { capacity: 2 });
    for (const r of [await createResident(), await createResident()]) await enrollOk(courseId, r.memberId);
    const page = await getCourse(courseId);
    if (!page) throw new Error("course missing");
    const outcome = await updateCourse(
      courseId,
      { ...page.course, compoundId: undefined, capacity: 1, sessions: page.sessions },
      organizerId,
    );
    expect(outcome).toEqual({ ok: false, field: "capacity", error: "capacityBelowTaken" });
  });
});

describe("enrolling on a resident's behalf", () => {
  it("lets the household's paired volunteer enroll its resident, and no other volunteer", async () => {
    const { can } = await import("#app/modules/auth/policy");
    const { createPairing } = await import("#app/modules/roster/pairings.server");
    const { enrollResidentFacts } = await import("./enrollment.server");
    const resident = await createResident();
    const household = await getDatabase().db.query.households.findFirst({
      where: eq(schema.households.id, resident.householdId),
    });
    if (!household) throw new Error("household missing");
    const organizer = await createUser({ role: "organizer", compoundId: household.compoundId });
    const helper = await createUser({
      role: "volunteer",
      volunteerTier: 3,
      compoundId: household.compoundId,
    });
    const stranger = await createUser({
      role: "volunteer",
      volunteerTier: 3,
      compoundId: household.compoundId,
    });
    const actor = (u: typeof helper) => ({ ...u, supervisorId: null });
    const paired = await createPairing(
      actor(organizer),
      { householdId: resident.householdId, volunteerId: helper.id, role: "primary", startedAt: new Date() },
      { ip: null, userAgent: null },
    );
    expect(paired.ok).toBe(true);

    const facts = await enrollResidentFacts(resident.memberId);
    if (!facts) throw new Error("no facts");
    expect(can(actor(helper), "course.enrollResident", facts)).toBe(true);
    expect(can(actor(stranger), "course.enrollResident", facts)).toBe(false);
  });
});
