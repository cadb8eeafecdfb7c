// Seeds home visits: a year of past visits with outcomes (mostly done, some missed, a few cancelled, and a few
// recent ones left unrecorded, escalated as the tick would have) and the coming month's schedule, for every
// actively paired household by its primary helper — about 60,000 at full scale. One household in twenty has
// gone unvisited for months, so that the due lists and the digest have something to show. Batched inserts.
import { and, asc, eq } from "drizzle-orm";
import { DateTime } from "luxon";
import { schema } from "#db/client.server";
import type { Need } from "#app/modules/households/codes";
import { insertInBatches, nextId, seededFaker, type SeedContext, type Seeder } from "./context";

const hour = 3_600_000;
const day = 24 * hour;
/** Days between visits, by level: volunteers visit more often than the cadence asks. */
const intervalDays = { extreme: 10, hardship: 17 };
const purposes = [
  "了解近况",
  "了解冬季取暖情况",
  "送慰问品",
  "协助办理救助申请",
  "回访就业情况",
  "陪同就医后回访",
];
const places = ["户主家中", "户主家中", "户主家中", "社区服务中心"];
const doneNotes = [
  "家中情况稳定",
  "老人身体尚可，需定期复诊",
  "已转达培训信息",
  "孩子学习情况良好",
  "房屋漏水，已联系物业",
];
const missedNotes = ["户主外出，电话改约", "家中无人", "户主住院"];
const needsPool: Need[] = ["employment", "medical", "schooling", "material", "care"];

type VisitInsert = typeof schema.visits.$inferInsert;

export const visitSeeder: Seeder = {
  name: "visits",
  async run(ctx: SeedContext) {
    const faker = seededFaker(ctx.seed, "visits");
    const now = ctx.now.getTime();
    const database = ctx.database;
    const pairings = await database.db
      .select({
        householdId: schema.pairings.householdId,
        volunteerId: schema.pairings.volunteerId,
        compoundId: schema.households.compoundId,
        level: schema.households.hardshipLevel,
      })
      .from(schema.pairings)
      .innerJoin(schema.households, eq(schema.households.id, schema.pairings.householdId))
      .where(and(eq(schema.pairings.status, "active"), eq(schema.pairings.role, "primary")))
      .orderBy(asc(schema.pairings.id));
    const supervisors = new Map(
      (
        await database.db
          .select({ id: schema.users.id, supervisorId: schema.users.supervisorId })
          .from(schema.users)
          .where(eq(schema.users.role, "volunteer"))
      ).map((u) => [u.id, u.supervisorId]),
    );
    // Shanghai keeps no daylight saving: a day is a day, so local hours are the local midnight plus hours.
    const midnight = DateTime.fromMillis(now, { zone: "Asia/Shanghai" }).startOf("day").toMillis();
    const visits: VisitInsert[] = [];
    const coVisitors: (typeof schema.visitCoVisitors.$inferInsert)[] = [];
    await database.write(async (tx) => {
      let id = await nextId(tx, schema.visits.id);
      for (const p of pairings) {
        if (p.level === "none") continue;
        const interval = intervalDays[p.level];
        const neglected = faker.number.float() < 0.05;
        const lastDay = neglected ? -faker.number.int({ min: 100, max: 200 }) : 30;
        for (
          let offset = -365 + faker.number.int({ min: 0, max: interval });
          offset <= lastDay;
          offset += interval
        ) {
          const dayOffset = offset + faker.number.int({ min: -2, max: 2 });
          const startsAt = midnight + dayOffset * day + faker.number.int({ min: 9, max: 16 }) * hour;
          const endsAt = startsAt + faker.helpers.arrayElement([1, 1, 1.5, 2]) * hour;
          const past = endsAt < now;
          const roll = faker.number.float();
          const unrecorded = past && now - endsAt < 14 * day && roll < 0.04;
          const status =
            !past || unrecorded ? "scheduled" : roll < 0.88 ? "done" : roll < 0.96 ? "missed" : "cancelled";
          const since = now - endsAt;
          const recordedAt =
            status === "done" || status === "missed"
              ? new Date(Math.min(now, endsAt + faker.number.float({ min: 0.5, max: 40 }) * hour))
              : null;
          visits.push({
            id,
            householdId: p.householdId,
            compoundId: p.compoundId,
            leadVolunteerId: p.volunteerId,
            scheduledById: p.volunteerId,
            startsAt: new Date(startsAt),
            endsAt: new Date(endsAt),
            place: faker.helpers.arrayElement(places),
            purpose: faker.helpers.arrayElement(purposes),
            status,
            sequence: status === "cancelled" ? 1 : 0,
            cancelReason: status === "cancelled" ? faker.helpers.arrayElement(missedNotes) : null,
            cancelledAt: status === "cancelled" ? new Date(startsAt - day) : null,
            notes:
              status === "done"
                ? faker.helpers.arrayElement(doneNotes)
                : status === "missed"
                  ? faker.helpers.arrayElement(missedNotes)
                  : null,
            needsFound: status === "done" && roll < 0.2 ? [faker.helpers.arrayElement(needsPool)] : [],
            recordedById: recordedAt ? p.volunteerId : null,
            recordedAt,
            escalationLevel: unrecorded ? (since >= 96 * hour ? 2 : since >= 48 * hour ? 1 : 0) : 0,
            createdAt: new Date(startsAt - 7 * day),
            updatedAt: new Date(recordedAt?.getTime() ?? startsAt - 7 * day),
          });
          const supervisor = supervisors.get(p.volunteerId);
          if (supervisor && roll > 0.9) coVisitors.push({ visitId: id, volunteerId: supervisor });
          id++;
        }
      }
      await insertInBatches(tx, schema.visits, visits);
      await insertInBatches(tx, schema.visitCoVisitors, coVisitors);
    });
    return { visits: visits.length, coVisitors: coVisitors.length };
  },
};

