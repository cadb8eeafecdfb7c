// The one place material help reads household data: `readHouseholds` goes through the households reader (each
// household logged as read, for the purpose given), and the monthly credit run's set-based basis through
// `creditAmountSql`.
import { sql, type SQL } from "drizzle-orm";
import { getDatabase, type Queryable } from "#db/client.server";
import type { HouseholdFacts } from "#app/modules/auth/policy";
import type { HardshipLevel } from "#app/modules/households/codes";
import { addressLine } from "#app/modules/households/brief";
import { householdFacts } from "#app/modules/households/facts.server";
import { recordHouseholdBriefs } from "#app/modules/households/reader.server";

export interface MaterialHousehold {
  id: number;
  compoundId: number;
  compoundName: string;
  address: string;
  hardshipLevel: HardshipLevel;
  headName: string | null;
  /** What a cashier may see: the first character of the head's name and a star for each of the rest. */
  maskedName: string;
}

/** "孙秀英" → "孙**", "Sun Xiuying" → "S**********". */
export function maskName(name: string | null): string {
  if (!name) return "—";
  const chars = [...name.trim()];
  return chars[0] + "*".repeat(Math.max(chars.length - 1, 1));
}

export interface ReadPurpose {
  actorId: number;
  /** Why: `material.till`, `material.card`, `material.grant`, `material.report`… kept in the read log. */
  purpose: string;
  ip?: string | null;
}

/**
 * The households `ids`, each logged as listed for the reader: the caller has already decided, by the record's
 * own rule (a card at the till, a grant, a report within the reader's duties), that they may be shown.
 */
export async function readHouseholds(
  ids: readonly number[],
  why: ReadPurpose,
): Promise<Map<number, MaterialHousehold>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();
  const briefs = await recordHouseholdBriefs(why.actorId, unique, { via: why.purpose, ip: why.ip ?? null });
  return new Map(
    briefs.map((b) => [
      b.id,
      {
        id: b.id,
        compoundId: b.compoundId,
        compoundName: b.compoundName,
        address: addressLine(b),
        hardshipLevel: b.hardshipLevel,
        headName: b.headName,
        maskedName: maskName(b.headName),
      },
    ]),
  );
}

/** The facts the policy decides on for one household (not audited: no household data leaves with them). */
export function householdPolicyFacts(
  householdId: number,
  q: Queryable = getDatabase().db,
): Promise<HouseholdFacts | null> {
  return householdFacts(householdId, q);
}

export interface CreditRules {
  hardshipFen: number;
  extremeFen: number;
  priorityExtraFen: number;
  ceilingFen: number;
}

/**
 * A month's credit for household `h` (an alias of the households table) as SQL: by hardship level, plus the
 * extra for each priority group it is in (elderly alone, serious illness, disabled, zero-employment), capped.
 */
export function creditAmountSql(h: string, rules: CreditRules): SQL<number> {
  const t = sql.raw(h);
  return sql<number>`min(${rules.ceilingFen},
    CASE ${t}.hardship_level WHEN 'extreme' THEN ${rules.extremeFen} WHEN 'hardship' THEN ${rules.hardshipFen} ELSE 0 END
    + ${rules.priorityExtraFen} * (
      ${t}.zero_employment
      + (SELECT count(*) FROM household_categories hc WHERE hc.household_id = ${t}.id
         AND hc.category IN ('elderly_alone', 'serious_illness', 'disabled'))))`;
}

/** Households that may hold a love card: those in either hardship ledger. */
export const eligibleLevelsSql = sql.raw(`('hardship', 'extreme')`);
