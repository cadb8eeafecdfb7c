// The demo community that `npm start` puts into an empty database: the generated community at `small`
// scale plus the demo accounts listed in README.md, all sharing one demo password. The demo resident is
// the head of a seeded hardship household, so "my household" has something to show.
import { and, asc, count, eq, isNull, sql } from "drizzle-orm";
import type { Database, Tx } from "#db/client.server";
import { schema } from "#db/client.server";
import { flushReadLog } from "#app/modules/audit/read-log.server";
import { hashPassword } from "#app/modules/auth/password.server";
import { seedCommunity } from "./generate";
import { seedDemoPairings } from "./roster";
import { seedDemoVisits } from "./visits";
import { seedDemoMaterial } from "./material";
import { seedDemoProgrammes } from "./programmes";

export const DEMO_PASSWORD = "lianxin-demo-2026";
const demoPhone = "13800000000";

export const demoAccounts = [
  { email: "admin@example.org", name: "管理员 王敏", role: "admin", tier: null },
  { email: "organizer@example.org", name: "社区工作人员 李静", role: "organizer", tier: null },
  // An organizer of every compound (no compound of their own), beside the one of the first compound above.
  {
    email: "organizer.all@example.org",
    name: "社区工作人员 周全",
    role: "organizer",
    tier: null,
    everyCompound: true,
  },
  { email: "volunteer1@example.org", name: "领导干部 张建国", role: "volunteer", tier: 1 },
  { email: "volunteer2@example.org", name: "基层干部 刘芳", role: "volunteer", tier: 2 },
  { email: "volunteer3@example.org", name: "党员 陈伟", role: "volunteer", tier: 3 },
  { email: "volunteer4@example.org", name: "团员青年 赵磊", role: "volunteer", tier: 4 },
  { email: "resident@example.org", name: "居民 孙秀英", role: "resident", tier: null },
] as const;

/**
 * Makes the demo resident the head of the first seeded hardship household of the first compound (any
 * household when there is none), named as the account is. Nothing to link when no household is seeded.
 */
async function linkDemoResident(tx: Tx, userId: number, accountName: string): Promise<void> {
  const [head] = await tx
    .select({ id: schema.householdMembers.id })
    .from(schema.householdMembers)
    .innerJoin(schema.households, eq(schema.households.id, schema.householdMembers.householdId))
    .where(eq(schema.householdMembers.relation, "head"))
    .orderBy(
      asc(schema.households.compoundId),
      sql`${schema.households.hardshipLevel} = 'hardship' DESC`,
      asc(schema.households.id),
    )
    .limit(1);
  if (!head) return;
  const name = accountName.split(" ").at(-1) ?? accountName;
  await tx
    .update(schema.householdMembers)
    .set({ userId, name, phone: demoPhone })
    .where(and(eq(schema.householdMembers.id, head.id), isNull(schema.householdMembers.userId)));
}

/**
 * Adds the demo accounts to compound 1 (but the organizer of every compound), each volunteer supervised by the
 * one a tier above.
 */
export async function seedDemoAccounts(database: Database): Promise<number> {
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const [compound] = await database.db.select({ id: schema.compounds.id }).from(schema.compounds).limit(1);
  const now = new Date();
  await database.write(async (tx) => {
    let supervisorId: number | null = null;
    for (const account of demoAccounts) {
      const inserted: { id: number }[] = await tx
        .insert(schema.users)
        .values({
          email: account.email,
          name: account.name,
          role: account.role,
          volunteerTier: account.tier,
          supervisorId: account.tier && account.tier > 1 ? supervisorId : null,
          compoundId: "everyCompound" in account ? null : (compound?.id ?? null),
          passwordHash,
          emailVerifiedAt: now,
          phone: demoPhone,
        })
        .returning({ id: schema.users.id });
      if (account.tier && inserted[0]) supervisorId = inserted[0].id;
      if (account.role === "resident" && inserted[0])
        await linkDemoResident(tx, inserted[0].id, account.name);
    }
  });
  await seedDemoPairings(database, "volunteer4@example.org", "resident@example.org", now);
  await seedDemoVisits(database, now);
  await seedDemoMaterial(database);
  await seedDemoProgrammes(database, now);
  return demoAccounts.length;
}

/** Seeds the small demo community and the demo accounts when the database has no accounts yet. */
export async function seedDemoIfEmpty(
  database: Database,
): Promise<{ households: number; users: number } | null> {
  const [row] = await database.db.select({ n: count() }).from(schema.users);
  if ((row?.n ?? 0) > 0) return null;
  const result = await seedCommunity(database, { scale: "small" });
  const accounts = await seedDemoAccounts(database);
  // The demo's sales read households through the reader, which logs them a moment later: write them before
  // the caller closes the database.
  await flushReadLog();
  return { households: result.households, users: result.users + accounts };
}
