// A person's own account: profile, password and the sessions signed in as them.
import { and, desc, eq, ne } from "drizzle-orm";
import { db, getDatabase, schema } from "#db/client.server";
import { audit } from "#app/modules/audit/audit.server";
import type { Locale } from "#app/modules/i18n/i18n";
import { hashPassword, verifyPassword } from "./password.server";
import type { RequestMeta } from "./sign-in.server";

export async function updateProfile(
  userId: number,
  profile: { name: string; phone: string | null; locale: Locale },
  meta: RequestMeta,
): Promise<void> {
  await getDatabase().write(async (tx) => {
    await tx
      .update(schema.users)
      .set({ name: profile.name.trim(), phone: profile.phone?.trim() || null, locale: profile.locale })
      .where(eq(schema.users.id, userId));
    await audit(tx, {
      actorId: userId,
      action: "account.profile_updated",
      targetType: "user",
      targetId: userId,
      ip: meta.ip,
    });
  });
}

/** Changes the password after checking the current one; every other session of the account ends. */
export async function changePassword(
  user: { id: number; sessionId: string },
  currentPassword: string,
  newPassword: string,
  meta: RequestMeta,
): Promise<"ok" | "wrongCurrent"> {
  const row = await db().query.users.findFirst({
    where: eq(schema.users.id, user.id),
    columns: { passwordHash: true },
  });
  if (!row?.passwordHash || !(await verifyPassword(row.passwordHash, currentPassword))) return "wrongCurrent";
  const passwordHash = await hashPassword(newPassword);
  await getDatabase().write(async (tx) => {
    await tx.update(schema.users).set({ passwordHash }).where(eq(schema.users.id, user.id));
    await tx
      .delete(schema.sessions)
      .where(and(eq(schema.sessions.userId, user.id), ne(schema.sessions.id, user.sessionId)));
    await audit(tx, {
      actorId: user.id,
      action: "auth.password_changed",
      targetType: "user",
      targetId: user.id,
      ip: meta.ip,
    });
  });
  return "ok";
}

export interface SessionSummary {
  id: string;
  userAgent: string | null;
  ip: string | null;
  createdAt: Date;
  lastUsedAt: Date;
  current: boolean;
}

export async function listSessions(userId: number, currentSessionId: string): Promise<SessionSummary[]> {
  const rows = await db()
    .select()
    .from(schema.sessions)
    .where(eq(schema.sessions.userId, userId))
    .orderBy(desc(schema.sessions.lastVerifiedAt))
    .limit(50);
  return rows.map((s) => ({
    id: s.id,
    userAgent: s.userAgent,
    ip: s.ip,
    createdAt: s.createdAt,
    lastUsedAt: s.lastVerifiedAt,
    current: s.id === currentSessionId,
  }));
}

/** Ends one of the user's own sessions; a session id of someone else matches nothing. */
export async function revokeSession(userId: number, sessionId: string, meta: RequestMeta): Promise<boolean> {
  return getDatabase().write(async (tx) => {
    const rows = await tx
      .delete(schema.sessions)
      .where(and(eq(schema.sessions.id, sessionId), eq(schema.sessions.userId, userId)))
      .returning({ id: schema.sessions.id });
    if (rows.length === 0) return false;
    await audit(tx, {
      actorId: userId,
      action: "auth.session_revoked",
      targetType: "user",
      targetId: userId,
      ip: meta.ip,
    });
    return true;
  });
}

/** A short, readable name for a browser from its User-Agent ("Chrome on Android"). */
export function describeDevice(userAgent: string | null): { browser: string | null; os: string | null } {
  if (!userAgent) return { browser: null, os: null };
  const browser = /Edg\//.test(userAgent)
    ? "Edge"
    : /MicroMessenger/.test(userAgent)
      ? "WeChat"
      : /Firefox\//.test(userAgent)
        ? "Firefox"
        : /Chrome\/|Chromium\//.test(userAgent)
          ? "Chrome"
          : /Safari\//.test(userAgent)
            ? "Safari"
            : null;
  const os = /Android/.test(userAgent)
    ? "Android"
    : /iPhone|iPad/.test(userAgent)
      ? "iOS"
      : /Windows/.test(userAgent)
        ? "Windows"
        : /Mac OS X/.test(userAgent)
          ? "macOS"
          : /Linux/.test(userAgent)
            ? "Linux"
            : null;
  return { browser, os };
}
