// One-helps-one pairings: creating one under the two rules (one active primary per household, the
// volunteer within capacity unless an organizer gives a reason), ending one, and moving a departing
// volunteer's pairings to the reassignment list. A pairing is never deleted, so history keeps who helped when.
import { and, count, eq, sql } from "drizzle-orm";
import { getDatabase, schema, type Tx } from "#db/client.server";
import { audit } from "#app/modules/audit/audit.server";
import { markCockpitStale } from "#app/modules/cockpit/changes.server";
import { can, type Actor } from "#app/modules/auth/policy";
import type { RequestMeta } from "#app/modules/auth/sign-in.server";
import { defaultCapacity, type PairingRole } from "./codes";
import { volunteerInReach } from "./reach.server";

export interface NewPairing {
  householdId: number;
  volunteerId: number;
  role: PairingRole;
  startedAt: Date;
  /** Required when the volunteer is at capacity; only staff may pair beyond it. */
  overrideReason?: string | null;
}

export type PairingError =
  | "householdNotFound"
  | "forbidden"
  | "volunteerUnavailable"
  | "alreadyPaired"
  | "primaryTaken"
  | "secondaryTaken"
  | "noPrimary"
  | "overCapacity";

/** The form field each refusal belongs beside; null when it is not about a field (a 403 or 404). */
export const pairingErrorField: Record<PairingError, "volunteerId" | "role" | "overrideReason" | null> = {
  householdNotFound: null,
  forbidden: null,
  volunteerUnavailable: "volunteerId",
  alreadyPaired: "volunteerId",
  primaryTaken: "role",
  secondaryTaken: "role",
  noPrimary: "role",
  overCapacity: "overrideReason",
};

export type PairingResult = { ok: true; pairingId: number } | { ok: false; error: PairingError };

/** Active pairings and capacity of a volunteer, read inside the caller's transaction. */
export async function volunteerLoad(
  tx: Tx,
  volunteerId: number,
): Promise<{ load: number; capacity: number }> {
  const [active] = await tx
    .select({ n: count() })
    .from(schema.pairings)
    .where(and(eq(schema.pairings.volunteerId, volunteerId), eq(schema.pairings.status, "active")));
  const [profile] = await tx
    .select({ capacity: schema.volunteerProfiles.capacity })
    .from(schema.volunteerProfiles)
    .where(eq(schema.volunteerProfiles.userId, volunteerId));
  return { load: active?.n ?? 0, capacity: profile?.capacity ?? defaultCapacity };
}

function isUniqueViolation(error: unknown): boolean {
  for (let e: unknown = error; e instanceof Error; e = e.cause) {
    if (/UNIQUE constraint failed/.test(e.message)) return true;
  }
  return false;
}

/**
 * Checks and inserts in the caller's write transaction. BEGIN IMMEDIATE makes the capacity count and the
 * insert one step for every process; the partial unique index refuses a second primary even so.
 */
