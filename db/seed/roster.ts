// Seeds the roster: a profile for every volunteer (skills, availability, capacity), then pairings for
// 95% of extreme-hardship and 80% of hardship households (a second helper for one extreme household in
// five), each with an agreement card, goals that follow the household's needs, and some progress notes.
// Helpers come from the household's compound, least loaded first, never beyond capacity.
import type { Faker } from "@faker-js/faker";
import { and, asc, eq, inArray, ne } from "drizzle-orm";
import { schema } from "#db/client.server";
import type { Need } from "#app/modules/households/codes";
import {
  defaultCapacity,
  skills,
  type GoalDomain,
  type GoalStatus,
  type Skill,
} from "#app/modules/roster/codes";
import { insertInBatches, nextId, seededFaker, type SeedContext, type Seeder } from "./context";

export const pairedShare = { extreme: 0.95, hardship: 0.8 };
const secondHelperShare = 0.2;
const day = 86_400_000;

const availabilities = ["工作日晚上", "周末全天", "周六上午", "工作日白天", "随时电话联系"];
const targets: Record<GoalDomain, string[]> = {
  employment: ["推荐参加再就业培训", "介绍公益性岗位", "协助办理失业登记", "推荐到社区超市就业"],
  medical: ["协助办理大病医疗救助", "每月陪同复诊一次", "联系家庭医生签约", "协助申请慢病补贴"],
  schooling: ["协助申请助学金", "每周辅导功课一次", "联系学校减免学杂费"],
  other: ["协助申请低保复核", "冬季送温暖走访", "协助维修房屋"],
};
const notes = ["已电话联系，家属同意", "已提交申请材料", "走访了解情况，继续跟进", "已完成第一阶段"];

function domainOf(need: Need): GoalDomain {
  return need === "employment" || need === "medical" || need === "schooling" ? need : "other";
}

function drawSkills(faker: Faker): Skill[] {
  return faker.helpers.arrayElements([...skills], { min: 1, max: 3 });
}

interface Volunteer {
  id: number;
  compoundId: number;
  tier: number;
  capacity: number;
  load: number;
}

