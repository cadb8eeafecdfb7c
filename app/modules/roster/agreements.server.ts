// Agreement cards (协议卡): each pairing's goals per domain with target, due date and status, dated
// progress notes, and how it was signed (on paper, or confirmed by the resident in the app). Every change
// is audited in its own transaction; who may change a card is the policy's `agreement.write`.
import { and, asc, eq, inArray } from "drizzle-orm";
import { alias } from "drizzle-orm/sqlite-core";
import { db, getDatabase, schema, type Queryable, type Tx } from "#db/client.server";
import { audit } from "#app/modules/audit/audit.server";
import { logReads } from "#app/modules/audit/read-log.server";
import { can, type Actor, type PairingFacts } from "#app/modules/auth/policy";
import type { RequestMeta } from "#app/modules/auth/sign-in.server";
import { householdFacts } from "#app/modules/households/facts.server";
import { openHouseholdBrief, type ReadContext } from "#app/modules/households/reader.server";
import type { GoalDomain, GoalStatus, SigningMethod } from "./codes";
import { chainUp } from "./linkage.server";

/**
 * Facts about one pairing: its household's, with the pairing's own volunteer and their chain added, so that
 * the supervisors above a volunteer keep seeing a pairing that has ended.
 */
async function pairingFacts(
  pairing: { householdId: number; volunteerId: number },
  q: Queryable,
): Promise<PairingFacts | null> {
  const facts = await householdFacts(pairing.householdId, q);
  if (!facts) return null;
  const own = await chainUp([pairing.volunteerId], q);
  return {
    ...facts,
    helperChain: [...new Set([...facts.helperChain, ...own])],
    volunteerId: pairing.volunteerId,
  };
}

/** A pairing with the facts its access depends on; null when there is no such pairing. */
export async function loadPairing(pairingId: number, q: Queryable = db()) {
  const pairing = await q.query.pairings.findFirst({ where: eq(schema.pairings.id, pairingId) });
  if (!pairing) return null;
  const facts = await pairingFacts(pairing, q);
  if (!facts) return null;
  return { pairing, facts };
}

/**
 * Everything printed on the card for `actor`, who may read the pairing (`facts`): household, helper and
 * supervisor, goals with their notes, signing. The household is read through the reader, and so logged.
 */
export async function getAgreementCard(
  actor: Actor,
  pairingId: number,
  facts: PairingFacts,
  ctx: ReadContext,
  q: Queryable = db(),
) {
  const supervisor = alias(schema.users, "supervisor");
  const [row] = await q
    .select({
      pairing: schema.pairings,
      agreement: schema.agreements,
      volunteerName: schema.users.name,
      volunteerPhone: schema.users.phone,
      volunteerTier: schema.users.volunteerTier,
      supervisorName: supervisor.name,
      supervisorPhone: supervisor.phone,
    })
    .from(schema.pairings)
    .innerJoin(schema.agreements, eq(schema.agreements.pairingId, schema.pairings.id))
    .innerJoin(schema.users, eq(schema.users.id, schema.pairings.volunteerId))
    .leftJoin(supervisor, eq(supervisor.id, schema.users.supervisorId))
    .where(eq(schema.pairings.id, pairingId));
  if (!row) return null;
  const opened = await openHouseholdBrief(actor, row.pairing.householdId, ctx, () =>
    can(actor, "pairing.read", facts),
  );
  if (!opened.ok) return null;
  const household = opened.value.brief;
  // Goals can speak of illness and income: every reading of a card is logged as such too.
  logReads([
    {
      actorId: actor.id,
      action: "agreement.read",
      targetType: "agreement",
      targetId: row.agreement.id,
      ip: ctx.ip ?? null,
    },
  ]);
  const goals = await q
    .select()
    .from(schema.agreementGoals)
    .where(eq(schema.agreementGoals.agreementId, row.agreement.id))
    .orderBy(asc(schema.agreementGoals.dueAt), asc(schema.agreementGoals.id));
  const notes = goals.length
    ? await q
        .select()
        .from(schema.goalProgressNotes)
        .where(
          inArray(
            schema.goalProgressNotes.goalId,
            goals.map((g) => g.id),
          ),
        )
        .orderBy(asc(schema.goalProgressNotes.notedAt), asc(schema.goalProgressNotes.id))
    : [];
  return {
    ...row,
    household,
    goals: goals.map((g) => ({ ...g, notes: notes.filter((n) => n.goalId === g.id) })),
  };
}

