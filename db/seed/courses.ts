// Seeds re-employment courses over a year around the community's clock — finished ones behind, running
// ones, and open ones ahead — with their sessions, enrollments (seats, waitlists, cancellations) and the
// attendance of sessions already held. 300 courses and 30,000 enrollments at full scale.
import { randomBytes } from "node:crypto";
import { sql } from "drizzle-orm";
import type { Faker } from "@faker-js/faker";
import { schema } from "#db/client.server";
import {
  sessionsToComplete,
  type CourseKind,
  type CourseStatus,
  type EnrollmentStatus,
} from "#app/modules/courses/codes";
import { priorityGroups } from "#app/modules/households/codes";
import { insertInBatches, nextId, seededFaker, type SeedContext, type Seeder } from "./context";

export const fullScaleCourses = { courses: 300, enrollments: 30_000 };
const hour = 60 * 60 * 1000;
const day = 24 * hour;

type CourseRow = typeof schema.courses.$inferInsert;
type SessionRow = typeof schema.courseSessions.$inferInsert;
type EnrollmentRow = typeof schema.enrollments.$inferInsert;
type AttendanceRow = typeof schema.attendance.$inferInsert;

const titles: Record<CourseKind, string[]> = {
  reemployment: [
    "家政服务员培训班",
    "育婴师培训班",
    "养老护理员培训班",
    "中式烹调师培训班",
    "电子商务实操班",
    "保安员培训班",
  ],
  disability: ["残疾人手工编织班", "残疾人电脑操作班", "盲人按摩技能班", "残疾人网店运营班"],
  prejob: ["电工上岗短训班", "焊工上岗短训班", "叉车司机短训班", "油田设备维护短训班", "物业维修短训班"],
};
const providers = [
  "油田职业技能培训中心",
  "市人社局就业训练中心",
  "社区服务中心",
  "区残联培训基地",
  "石油技师学院",
];

interface Person {
  memberId: number;
  userId: number | null;
  priority: 0 | 1;
  hardship: boolean;
}

/** A course's shape drawn around `start`: 4–10 sessions two or three days apart, 20–40 seats. */
function drawCourse(faker: Faker, ctx: SeedContext, id: number, start: number) {
  const kind = faker.helpers.weightedArrayElement<CourseKind>([
    { value: "reemployment", weight: 6 },
    { value: "disability", weight: 2 },
    { value: "prejob", weight: 3 },
  ]);
  const sessionCount = faker.number.int({ min: 4, max: 10 });
  const gap = faker.helpers.arrayElement([2, 3, 7]) * day;
  const startHour = faker.helpers.arrayElement([1, 6]) * hour; // 09:00 or 14:00 in Shanghai
  const first = Math.floor(start / day) * day + startHour;
  const sessions = Array.from({ length: sessionCount }, (_, i) => ({
    startsAt: new Date(first + i * gap),
    endsAt: new Date(first + i * gap + 2.5 * hour),
  }));
  const startsAt = sessions[0]!.startsAt;
  const endsAt = sessions.at(-1)!.endsAt;
  const now = ctx.now.getTime();
  const eligibility = faker.helpers.weightedArrayElement([
    { value: "everyone" as const, weight: 8 },
    { value: "hardship" as const, weight: 2 },
  ]);
  const status: CourseStatus =
    endsAt.getTime() < now
      ? faker.datatype.boolean(0.04)
        ? "cancelled"
        : "finished"
      : startsAt.getTime() <= now
        ? "closed"
        : faker.datatype.boolean(0.05)
          ? "draft"
          : "published";
  const compoundId = faker.datatype.boolean(0.8) ? faker.helpers.arrayElement(ctx.compoundIds) : null;
  const row: CourseRow = {
    id,
    title: faker.helpers.arrayElement(titles[kind]),
    kind,
    provider: faker.helpers.arrayElement(providers),
    description: "",
    location: compoundId ? "社区服务中心培训教室" : "油田职业技能培训中心",
    compoundId,
    capacity: faker.number.int({ min: 20, max: 40 }),
    seatsTaken: 0,
    enrollOpensAt: new Date(startsAt.getTime() - 30 * day),
    enrollClosesAt: new Date(startsAt.getTime() - day),
    eligibility,
    eligibleCategories: [],
    priorityGroups: [...priorityGroups],
    status,
    completionThreshold: 80,
    startsAt,
    endsAt,
    sequence: 0,
    checkinSecret: randomBytes(24).toString("base64url"),
    createdAt: new Date(startsAt.getTime() - 40 * day),
    updatedAt: new Date(startsAt.getTime() - 40 * day),
  };
  return { row, sessions };
}

/**
 * `count` distinct members of `pool` (Floyd's algorithm). faker's arrayElements copies the whole pool on each
 * call: 600,000 people for each of 3,000 courses at 10×, most of that seed's time.
 */
function sample<T>(faker: Faker, pool: readonly T[], count: number): T[] {
  const picked = new Set<number>();
  const chosen: T[] = [];
  for (let j = pool.length - Math.min(count, pool.length); j < pool.length; j++) {
    const drawn = faker.number.int(j);
    const index = picked.has(drawn) ? j : drawn;
    picked.add(index);
    chosen.push(pool[index]!);
  }
  return chosen;
}