export const rosterSeeder: Seeder = {
  name: "roster",
  async run(ctx: SeedContext) {
    const faker = seededFaker(ctx.seed, "roster");
    const now = ctx.now.getTime();
    const database = ctx.database;
    const volunteerRows = await database.db
      .select({ id: schema.users.id, compoundId: schema.users.compoundId, tier: schema.users.volunteerTier })
      .from(schema.users)
      .where(eq(schema.users.role, "volunteer"))
      .orderBy(asc(schema.users.id));
    const households = await database.db
      .select({
        id: schema.households.id,
        compoundId: schema.households.compoundId,
        level: schema.households.hardshipLevel,
      })
      .from(schema.households)
      .where(ne(schema.households.hardshipLevel, "none"))
      .orderBy(asc(schema.households.id));
    const needRows = households.length
      ? await database.db
          .select({ householdId: schema.householdNeeds.householdId, need: schema.householdNeeds.need })
          .from(schema.householdNeeds)
          .innerJoin(schema.households, eq(schema.households.id, schema.householdNeeds.householdId))
          .where(
            and(
              ne(schema.households.hardshipLevel, "none"),
              inArray(schema.households.compoundId, ctx.compoundIds),
            ),
          )
      : [];
    const needsOf = new Map<number, Need[]>();
    for (const r of needRows) needsOf.set(r.householdId, [...(needsOf.get(r.householdId) ?? []), r.need]);

    // Leadership cadres oversee more than they pair: they take two households at most.
    const volunteers: Volunteer[] = volunteerRows.map((v) => ({
      id: v.id,
      compoundId: v.compoundId ?? ctx.compoundIds[0] ?? 0,
      tier: v.tier ?? 4,
      capacity:
        v.tier === 1
          ? 2
          : faker.helpers.weightedArrayElement([
              { value: defaultCapacity, weight: 8 },
              { value: 3, weight: 1 },
              { value: 8, weight: 1 },
            ]),
      load: 0,
    }));
    const byCompound = new Map<number, Volunteer[]>();
    for (const v of volunteers) byCompound.set(v.compoundId, [...(byCompound.get(v.compoundId) ?? []), v]);
    const pick = (compoundId: number, except: number | null): Volunteer | undefined => {
      const pool = (byCompound.get(compoundId) ?? volunteers).filter(
        (v) => v.load < v.capacity && v.id !== except,
      );
      let best: Volunteer | undefined;
      for (const v of pool) if (!best || v.load < best.load) best = v;
      return best;
    };

    const extreme = households.filter((h) => h.level === "extreme");
    const hardship = households.filter((h) => h.level === "hardship");
    const chosen = [
      ...faker.helpers.arrayElements(extreme, Math.floor(extreme.length * pairedShare.extreme)),
      ...faker.helpers.arrayElements(hardship, Math.floor(hardship.length * pairedShare.hardship)),
    ];

    type PairingRow = typeof schema.pairings.$inferInsert;
    type GoalRow = typeof schema.agreementGoals.$inferInsert;
    type NoteRow = typeof schema.goalProgressNotes.$inferInsert;
    const pairings: PairingRow[] = [];
    const agreements: (typeof schema.agreements.$inferInsert)[] = [];
    const goals: GoalRow[] = [];
    const progress: NoteRow[] = [];

    await database.write(async (tx) => {
      let pairingId = await nextId(tx, schema.pairings.id);
      let agreementId = await nextId(tx, schema.agreements.id);
      let goalId = await nextId(tx, schema.agreementGoals.id);
      const addPairing = (householdId: number, volunteer: Volunteer, role: "primary" | "secondary") => {
        volunteer.load++;
        const startedAt = new Date(now - faker.number.int({ min: 20, max: 700 }) * day);
        pairings.push({
          id: pairingId,
          volunteerId: volunteer.id,
          householdId,
          role,
          status: "active",
          startedAt,
          createdAt: startedAt,
          updatedAt: startedAt,
        });
        const signed = faker.datatype.boolean(0.85);
        const signedAt = new Date(startedAt.getTime() + faker.number.int({ min: 1, max: 14 }) * day);
        agreements.push({
          id: agreementId,
          pairingId,
          signedAt: signed ? signedAt : null,
          signedHow: signed
            ? faker.helpers.weightedArrayElement([
                { value: "paper" as const, weight: 4 },
                { value: "app" as const, weight: 1 },
              ])
            : null,
          createdAt: startedAt,
          updatedAt: signed ? signedAt : startedAt,
        });
        if (role === "primary") {
          const domains = [...new Set((needsOf.get(householdId) ?? ["other"]).map(domainOf))];
          for (const domain of domains) {
            const status = faker.helpers.weightedArrayElement<GoalStatus>([
              { value: "open", weight: 3 },
              { value: "in_progress", weight: 4 },
              { value: "achieved", weight: 2 },
              { value: "dropped", weight: 1 },
            ]);
            goals.push({
              id: goalId,
              agreementId,
              domain,
              target: faker.helpers.arrayElement(targets[domain]),
              dueAt: new Date(now + faker.number.int({ min: -20, max: 180 }) * day),
              status,
              createdAt: startedAt,
              updatedAt: startedAt,
            });
            if (status !== "open")
              for (let n = faker.number.int({ min: 1, max: 2 }); n > 0; n--)
                progress.push({
                  goalId,
                  notedAt: new Date(now - faker.number.int({ min: 1, max: 19 }) * day),
                  note: faker.helpers.arrayElement(notes),
                  createdAt: startedAt,
                });
            goalId++;
          }
        }
        pairingId++;
        agreementId++;
      };
      for (const h of chosen) {
        const primary = pick(h.compoundId, null);
        if (!primary) continue;
        addPairing(h.id, primary, "primary");
        if (h.level === "extreme" && faker.datatype.boolean(secondHelperShare)) {
          const second = pick(h.compoundId, primary.id);
          if (second) addPairing(h.id, second, "secondary");
        }
      }
      await insertInBatches(
        tx,
        schema.volunteerProfiles,
        volunteers.map((v) => ({
          userId: v.id,
          skills: drawSkills(faker),
          availability: faker.helpers.arrayElement(availabilities),
          capacity: v.capacity,
          createdAt: ctx.now,
          updatedAt: ctx.now,
        })),
      );
      await insertInBatches(tx, schema.pairings, pairings);
      await insertInBatches(tx, schema.agreements, agreements);
      await insertInBatches(tx, schema.agreementGoals, goals);
      await insertInBatches(tx, schema.goalProgressNotes, progress);
    });
    return {
      profiles: volunteers.length,
      pairings: pairings.length,
      agreements: agreements.length,
      goals: goals.length,
      notes: progress.length,
    };
  },
};

