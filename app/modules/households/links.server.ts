// Which resident account stands for which household member (`household_members.user_id`, unique): staff link
// and unlink on the household page, and an approved or confirmed claim links through the same function, so
// every link is checked, kept in the household's history and audited the same way (decisions 021 and 022).
import { and, asc, eq, inArray, isNull, or, sql } from "drizzle-orm";
import { db, getDatabase, schema, type Queryable, type Tx } from "#db/client.server";
import { audit } from "#app/modules/audit/audit.server";
import { can, type Actor } from "#app/modules/auth/policy";
import { compoundsOf, reachOf } from "#app/modules/auth/scope.server";
import { maskPhone } from "#app/modules/notifications/phone";
import type { HistorySource } from "./codes";
import { householdFacts } from "./facts.server";
import { recordHistory } from "./history.server";
import type { RequestMeta } from "./registry.server";

export type LinkRefusal =
  /** The member is not (or no longer) in this household. */
  | "noMember"
  /** The member already has an account. */
  | "memberTaken"
  /** The account is linked to another member, here or in another household. */
  | "accountLinked"
  /** Not a resident's active account. */
  | "noAccount"
  | "closed";

export type LinkOutcome = { ok: true } | { ok: false; reason: LinkRefusal };

/** How an account is named in the household's history: its name and email, never a secret. */
/** "Name <address>", or "Name <+86 138****8000>" for a phone-only account (the history keeps no whole number). */
export function accountLabel(account: { name: string; email: string | null; phone?: string | null }): string {
  const contact = account.email ?? (account.phone ? maskPhone(account.phone) : "");
  return contact ? `${account.name} <${contact}>` : account.name;
}

/**
 * Links `userId` to member `memberId` of `householdId` inside `tx`, when the member is current and has no
 * account and the account stands for nobody yet; writes the history line (`source`) and the audit entry.
 * The caller has checked who may do it.
 */
export async function linkInTx(
  tx: Tx,
  link: { householdId: number; memberId: number; userId: number },
  actorId: number,
  source: Extract<HistorySource, "link" | "claim">,
  meta: RequestMeta,
): Promise<LinkOutcome> {
  const m = schema.householdMembers;
  const [member] = await tx
    .select({ id: m.id, name: m.name, userId: m.userId, status: schema.households.status })
    .from(m)
    .innerJoin(schema.households, eq(schema.households.id, m.householdId))
    .where(and(eq(m.id, link.memberId), eq(m.householdId, link.householdId), isNull(m.removedAt)));
  if (!member) return { ok: false, reason: "noMember" };
  if (member.status !== "active") return { ok: false, reason: "closed" };
  if (member.userId === link.userId) return { ok: true };
  if (member.userId !== null) return { ok: false, reason: "memberTaken" };
  const account = await tx.query.users.findFirst({
    where: and(eq(schema.users.id, link.userId), isNull(schema.users.disabledAt)),
    columns: { id: true, name: true, email: true, phone: true, role: true },
  });
  if (!account || account.role !== "resident") return { ok: false, reason: "noAccount" };
  // The unique index holds it too; the conditional update answers in words instead of a constraint error.
  const elsewhere = await tx.query.householdMembers.findFirst({
    where: eq(m.userId, link.userId),
    columns: { id: true },
  });
  if (elsewhere) return { ok: false, reason: "accountLinked" };
  const updated = await tx
    .update(m)
    .set({ userId: link.userId, updatedAt: new Date() })
    .where(and(eq(m.id, link.memberId), isNull(m.userId)))
    .returning({ id: m.id });
  if (updated.length === 0) return { ok: false, reason: "memberTaken" };
  await recordHistory(tx, link.householdId, actorId, source, [
    { field: "account", before: null, after: `${member.name} · ${accountLabel(account)}` },
  ]);
  await audit(tx, {
    actorId,
    action: "household.accountLinked",
    targetType: "household",
    targetId: link.householdId,
    ip: meta.ip,
    details: { memberId: link.memberId, userId: link.userId, source },
  });
  return { ok: true };
}