/**
 * The demo accounts' visits: the youth-league volunteer's households get a done visit, one left unrecorded
 * three days ago and two to come, with the three volunteers above them along on some, so that each of
 * volunteer1–4 has visits past and upcoming.
 */
export async function seedDemoVisits(database: SeedContext["database"], now = new Date()): Promise<number> {
  const emails = [
    "volunteer1@example.org",
    "volunteer2@example.org",
    "volunteer3@example.org",
    "volunteer4@example.org",
  ];
  const users = await database.db
    .select({ id: schema.users.id, email: schema.users.email })
    .from(schema.users)
    .where(eq(schema.users.role, "volunteer"));
  const [v1, v2, v3, v4] = emails.map((e) => users.find((u) => u.email === e)?.id);
  if (!v1 || !v2 || !v3 || !v4) return 0;
  const households = await database.db
    .select({ id: schema.households.id, compoundId: schema.households.compoundId })
    .from(schema.pairings)
    .innerJoin(schema.households, eq(schema.households.id, schema.pairings.householdId))
    .where(and(eq(schema.pairings.volunteerId, v4), eq(schema.pairings.status, "active")))
    .orderBy(asc(schema.pairings.id));
  const [first, second = first] = households;
  if (!first || !second) return 0;
  const midnight = DateTime.fromJSDate(now, { zone: "Asia/Shanghai" }).startOf("day").toMillis();
  const at = (days: number, hours: number) => new Date(midnight + days * day + hours * hour);
  const plan = [
    {
      household: first,
      days: -20,
      status: "done" as const,
      notes: "老人身体尚可，已转达培训信息",
      along: [v2],
    },
    { household: second, days: -3, status: "scheduled" as const, notes: null, along: [] },
    { household: first, days: 2, status: "scheduled" as const, notes: null, along: [v3] },
    { household: second, days: 9, status: "scheduled" as const, notes: null, along: [v1, v3] },
  ];
  await database.write(async (tx) => {
    for (const v of plan) {
      const [row] = await tx
        .insert(schema.visits)
        .values({
          householdId: v.household.id,
          compoundId: v.household.compoundId,
          leadVolunteerId: v4,
          scheduledById: v4,
          startsAt: at(v.days, 10),
          endsAt: at(v.days, 11),
          place: "户主家中",
          purpose: v.days < 0 ? "了解近况" : "了解冬季取暖情况",
          status: v.status,
          notes: v.notes,
          recordedById: v.status === "done" ? v4 : null,
          recordedAt: v.status === "done" ? at(v.days, 12) : null,
          escalationLevel: v.days === -3 ? 1 : 0,
        })
        .returning({ id: schema.visits.id });
      if (row && v.along.length)
        await tx
          .insert(schema.visitCoVisitors)
          .values(v.along.map((volunteerId) => ({ visitId: row.id, volunteerId })));
    }
  });
  return plan.length;
}
