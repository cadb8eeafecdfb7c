// Invitations: every account made without a password (by an organizer or a roster import) is sent a link to
// set one. Staff see the invitations still waiting, with their age, and may resend (which also renews an
// expired one) or withdraw them; a fresh link always replaces the old one (auth/tokens.server.ts).
import { and, desc, eq, inArray, isNull, sql, type SQL } from "drizzle-orm";
import { appOrigin } from "#app/config.server";
import { db, getDatabase, schema, type Queryable } from "#db/client.server";
import type { Role } from "#db/schema/core";
import { audit } from "#app/modules/audit/audit.server";
import { can, type Actor } from "#app/modules/auth/policy";
import { reachOf, type Reach } from "#app/modules/auth/scope.server";
import type { RequestMeta } from "#app/modules/auth/sign-in.server";
import { createLinkToken, INVITATION_TTL_MS } from "#app/modules/auth/tokens.server";
import { isLocale } from "#app/modules/i18n/i18n";
import { enqueueEmail } from "#app/modules/notifications/outbox.server";
import { enqueueSms } from "#app/modules/notifications/sms.server";
import type { InvitationState } from "./invitation-state";

export interface Invitee {
  id: number;
  /** Without an address the link goes by text to `phone` (decision 027). */
  email: string | null;
  phone: string | null;
  compoundId: number | null;
  role: Role;
  locale: string;
}

/**
 * Makes a fresh invitation link for `invitee` (earlier ones stop working) and queues its email, inside the
 * caller's write transaction. `inviterName` is who the email says invites them.
 */
export async function issueInvitation(
  tx: Queryable,
  invitee: Invitee,
  inviter: { id: number | null; name: string },
  now = new Date(),
): Promise<void> {
  const token = await createLinkToken(tx, {
    kind: "invitation",
    userId: invitee.id,
    ttlMs: INVITATION_TTL_MS,
    createdById: inviter.id,
    now,
  });
  const url = `${appOrigin()}/invite/${token}`;
  const locale = isLocale(invitee.locale) ? invitee.locale : "zh-CN";
  const key = `auth:invite:${invitee.id}:${now.getTime()}`;
  if (invitee.email)
    await enqueueEmail(tx, {
      to: invitee.email,
      template: "auth.invitation",
      data: { inviterName: inviter.name, role: invitee.role, url, days: INVITATION_TTL_MS / 86_400_000 },
      locale,
      key,
    });
  else if (invitee.phone)
    await enqueueSms(tx, {
      key: `${key}:sms`,
      to: invitee.phone,
      template: "invitation",
      data: { inviter: inviter.name, link: url },
      locale,
      userId: invitee.id,
      compoundId: invitee.compoundId,
    });
}

export type { InvitationState };

export interface PendingInvitation {
  userId: number;
  name: string;
  email: string | null;
  phone: string | null;
  role: Role;
  compoundName: string | null;
  sentAt: Date | null;
  expiresAt: Date | null;
  state: InvitationState;
}

function scopeOf(reach: Reach): SQL | undefined {
  if (reach.kind === "all") return undefined;
  return reach.kind === "compounds" ? inArray(schema.users.compoundId, [...reach.compoundIds]) : sql`0`;
}

function stateOf(token: { expiresAt: Date; usedAt: Date | null } | undefined, now: Date): InvitationState {
  if (!token) return "none";
  if (token.usedAt) return "withdrawn";
  return token.expiresAt.getTime() <= now.getTime() ? "expired" : "pending";
}

/** The invitation state of one account, or null when it has a password or is disabled. */
export async function invitationOf(
  userId: number,
  now = new Date(),
  q: Queryable = db(),
): Promise<{ state: InvitationState; sentAt: Date | null; expiresAt: Date | null } | null> {
  const user = await q.query.users.findFirst({
    where: and(
      eq(schema.users.id, userId),
      isNull(schema.users.passwordHash),
      isNull(schema.users.disabledAt),
    ),
    columns: { id: true },
  });
  if (!user) return null;
  const [token] = await q
    .select({
      createdAt: schema.authTokens.createdAt,
      expiresAt: schema.authTokens.expiresAt,
      usedAt: schema.authTokens.usedAt,
    })
    .from(schema.authTokens)
    .where(and(eq(schema.authTokens.userId, userId), eq(schema.authTokens.kind, "invitation")))
    .orderBy(desc(schema.authTokens.createdAt))
    .limit(1);
  return {
    state: stateOf(token, now),
    sentAt: token?.createdAt ?? null,
    expiresAt: token?.expiresAt ?? null,
  };
}

