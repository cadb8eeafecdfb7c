// Seeds the household registry: households spread evenly over the compounds at sequential addresses,
// exactly 8% at hardship and 2% at extreme-hardship level (placed at random), with their members,
// categories and needs, written 5,000 households to a transaction in multi-row batches.
import { schema } from "#db/client.server";
import type { HardshipLevel } from "#app/modules/households/codes";
import { insertInBatches, nextId, seededFaker, type SeedContext, type Seeder } from "./context";
import { makeHousehold, type MemberRow } from "./factories";

export const fullScale = { households: 30_000, hardshipShare: 0.08, extremeShare: 0.02 };
const householdsPerTransaction = 5_000;

/** Three units a building, six floors, two rooms a floor: 36 homes a building. */
function addressOf(indexInCompound: number) {
  const building = Math.floor(indexInCompound / 36) + 1;
  const inBuilding = indexInCompound % 36;
  const unit = Math.floor(inBuilding / 12) + 1;
  const floor = Math.floor((inBuilding % 12) / 2) + 1;
  const room = floor * 100 + (inBuilding % 2) + 1;
  return { building: String(building), unit: String(unit), room: String(room) };
}

export const householdSeeder: Seeder = {
  name: "households",
  async run(ctx: SeedContext) {
    const faker = seededFaker(ctx.seed, "households");
    const total = Math.max(1, Math.round(fullScale.households * ctx.factor));
    const extreme = Math.round(total * fullScale.extremeShare);
    const hardship = Math.round(total * fullScale.hardshipShare);
    const levels = faker.helpers.shuffle<HardshipLevel>([
      ...Array<HardshipLevel>(extreme).fill("extreme"),
      ...Array<HardshipLevel>(hardship).fill("hardship"),
      ...Array<HardshipLevel>(total - extreme - hardship).fill("none"),
    ]);

    let residents = 0;
    // Drawn and written a chunk at a time, so that memory stays flat at ten times full scale.
    for (let from = 0; from < total; from += householdsPerTransaction) {
      const drafts = levels.slice(from, from + householdsPerTransaction).map((level, k) => {
        const i = from + k;
        return makeHousehold(faker, {
          compoundId: ctx.compoundIds[i % ctx.compoundIds.length]!,
          address: addressOf(Math.floor(i / ctx.compoundIds.length)),
          level,
          now: ctx.now,
        });
      });
      residents += await ctx.database.write(async (tx) => {
        const firstId = await nextId(tx, schema.households.id);
        await insertInBatches(
          tx,
          schema.households,
          drafts.map((d, i) => ({ id: firstId + i, ...d.household })),
        );
        const members: MemberRow[] = drafts.flatMap((d, i) =>
          d.members.map((m) => ({
            ...m,
            householdId: firstId + i,
            userId: null,
            createdAt: d.household.createdAt,
            updatedAt: d.household.createdAt,
          })),
        );
        await insertInBatches(tx, schema.householdMembers, members);
        await insertInBatches(
          tx,
          schema.householdCategories,
          drafts.flatMap((d, i) => d.categories.map((category) => ({ householdId: firstId + i, category }))),
        );
        await insertInBatches(
          tx,
          schema.householdNeeds,
          drafts.flatMap((d, i) => d.needs.map((n) => ({ householdId: firstId + i, ...n }))),
        );
        return members.length;
      });
    }
    return { households: total, residents, hardship, extreme };
  },
};
