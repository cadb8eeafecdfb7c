// The one place material help reads household data. Every read goes through `readHouseholds` (the registry's
// brief of each household, audited as `household.viewed` / `household.listed`), and the monthly credit run's
// set-based basis through `creditBasisSql`; when the households module offers its audited reader and scope
// condition, these two functions are repointed to them and nothing else in this domain changes.
import { sql, type SQL } from "drizzle-orm";
import { getDatabase, type Queryable, type Tx } from "#db/client.server";
import { audit } from "#app/modules/audit/audit.server";
import type { HouseholdFacts } from "#app/modules/auth/policy";
import type { HardshipLevel } from "#app/modules/households/codes";
import { householdFacts as registryFacts } from "#app/modules/households/registry.server";
import { addressLine, householdBriefs } from "#app/modules/roster/household-reads.server";

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
  actorId: number | null;
  /** Why: `material.till`, `material.card`, `material.grant`, `material.report`… kept in the audit entry. */
  purpose: string;
  ip?: string | null;
  /** Audit inside this transaction instead of a write of its own. */
  tx?: Tx;
}

/** The households `ids`, audited as one read (`household.viewed` for one, `household.listed` for several). */
export async function readHouseholds(
  ids: readonly number[],
  why: ReadPurpose,
): Promise<Map<number, MaterialHousehold>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();
  const briefs = await householdBriefs(unique, why.tx ?? getDatabase().db);
  const entry = {
    actorId: why.actorId,
    action: unique.length === 1 ? "household.viewed" : "household.listed",
    targetType: "household",
    targetId: unique.length === 1 ? unique[0] : undefined,
    ip: why.ip ?? null,
    details: unique.length === 1 ? { purpose: why.purpose } : { purpose: why.purpose, count: unique.length },
  };
  if (why.tx) await audit(why.tx, entry);
  else await getDatabase().writeAtomic((db) => audit(db, entry));
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
  return registryFacts(q, householdId);
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