/** The agreement card of a pairing, for the changes made to it. */
export async function agreementIdOf(pairingId: number, q: Queryable = db()): Promise<number | null> {
  const [row] = await q
    .select({ id: schema.agreements.id })
    .from(schema.agreements)
    .where(eq(schema.agreements.pairingId, pairingId));
  return row?.id ?? null;
}

type Outcome = "ok" | "notFound" | "forbidden";

/** Runs `change` in one write transaction after checking the actor may write the agreement's card. */
async function changeAgreement(
  actor: Actor,
  agreementId: number,
  meta: RequestMeta,
  action: string,
  /** Returns false when the record it changes is not part of this agreement. */
  change: (tx: Tx, facts: PairingFacts) => Promise<unknown>,
  details?: Record<string, unknown>,
): Promise<Outcome> {
  return getDatabase().write(async (tx) => {
    const [agreement] = await tx
      .select({ pairingId: schema.agreements.pairingId })
      .from(schema.agreements)
      .where(eq(schema.agreements.id, agreementId));
    if (!agreement) return "notFound";
    const loaded = await loadPairing(agreement.pairingId, tx);
    if (!loaded) return "notFound";
    if (!can(actor, "agreement.write", loaded.facts)) return "forbidden";
    if ((await change(tx, loaded.facts)) === false) return "notFound";
    await audit(tx, {
      actorId: actor.id,
      action,
      targetType: "agreement",
      targetId: agreementId,
      ip: meta.ip,
      details,
    });
    return "ok";
  });
}

export function addGoal(
  actor: Actor,
  agreementId: number,
  goal: { domain: GoalDomain; target: string; dueAt: Date },
  meta: RequestMeta,
): Promise<Outcome> {
  return changeAgreement(
    actor,
    agreementId,
    meta,
    "agreement.goalAdded",
    (tx) => tx.insert(schema.agreementGoals).values({ agreementId, ...goal }),
    { domain: goal.domain },
  );
}

export function setGoalStatus(
  actor: Actor,
  agreementId: number,
  goalId: number,
  status: GoalStatus,
  meta: RequestMeta,
): Promise<Outcome> {
  return changeAgreement(
    actor,
    agreementId,
    meta,
    "agreement.goalStatus",
    async (tx) => {
      const updated = await tx
        .update(schema.agreementGoals)
        .set({ status })
        .where(and(eq(schema.agreementGoals.id, goalId), eq(schema.agreementGoals.agreementId, agreementId)))
        .returning({ id: schema.agreementGoals.id });
      return updated.length > 0;
    },
    { goalId, status },
  );
}

export function addProgressNote(
  actor: Actor,
  agreementId: number,
  goalId: number,
  note: { notedAt: Date; note: string },
  meta: RequestMeta,
): Promise<Outcome> {
  return changeAgreement(
    actor,
    agreementId,
    meta,
    "agreement.progressNoted",
    async (tx) => {
      const [goal] = await tx
        .select({ id: schema.agreementGoals.id })
        .from(schema.agreementGoals)
        .where(and(eq(schema.agreementGoals.id, goalId), eq(schema.agreementGoals.agreementId, agreementId)));
      if (!goal) return false;
      await tx.insert(schema.goalProgressNotes).values({ goalId, ...note, authorId: actor.id });
    },
    { goalId },
  );
}