/** Accounts in `actor`'s reach that have not set a password yet, oldest invitation first. */
export async function listPendingInvitations(actor: Actor, now = new Date()): Promise<PendingInvitation[]> {
  const u = schema.users;
  const rows = await db()
    .select({
      userId: u.id,
      name: u.name,
      email: u.email,
      phone: u.phone,
      role: u.role,
      compoundName: schema.compounds.name,
    })
    .from(u)
    .leftJoin(schema.compounds, eq(schema.compounds.id, u.compoundId))
    .where(and(isNull(u.passwordHash), isNull(u.disabledAt), scopeOf(await reachOf(actor))))
    .orderBy(u.id)
    .limit(500);
  const ids = rows.map((r) => r.userId);
  const tokens = ids.length
    ? await db()
        .select({
          userId: schema.authTokens.userId,
          createdAt: schema.authTokens.createdAt,
          expiresAt: schema.authTokens.expiresAt,
          usedAt: schema.authTokens.usedAt,
        })
        .from(schema.authTokens)
        .where(and(eq(schema.authTokens.kind, "invitation"), inArray(schema.authTokens.userId, ids)))
        .orderBy(desc(schema.authTokens.createdAt))
    : [];
  const latest = new Map<number, (typeof tokens)[number]>();
  for (const t of tokens) if (!latest.has(t.userId)) latest.set(t.userId, t);
  return rows
    .map((r) => {
      const token = latest.get(r.userId);
      return {
        ...r,
        sentAt: token?.createdAt ?? null,
        expiresAt: token?.expiresAt ?? null,
        state: stateOf(token, now),
      };
    })
    .sort((a, b) => (a.sentAt?.getTime() ?? 0) - (b.sentAt?.getTime() ?? 0));
}

export type InvitationChange = "ok" | "notFound" | "forbidden";

async function invitee(tx: Queryable, actor: Actor, userId: number) {
  const user = await tx.query.users.findFirst({ where: eq(schema.users.id, userId) });
  if (!user) return "notFound" as const;
  // Judged before the account's state, so that no one learns whether another compound's people signed up.
  if (!can(actor, "people.invite", { role: user.role, compoundId: user.compoundId }))
    return "forbidden" as const;
  if (user.passwordHash || user.disabledAt) return "notFound" as const;
  return user;
}

/** Sends a new link in place of the old: also how an expired or withdrawn invitation is renewed. */
export async function resendInvitation(
  actor: Actor & { name: string },
  userId: number,
  meta: RequestMeta,
  now = new Date(),
): Promise<InvitationChange> {
  return getDatabase().write(async (tx) => {
    const user = await invitee(tx, actor, userId);
    if (typeof user === "string") return user;
    const before = await invitationOf(userId, now, tx);
    await issueInvitation(tx, user, actor, now);
    await audit(tx, {
      actorId: actor.id,
      action: "people.invitation_resent",
      targetType: "user",
      targetId: userId,
      ip: meta.ip,
      details: { was: before?.state ?? "none" },
    });
    return "ok";
  });
}

/** The link stops working; the account stays, without a password, until it is invited again. */
export async function withdrawInvitation(
  actor: Actor,
  userId: number,
  meta: RequestMeta,
  now = new Date(),
): Promise<InvitationChange> {
  return getDatabase().write(async (tx) => {
    const user = await invitee(tx, actor, userId);
    if (typeof user === "string") return user;
    await withdrawInvitationsOf(tx, userId, now);
    await audit(tx, {
      actorId: actor.id,
      action: "people.invitation_withdrawn",
      targetType: "user",
      targetId: userId,
      ip: meta.ip,
    });
    return "ok";
  });
}

/** Every unused invitation link of the account stops working (also when its owner leaves). */
export async function withdrawInvitationsOf(tx: Queryable, userId: number, now = new Date()): Promise<void> {
  await tx
    .update(schema.authTokens)
    .set({ usedAt: now })
    .where(
      and(
        eq(schema.authTokens.userId, userId),
        eq(schema.authTokens.kind, "invitation"),
        isNull(schema.authTokens.usedAt),
      ),
    );
}
