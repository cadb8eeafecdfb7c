// Marks a compound's kept cockpit figures stale inside the transaction of a write that changes them, as a row
// of cockpit_figures (key "stale"), so that every server process sees it: the next read of that compound (and
// of the community's total) counts afresh (kept.server.ts). One primary-key upsert per write.
import { sql } from "drizzle-orm";
import type { Tx } from "#db/client.server";

export const staleKey = "stale";
/** The community's row of cockpit_figures: the total over every compound. */
export const communityRow = 0;

export async function markCockpitStale(
  tx: Tx,
  change: { householdId: number } | { compoundId: number },
  at = new Date(),
): Promise<void> {
  const compound =
    "compoundId" in change
      ? sql`SELECT ${change.compoundId} AS c`
      : sql`SELECT compound_id AS c FROM households WHERE id = ${change.householdId}`;
  await tx.run(sql`
    INSERT INTO cockpit_figures (compound_id, key, value, computed_at)
    SELECT c, ${staleKey}, 1, ${at.getTime()} FROM (${compound} UNION ALL SELECT ${communityRow})
    WHERE true
    ON CONFLICT (compound_id, key) DO UPDATE SET computed_at = excluded.computed_at`);
}
