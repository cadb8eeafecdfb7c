// Seeds the volunteer roster (四级联动): about 1% leadership cadres, 9% grass-roots cadres, 40% party
// members and 50% youth league members, spread over the compounds. Every volunteer below tier 1 answers
// to one a tier up, in the same compound where there is one, taken in turn so that the load is even.
import { schema } from "#db/client.server";
import { insertInBatches, nextId, seededFaker, type SeedContext, type Seeder } from "./context";
import { makeVolunteer, type UserRow } from "./factories";

export const fullScaleVolunteers = 2_000;
const tierShares = [0.01, 0.09, 0.4] as const;

/** How many volunteers of each tier (index 0 = tier 1); every tier has at least one. */
export function tierCounts(total: number): [number, number, number, number] {
  const [t1, t2, t3] = tierShares.map((share) => Math.max(1, Math.round(total * share))) as [
    number,
    number,
    number,
  ];
  return [t1, t2, t3, Math.max(1, total - t1 - t2 - t3)];
}

export const volunteerSeeder: Seeder = {
  name: "volunteers",
  async run(ctx: SeedContext) {
    const faker = seededFaker(ctx.seed, "volunteers");
    const counts = tierCounts(Math.round(fullScaleVolunteers * ctx.volunteerFactor));
    let created = 0;
    await ctx.database.write(async (tx) => {
      let id = await nextId(tx, schema.users.id);
      let above: { id: number; compoundId: number }[] = [];
      for (const [index, count] of counts.entries()) {
        const tier = (index + 1) as 1 | 2 | 3 | 4;
        const aboveByCompound = new Map<number, { id: number; compoundId: number }[]>();
        for (const s of above)
          aboveByCompound.set(s.compoundId, [...(aboveByCompound.get(s.compoundId) ?? []), s]);
        const turn = new Map<number, number>();
        const placed: { id: number; compoundId: number }[] = [];
        const rows: UserRow[] = [];
        for (let i = 0; i < count; i++) {
          const compoundId = ctx.compoundIds[i % ctx.compoundIds.length]!;
          let supervisorId: number | null = null;
          if (tier > 1) {
            const pool = aboveByCompound.get(compoundId) ?? above;
            const k = turn.get(compoundId) ?? 0;
            turn.set(compoundId, k + 1);
            supervisorId = pool[k % pool.length]!.id;
          }
          created++;
          placed.push({ id, compoundId });
          rows.push({
            id: id++,
            ...makeVolunteer(faker, { number: created, tier, compoundId, supervisorId, now: ctx.now }),
          });
        }
        await insertInBatches(tx, schema.users, rows);
        above = placed;
      }
    });
    return { volunteers: created };
  },
};
