// The demo community generator: the compounds, then each domain's seeder in order (db/seed/<domain>.ts).
// Deterministic: the same scale, seed and clock give the same rows. A later domain adds its seeder to
// `seeders` below, after the ones whose rows it needs.
import type { Database } from "#db/client.server";
import { schema } from "#db/client.server";
import { asc } from "drizzle-orm";
import { announcementSeeder } from "./announcements";
import type { Seeder } from "./context";
import { courseSeeder } from "./courses";
import { householdSeeder } from "./households";
import { helpSeeder } from "./help";
import { rosterSeeder } from "./roster";
import { verificationSeeder } from "./verifications";
import { visitSeeder } from "./visits";
import { volunteerSeeder } from "./volunteers";

export type Scale = "small" | "full" | number;

export const compoundNames = [
  "石油新村",
  "油田花园",
  "胜利小区",
  "创业小区",
  "康乐小区",
  "幸福小区",
  "和平小区",
  "友谊小区",
  "团结小区",
  "光明小区",
  "建设小区",
  "明珠小区",
];

/** The seed used when none is given, so that every demo community is the same one. */
export const defaultSeed = 20_260_101;

/** In order: a seeder may rely on the rows of those before it. */
export const seeders: Seeder[] = [
  householdSeeder,
  volunteerSeeder,
  verificationSeeder,
  rosterSeeder,
  courseSeeder,
  announcementSeeder,
  helpSeeder,
  visitSeeder,
];

export interface SeedResult {
  compounds: number;
  households: number;
  /** Members of the seeded households. */
  residents: number;
  /** Accounts created (volunteers). */
  users: number;
  /** Every seeder's counts, by seeder name. */
  counts: Record<string, Record<string, number>>;
  seconds: number;
}

/**
 * `full` is the oilfield (30,000 households, 2,000 volunteers); a number scales `full`. `small` is 1% of
 * the households but 3% of the volunteers (300 and 60), so that the demo can pair every hardship household.
 */
export function scaleFactors(scale: Scale): { factor: number; volunteerFactor: number } {
  if (scale === "full") return { factor: 1, volunteerFactor: 1 };
  if (scale === "small") return { factor: 0.01, volunteerFactor: 0.03 };
  if (!Number.isFinite(scale) || scale <= 0)
    throw new RangeError(`scale must be a positive number, got ${scale}`);
  return { factor: scale, volunteerFactor: scale };
}

export async function seedCommunity(
  database: Database,
  options: { scale: Scale; seed?: number; now?: Date },
): Promise<SeedResult> {
  const started = performance.now();
  const { factor, volunteerFactor } = scaleFactors(options.scale);
  const seed = options.seed ?? defaultSeed;
  const now = options.now ?? new Date();
  await database.write(async (tx) => {
    await tx
      .insert(schema.compounds)
      .values(
        compoundNames.map((name, i) => ({
          code: `C${String(i + 1).padStart(2, "0")}`,
          name,
          createdAt: now,
          updatedAt: now,
        })),
      )
      .onConflictDoNothing();
  });
  const compounds = await database.db
    .select({ id: schema.compounds.id })
    .from(schema.compounds)
    .orderBy(asc(schema.compounds.code));
  const ctx = { database, factor, volunteerFactor, seed, now, compoundIds: compounds.map((c) => c.id) };

  const counts: Record<string, Record<string, number>> = {};
  for (const seeder of seeders) counts[seeder.name] = await seeder.run(ctx);

  return {
    compounds: compounds.length,
    households: counts.households?.households ?? 0,
    residents: counts.households?.residents ?? 0,
    users: counts.volunteers?.volunteers ?? 0,
    counts,
    seconds: (performance.now() - started) / 1000,
  };
}
