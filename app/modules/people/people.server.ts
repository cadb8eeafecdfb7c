// Organizers' view of accounts: the searchable people list, invitations (volunteers and staff never
// register themselves), role/tier/supervisor changes, and disabling, which ends every session at once.
import { and, asc, count, eq, inArray, isNotNull, isNull, lt, or, sql, type SQL } from "drizzle-orm";
import { contains } from "#db/like";
import { alias } from "drizzle-orm/sqlite-core";
import { db, getDatabase, schema, type Queryable } from "#db/client.server";
import type { Role } from "#db/schema/core";
import { audit } from "#app/modules/audit/audit.server";
import { can, type Actor } from "#app/modules/auth/policy";
import { compoundsOf, reachOf, type Reach } from "#app/modules/auth/scope.server";
import { hashPassword } from "#app/modules/auth/password.server";
import { createSession } from "#app/modules/auth/session.server";
import { normalizeEmail, type RequestMeta } from "#app/modules/auth/sign-in.server";
import { consumeToken, findLinkToken } from "#app/modules/auth/tokens.server";
import type { Locale } from "#app/modules/i18n/i18n";
import { normalizePhone } from "#app/modules/notifications/phone";
import { accountByPhone } from "#app/modules/auth/phone.server";
import { issueInvitation } from "./invitations.server";
import { subtreeIds } from "#app/modules/roster/linkage.server";
import { onVolunteerDisabled } from "#app/modules/roster/pairings.server";

export const PAGE_SIZE = 25;

export interface PeopleFilter {
  q?: string;
  role?: Role;
  tier?: number;
  compoundId?: number;
  disabled?: boolean;
  page?: number;
}

/** The accounts staff with `reach` see on the people pages: by the account's compound. */
function peopleScope(reach: Reach): SQL | undefined {
  if (reach.kind === "all") return undefined;
  return reach.kind === "compounds" ? inArray(schema.users.compoundId, [...reach.compoundIds]) : sql`0`;
}

/** One page of the accounts `actor` may see (an organizer those of their compound), filtered. */
export async function listPeople(actor: Actor, filter: PeopleFilter) {
  const u = schema.users;
  const conditions: SQL[] = [];
  const scope = peopleScope(await reachOf(actor));
  if (scope) conditions.push(scope);
  if (filter.q) {
    const match = or(contains(u.name, filter.q), contains(u.email, filter.q), contains(u.phone, filter.q));
    if (match) conditions.push(match);
  }
  if (filter.role) conditions.push(eq(u.role, filter.role));
  if (filter.tier) conditions.push(eq(u.volunteerTier, filter.tier));
  if (filter.compoundId) conditions.push(eq(u.compoundId, filter.compoundId));
  if (filter.disabled !== undefined)
    conditions.push(filter.disabled ? isNotNull(u.disabledAt) : isNull(u.disabledAt));
  const where = conditions.length ? and(...conditions) : undefined;
  const page = Math.max(1, filter.page ?? 1);
  const [rows, [total]] = await Promise.all([
    db()
      .select({
        id: u.id,
        name: u.name,
        email: u.email,
        phone: u.phone,
        role: u.role,
        volunteerTier: u.volunteerTier,
        compoundId: u.compoundId,
        compoundName: schema.compounds.name,
        disabledAt: u.disabledAt,
        invited: isNull(u.passwordHash),
      })
      .from(u)
      .leftJoin(schema.compounds, eq(schema.compounds.id, u.compoundId))
      .where(where)
      .orderBy(asc(u.name), asc(u.id))
      .limit(PAGE_SIZE)
      .offset((page - 1) * PAGE_SIZE),
    db().select({ n: count() }).from(u).where(where),
  ]);
  return { rows, total: total?.n ?? 0, page, pageCount: Math.max(1, Math.ceil((total?.n ?? 0) / PAGE_SIZE)) };
}

export async function getPerson(id: number) {
  return db().query.users.findFirst({
    where: eq(schema.users.id, id),
    columns: { passwordHash: false },
  });
}

/** What a person's own home page shows about them: name, compound, tier and supervisor. */
export async function getPersonSummary(id: number) {
  const supervisor = alias(schema.users, "supervisor");
  const [row] = await db()
    .select({
      name: schema.users.name,
      role: schema.users.role,
      volunteerTier: schema.users.volunteerTier,
      compoundName: schema.compounds.name,
      supervisorName: supervisor.name,
      supervisorPhone: supervisor.phone,
    })
    .from(schema.users)
    .leftJoin(schema.compounds, eq(schema.compounds.id, schema.users.compoundId))
    .leftJoin(supervisor, eq(supervisor.id, schema.users.supervisorId))
    .where(eq(schema.users.id, id));
  if (!row) throw new Response("Not found", { status: 404 });
  return row;
}

