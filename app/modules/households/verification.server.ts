// Dynamic management (动态管理): a verification re-checks a household, may change its level, categories and
// needs, and sets when the next one falls due from the settings' interval for the new level. The record,
// the change, its history and the audit entry commit together.
import { and, asc, count, eq, lt, ne } from "drizzle-orm";
import { db, getDatabase, schema } from "#db/client.server";
import { audit } from "#app/modules/audit/audit.server";
import { can, type Actor } from "#app/modules/auth/policy";
import { householdCondition, reachOf } from "#app/modules/auth/scope.server";
import { getSettings } from "#app/modules/settings/settings.server";
import {
  nextVerificationDue,
  type Category,
  type HardshipLevel,
  type Need,
  type VerificationIntervals,
} from "./codes";
import { diffStates, recordHistory } from "./history.server";
import { householdFacts } from "./facts.server";
import { keepingWithheldHealth, type RequestMeta } from "./registry.server";
import { loadState, replaceCategoriesAndNeeds } from "./state.server";

export interface VerificationInput {
  verifiedAt: Date;
  verifierName: string;
  findings: string;
  hardshipLevel: HardshipLevel;
  categories: Category[];
  needs: { need: Need; note: string | null }[];
}

export async function verificationIntervals(): Promise<VerificationIntervals> {
  const settings = await getSettings();
  return { extreme: settings.verifyExtremeMonths, hardship: settings.verifyHardshipMonths };
}

export type VerifyOutcome = { ok: true; nextDue: Date | null } | { ok: false; status: 403 | 404 };

export async function verifyHousehold(
  actor: Actor,
  householdId: number,
  input: VerificationInput,
  meta: RequestMeta,
): Promise<VerifyOutcome> {
  const intervals = await verificationIntervals();
  return getDatabase().write(async (tx) => {
    const facts = await householdFacts(householdId, tx);
    if (!facts) return { ok: false, status: 404 };
    if (!can(actor, "household.verify", facts)) return { ok: false, status: 403 };
    const loaded = await loadState(tx, householdId);
    if (!loaded) return { ok: false, status: 404 };
    const { household, state } = loaded;
    const healthConsent = household.consentScopes?.includes("health") ?? false;
    const needs = healthConsent
      ? input.needs
      : input.needs.map((n) => (n.need === "medical" ? { ...n, note: null } : n));
    const nextDue = nextVerificationDue(input.hardshipLevel, input.verifiedAt, intervals);
    const categories = keepingWithheldHealth(actor, facts, household.consentScopes, input, state);
    const changes = diffStates(state, {
      ...state,
      hardshipLevel: input.hardshipLevel,
      categories,
      needs,
      nextVerificationDue: nextDue,
    });
    await tx.insert(schema.householdVerifications).values({
      householdId,
      verifiedAt: input.verifiedAt,
      verifiedById: actor.id,
      verifierName: input.verifierName,
      findings: input.findings,
      levelBefore: household.hardshipLevel,
      levelAfter: input.hardshipLevel,
      nextDue,
    });
    await tx
      .update(schema.households)
      .set({
        hardshipLevel: input.hardshipLevel,
        lastVerifiedAt: input.verifiedAt,
        nextVerificationDue: nextDue,
      })
      .where(eq(schema.households.id, householdId));
    await replaceCategoriesAndNeeds(tx, householdId, categories, needs);
    await recordHistory(tx, householdId, actor.id, "verification", changes, input.verifiedAt);
    await audit(tx, {
      actorId: actor.id,
      action: "household.verified",
      targetType: "household",
      targetId: householdId,
      ip: meta.ip,
      details: { levelBefore: household.hardshipLevel, levelAfter: input.hardshipLevel },
    });
    return { ok: true, nextDue };
  });
}

/** Overdue households per compound, within what the actor covers (their compound, or all for an admin). */
export async function overdueByCompound(actor: Actor, now = new Date()) {
  const h = schema.households;
  const scope = householdCondition(await reachOf(actor));
  return db()
    .select({ compoundId: h.compoundId, compoundName: schema.compounds.name, overdue: count() })
    .from(h)
    .innerJoin(schema.compounds, eq(schema.compounds.id, h.compoundId))
    .where(and(scope, eq(h.status, "active"), ne(h.hardshipLevel, "none"), lt(h.nextVerificationDue, now)))
    .groupBy(h.compoundId)
    .orderBy(asc(schema.compounds.code));
}