export async function insertPairing(tx: Tx, actor: Actor, input: NewPairing): Promise<PairingResult> {
  const [household] = await tx
    .select({ compoundId: schema.households.compoundId })
    .from(schema.households)
    .where(eq(schema.households.id, input.householdId));
  if (!household) return { ok: false, error: "householdNotFound" };
  if (!can(actor, "pairing.write", { compoundId: household.compoundId }))
    return { ok: false, error: "forbidden" };
  // A pairing opens the household to the helper and everyone above them: only a volunteer on the actor's roster.
  if (!(await volunteerInReach(actor, input.volunteerId, tx)))
    return { ok: false, error: "volunteerUnavailable" };

  const volunteer = await tx.query.users.findFirst({
    where: eq(schema.users.id, input.volunteerId),
    columns: { role: true, disabledAt: true },
  });
  if (!volunteer || volunteer.role !== "volunteer" || volunteer.disabledAt)
    return { ok: false, error: "volunteerUnavailable" };

  const active = await tx
    .select({ volunteerId: schema.pairings.volunteerId, role: schema.pairings.role })
    .from(schema.pairings)
    .where(and(eq(schema.pairings.householdId, input.householdId), eq(schema.pairings.status, "active")));
  if (active.some((p) => p.volunteerId === input.volunteerId)) return { ok: false, error: "alreadyPaired" };
  if (active.some((p) => p.role === input.role))
    return { ok: false, error: input.role === "primary" ? "primaryTaken" : "secondaryTaken" };
  if (input.role === "secondary" && !active.some((p) => p.role === "primary"))
    return { ok: false, error: "noPrimary" };

  const overrideReason = input.overrideReason?.trim() || null;
  const { load, capacity } = await volunteerLoad(tx, input.volunteerId);
  const overCapacity = load >= capacity;
  if (overCapacity && overrideReason === null) return { ok: false, error: "overCapacity" };

  let pairingId: number;
  try {
    const [row] = await tx
      .insert(schema.pairings)
      .values({
        volunteerId: input.volunteerId,
        householdId: input.householdId,
        role: input.role,
        status: "active",
        startedAt: input.startedAt,
        overrideReason: overCapacity ? overrideReason : null,
        createdById: actor.id,
      })
      .returning({ id: schema.pairings.id });
    if (!row) throw new Error("pairing insert returned no row");
    pairingId = row.id;
  } catch (error) {
    if (isUniqueViolation(error))
      return { ok: false, error: input.role === "primary" ? "primaryTaken" : "secondaryTaken" };
    throw error;
  }
  await tx.insert(schema.agreements).values({ pairingId });
  await markCockpitStale(tx, { compoundId: household.compoundId });
  return { ok: true, pairingId };
}

export async function createPairing(
  actor: Actor,
  input: NewPairing,
  meta: RequestMeta,
): Promise<PairingResult> {
  return getDatabase().write(async (tx) => {
    const result = await insertPairing(tx, actor, input);
    if (result.ok) {
      await audit(tx, {
        actorId: actor.id,
        action: "pairing.created",
        targetType: "pairing",
        targetId: result.pairingId,
        ip: meta.ip,
        details: {
          householdId: input.householdId,
          volunteerId: input.volunteerId,
          role: input.role,
          override: input.overrideReason ? true : undefined,
        },
      });
    }
    return result;
  });
}

/** Ends an active pairing (or one waiting for reassignment) with the reason given. */
export async function endPairing(
  actor: Actor,
  pairingId: number,
  reason: string,
  meta: RequestMeta,
  now = new Date(),
): Promise<"ok" | "notFound" | "forbidden"> {
  return getDatabase().write(async (tx) => {
    const [pairing] = await tx
      .select({ status: schema.pairings.status, compoundId: schema.households.compoundId })
      .from(schema.pairings)
      .innerJoin(schema.households, eq(schema.households.id, schema.pairings.householdId))
      .where(eq(schema.pairings.id, pairingId));
    if (!pairing || pairing.status === "ended") return "notFound";
    if (!can(actor, "pairing.write", { compoundId: pairing.compoundId })) return "forbidden";
    await tx
      .update(schema.pairings)
      .set({ status: "ended", endedAt: now, endedById: actor.id, endReason: reason })
      .where(and(eq(schema.pairings.id, pairingId), sql`${schema.pairings.status} <> 'ended'`));
    await audit(tx, {
      actorId: actor.id,
      action: "pairing.ended",
      targetType: "pairing",
      targetId: pairingId,
      ip: meta.ip,
    });
    await markCockpitStale(tx, { compoundId: pairing.compoundId });
    return "ok";
  });
}

/**
 * For the registry to call inside the transaction that closes a household (moved out, dissolved): its pairings
 * end with that reason, each audited. Returns how many ended.
 */
