import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDatabase, schema } from "#db/client.server";
import { startsWith } from "#db/like";
import { createCompound, createUser } from "#tests/fixtures/accounts";
import { createPublishedCourse, createResident } from "#tests/fixtures/courses";
import { saveChannelChoice } from "#app/modules/notifications/preferences.server";
import { enroll } from "./enrollment.server";

let organizerId: number;
beforeAll(async () => {
  organizerId = (await createUser({ role: "organizer" })).id;
});

async function textsOf(courseId: number) {
  return getDatabase()
    .db.select()
    .from(schema.emailOutbox)
    .where(startsWith(schema.emailOutbox.key, `course:${courseId}:`))
    .then((rows) => rows.filter((r) => r.channel === "sms"));
}

async function residentWithTexts(phone: string) {
  const resident = await createResident();
  if (!resident.userId) throw new Error("no account");
  await getDatabase().writeAtomic((d) =>
    d.update(schema.users).set({ phone }).where(eq(schema.users.id, resident.userId!)),
  );
  await saveChannelChoice(resident.userId, { courses: ["email", "sms"] });
  return resident;
}

describe("course texts", () => {
  it("are counted against the course's compound, or none when it is held elsewhere in town", async () => {
    const compoundId = await createCompound("石油新村");
    const inCompound = await createPublishedCourse(organizerId, { compoundId });
    const inTown = await createPublishedCourse(organizerId);
    const a = await residentWithTexts("13800138111");
    const b = await residentWithTexts("13800138222");
    expect((await enroll({ courseId: inCompound, memberId: a.memberId, actorId: organizerId })).ok).toBe(
      true,
    );
    expect((await enroll({ courseId: inTown, memberId: b.memberId, actorId: organizerId })).ok).toBe(true);
    const here = await textsOf(inCompound);
    expect(here.length).toBeGreaterThan(0);
    expect(here.every((t) => t.template === "courseReminder" && t.compoundId === compoundId)).toBe(true);
    const there = await textsOf(inTown);
    expect(there.length).toBeGreaterThan(0);
    expect(there.every((t) => t.compoundId === null)).toBe(true);
  });
});
