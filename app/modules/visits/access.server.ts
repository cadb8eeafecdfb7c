// What deciding access to a visit needs: the visit with its household's facts, its lead volunteer's chain
// and its co-visitors (policy.ts's VisitFacts), the facts of a visit still to be planned, the results every
// visit function returns, and the audit entry of a refused attempt.
import { eq } from "drizzle-orm";
import { db, getDatabase, schema, type Queryable } from "#db/client.server";
import { audit } from "#app/modules/audit/audit.server";
import type { Actor, VisitFacts, VisitPlanFacts } from "#app/modules/auth/policy";
import type { RequestMeta } from "#app/modules/auth/sign-in.server";
import { householdFacts } from "#app/modules/households/facts.server";
import { chainUp } from "#app/modules/roster/linkage.server";

export type VisitRow = typeof schema.visits.$inferSelect;

/** A field the module refused (a time in the past, an unknown co-visitor): the route shows it beside the field. */
export interface FieldProblem {
  field: string;
  message: string;
}

export type VisitResult<T> =
  | { ok: true; value: T }
  | { ok: false; error: "notFound" | "forbidden" | "conflict" }
  | { ok: false; error: "invalid"; problem: FieldProblem };

export interface VisitTimes {
  date: string;
  startTime: string;
  endTime: string;
  place: string;
  purpose: string;
}

export interface NewVisit extends VisitTimes {
  householdId: number;
  volunteerId: number;
  coVisitorIds: readonly number[];
}

export const invalid = (field: string, message: string) =>
  ({ ok: false, error: "invalid", problem: { field, message } }) as const;

async function coVisitorIdsOf(visitId: number, q: Queryable): Promise<number[]> {
  const rows = await q
    .select({ id: schema.visitCoVisitors.volunteerId })
    .from(schema.visitCoVisitors)
    .where(eq(schema.visitCoVisitors.visitId, visitId));
  return rows.map((r) => r.id);
}

async function factsOf(row: VisitRow, q: Queryable): Promise<VisitFacts | null> {
  const facts = await householdFacts(row.householdId, q);
  if (!facts) return null;
  const [volunteerChain, coVisitorIds] = await Promise.all([
    chainUp([row.leadVolunteerId], q),
    coVisitorIdsOf(row.id, q),
  ]);
  return { ...facts, volunteerId: row.leadVolunteerId, volunteerChain, coVisitorIds };
}

/** A visit with the facts its access depends on; null when there is no such visit. */
export async function loadVisit(id: number, q: Queryable = db()) {
  const [row] = await q.select().from(schema.visits).where(eq(schema.visits.id, id));
  if (!row) return null;
  const facts = await factsOf(row, q);
  return facts ? { row, facts } : null;
}

/** What deciding a new visit of `volunteerId` to `householdId` needs; null when the household is unknown. */
export async function planFacts(
  householdId: number,
  volunteerId: number,
  q: Queryable = db(),
): Promise<VisitPlanFacts | null> {
  const facts = await householdFacts(householdId, q);
  if (!facts) return null;
  return { ...facts, volunteerId, volunteerChain: await chainUp([volunteerId], q) };
}

/** Logs a refused attempt on a visit or a household's visits: somebody tried what the policy forbids. */
export async function auditRefusal(
  actor: Actor,
  action: string,
  target: { type: "visit" | "household"; id: number },
  meta: RequestMeta,
  details?: Record<string, unknown>,
): Promise<void> {
  await getDatabase().writeAtomic((d) =>
    audit(d, {
      actorId: actor.id,
      action: `${action}.denied`,
      targetType: target.type,
      targetId: target.id,
      ip: meta.ip,
      details,
    }),
  );
}