export async function endHouseholdPairings(
  tx: Tx,
  householdId: number,
  actorId: number,
  reason: string,
  meta: { ip: string | null },
  now = new Date(),
): Promise<number> {
  const ended = await tx
    .update(schema.pairings)
    .set({ status: "ended", endedAt: now, endedById: actorId, endReason: reason })
    .where(and(eq(schema.pairings.householdId, householdId), sql`${schema.pairings.status} <> 'ended'`))
    .returning({ id: schema.pairings.id });
  if (ended.length > 0) await markCockpitStale(tx, { householdId });
  for (const p of ended)
    await audit(tx, {
      actorId,
      action: "pairing.ended",
      targetType: "pairing",
      targetId: p.id,
      ip: meta.ip,
      details: { householdClosed: householdId },
    });
  return ended.length;
}

/**
 * For the accounts code to call inside the transaction that disables a volunteer (or takes away their
 * volunteer role): their active pairings wait for a new helper instead of silently lapsing.
 */
export async function onVolunteerDisabled(
  tx: Tx,
  userId: number,
  actorId: number | null = null,
): Promise<number> {
  const moved = await tx
    .update(schema.pairings)
    .set({ status: "needs_reassignment" })
    .where(and(eq(schema.pairings.volunteerId, userId), eq(schema.pairings.status, "active")))
    .returning({ id: schema.pairings.id, householdId: schema.pairings.householdId });
  for (const householdId of new Set(moved.map((p) => p.householdId)))
    await markCockpitStale(tx, { householdId });
  if (moved.length > 0) {
    await audit(tx, {
      actorId,
      action: "pairing.needsReassignment",
      targetType: "user",
      targetId: userId,
      details: { pairingIds: moved.map((p) => p.id) },
    });
  }
  return moved.length;
}

/**
 * Hands a pairing waiting for reassignment to another volunteer: the old pairing ends (kept, with its end
 * date), a new one starts with the same role, and the open goals of its agreement carry over.
 */
export async function reassignPairing(
  actor: Actor,
  input: { pairingId: number; volunteerId: number; overrideReason?: string | null },
  meta: RequestMeta,
  now = new Date(),
): Promise<PairingResult | { ok: false; error: "pairingNotWaiting" }> {
  return getDatabase().write(async (tx) => {
    const old = await tx.query.pairings.findFirst({ where: eq(schema.pairings.id, input.pairingId) });
    if (!old || old.status !== "needs_reassignment")
      return { ok: false, error: "pairingNotWaiting" } as const;
    const result = await insertPairing(tx, actor, {
      householdId: old.householdId,
      volunteerId: input.volunteerId,
      role: old.role,
      startedAt: now,
      overrideReason: input.overrideReason,
    });
    // A refused insert is undone by SQLite statement by statement, so nothing of the attempt stays.
    if (!result.ok) return result;
    await tx
      .update(schema.pairings)
      .set({ status: "ended", endedAt: now, endedById: actor.id, endReason: "reassigned" })
      .where(eq(schema.pairings.id, old.id));
    await carryOverGoals(tx, old.id, result.pairingId);
    await audit(tx, {
      actorId: actor.id,
      action: "pairing.reassigned",
      targetType: "pairing",
      targetId: result.pairingId,
      ip: meta.ip,
      details: { from: old.id, householdId: old.householdId, volunteerId: input.volunteerId },
    });
    return result;
  });
}

async function carryOverGoals(tx: Tx, fromPairingId: number, toPairingId: number): Promise<void> {
  const [from] = await tx
    .select({ id: schema.agreements.id })
    .from(schema.agreements)
    .where(eq(schema.agreements.pairingId, fromPairingId));
  const [to] = await tx
    .select({ id: schema.agreements.id })
    .from(schema.agreements)
    .where(eq(schema.agreements.pairingId, toPairingId));
  if (!from || !to) return;
  await tx.run(sql`
    INSERT INTO agreement_goals (agreement_id, domain, target, due_at, status, created_at, updated_at)
    SELECT ${to.id}, domain, target, due_at, status, created_at, ${Date.now()}
    FROM agreement_goals WHERE agreement_id = ${from.id} AND status IN ('open', 'in_progress')`);
}
