// Forgotten passwords: a single-use link valid one hour, stored hashed. The request gets the same answer
// whether or not the address has an account; a reset ends every session of the account.
import { and, eq, isNull, sql } from "drizzle-orm";
import { appOrigin } from "#app/config.server";
import { getDatabase, schema } from "#db/client.server";
import { audit } from "#app/modules/audit/audit.server";
import { enqueueEmail } from "#app/modules/notifications/outbox.server";
import { issueInvitation } from "#app/modules/people/invitations.server";
import { getSettings } from "#app/modules/settings/settings.server";
import { hashPassword } from "./password.server";
import { hitAll, limits, type Blocked } from "./rate-limit.server";
import { normalizeEmail, type RequestMeta } from "./sign-in.server";
import { consumeToken, createLinkToken, findLinkToken, RESET_TTL_MS } from "./tokens.server";

export async function requestPasswordReset(
  rawEmail: string,
  meta: RequestMeta,
  now = new Date(),
): Promise<{ ok: true } | ({ ok: false } & Blocked)> {
  const email = normalizeEmail(rawEmail);
  const limited = await hitAll(
    [
      [`email:address:${email}`, limits.emailsPerAddress],
      [`email:ip:${meta.ip ?? "unknown"}`, limits.emailsPerIp],
    ],
    now,
  );
  if (limited.blocked) return { ok: false, ...limited };
  await getDatabase().write(async (tx) => {
    const user = await tx.query.users.findFirst({
      where: and(eq(schema.users.email, email), isNull(schema.users.disabledAt)),
    });
    if (!user?.email) return;
    // Someone invited who never set a password asks for the only link that lets them: a fresh invitation.
    if (!user.passwordHash) {
      const settings = await getSettings(tx);
      await issueInvitation(tx, user, { id: null, name: settings.communityName }, now);
      await audit(tx, {
        actorId: null,
        action: "people.invitation_requested",
        targetType: "user",
        targetId: user.id,
        ip: meta.ip,
      });
      return;
    }
    const token = await createLinkToken(tx, {
      kind: "password_reset",
      userId: user.id,
      ttlMs: RESET_TTL_MS,
      now,
    });
    await enqueueEmail(tx, {
      to: user.email,
      template: "auth.passwordReset",
      data: {
        name: user.name,
        url: `${appOrigin()}/reset-password/${token}`,
        minutes: RESET_TTL_MS / 60_000,
      },
      locale: user.locale,
      key: `auth:reset:${user.id}:${now.getTime()}`,
    });
    await audit(tx, {
      actorId: null,
      action: "auth.password_reset_requested",
      targetType: "user",
      targetId: user.id,
      ip: meta.ip,
    });
  });
  return { ok: true };
}

/** Whether a reset link can still be used (the page shows the form or says the link is spent). */
export async function isResetTokenValid(token: string, now = new Date()): Promise<boolean> {
  return (await findLinkToken("password_reset", token, now)) !== null;
}

/** Sets the new password when the link is still good; the account's id, or null. */
export async function resetPassword(
  token: string,
  newPassword: string,
  meta: RequestMeta,
  now = new Date(),
): Promise<number | null> {
  const found = await findLinkToken("password_reset", token, now);
  if (!found) return null;
  const passwordHash = await hashPassword(newPassword);
  return getDatabase().write(async (tx) => {
    if (!(await consumeToken(tx, found.id, now))) return null;
    // Following the link proves the address too.
    await tx
      .update(schema.users)
      .set({
        passwordHash,
        emailVerifiedAt: sql`coalesce(${schema.users.emailVerifiedAt}, ${now.getTime()})`,
      })
      .where(eq(schema.users.id, found.userId));
    await tx.delete(schema.sessions).where(eq(schema.sessions.userId, found.userId));
    await audit(tx, {
      actorId: found.userId,
      action: "auth.password_reset",
      targetType: "user",
      targetId: found.userId,
      ip: meta.ip,
    });
    return found.userId;
  });
}
