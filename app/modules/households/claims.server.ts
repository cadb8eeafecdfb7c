// Residents claiming their household (decision 022): by the claim code on their connection card, or by address
// and a member's name and phone. Every claim waits in a queue that staff of the compound approve (choosing the member) or refuse
// with a reason the resident reads. The claimant is never told whether an address, household or member exists.
import { and, count, desc, eq, inArray, isNull, sql } from "drizzle-orm";
import { appOrigin } from "#app/config.server";
import { db, getDatabase, schema, type Queryable, type Tx } from "#db/client.server";
import { audit } from "#app/modules/audit/audit.server";
import { hit, limits } from "#app/modules/auth/rate-limit.server";
import { can, type Actor } from "#app/modules/auth/policy";
import { compoundsOf, reachOf } from "#app/modules/auth/scope.server";
import { notifyAccount } from "#app/modules/notifications/reach.server";
import { householdByClaimCode } from "./card-credentials.server";
import type { ClaimStatus } from "./codes";
import { householdIdOfResident } from "./facts.server";
import { recordHistory } from "./history.server";
import { linkInTx, type LinkRefusal } from "./links.server";
import { activeHouseholdAt } from "./members.server";
import type { RequestMeta } from "./registry.server";

export type ClaimInput =
  | { method: "card_code"; code: string; memberName: string }
  | {
      method: "address";
      compoundId: number;
      building: string;
      unit: string;
      room: string;
      memberName: string;
      phone: string;
    };

export type ClaimOutcome =
  /** Sent for review: the same answer whether or not anything matched. */
  | { ok: true; status: "pending" }
  | { ok: false; reason: "rateLimited"; retryAfterSeconds: number }
  | { ok: false; reason: "linked" | "pending" | "badCode" | "notResident" };

/** Names compared as people type them: spaces (full-width too) and case do not matter. */
export function sameName(a: string, b: string): boolean {
  const norm = (s: string) => s.normalize("NFKC").replace(/\s+/g, "").toLowerCase();
  return norm(a) === norm(b);
}

interface Claimant {
  id: number;
  role: Actor["role"];
  phone: string | null;
}

async function householdCompound(householdId: number, q: Queryable): Promise<number | null> {
  const [row] = await q
    .select({ compoundId: schema.households.compoundId })
    .from(schema.households)
    .where(and(eq(schema.households.id, householdId), eq(schema.households.status, "active")));
  return row?.compoundId ?? null;
}

/** The current member of the household with this name, if exactly one. */
async function memberNamed(householdId: number, name: string, q: Queryable) {
  const m = schema.householdMembers;
  const members = await q
    .select({ id: m.id, name: m.name, phone: m.phone, userId: m.userId })
    .from(m)
    .where(and(eq(m.householdId, householdId), isNull(m.removedAt)));
  const named = members.filter((member) => sameName(member.name, name));
  return named.length === 1 ? named[0] : undefined;
}

/**
 * Files a resident's claim for staff to decide. Nothing links at once: a card may be photographed, and an
 * address, a name and a phone (the account's is typed by its owner, never checked) are what a neighbour may
 * know. Staff see the phones side by side on the claim's page.
 */
export async function submitClaim(
  claimant: Claimant,
  input: ClaimInput,
  meta: RequestMeta,
  now = new Date(),
): Promise<ClaimOutcome> {
  if (claimant.role !== "resident") return { ok: false, reason: "notResident" };
  if ((await householdIdOfResident(claimant.id)) !== null) return { ok: false, reason: "linked" };
  if (await pendingClaimOf(claimant.id)) return { ok: false, reason: "pending" };
  const limited = await hit(`claim:user:${claimant.id}`, limits.claimsPerAccount, now);
  if (limited.blocked)
    return { ok: false, reason: "rateLimited", retryAfterSeconds: limited.retryAfterSeconds };
  const householdId =
    input.method === "card_code" ? await householdByClaimCode(input.code) : await activeHouseholdAt(input);
  // A card code that belongs to no current card is a typing mistake to correct, not a claim to queue.
  if (input.method === "card_code" && householdId === null) return { ok: false, reason: "badCode" };
  return getDatabase().write(async (tx) => {
    const compoundId =
      householdId === null
        ? input.method === "address"
          ? input.compoundId
          : null
        : await householdCompound(householdId, tx);
    if (compoundId === null) return { ok: false, reason: "badCode" } as const;
    const member = householdId === null ? undefined : await memberNamed(householdId, input.memberName, tx);
    const phoneGiven = input.method === "address" ? input.phone : null;
    const existing = await tx.query.householdClaims.findFirst({
      where: and(
        eq(schema.householdClaims.userId, claimant.id),
        eq(schema.householdClaims.status, "pending"),
      ),
      columns: { id: true },
    });
    if (existing) return { ok: false, reason: "pending" } as const;
    const [claim] = await tx
      .insert(schema.householdClaims)
      .values({
        userId: claimant.id,
        method: input.method,
        householdId,
        memberId: member?.id ?? null,
        compoundId,
        building: input.method === "address" ? input.building : null,
        unit: input.method === "address" ? input.unit : null,
        room: input.method === "address" ? input.room : null,
        memberName: input.memberName,
        phone: phoneGiven,
        createdAt: now,
        updatedAt: now,
      })
      .returning({ id: schema.householdClaims.id });
    if (!claim) throw new Error("claim insert returned no row");
    await audit(tx, {
      actorId: claimant.id,
      action: "household.claimed",
      targetType: "householdClaim",
      targetId: claim.id,
      ip: meta.ip,
      details: { method: input.method },
    });
    return { ok: true, status: "pending" } as const;
  });
}

