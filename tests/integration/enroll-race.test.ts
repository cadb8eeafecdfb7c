// The seat claim under contention: a thousand enrollments fired at once at a 30-seat course on a file
// database give exactly 30 seats, the rest waitlisted in order, and no errors — within one process (the write
// queue) and across two processes' connections to one file (BEGIN IMMEDIATE and the conditional UPDATE).
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { and, asc, count, desc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Database, getDatabase, schema, setDatabase } from "#db/client.server";
import { freshDatabaseFile } from "#tests/setup/db";
import { createUser } from "#tests/fixtures/accounts";
import { createPublishedCourse, createResidents, type TestResident } from "#tests/fixtures/courses";
import { enroll, waitlistPosition } from "#app/modules/courses/enrollment.server";

const execFileAsync = promisify(execFile);
const previous = getDatabase();
const database = new Database({ url: freshDatabaseFile() });
let organizerId: number;
let residents: TestResident[];

beforeAll(async () => {
  setDatabase(database);
  organizerId = (await createUser({ role: "organizer" })).id;
  residents = await createResidents(1000, (i) => ({ zeroEmployment: i % 7 === 3, withAccount: i % 2 === 0 }));
});
afterAll(() => {
  setDatabase(previous);
  database.close();
});

async function tally(courseId: number) {
  const rows = await database.db
    .select({ status: schema.enrollments.status, n: count() })
    .from(schema.enrollments)
    .where(eq(schema.enrollments.courseId, courseId))
    .groupBy(schema.enrollments.status);
  return Object.fromEntries(rows.map((r) => [r.status, r.n]));
}

async function expectWaitlistInOrder(courseId: number) {
  const waiting = await database.db
    .select()
    .from(schema.enrollments)
    .where(and(eq(schema.enrollments.courseId, courseId), eq(schema.enrollments.status, "waitlisted")))
    .orderBy(
      desc(schema.enrollments.priority),
      asc(schema.enrollments.requestedAt),
      asc(schema.enrollments.id),
    );
  const firstOrdinary = waiting.findIndex((w) => w.priority === 0);
  expect(waiting.slice(firstOrdinary).every((w) => w.priority === 0)).toBe(true);
  for (const i of [0, firstOrdinary - 1, firstOrdinary, waiting.length - 1]) {
    const row = waiting[i];
    if (row) expect(await waitlistPosition(database.db, row)).toBe(i + 1);
  }
}

describe("1,000 simultaneous enrollments into a 30-seat course", () => {
  it("enrolls exactly 30 and waitlists the other 970 in order, without an error", async () => {
    const courseId = await createPublishedCourse(organizerId, { capacity: 30 });
    const outcomes = await Promise.allSettled(
      residents.map((r) => enroll({ courseId, memberId: r.memberId, actorId: r.userId ?? organizerId })),
    );
    expect(outcomes.filter((o) => o.status === "rejected")).toEqual([]);
    expect(await tally(courseId)).toEqual({ enrolled: 30, waitlisted: 970 });
    const [course] = await database.db.select().from(schema.courses).where(eq(schema.courses.id, courseId));
    expect(course?.seatsTaken).toBe(30);
    await expectWaitlistInOrder(courseId);
  });

  it("holds when two processes race for the same seats through their own connections", async () => {
    const courseId = await createPublishedCourse(organizerId, { capacity: 30 });
    const members = residents.slice(0, 120).map((r) => String(r.memberId));
    const run = (ids: string[]) =>
      execFileAsync(process.execPath, [
        "--import",
        "tsx",
        "tests/support/enroll-process.ts",
        database.url,
        String(courseId),
        String(organizerId),
        ...ids,
      ]);
    const results = await Promise.all([run(members.slice(0, 60)), run(members.slice(60))]);
    for (const { stdout } of results) expect(stdout.trim().split("\n").at(-1)).toBe('{"done":60,"failed":0}');
    expect(await tally(courseId)).toEqual({ enrolled: 30, waitlisted: 90 });
    await expectWaitlistInOrder(courseId);
  });
});
