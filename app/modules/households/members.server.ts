// A household's life on screen: registered by staff, its members added, changed and removed (a removed member
// keeps their row, as enrolments and history refer to them), and closed when it moves out or dissolves (kept
// with its history, out of the registry's active lists). Each change keeps 零就业家庭 in step, writes the
// household's history and the audit log in its own transaction.
import { and, asc, eq, isNull } from "drizzle-orm";
import { DateTime } from "luxon";
import { db, getDatabase, schema, type Queryable, type Tx } from "#db/client.server";
import { audit } from "#app/modules/audit/audit.server";
import { can, type Actor } from "#app/modules/auth/policy";
import { endHouseholdPairings } from "#app/modules/roster/pairings.server";
import type { HouseholdStatus, MemberRelation } from "./codes";
import { householdFacts } from "./facts.server";
import { recordHistory, type FieldChange } from "./history.server";
import { unlinkInTx } from "./links.server";
import type { RequestMeta } from "./registry.server";
import { refreshZeroEmployment } from "./state.server";

export interface MemberInput {
  name: string;
  relation: MemberRelation;
  birthYear: number;
  phone: string | null;
  employed: boolean;
  disabled: boolean;
  inSchool: boolean;
}

/** A member as the household's history keeps it: JSON of the facts, shown with labels (household-record.tsx). */
export function memberSnapshot(member: MemberInput): string {
  return JSON.stringify({
    name: member.name,
    relation: member.relation,
    birthYear: member.birthYear,
    phone: member.phone,
    employed: member.employed,
    disabled: member.disabled,
    inSchool: member.inSchool,
  });
}

const year = () => new Date().getUTCFullYear();

type Refused = { ok: false; status: 403 | 404 };
/** A household has one head (户主): another current member already is. */
type HeadTaken = { ok: false; headTaken: true };

async function anotherHead(tx: Tx, householdId: number, exceptMemberId: number | null): Promise<boolean> {
  const m = schema.householdMembers;
  const heads = await tx
    .select({ id: m.id })
    .from(m)
    .where(and(eq(m.householdId, householdId), eq(m.relation, "head"), isNull(m.removedAt)));
  return heads.some((h) => h.id !== exceptMemberId);
}

/** The active household at this address in this compound, if one exists (the new-household warning). */
export async function activeHouseholdAt(
  address: { compoundId: number; building: string; unit: string; room: string },
  q: Queryable = db(),
): Promise<number | null> {
  const h = schema.households;
  const [row] = await q
    .select({ id: h.id })
    .from(h)
    .where(
      and(
        eq(h.compoundId, address.compoundId),
        eq(h.building, address.building),
        eq(h.unit, address.unit),
        eq(h.room, address.room),
        eq(h.status, "active"),
      ),
    )
    .limit(1);
  return row?.id ?? null;
}

export type CreateOutcome =
  { ok: true; householdId: number } | { ok: false; status: 403 } | { ok: false; addressTaken: number };

/** Registers a new household with its first members; refused when an active household holds the address. */
export async function createHousehold(
  actor: Actor,
  input: { compoundId: number; building: string; unit: string; room: string; members: MemberInput[] },
  meta: RequestMeta,
): Promise<CreateOutcome> {
  if (!can(actor, "household.create", { compoundId: input.compoundId })) return { ok: false, status: 403 };
  return getDatabase().write(async (tx) => {
    const taken = await activeHouseholdAt(input, tx);
    if (taken !== null) return { ok: false, addressTaken: taken };
    const now = new Date();
    const [row] = await tx
      .insert(schema.households)
      .values({
        compoundId: input.compoundId,
        building: input.building,
        unit: input.unit,
        room: input.room,
        createdAt: now,
        updatedAt: now,
      })
      .returning({ id: schema.households.id });
    if (!row) throw new Error("household insert returned no row");
    if (input.members.length > 0)
      await tx
        .insert(schema.householdMembers)
        .values(input.members.map((m) => ({ ...m, householdId: row.id, createdAt: now, updatedAt: now })));
    await refreshZeroEmployment(tx, row.id, year());
    await recordHistory(tx, row.id, actor.id, "form", [
      { field: "status", before: null, after: "active" },
      ...input.members.map((m) => ({ field: "member", before: null, after: memberSnapshot(m) })),
    ]);
    await audit(tx, {
      actorId: actor.id,
      action: "household.created",
      targetType: "household",
      targetId: row.id,
      ip: meta.ip,
    });
    return { ok: true, householdId: row.id };
  });
}