async function pendingClaimOf(userId: number, q: Queryable = db()) {
  return q.query.householdClaims.findFirst({
    where: and(eq(schema.householdClaims.userId, userId), eq(schema.householdClaims.status, "pending")),
    columns: { id: true },
  });
}

/**
 * The resident's latest claim, as they may see it: what they typed, its status and a refusal's reason;
 * never which household or member it matched.
 */
export async function myLatestClaim(userId: number) {
  const c = schema.householdClaims;
  const [row] = await db()
    .select({
      id: c.id,
      method: c.method,
      memberName: c.memberName,
      building: c.building,
      unit: c.unit,
      room: c.room,
      compoundName: schema.compounds.name,
      status: c.status,
      decisionReason: c.decisionReason,
      createdAt: c.createdAt,
      decidedAt: c.decidedAt,
    })
    .from(c)
    .innerJoin(schema.compounds, eq(schema.compounds.id, c.compoundId))
    .where(eq(c.userId, userId))
    .orderBy(desc(c.createdAt), desc(c.id))
    .limit(1);
  return row ?? null;
}

/** The resident takes back their pending claim. */
export async function withdrawClaim(userId: number, claimId: number, meta: RequestMeta): Promise<boolean> {
  return getDatabase().write(async (tx) => {
    const c = schema.householdClaims;
    const done = await tx
      .update(c)
      .set({ status: "withdrawn", decidedAt: new Date(), updatedAt: new Date() })
      .where(and(eq(c.id, claimId), eq(c.userId, userId), eq(c.status, "pending")))
      .returning({ id: c.id });
    if (done.length === 0) return false;
    await audit(tx, {
      actorId: userId,
      action: "household.claimWithdrawn",
      targetType: "householdClaim",
      targetId: claimId,
      ip: meta.ip,
    });
    return true;
  });
}

export const CLAIMS_PAGE_SIZE = 20;

/** Where the queue is kept: pending claims, or those decided. */
export type QueueView = "pending" | "decided";

const decidedStatuses: ClaimStatus[] = ["approved", "confirmed", "refused", "withdrawn"];

/** One page of the claims in `actor`'s compounds, oldest pending first (or newest decided first). */
export async function listClaims(actor: Actor, view: QueueView, page: number) {
  const empty = { rows: [], hasNext: false, page, pending: 0 };
  if (!can(actor, "household.claimQueue")) return empty;
  const compounds = compoundsOf(await reachOf(actor));
  if (compounds !== "all" && compounds.length === 0) return empty;
  const c = schema.householdClaims;
  const inScope = compounds === "all" ? undefined : inArray(c.compoundId, [...compounds]);
  const statusCondition = view === "pending" ? eq(c.status, "pending") : inArray(c.status, decidedStatuses);
  const rows = await db()
    .select({
      id: c.id,
      method: c.method,
      status: c.status,
      memberName: c.memberName,
      phone: c.phone,
      building: c.building,
      unit: c.unit,
      room: c.room,
      householdId: c.householdId,
      matched: sql<boolean>`${c.memberId} is not null`.mapWith(Boolean),
      compoundName: schema.compounds.name,
      accountName: schema.users.name,
      accountEmail: schema.users.email,
      createdAt: c.createdAt,
      decidedAt: c.decidedAt,
      decisionReason: c.decisionReason,
    })
    .from(c)
    .innerJoin(schema.compounds, eq(schema.compounds.id, c.compoundId))
    .innerJoin(schema.users, eq(schema.users.id, c.userId))
    .where(and(inScope, statusCondition))
    .orderBy(...(view === "pending" ? [c.createdAt, c.id] : [desc(c.decidedAt), desc(c.id)]))
    .limit(CLAIMS_PAGE_SIZE + 1)
    .offset((page - 1) * CLAIMS_PAGE_SIZE);
  const [pending] = await db()
    .select({ n: count() })
    .from(c)
    .where(and(inScope, eq(c.status, "pending")));
  return {
    rows: rows.slice(0, CLAIMS_PAGE_SIZE),
    hasNext: rows.length > CLAIMS_PAGE_SIZE,
    page,
    pending: pending?.n ?? 0,
  };
}