export const courseSeeder: Seeder = {
  name: "courses",
  async run(ctx: SeedContext) {
    const faker = seededFaker(ctx.seed, "courses");
    // At least a dozen, so that even the small demo community has a catalog to browse.
    const total = Math.max(12, Math.round(fullScaleCourses.courses * ctx.factor));
    const perCourse = fullScaleCourses.enrollments / fullScaleCourses.courses;
    const people: Person[] = (
      await ctx.database.db.all<{
        id: number;
        userId: number | null;
        priority: number;
        hardship: number;
      }>(sql`
        SELECT m.id AS id, m.user_id AS userId, m.household_id AS householdId,
          (h.zero_employment = 1 OR m.disabled = 1 OR EXISTS (
            SELECT 1 FROM household_categories c WHERE c.household_id = h.id
              AND c.category IN ('elderly_alone', 'serious_illness', 'disabled'))) AS priority,
          h.hardship_level <> 'none' AS hardship
        FROM household_members m JOIN households h ON h.id = m.household_id
        WHERE m.birth_year BETWEEN ${ctx.now.getUTCFullYear() - 64} AND ${ctx.now.getUTCFullYear() - 16}`)
    ).map((p) => ({
      memberId: p.id,
      userId: p.userId,
      priority: p.priority ? 1 : 0,
      hardship: !!p.hardship,
    }));
    if (people.length === 0) return { courses: 0, sessions: 0, enrollments: 0, attendance: 0 };
    const hardshipPeople = people.filter((p) => p.hardship);
    const now = ctx.now.getTime();

    const courses: CourseRow[] = [];
    const sessions: SessionRow[] = [];
    const enrollments: EnrollmentRow[] = [];
    const attendance: AttendanceRow[] = [];
    await ctx.database.write(async (tx) => {
      const firstCourse = await nextId(tx, schema.courses.id);
      let sessionId = await nextId(tx, schema.courseSessions.id);
      let enrollmentId = await nextId(tx, schema.enrollments.id);
      for (let i = 0; i < total; i++) {
        // Spread over a year: half behind the clock, half ahead.
        const start = now - 183 * day + Math.floor(((i + faker.number.float()) / total) * 365 * day);
        const courseId = firstCourse + i;
        const { row, sessions: drawn } = drawCourse(faker, ctx, courseId, start);
        const mine = drawn.map((s) => ({ ...s, id: sessionId++, courseId }));
        sessions.push(...mine);
        const pool = row.eligibility === "hardship" && hardshipPeople.length > 0 ? hardshipPeople : people;
        const wanted =
          row.status === "draft" ? 0 : Math.round(perCourse * faker.number.float({ min: 0.2, max: 1.8 }));
        const chosen = sample(faker, pool, wanted);
        const opens = row.enrollOpensAt.getTime();
        const closes = Math.min(row.enrollClosesAt.getTime(), now);
        const requests = chosen
          .map((p) => ({ p, at: opens + Math.floor(faker.number.float() * Math.max(1, closes - opens)) }))
          .sort((a, b) => a.at - b.at);
        let seated = 0;
        const held = mine.filter((s) => s.endsAt.getTime() <= now);
        const needed = sessionsToComplete(mine.length, row.completionThreshold ?? 80);
        for (const { p, at } of requests) {
          const id = enrollmentId++;
          let status: EnrollmentStatus;
          if (faker.datatype.boolean(0.08)) status = "cancelled";
          else if (seated < row.capacity) status = "enrolled";
          else status = row.status === "published" ? "waitlisted" : "cancelled";
          if (status === "enrolled") {
            seated++;
            const attendedCount = held.reduce((n, s) => {
              const present = faker.datatype.boolean(0.85);
              attendance.push({
                sessionId: s.id,
                enrollmentId: id,
                present,
                method: "sheet",
                markedAt: s.startsAt,
              });
              return n + (present ? 1 : 0);
            }, 0);
            if (row.status === "cancelled") status = "cancelled";
            else if (attendedCount >= needed) status = "completed";
            else if (row.status === "finished") status = "no_show";
          }
          const requestedAt = new Date(at);
          enrollments.push({
            id,
            courseId,
            memberId: p.memberId,
            userId: p.userId,
            status,
            priority: p.priority,
            requestedAt,
            completedAt: status === "completed" ? row.endsAt : null,
            cancelledAt: status === "cancelled" ? new Date(Math.min(now, at + 3 * day)) : null,
            createdAt: requestedAt,
            updatedAt: requestedAt,
          });
        }
        row.seatsTaken = row.status === "cancelled" ? 0 : seated;
        courses.push(row);
      }
      await insertInBatches(tx, schema.courses, courses);
      await insertInBatches(tx, schema.courseSessions, sessions);
      await insertInBatches(tx, schema.enrollments, enrollments);
      await insertInBatches(tx, schema.attendance, attendance);
    });
    return {
      courses: courses.length,
      sessions: sessions.length,
      enrollments: enrollments.length,
      attendance: attendance.length,
    };
  },
};