/**
 * Gives the demo youth-league volunteer the demo resident's household and one extreme-hardship household
 * of the same compound, so that both demo homes show a pairing. Seed data only: a real handover is a
 * reassignment that keeps history.
 */
export async function seedDemoPairings(
  database: SeedContext["database"],
  volunteerEmail: string,
  residentEmail: string,
  now = new Date(),
): Promise<void> {
  await database.write(async (tx) => {
    const [volunteer] = await tx
      .select({ id: schema.users.id, compoundId: schema.users.compoundId })
      .from(schema.users)
      .where(eq(schema.users.email, volunteerEmail));
    const [home] = await tx
      .select({ householdId: schema.householdMembers.householdId })
      .from(schema.householdMembers)
      .innerJoin(schema.users, eq(schema.users.id, schema.householdMembers.userId))
      .where(eq(schema.users.email, residentEmail));
    if (!volunteer || !volunteer.compoundId) return;
    await tx
      .insert(schema.volunteerProfiles)
      .values({ userId: volunteer.id, skills: ["employment", "care"] })
      .onConflictDoNothing();
    const [extreme] = await tx
      .select({ id: schema.pairings.id })
      .from(schema.pairings)
      .innerJoin(schema.households, eq(schema.households.id, schema.pairings.householdId))
      .where(
        and(
          eq(schema.households.compoundId, volunteer.compoundId),
          eq(schema.households.hardshipLevel, "extreme"),
          eq(schema.pairings.role, "primary"),
          eq(schema.pairings.status, "active"),
        ),
      )
      .limit(1);
    if (extreme)
      await tx
        .update(schema.pairings)
        .set({ volunteerId: volunteer.id })
        .where(eq(schema.pairings.id, extreme.id));
    if (!home) return;
    const [existing] = await tx
      .select({ id: schema.pairings.id })
      .from(schema.pairings)
      .where(
        and(
          eq(schema.pairings.householdId, home.householdId),
          eq(schema.pairings.role, "primary"),
          eq(schema.pairings.status, "active"),
        ),
      );
    if (existing) {
      await tx
        .update(schema.pairings)
        .set({ volunteerId: volunteer.id })
        .where(eq(schema.pairings.id, existing.id));
      return;
    }
    const [pairing] = await tx
      .insert(schema.pairings)
      .values({ volunteerId: volunteer.id, householdId: home.householdId, role: "primary", startedAt: now })
      .returning({ id: schema.pairings.id });
    if (!pairing) return;
    const [agreement] = await tx
      .insert(schema.agreements)
      .values({ pairingId: pairing.id })
      .returning({ id: schema.agreements.id });
    if (agreement)
      await tx.insert(schema.agreementGoals).values({
        agreementId: agreement.id,
        domain: "employment",
        target: targets.employment[0] ?? "",
        dueAt: new Date(now.getTime() + 14 * day),
      });
  });
}