/** One claim for staff to decide, with the matched household's current members; null outside their scope. */
export async function openClaim(actor: Actor, claimId: number) {
  const c = schema.householdClaims;
  const [claim] = await db()
    .select({
      id: c.id,
      method: c.method,
      status: c.status,
      userId: c.userId,
      memberName: c.memberName,
      phone: c.phone,
      building: c.building,
      unit: c.unit,
      room: c.room,
      householdId: c.householdId,
      memberId: c.memberId,
      compoundId: c.compoundId,
      compoundName: schema.compounds.name,
      accountName: schema.users.name,
      accountEmail: schema.users.email,
      accountPhone: schema.users.phone,
      createdAt: c.createdAt,
      decidedAt: c.decidedAt,
      decisionReason: c.decisionReason,
    })
    .from(c)
    .innerJoin(schema.compounds, eq(schema.compounds.id, c.compoundId))
    .innerJoin(schema.users, eq(schema.users.id, c.userId))
    .where(eq(c.id, claimId));
  if (!claim || !can(actor, "household.decideClaim", { compoundId: claim.compoundId })) return null;
  return claim;
}

export type DecideOutcome =
  | { ok: true }
  | { ok: false; status: 404 }
  | { ok: false; reason: "decided" | "otherCompound" | LinkRefusal };

async function pendingClaimFor(tx: Tx, actor: Actor, claimId: number) {
  const claim = await tx.query.householdClaims.findFirst({ where: eq(schema.householdClaims.id, claimId) });
  if (!claim || !can(actor, "household.decideClaim", { compoundId: claim.compoundId })) return null;
  return claim;
}

/**
 * Approves a pending claim: the claimant's account becomes member `memberId` of `householdId` (the matched
 * household, or one staff found in their compounds). The resident hears of it by email and in the app.
 */
export async function approveClaim(
  actor: Actor,
  claimId: number,
  chosen: { householdId: number; memberId: number },
  meta: RequestMeta,
): Promise<DecideOutcome> {
  return getDatabase().write(async (tx) => {
    const claim = await pendingClaimFor(tx, actor, claimId);
    if (!claim) return { ok: false, status: 404 };
    if (claim.status !== "pending") return { ok: false, reason: "decided" };
    const compoundId = await householdCompound(chosen.householdId, tx);
    if (compoundId === null || !can(actor, "household.decideClaim", { compoundId }))
      return { ok: false, reason: "otherCompound" };
    const linked = await linkInTx(
      tx,
      { householdId: chosen.householdId, memberId: chosen.memberId, userId: claim.userId },
      actor.id,
      "claim",
      meta,
    );
    if (!linked.ok) return linked;
    const now = new Date();
    await tx
      .update(schema.householdClaims)
      .set({
        status: "approved",
        householdId: chosen.householdId,
        memberId: chosen.memberId,
        compoundId,
        decidedById: actor.id,
        decidedAt: now,
        updatedAt: now,
      })
      .where(eq(schema.householdClaims.id, claimId));
    await audit(tx, {
      actorId: actor.id,
      action: "household.claimApproved",
      targetType: "householdClaim",
      targetId: claimId,
      ip: meta.ip,
      details: { householdId: chosen.householdId, memberId: chosen.memberId },
    });
    await notifyClaimant(tx, claim.userId, claimId, "approved", null);
    return { ok: true };
  });
}

/** Refuses a pending claim with a reason the resident reads on their page and in the notice. */
export async function refuseClaim(
  actor: Actor,
  claimId: number,
  reason: string,
  meta: RequestMeta,
): Promise<DecideOutcome> {
  return getDatabase().write(async (tx) => {
    const claim = await pendingClaimFor(tx, actor, claimId);
    if (!claim) return { ok: false, status: 404 };
    if (claim.status !== "pending") return { ok: false, reason: "decided" };
    const now = new Date();
    await tx
      .update(schema.householdClaims)
      .set({
        status: "refused",
        decisionReason: reason,
        decidedById: actor.id,
        decidedAt: now,
        updatedAt: now,
      })
      .where(eq(schema.householdClaims.id, claimId));
    if (claim.householdId !== null)
      await recordHistory(tx, claim.householdId, actor.id, "claim", [
        { field: "claimRefused", before: claim.memberName, after: reason },
      ]);
    await audit(tx, {
      actorId: actor.id,
      action: "household.claimRefused",
      targetType: "householdClaim",
      targetId: claimId,
      ip: meta.ip,
    });
    await notifyClaimant(tx, claim.userId, claimId, "refused", reason);
    return { ok: true };
  });
}

async function notifyClaimant(
  tx: Tx,
  userId: number,
  claimId: number,
  decision: "approved" | "refused",
  reason: string | null,
): Promise<void> {
  const user = await tx.query.users.findFirst({
    where: and(eq(schema.users.id, userId), isNull(schema.users.disabledAt)),
    columns: { email: true, name: true, locale: true },
  });
  if (!user) return;
  await notifyAccount(tx, {
    userId,
    email: user.email,
    template: "households.claimDecided",
    locale: user.locale,
    key: `claim:${claimId}:${decision}`,
    data: { name: user.name, decision, reason, url: `${appOrigin()}/me/household` },
  });
}
