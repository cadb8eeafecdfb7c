// `npm run db:seed -- --scale small|full|<factor> [--seed N] [--reset]`: migrates the database at
// DATABASE_URL, refuses one that already holds data unless --reset (which empties it first), seeds the
// community and the demo accounts, and prints what it made and how long it took.
import { parseArgs } from "node:util";
import { fail, openDatabase } from "../../scripts/boot";
import { seedDemoAccounts } from "./demo";
import { defaultSeed, seedCommunity, type Scale } from "./generate";
import { hasCommunityData, resetDatabase } from "./reset";

function parseScale(value: string): Scale {
  if (value === "small" || value === "full") return value;
  const factor = Number(value);
  if (!Number.isFinite(factor) || factor <= 0)
    fail(`--scale must be small, full or a positive number, not "${value}"`);
  return factor;
}

const { values } = (() => {
  try {
    return parseArgs({
      options: {
        scale: { type: "string", default: "small" },
        seed: { type: "string" },
        reset: { type: "boolean", default: false },
      },
    });
  } catch (error) {
    return fail(error instanceof Error ? error.message : String(error));
  }
})();

const scale = parseScale(values.scale);
const seed = values.seed === undefined ? defaultSeed : Number(values.seed);
if (!Number.isSafeInteger(seed) || seed < 0) fail(`--seed must be a whole number ≥ 0, not "${values.seed}"`);

const database = await openDatabase();
if (await hasCommunityData(database)) {
  if (!values.reset) fail("the database already holds data; run again with --reset to empty it first");
  const tables = await resetDatabase(database);
  console.log(`lianxin: emptied ${tables.length} tables`);
}

const result = await seedCommunity(database, { scale, seed });
const accounts = await seedDemoAccounts(database);
console.log(
  `lianxin: seeded ${result.compounds} compounds, ${result.households} households, ${result.residents} residents, ` +
    `${result.users} volunteers and ${accounts} demo accounts (scale ${scale}, seed ${seed}) in ${result.seconds.toFixed(1)} s`,
);
database.close();