/** Opens the household for a change by `actor` inside `tx`: its facts, the write rule, and that it is active. */
async function writable(tx: Tx, actor: Actor, householdId: number): Promise<Refused | null> {
  const facts = await householdFacts(householdId, tx);
  if (!facts) return { ok: false, status: 404 };
  if (!can(actor, "household.write", facts)) return { ok: false, status: 403 };
  return null;
}

export async function addMember(
  actor: Actor,
  householdId: number,
  member: MemberInput,
  meta: RequestMeta,
): Promise<{ ok: true; memberId: number } | Refused | HeadTaken> {
  return getDatabase().write(async (tx) => {
    const refused = await writable(tx, actor, householdId);
    if (refused) return refused;
    if (member.relation === "head" && (await anotherHead(tx, householdId, null)))
      return { ok: false, headTaken: true } as const;
    const [row] = await tx
      .insert(schema.householdMembers)
      .values({ ...member, householdId })
      .returning({ id: schema.householdMembers.id });
    if (!row) throw new Error("member insert returned no row");
    await afterMemberChange(
      tx,
      actor,
      householdId,
      { field: "member", before: null, after: memberSnapshot(member) },
      meta,
    );
    return { ok: true, memberId: row.id };
  });
}

async function currentMember(tx: Tx, householdId: number, memberId: number) {
  const m = schema.householdMembers;
  return tx.query.householdMembers.findFirst({
    where: and(eq(m.id, memberId), eq(m.householdId, householdId), isNull(m.removedAt)),
  });
}

export async function updateMember(
  actor: Actor,
  householdId: number,
  memberId: number,
  member: MemberInput,
  meta: RequestMeta,
): Promise<{ ok: true } | Refused | HeadTaken> {
  return getDatabase().write(async (tx) => {
    const refused = await writable(tx, actor, householdId);
    if (refused) return refused;
    const before = await currentMember(tx, householdId, memberId);
    if (!before) return { ok: false, status: 404 };
    if (member.relation === "head" && (await anotherHead(tx, householdId, memberId)))
      return { ok: false, headTaken: true } as const;
    const change = { field: "member", before: memberSnapshot(before), after: memberSnapshot(member) };
    if (change.before === change.after) return { ok: true };
    await tx
      .update(schema.householdMembers)
      .set({ ...member, updatedAt: new Date() })
      .where(eq(schema.householdMembers.id, memberId));
    await afterMemberChange(tx, actor, householdId, change, meta);
    return { ok: true };
  });
}

/** Marks a member as left (`removed_at`), ending their account's link; the row stays for what refers to it. */
export async function removeMember(
  actor: Actor,
  householdId: number,
  memberId: number,
  meta: RequestMeta,
): Promise<{ ok: true } | Refused> {
  return getDatabase().write(async (tx) => {
    const refused = await writable(tx, actor, householdId);
    if (refused) return refused;
    const before = await currentMember(tx, householdId, memberId);
    if (!before) return { ok: false, status: 404 };
    if (before.userId !== null) await unlinkInTx(tx, { householdId, memberId }, actor.id, meta);
    await tx
      .update(schema.householdMembers)
      .set({ removedAt: new Date(), updatedAt: new Date() })
      .where(eq(schema.householdMembers.id, memberId));
    await afterMemberChange(
      tx,
      actor,
      householdId,
      { field: "member", before: memberSnapshot(before), after: null },
      meta,
    );
    return { ok: true };
  });
}

async function afterMemberChange(
  tx: Tx,
  actor: Actor,
  householdId: number,
  change: FieldChange,
  meta: RequestMeta,
): Promise<void> {
  await refreshZeroEmployment(tx, householdId, year());
  await tx
    .update(schema.households)
    .set({ updatedAt: new Date() })
    .where(eq(schema.households.id, householdId));
  await recordHistory(tx, householdId, actor.id, "form", [change]);
  await audit(tx, {
    actorId: actor.id,
    action: "household.memberChanged",
    targetType: "household",
    targetId: householdId,
    ip: meta.ip,
    details: { change: change.before === null ? "added" : change.after === null ? "removed" : "updated" },
  });
}