export async function listCompounds() {
  return db()
    .select({ id: schema.compounds.id, name: schema.compounds.name })
    .from(schema.compounds)
    .orderBy(asc(schema.compounds.id));
}

/** The compounds `actor` may give an account: every one, or their own. */
export async function compoundChoices(actor: Actor) {
  const covered = compoundsOf(await reachOf(actor));
  const all = await listCompounds();
  return covered === "all" ? all : all.filter((c) => covered.includes(c.id));
}

/**
 * Volunteers of `actor`'s compounds who may supervise someone (tiers 1–3); the server checks the one-tier-up
 * rule, the scope and the tree on save.
 */
export async function supervisorOptions(actor: Actor) {
  return db()
    .select({ id: schema.users.id, name: schema.users.name, tier: schema.users.volunteerTier })
    .from(schema.users)
    .where(
      and(
        eq(schema.users.role, "volunteer"),
        lt(schema.users.volunteerTier, 4),
        isNull(schema.users.disabledAt),
        peopleScope(await reachOf(actor)),
      ),
    )
    .orderBy(asc(schema.users.volunteerTier), asc(schema.users.name))
    .limit(1000)
    .then((rows) => rows.map((r) => ({ ...r, tier: r.tier ?? 0 })));
}

export interface Assignment {
  role: Role;
  volunteerTier: number | null;
  supervisorId: number | null;
  compoundId: number | null;
}

export type AssignmentError =
  | "tierRequired"
  | "supervisorRequired"
  | "supervisorWrongTier"
  | "supervisorOutOfScope"
  | "supervisorBelow"
  | "hasReports"
  | "unknownCompound";

/**
 * The linkage rules: volunteers have a tier; below tier 1 a supervisor exactly one tier up, who is on the
 * actor's roster (a supervisor reads the households of everyone under them, so an organizer of one compound
 * cannot hand that to a volunteer of another) and not below the person (the linkage stays a tree).
 */
async function checkAssignment(
  q: Queryable,
  actor: Actor,
  a: Assignment,
  /** The account changed, and the supervisor it had: an unchanged supervisor is not judged again. */
  before: { id: number; supervisorId: number | null } | null = null,
): Promise<{ field: keyof Assignment; error: AssignmentError } | null> {
  if (a.compoundId !== null) {
    const compound = await q.query.compounds.findFirst({ where: eq(schema.compounds.id, a.compoundId) });
    if (!compound) return { field: "compoundId", error: "unknownCompound" };
  }
  if (a.role !== "volunteer") return null;
  if (a.volunteerTier === null) return { field: "volunteerTier", error: "tierRequired" };
  if (a.volunteerTier === 1) return null;
  if (a.supervisorId === null) return { field: "supervisorId", error: "supervisorRequired" };
  const supervisor = await q.query.users.findFirst({ where: eq(schema.users.id, a.supervisorId) });
  if (supervisor?.role !== "volunteer" || supervisor.volunteerTier !== a.volunteerTier - 1)
    return { field: "supervisorId", error: "supervisorWrongTier" };
  if (before?.supervisorId === supervisor.id) return null;
  if (!can(actor, "volunteer.manage", { compoundId: supervisor.compoundId }))
    return { field: "supervisorId", error: "supervisorOutOfScope" };
  if (before !== null && (await subtreeIds(before.id, q)).includes(supervisor.id))
    return { field: "supervisorId", error: "supervisorBelow" };
  return null;
}

/**
 * A volunteer others report to keeps their role and tier until those people have another supervisor:
 * otherwise the people under them would answer to someone no longer one tier above them.
 */
async function reportsBlockChange(
  q: Queryable,
  person: { id: number; role: Role; volunteerTier: number | null },
  next: Assignment,
): Promise<{ field: keyof Assignment; error: AssignmentError } | null> {
  if (person.role !== "volunteer") return null;
  if (next.role === "volunteer" && next.volunteerTier === person.volunteerTier) return null;
  const [report] = await q
    .select({ id: schema.users.id })
    .from(schema.users)
    .where(eq(schema.users.supervisorId, person.id))
    .limit(1);
  return report ? { field: next.role === "volunteer" ? "volunteerTier" : "role", error: "hasReports" } : null;
}

/** Volunteer fields only mean something for volunteers; other roles keep none. */
function normalizeAssignment(a: Assignment): Assignment {
  if (a.role === "volunteer") return { ...a, supervisorId: a.volunteerTier === 1 ? null : a.supervisorId };
  return { ...a, volunteerTier: null, supervisorId: null };
}