/** Records the paper signing by the helper or an organizer. */
export function recordSigning(
  actor: Actor,
  agreementId: number,
  signing: { signedAt: Date; signedHow: SigningMethod },
  meta: RequestMeta,
): Promise<Outcome> {
  return changeAgreement(
    actor,
    agreementId,
    meta,
    "agreement.signed",
    (tx) =>
      tx
        .update(schema.agreements)
        .set({ ...signing, signedRecordedById: actor.id })
        .where(eq(schema.agreements.id, agreementId)),
    { signedHow: signing.signedHow },
  );
}

/** The resident confirms the card in the app: only a member of the paired household may. */
export async function confirmByResident(
  actor: Actor,
  agreementId: number,
  meta: RequestMeta,
  now = new Date(),
): Promise<Outcome> {
  return getDatabase().write(async (tx) => {
    const [agreement] = await tx
      .select({ pairingId: schema.agreements.pairingId, signedAt: schema.agreements.signedAt })
      .from(schema.agreements)
      .where(eq(schema.agreements.id, agreementId));
    if (!agreement) return "notFound";
    const loaded = await loadPairing(agreement.pairingId, tx);
    if (!loaded) return "notFound";
    if (actor.role !== "resident" || !loaded.facts.memberUserIds.includes(actor.id)) return "forbidden";
    if (agreement.signedAt) return "ok";
    await tx
      .update(schema.agreements)
      .set({ signedAt: now, signedHow: "app", signedRecordedById: actor.id })
      .where(eq(schema.agreements.id, agreementId));
    await audit(tx, {
      actorId: actor.id,
      action: "agreement.confirmedByResident",
      targetType: "agreement",
      targetId: agreementId,
      ip: meta.ip,
    });
    return "ok";
  });
}

/** The open goals of a household's active agreements, for noting progress during a visit. */
export async function openGoalsOfHousehold(householdId: number, q: Queryable = db()) {
  return q
    .select({
      id: schema.agreementGoals.id,
      domain: schema.agreementGoals.domain,
      target: schema.agreementGoals.target,
      dueAt: schema.agreementGoals.dueAt,
    })
    .from(schema.agreementGoals)
    .innerJoin(schema.agreements, eq(schema.agreements.id, schema.agreementGoals.agreementId))
    .innerJoin(schema.pairings, eq(schema.pairings.id, schema.agreements.pairingId))
    .where(
      and(
        eq(schema.pairings.householdId, householdId),
        eq(schema.pairings.status, "active"),
        inArray(schema.agreementGoals.status, ["open", "in_progress"]),
      ),
    )
    .orderBy(asc(schema.agreementGoals.dueAt), asc(schema.agreementGoals.id));
}

/**
 * Progress notes written inside another domain's transaction (a visit's outcome): each goal must be an open
 * goal of the household's active agreements; the caller has already checked who may record. Returns the ids
 * of the goals noted; a goal of another household is skipped, not an error.
 */
export async function noteGoalProgress(
  tx: Tx,
  actor: Actor,
  householdId: number,
  notes: readonly { goalId: number; note: string }[],
  notedAt: Date,
  meta: RequestMeta,
): Promise<number[]> {
  if (notes.length === 0) return [];
  const open = new Set((await openGoalsOfHousehold(householdId, tx)).map((g) => g.id));
  const kept = notes.filter((n) => open.has(n.goalId) && n.note.length > 0);
  if (kept.length === 0) return [];
  await tx
    .insert(schema.goalProgressNotes)
    .values(kept.map((n) => ({ goalId: n.goalId, note: n.note, notedAt, authorId: actor.id })));
  for (const n of kept)
    await audit(tx, {
      actorId: actor.id,
      action: "agreement.progressNoted",
      targetType: "agreement_goal",
      targetId: n.goalId,
      ip: meta.ip,
      details: { householdId, via: "visit" },
    });
  return kept.map((n) => n.goalId);
}
