import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDatabase, schema } from "#db/client.server";
import { createUser } from "#tests/fixtures/accounts";
import { createPublishedCourse, createResident, times } from "#tests/fixtures/courses";
import { listCatalog, listCoursesForAdmin, listMyCourses } from "./courses.server";
import { enroll } from "./enrollment.server";

let organizerId: number;
beforeAll(async () => {
  organizerId = (await createUser({ role: "organizer" })).id;
});

describe("the catalog", () => {
  it("shows each course's sessions, seats and waitlist, and filters by kind, open seats and start", async () => {
    const now = new Date();
    const full = await createPublishedCourse(organizerId, { capacity: 1, kind: "prejob" }, now);
    const later = await createPublishedCourse(
      organizerId,
      {
        kind: "disability",
        enrollClosesAt: new Date(now.getTime() + 30 * times.day),
        sessions: [
          {
            startsAt: new Date(now.getTime() + 40 * times.day),
            endsAt: new Date(now.getTime() + 40 * times.day + times.hour),
          },
        ],
      },
      now,
    );
    for (const r of [await createResident(), await createResident(), await createResident()])
      await enroll({ courseId: full, memberId: r.memberId, actorId: organizerId });

    const all = await listCatalog({}, now);
    const fullRow = all.courses.find((c) => c.id === full);
    expect(fullRow).toMatchObject({ sessions: 2, seatsTaken: 1, capacity: 1, waitlist: 2 });
    expect(all.courses.find((c) => c.id === later)).toMatchObject({ sessions: 1, waitlist: 0 });

    const ids = async (f: Parameters<typeof listCatalog>[0]) =>
      (await listCatalog(f, now)).courses.map((c) => c.id);
    expect(await ids({ kind: "prejob" })).toContain(full);
    expect(await ids({ kind: "prejob" })).not.toContain(later);
    expect(await ids({ openSeats: true })).not.toContain(full);
    expect(await ids({ startingSoon: true })).toContain(full);
    expect(await ids({ startingSoon: true })).not.toContain(later);
  });

  it("lists organizers' fill rates and a resident's own places", async () => {
    const courseId = await createPublishedCourse(organizerId, { capacity: 1 });
    const [a, b] = [await createResident(), await createResident()];
    for (const r of [a, b]) await enroll({ courseId, memberId: r.memberId, actorId: organizerId });
    const admin = await listCoursesForAdmin({ status: "published" });
    expect(admin.courses.find((c) => c.id === courseId)).toMatchObject({ seatsTaken: 1, waitlist: 1 });
    const mine = await listMyCourses(b.userId ?? 0);
    expect(mine.map((m) => [m.courseId, m.status, m.sessions])).toEqual([[courseId, "waitlisted", 2]]);
  });
});

describe("a resident's own places", () => {
  it("include places taken before their account was linked to the registry", async () => {
    const courseId = await createPublishedCourse(organizerId, { capacity: 3 });
    const person = await createResident({ withAccount: false });
    await enroll({ courseId, memberId: person.memberId, actorId: organizerId });
    const account = await createUser({ role: "resident" });
    await getDatabase().writeAtomic((d) =>
      d
        .update(schema.householdMembers)
        .set({ userId: account.id })
        .where(eq(schema.householdMembers.id, person.memberId)),
    );
    expect((await listMyCourses(account.id)).map((p) => [p.courseId, p.status])).toEqual([
      [courseId, "enrolled"],
    ]);
  });
});
