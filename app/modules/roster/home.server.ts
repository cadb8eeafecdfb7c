// What the roster puts on people's own pages: a volunteer's households with each one's next step and the
// goals of their agreements falling due soon; a resident's helper (name and phone) and agreement card.
import { and, eq, inArray, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/sqlite-core";
import { db, schema, type Queryable } from "#db/client.server";
import type { Actor } from "#app/modules/auth/policy";
import {
  recordHouseholdBriefs,
  type HouseholdBrief,
  type ReadContext,
} from "#app/modules/households/reader.server";
import type { GoalDomain, GoalStatus, PairingRole } from "./codes";

/** Goals due within this many days (or overdue) count as "due soon". */
export const dueSoonDays = 30;

export interface HomeHousehold {
  pairingId: number;
  role: PairingRole;
  household: HouseholdBrief;
  signed: boolean;
  /** The earliest open goal: the household's next step. Null when nothing is open. */
  nextGoal: { domain: GoalDomain; target: string; dueAt: Date } | null;
}

export interface DueGoal {
  goalId: number;
  pairingId: number;
  domain: GoalDomain;
  target: string;
  dueAt: Date;
  status: GoalStatus;
  household: HouseholdBrief;
}

/** The volunteer's own households and goals due soon; the households are read through the reader. */
export async function volunteerHome(actor: Actor, ctx: ReadContext, now = new Date(), q: Queryable = db()) {
  const volunteerId = actor.id;
  const pairings = await q
    .select({
      pairingId: schema.pairings.id,
      householdId: schema.pairings.householdId,
      role: schema.pairings.role,
      agreementId: schema.agreements.id,
      signedAt: schema.agreements.signedAt,
    })
    .from(schema.pairings)
    .leftJoin(schema.agreements, eq(schema.agreements.pairingId, schema.pairings.id))
    .where(and(eq(schema.pairings.volunteerId, volunteerId), eq(schema.pairings.status, "active")));
  const agreementIds = pairings.flatMap((p) => (p.agreementId === null ? [] : [p.agreementId]));
  const [briefs, goals] = await Promise.all([
    // The volunteer's own active pairings: households they read by that pairing, logged as listed.
    recordHouseholdBriefs(
      actor.id,
      pairings.map((p) => p.householdId),
      ctx,
    ),
    agreementIds.length
      ? q
          .select({
            id: schema.agreementGoals.id,
            agreementId: schema.agreementGoals.agreementId,
            domain: schema.agreementGoals.domain,
            target: schema.agreementGoals.target,
            dueAt: schema.agreementGoals.dueAt,
            status: schema.agreementGoals.status,
          })
          .from(schema.agreementGoals)
          .where(
            and(
              inArray(schema.agreementGoals.agreementId, agreementIds),
              inArray(schema.agreementGoals.status, ["open", "in_progress"]),
            ),
          )
          .orderBy(schema.agreementGoals.dueAt)
      : Promise.resolve([]),
  ]);
  const byId = new Map(briefs.map((b) => [b.id, b]));
  const households: HomeHousehold[] = [];
  const dueGoals: DueGoal[] = [];
  const soon = now.getTime() + dueSoonDays * 86_400_000;
  for (const p of pairings) {
    const household = byId.get(p.householdId);
    if (!household) continue;
    const own = goals.filter((g) => g.agreementId === p.agreementId);
    const next = own[0];
    households.push({
      pairingId: p.pairingId,
      role: p.role,
      household,
      signed: p.signedAt !== null,
      nextGoal: next ? { domain: next.domain, target: next.target, dueAt: next.dueAt } : null,
    });
    for (const g of own)
      if (g.dueAt.getTime() <= soon) dueGoals.push({ goalId: g.id, pairingId: p.pairingId, ...g, household });
  }
  households.sort(
    (a, b) =>
      (a.nextGoal?.dueAt.getTime() ?? Number.MAX_SAFE_INTEGER) -
      (b.nextGoal?.dueAt.getTime() ?? Number.MAX_SAFE_INTEGER),
  );
  dueGoals.sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime());
  return { households, dueGoals };
}

/** The helpers of the resident's household and their agreement cards. Reads household_members. */
export async function residentHelpers(userId: number, q: Queryable = db()) {
  const supervisor = alias(schema.users, "supervisor");
  return q
    .select({
      pairingId: schema.pairings.id,
      role: schema.pairings.role,
      name: schema.users.name,
      phone: schema.users.phone,
      supervisorName: supervisor.name,
      supervisorPhone: supervisor.phone,
    })
    .from(schema.householdMembers)
    .innerJoin(
      schema.pairings,
      and(
        eq(schema.pairings.householdId, schema.householdMembers.householdId),
        eq(schema.pairings.status, "active"),
      ),
    )
    .innerJoin(schema.users, eq(schema.users.id, schema.pairings.volunteerId))
    .leftJoin(supervisor, eq(supervisor.id, schema.users.supervisorId))
    .where(eq(schema.householdMembers.userId, userId))
    .orderBy(sql`${schema.pairings.role} = 'primary' DESC`);
}