/** Ends a member's link inside `tx` (unlinked by staff, member removed, household closed), with history. */
export async function unlinkInTx(
  tx: Tx,
  link: { householdId: number; memberId: number },
  actorId: number,
  meta: RequestMeta,
): Promise<boolean> {
  const m = schema.householdMembers;
  const [member] = await tx
    .select({
      name: m.name,
      userId: m.userId,
      accountName: schema.users.name,
      email: schema.users.email,
      phone: schema.users.phone,
    })
    .from(m)
    .innerJoin(schema.users, eq(schema.users.id, m.userId))
    .where(and(eq(m.id, link.memberId), eq(m.householdId, link.householdId)));
  if (!member || member.userId === null) return false;
  await tx.update(m).set({ userId: null, updatedAt: new Date() }).where(eq(m.id, link.memberId));
  await recordHistory(tx, link.householdId, actorId, "link", [
    {
      field: "account",
      before: `${member.name} · ${accountLabel({ name: member.accountName, email: member.email, phone: member.phone })}`,
      after: null,
    },
  ]);
  await audit(tx, {
    actorId,
    action: "household.accountUnlinked",
    targetType: "household",
    targetId: link.householdId,
    ip: meta.ip,
    details: { memberId: link.memberId, userId: member.userId },
  });
  return true;
}

/** Staff link an account to a member of a household of their compounds. */
export async function linkAccount(
  actor: Actor,
  link: { householdId: number; memberId: number; userId: number },
  meta: RequestMeta,
): Promise<LinkOutcome | { ok: false; status: 403 | 404 }> {
  return getDatabase().write(async (tx) => {
    const facts = await householdFacts(link.householdId, tx);
    if (!facts) return { ok: false, status: 404 };
    if (!can(actor, "household.write", facts)) return { ok: false, status: 403 };
    return linkInTx(tx, link, actor.id, "link", meta);
  });
}

export async function unlinkAccount(
  actor: Actor,
  link: { householdId: number; memberId: number },
  meta: RequestMeta,
): Promise<{ ok: true } | { ok: false; status: 403 | 404 }> {
  return getDatabase().write(async (tx) => {
    const facts = await householdFacts(link.householdId, tx);
    if (!facts) return { ok: false, status: 404 };
    if (!can(actor, "household.write", facts)) return { ok: false, status: 403 };
    return (await unlinkInTx(tx, link, actor.id, meta)) ? { ok: true } : { ok: false, status: 404 };
  });
}

export interface ResidentAccount {
  id: number;
  name: string;
  email: string | null;
  phone: string | null;
  /** The household the account stands for already, if any. */
  linkedHouseholdId: number | null;
}

/**
 * Resident accounts whose name, email or phone starts with `term` (the account picker on the household page):
 * at most `limit`, each saying whether it is linked already. Staff only; residents' accounts carry no
 * compound, so the search spans the community.
 */
export async function searchResidentAccounts(
  actor: Actor,
  term: string,
  limit = 10,
  q: Queryable = db(),
): Promise<ResidentAccount[]> {
  const query = term.trim();
  if (!can(actor, "household.claimQueue") || query.length === 0) return [];
  const prefix = `${query.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const u = schema.users;
  // Residents choose their compound when they register: an organizer of some compounds sees only theirs.
  const compounds = compoundsOf(await reachOf(actor));
  if (compounds !== "all" && compounds.length === 0) return [];
  return q
    .select({
      id: u.id,
      name: u.name,
      email: u.email,
      phone: u.phone,
      // Spelled out: drizzle leaves columns unqualified in a one-table select, and "id" would mean the member's.
      linkedHouseholdId: sql<
        number | null
      >`(select hm.household_id from household_members hm where hm.user_id = "users"."id")`,
    })
    .from(u)
    .where(
      and(
        eq(u.role, "resident"),
        isNull(u.disabledAt),
        compounds === "all" ? undefined : inArray(u.compoundId, [...compounds]),
        or(
          sql`${u.name} like ${prefix} escape '\\'`,
          sql`${u.email} like ${prefix} escape '\\'`,
          sql`${u.phone} like ${prefix} escape '\\'`,
        ),
      ),
    )
    .orderBy(asc(u.name), asc(u.id))
    .limit(limit);
}