export type InviteResult =
  | { ok: true; userId: number }
  | { ok: false; field: "email"; error: "emailTaken" }
  | { ok: false; field: "email"; error: "alreadyInvited"; userId: number }
  | { ok: false; field: "phone"; error: "phoneTaken" | "contactRequired" }
  | { ok: false; field: keyof Assignment; error: AssignmentError }
  | { ok: false; field: null; error: "forbidden" };

export async function invitePerson(
  inviter: Actor & { name: string },
  /** An address, or — for someone without one — a mobile number: the link then goes by text (decision 027). */
  input: Assignment & { email: string | null; phone?: string | null; name: string; locale: Locale },
  meta: RequestMeta,
  now = new Date(),
): Promise<InviteResult> {
  const assignment = normalizeAssignment(input);
  if (!can(inviter, "people.invite", { role: assignment.role, compoundId: assignment.compoundId }))
    return { ok: false, field: null, error: "forbidden" };
  const email = input.email ? normalizeEmail(input.email) : null;
  const phone = input.phone ? normalizePhone(input.phone) : null;
  if (!email && !phone) return { ok: false, field: "phone", error: "contactRequired" };
  return getDatabase().write(async (tx): Promise<InviteResult> => {
    if (email) {
      const taken = await tx.query.users.findFirst({
        where: eq(schema.users.email, email),
        columns: { id: true, passwordHash: true, disabledAt: true },
      });
      // Someone imported or invited before who has not set a password is sent a new link from their page.
      if (taken && !taken.passwordHash && !taken.disabledAt)
        return { ok: false, field: "email", error: "alreadyInvited", userId: taken.id };
      if (taken) return { ok: false, field: "email", error: "emailTaken" };
    } else if (phone && (await accountByPhone(tx, phone)))
      return { ok: false, field: "phone", error: "phoneTaken" };
    const problem = await checkAssignment(tx, inviter, assignment);
    if (problem) return { ok: false, ...problem };
    const [user] = await tx
      .insert(schema.users)
      // The assignment's spread holds the form's other fields too: the normalised contacts come last.
      .values({ ...assignment, name: input.name.trim(), locale: input.locale, email, phone })
      .returning({ id: schema.users.id });
    if (!user) throw new Error("insert returned no row");
    await issueInvitation(
      tx,
      {
        id: user.id,
        email,
        phone,
        compoundId: assignment.compoundId,
        role: assignment.role,
        locale: input.locale,
      },
      inviter,
      now,
    );
    await audit(tx, {
      actorId: inviter.id,
      action: "people.invited",
      targetType: "user",
      targetId: user.id,
      ip: meta.ip,
      details: {
        role: assignment.role,
        volunteerTier: assignment.volunteerTier,
        by: email ? "email" : "sms",
      },
    });
    return { ok: true, userId: user.id };
  });
}

/** The invitee a live invitation link names, for the acceptance page. */
export async function findInvitation(token: string, now = new Date()) {
  const found = await findLinkToken("invitation", token, now);
  if (!found) return null;
  const user = await db().query.users.findFirst({
    where: and(eq(schema.users.id, found.userId), isNull(schema.users.disabledAt)),
    columns: { id: true, name: true, email: true, phone: true, role: true },
  });
  return user ?? null;
}

/** Sets the invitee's password, confirms the address (the link proved it) and signs them in. */
export async function acceptInvitation(
  token: string,
  password: string,
  meta: RequestMeta,
  now = new Date(),
): Promise<{ ok: true; token: string; role: Role; userId: number } | { ok: false }> {
  const found = await findLinkToken("invitation", token, now);
  if (!found) return { ok: false };
  const passwordHash = await hashPassword(password);
  const role = await getDatabase().write(async (tx) => {
    if (!(await consumeToken(tx, found.id, now))) return null;
    const invitee = await tx.query.users.findFirst({
      where: eq(schema.users.id, found.userId),
      columns: { email: true, phone: true },
    });
    // A link texted to a number proves the number, as one emailed proves the address, unless another
    // account has confirmed that number since (one account per confirmed number).
    const byText = invitee && !invitee.email && invitee.phone;
    const numberFree = byText && invitee.phone ? !(await accountByPhone(tx, invitee.phone)) : false;
    const [user] = await tx
      .update(schema.users)
      .set(
        byText
          ? { passwordHash, ...(numberFree ? { phoneVerifiedAt: now } : {}) }
          : { passwordHash, emailVerifiedAt: now },
      )
      .where(and(eq(schema.users.id, found.userId), isNull(schema.users.disabledAt)))
      .returning({ role: schema.users.role });
    if (!user) return null;
    await audit(tx, {
      actorId: found.userId,
      action: "people.invitation_accepted",
      targetType: "user",
      targetId: found.userId,
      ip: meta.ip,
    });
    return user.role;
  });
  if (!role) return { ok: false };
  const session = await createSession(found.userId, meta, now);
  return { ok: true, token: session.token, role, userId: found.userId };
}

