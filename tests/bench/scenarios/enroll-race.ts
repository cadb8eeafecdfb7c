// 1,000 residents, each with their own session, POST "enroll" at the same moment to a 30-seat course on the
// running server. Exactly 30 must get a seat, the other 970 the waitlist in order, and no request may fail.
import { and, asc, count, desc, eq, isNull } from "drizzle-orm";
import { schema } from "#db/client.server";
import { percentile } from "../harness";
import type { CustomScenario } from "../types";
import { changeCourseStatus, createCourse } from "#app/modules/courses/courses.server";
import { waitlistPosition } from "#app/modules/courses/enrollment.server";

const racers = 1_000;
const capacity = 30;
const day = 24 * 60 * 60 * 1000;

export default {
  kind: "custom",
  name: "enroll.race",
  async run(ctx) {
    const { database } = ctx;
    const organizer = await database.db.query.users.findFirst({
      where: eq(schema.users.email, "organizer@example.org"),
      columns: { id: true },
    });
    if (!organizer) throw new Error("enroll.race: no organizer account in the benchmark database");
    const now = Date.now();
    const courseId = await createCourse(
      {
        title: "并发报名测试班",
        kind: "reemployment",
        provider: "bench",
        location: "bench",
        capacity,
        enrollOpensAt: new Date(now - day),
        enrollClosesAt: new Date(now + 5 * day),
        eligibility: "everyone",
        eligibleCategories: [],
        priorityGroups: ["elderly_alone", "serious_illness", "zero_employment", "disabled"],
        completionThreshold: 80,
        sessions: [
          { startsAt: new Date(now + 7 * day), endsAt: new Date(now + 7 * day + 2 * 60 * 60 * 1000) },
        ],
      },
      organizer.id,
    );
    await changeCourseStatus(courseId, "publish", organizer.id);

    // Give 1,000 registry members a resident account each, then a session each.
    const members = await database.db
      .select({ id: schema.householdMembers.id })
      .from(schema.householdMembers)
      .where(isNull(schema.householdMembers.userId))
      .orderBy(asc(schema.householdMembers.id))
      .limit(racers);
    if (members.length < racers)
      throw new Error(`enroll.race: only ${members.length} members without an account`);
    const emails = members.map((m) => `bench-race-${m.id}@example.org`);
    await database.write(async (tx) => {
      for (const [i, member] of members.entries()) {
        const [user] = await tx
          .insert(schema.users)
          .values({
            email: emails[i] ?? "",
            name: `bench ${member.id}`,
            role: "resident",
            emailVerifiedAt: new Date(),
          })
          .returning({ id: schema.users.id });
        if (!user) throw new Error("enroll.race: user insert returned no row");
        await tx
          .update(schema.householdMembers)
          .set({ userId: user.id })
          .where(eq(schema.householdMembers.id, member.id));
      }
    });
    const cookies: string[] = [];
    for (const email of emails) cookies.push(await ctx.loginAs(email));

    const latencies: number[] = [];
    const failures: string[] = [];
    const started = performance.now();
    const statuses = await Promise.all(
      cookies.map(async (cookie) => {
        const t0 = performance.now();
        try {
          const response = await fetch(`${ctx.baseUrl}/courses/${courseId}`, {
            method: "POST",
            headers: { cookie, origin: ctx.baseUrl, "content-type": "application/x-www-form-urlencoded" },
            body: "intent=enroll",
            redirect: "manual",
          });
          await response.arrayBuffer();
          return response.status;
        } catch (error) {
          failures.push(
            error instanceof Error ? `${error.message} ${String(error.cause ?? "")}` : String(error),
          );
          return 0;
        } finally {
          latencies.push(performance.now() - t0);
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    // Success is the redirect back to the course page after the POST.
    const errors = statuses.filter((s) => s !== 302 && s !== 303).length;
    const answers = Object.entries(
      statuses.reduce<Record<string, number>>((n, s) => ({ ...n, [s]: (n[s] ?? 0) + 1 }), {}),
    )
      .map(([status, n]) => `${status}×${n}`)
      .join(" ");

    const rows = await database.db
      .select({ status: schema.enrollments.status, n: count() })
      .from(schema.enrollments)
      .where(eq(schema.enrollments.courseId, courseId))
      .groupBy(schema.enrollments.status);
    const tally = Object.fromEntries(rows.map((r) => [r.status, r.n]));
    const enrolled = tally.enrolled ?? 0;
    const waitlisted = tally.waitlisted ?? 0;
    const [course] = await database.db
      .select({ seatsTaken: schema.courses.seatsTaken })
      .from(schema.courses)
      .where(eq(schema.courses.id, courseId));

    // In order: the first ordinary member waits behind every priority member, and the last is last.
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
    const checks = [firstOrdinary, waiting.length - 1].filter((i) => i >= 0);
    let inOrder = waiting.length > 0;
    for (const i of checks) {
      const row = waiting[i];
      if (row && (await waitlistPosition(database.db, row)) !== i + 1) inOrder = false;
    }

    if (
      errors > 0 ||
      enrolled !== capacity ||
      course?.seatsTaken !== capacity ||
      enrolled + waitlisted !== racers ||
      !inOrder
    )
      throw new Error(
        `enroll.race: ${enrolled} enrolled, ${waitlisted} waitlisted, ${errors} errors, seats ${course?.seatsTaken}, in order ${inOrder}; answers ${answers}; ${failures.slice(0, 3).join(" | ")}`,
      );
    latencies.sort((a, b) => a - b);
    return {
      reqPerSec: racers / seconds,
      p50Ms: percentile(latencies, 50),
      p95Ms: percentile(latencies, 95),
      p99Ms: percentile(latencies, 99),
      extra: { capacity, enrolled, waitlisted, errors, seconds: Number(seconds.toFixed(2)) },
    };
  },
} satisfies CustomScenario;
