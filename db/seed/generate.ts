// The demo community generator. Deterministic for a given seed. (Filled out in full by the seed work.)
import type { Database } from "#db/client.server";
import { schema } from "#db/client.server";

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

export interface SeedResult {
  compounds: number;
  households: number;
  users: number;
  seconds: number;
}

export async function seedCommunity(
  database: Database,
  _options: { scale: Scale; seed?: number },
): Promise<SeedResult> {
  const started = performance.now();
  await database.write(async (tx) => {
    await tx
      .insert(schema.compounds)
      .values(compoundNames.map((name, i) => ({ code: `C${String(i + 1).padStart(2, "0")}`, name })))
      .onConflictDoNothing();
  });
  return {
    compounds: compoundNames.length,
    households: 0,
    users: 0,
    seconds: (performance.now() - started) / 1000,
  };
}