export type UpdateResult =
  | { ok: true }
  | { ok: false; field: keyof Assignment; error: AssignmentError }
  | { ok: false; field: null; error: "forbidden" | "notFound" };

export async function updateAssignment(
  actor: Actor,
  personId: number,
  input: Assignment,
  meta: RequestMeta,
): Promise<UpdateResult> {
  const next = normalizeAssignment(input);
  return getDatabase().write(async (tx): Promise<UpdateResult> => {
    const person = await tx.query.users.findFirst({ where: eq(schema.users.id, personId) });
    if (!person) return { ok: false, field: null, error: "notFound" };
    // Judged before and after: who they are now, and what they are to become.
    if (
      !can(actor, "people.manage", {
        id: person.id,
        role: person.role,
        compoundId: person.compoundId,
        next: { role: next.role, compoundId: next.compoundId },
      })
    )
      return { ok: false, field: null, error: "forbidden" };
    if (next.supervisorId === person.id)
      return { ok: false, field: "supervisorId", error: "supervisorBelow" };
    const problem =
      (await reportsBlockChange(tx, person, next)) ?? (await checkAssignment(tx, actor, next, person));
    if (problem) return { ok: false, ...problem };
    await tx.update(schema.users).set(next).where(eq(schema.users.id, personId));
    // A volunteer who stops being one leaves their households waiting for a new helper, not unhelped.
    if (person.role === "volunteer" && next.role !== "volunteer")
      await onVolunteerDisabled(tx, personId, actor.id);
    await audit(tx, {
      actorId: actor.id,
      action: "people.assignment_changed",
      targetType: "user",
      targetId: personId,
      ip: meta.ip,
      details: {
        from: {
          role: person.role,
          volunteerTier: person.volunteerTier,
          supervisorId: person.supervisorId,
          compoundId: person.compoundId,
        },
        to: next,
      },
    });
    return { ok: true };
  });
}

/** Disabling ends every session of the account in the same transaction; enabling lets them sign in again. */
export async function setDisabled(
  actor: Actor,
  personId: number,
  disabled: boolean,
  meta: RequestMeta,
  now = new Date(),
): Promise<"ok" | "forbidden" | "notFound"> {
  return getDatabase().write(async (tx) => {
    const person = await tx.query.users.findFirst({ where: eq(schema.users.id, personId) });
    if (!person) return "notFound";
    if (!can(actor, "people.manage", { id: person.id, role: person.role, compoundId: person.compoundId }))
      return "forbidden";
    await tx
      .update(schema.users)
      .set({ disabledAt: disabled ? now : null })
      .where(eq(schema.users.id, personId));
    if (disabled) await tx.delete(schema.sessions).where(eq(schema.sessions.userId, personId));
    if (disabled && person.role === "volunteer") await onVolunteerDisabled(tx, personId, actor.id);
    await audit(tx, {
      actorId: actor.id,
      action: disabled ? "people.disabled" : "people.enabled",
      targetType: "user",
      targetId: personId,
      ip: meta.ip,
    });
    return "ok";
  });
}

/** The first admin of a deployment without demo data (`npm run admin:create`). */
export async function createAdmin(input: {
  email: string;
  name: string;
  password: string;
}): Promise<{ ok: true; userId: number } | { ok: false; error: "emailTaken" }> {
  const email = normalizeEmail(input.email);
  const passwordHash = await hashPassword(input.password);
  return getDatabase().write(async (tx) => {
    const taken = await tx.query.users.findFirst({
      where: eq(schema.users.email, email),
      columns: { id: true },
    });
    if (taken) return { ok: false, error: "emailTaken" } as const;
    const [user] = await tx
      .insert(schema.users)
      .values({ email, name: input.name.trim(), role: "admin", passwordHash, emailVerifiedAt: new Date() })
      .returning({ id: schema.users.id });
    if (!user) throw new Error("insert returned no row");
    await audit(tx, {
      actorId: null,
      action: "people.admin_created",
      targetType: "user",
      targetId: user.id,
      ip: null,
    });
    return { ok: true, userId: user.id } as const;
  });
}