/** The household's current members, for the forms (edit one, link an account). */
export async function currentMembers(householdId: number) {
  const m = schema.householdMembers;
  return db()
    .select({
      id: m.id,
      name: m.name,
      relation: m.relation,
      birthYear: m.birthYear,
      phone: m.phone,
      employed: m.employed,
      disabled: m.disabled,
      inSchool: m.inSchool,
      userId: m.userId,
      accountName: schema.users.name,
    })
    .from(m)
    .leftJoin(schema.users, eq(schema.users.id, m.userId))
    .where(and(eq(m.householdId, householdId), isNull(m.removedAt)))
    .orderBy(asc(m.id));
}

export type ClosingStatus = Exclude<HouseholdStatus, "active">;

/**
 * Closes a household that moved out or dissolved, as of `closedOn` (a day in the community's zone): it keeps
 * its row and history, leaves the active registry, its pairings end, its card's QR and claim code stop
 * working, and its members' accounts are unlinked so they may claim their new household.
 */
export async function closeHousehold(
  actor: Actor,
  householdId: number,
  input: { status: ClosingStatus; reason: string; closedOn: string; zone: string },
  meta: RequestMeta,
): Promise<{ ok: true; pairingsEnded: number } | Refused | { ok: false; alreadyClosed: true }> {
  const closedAt = DateTime.fromISO(input.closedOn, { zone: input.zone }).startOf("day").toJSDate();
  return getDatabase().write(async (tx) => {
    const refused = await writable(tx, actor, householdId);
    if (refused) return refused;
    const h = schema.households;
    const before = await tx.query.households.findFirst({
      where: eq(h.id, householdId),
      columns: { nextVerificationDue: true },
    });
    const closed = await tx
      .update(h)
      .set({
        status: input.status,
        closedAt,
        closedReason: input.reason,
        nextVerificationDue: null,
        updatedAt: new Date(),
      })
      .where(and(eq(h.id, householdId), eq(h.status, "active")))
      .returning({ id: h.id });
    if (closed.length === 0) return { ok: false, alreadyClosed: true };
    const linked = await tx
      .select({ id: schema.householdMembers.id })
      .from(schema.householdMembers)
      .where(eq(schema.householdMembers.householdId, householdId));
    for (const member of linked) await unlinkInTx(tx, { householdId, memberId: member.id }, actor.id, meta);
    const pairingsEnded = await endHouseholdPairings(tx, householdId, actor.id, input.reason, meta);
    await tx
      .update(schema.householdCardCredentials)
      .set({ revokedAt: new Date(), revokedById: actor.id })
      .where(
        and(
          eq(schema.householdCardCredentials.householdId, householdId),
          isNull(schema.householdCardCredentials.revokedAt),
        ),
      );
    // A love card of a household that is gone must not be charged at the till; its balance stays on the ledger.
    const cardsBlocked = await tx
      .update(schema.materialCards)
      .set({ status: "blocked", blockedAt: new Date(), blockedById: actor.id, blockReason: input.reason })
      .where(
        and(eq(schema.materialCards.householdId, householdId), eq(schema.materialCards.status, "active")),
      )
      .returning({ id: schema.materialCards.id });
    await recordHistory(tx, householdId, actor.id, "form", [
      { field: "status", before: "active", after: input.status },
      { field: "closedAt", before: null, after: closedAt.toISOString() },
      { field: "closedReason", before: null, after: input.reason },
      ...(before?.nextVerificationDue
        ? [{ field: "nextVerificationDue", before: before.nextVerificationDue.toISOString(), after: null }]
        : []),
    ]);
    await audit(tx, {
      actorId: actor.id,
      action: "household.closed",
      targetType: "household",
      targetId: householdId,
      ip: meta.ip,
      details: { status: input.status, pairingsEnded, cardsBlocked: cardsBlocked.map((c) => c.id) },
    });
    return { ok: true, pairingsEnded };
  });
}
