import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDatabase, schema } from "#db/client.server";
import { createCompound, createUser } from "#tests/fixtures/accounts";
import { createPublishedCourse, createResidents } from "#tests/fixtures/courses";
import { actorOf } from "#tests/fixtures/roster";
import { createCourse } from "./courses.server";
import { linkableCourse, linkableCourses, membersToEnroll, pickedMember } from "./pickers.server";

const ctx = { via: "test", ip: null };

async function namedResidents(compoundId: number, names: string[]) {
  const residents = await createResidents(names.length, () => ({ compoundId }));
  await getDatabase().write(async (tx) => {
    for (const [i, r] of residents.entries())
      await tx
        .update(schema.householdMembers)
        .set({ name: names[i] ?? "" })
        .where(eq(schema.householdMembers.id, r.memberId));
  });
  return residents;
}

describe("the member picker", () => {
  it("finds by the start of a name only the organizer's compound's current members", async () => {
    const mine = await createCompound();
    const theirs = await createCompound();
    const organizer = actorOf(await createUser({ role: "organizer", compoundId: mine }));
    const [kept, removed, movedOut] = await namedResidents(mine, ["欧阳春", "欧阳夏", "欧阳秋"]);
    const [elsewhere] = await namedResidents(theirs, ["欧阳冬"]);
    await getDatabase().write(async (tx) => {
      await tx
        .update(schema.householdMembers)
        .set({ removedAt: new Date() })
        .where(eq(schema.householdMembers.id, removed?.memberId ?? 0));
      await tx
        .update(schema.households)
        .set({ status: "moved_out", closedAt: new Date() })
        .where(eq(schema.households.id, movedOut?.householdId ?? 0));
    });
    const options = await membersToEnroll(organizer, "欧阳", ctx);
    expect(options.map((o) => o.id)).toEqual([kept?.memberId]);
    expect(options[0]?.label).toMatch(/^欧阳春（\d{4}）$/);
    expect(options[0]?.detail).toBeTruthy();
    expect(await membersToEnroll(organizer, "", ctx)).toEqual([]);

    // What is submitted is judged again: another compound's member, a removed one, an unknown id.
    expect(await pickedMember(organizer, kept?.memberId)).toMatchObject({ memberId: kept?.memberId });
    expect(await pickedMember(organizer, elsewhere?.memberId)).toBeNull();
    expect(await pickedMember(organizer, removed?.memberId)).toBeNull();
    expect(await pickedMember(organizer, movedOut?.memberId)).toBeNull();
    expect(await pickedMember(organizer, 99_999_999)).toBeNull();
    expect(await pickedMember(organizer, undefined)).toBeNull();
  });

  it("offers a volunteer nobody until a household is paired with them", async () => {
    const compoundId = await createCompound();
    const volunteer = actorOf(await createUser({ role: "volunteer", volunteerTier: 3, compoundId }));
    await namedResidents(compoundId, ["司马光"]);
    expect(await membersToEnroll(volunteer, "司马", ctx)).toEqual([]);
  });
});

describe("the course picker", () => {
  it("links only a course that exists and is open for enrollment", async () => {
    const admin = await createUser({ role: "admin" });
    const open = await createPublishedCourse(admin.id, { title: "面点师速成班" });
    const now = Date.now();
    const draft = await createCourse(
      {
        title: "面点师草稿班",
        kind: "reemployment",
        provider: "中心",
        location: "社区",
        capacity: 5,
        enrollOpensAt: new Date(now - 86_400_000),
        enrollClosesAt: new Date(now + 86_400_000),
        eligibility: "everyone",
        eligibleCategories: [],
        priorityGroups: [],
        completionThreshold: 80,
        sessions: [
          { startsAt: new Date(now + 3 * 86_400_000), endsAt: new Date(now + 3 * 86_400_000 + 3_600_000) },
        ],
      },
      admin.id,
    );
    expect((await linkableCourses("面点")).map((c) => c.id)).toEqual([open]);
    expect(await linkableCourse(open)).toMatchObject({ id: open, label: "面点师速成班" });
    expect(await linkableCourse(draft)).toBeNull();
    expect(await linkableCourse(99_999)).toBeNull();
    // After its enrollment closes it is no longer offered.
    expect(await linkableCourse(open, new Date(now + 3 * 86_400_000))).toBeNull();
    // A percent sign is a character to find, not a wildcard.
    expect(await linkableCourses("%")).toEqual([]);
  });
});
