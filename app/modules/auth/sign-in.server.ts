// Signing in and out: throttled password check, a fresh session every time, and the audit trail of both.
import { eq } from "drizzle-orm";
import { getDatabase, schema } from "#db/client.server";
import type { Role } from "#db/schema/core";
import { audit, requestIp } from "#app/modules/audit/audit.server";
import { hashPassword, verifyPassword } from "./password.server";
import { check, hit, limits, reset, type Blocked } from "./rate-limit.server";
import { createSession, invalidateSession, invalidateUserSessions } from "./session.server";

export interface RequestMeta {
  ip: string | null;
  userAgent: string | null;
}

export type SignInResult =
  | { ok: true; token: string; userId: number; role: Role }
  | { ok: false; reason: "invalid" }
  | { ok: false; reason: "unverified"; email: string }
  | ({ ok: false; reason: "locked" } & Blocked);

export const normalizeEmail = (email: string) => email.trim().toLowerCase();

let dummyHash: Promise<string> | undefined;

export async function signIn(
  email: string,
  password: string,
  meta: RequestMeta,
  now = new Date(),
): Promise<SignInResult> {
  const database = getDatabase();
  const normalized = normalizeEmail(email);
  const accountKey = `signin:account:${normalized}`;
  const ipKey = `signin:ip:${meta.ip ?? "unknown"}`;
  for (const [key, limit] of [
    [accountKey, limits.signInFailuresPerAccount],
    [ipKey, limits.signInFailuresPerIp],
  ] as const) {
    const blocked = await check(key, limit, now);
    if (blocked.blocked) return { ok: false, reason: "locked", ...blocked };
  }

  const user = await database.db.query.users.findFirst({ where: eq(schema.users.email, normalized) });
  // An unknown address costs the same Argon2 work as a known one, so timing does not reveal accounts.
  dummyHash ??= hashPassword("lianxin-no-such-account");
  const passwordOk = await verifyPassword(user?.passwordHash ?? (await dummyHash), password);
  if (!user || !user.passwordHash || user.disabledAt || !passwordOk) {
    await hit(accountKey, limits.signInFailuresPerAccount, now);
    await hit(ipKey, limits.signInFailuresPerIp, now);
    await database.write((tx) =>
      audit(tx, {
        actorId: null,
        action: "auth.sign_in_failed",
        targetType: "user",
        targetId: user?.id,
        ip: meta.ip,
      }),
    );
    const blocked = await check(accountKey, limits.signInFailuresPerAccount, now);
    if (blocked.blocked) return { ok: false, reason: "locked", ...blocked };
    return { ok: false, reason: "invalid" };
  }
  if (!user.emailVerifiedAt) return { ok: false, reason: "unverified", email: normalized };

  await reset(accountKey);
  const { token } = await createSession(user.id, meta, now);
  await database.write((tx) =>
    audit(tx, {
      actorId: user.id,
      action: "auth.sign_in",
      targetType: "user",
      targetId: user.id,
      ip: meta.ip,
    }),
  );
  return { ok: true, token, userId: user.id, role: user.role };
}

export async function signOut(sessionId: string, userId: number, ip: string | null): Promise<void> {
  await invalidateSession(sessionId);
  await getDatabase().write((tx) =>
    audit(tx, { actorId: userId, action: "auth.sign_out", targetType: "user", targetId: userId, ip }),
  );
}

/** "Sign out everywhere": every session of the user ends, this one included. */
export async function signOutEverywhere(userId: number, ip: string | null): Promise<void> {
  await invalidateUserSessions(userId);
  await getDatabase().write((tx) =>
    audit(tx, {
      actorId: userId,
      action: "auth.sign_out_everywhere",
      targetType: "user",
      targetId: userId,
      ip,
    }),
  );
}

/** Where each role starts after signing in. */
export function homeFor(role: string): string {
  if (role === "volunteer") return "/volunteer";
  if (role === "organizer" || role === "admin") return "/admin";
  return "/me";
}

/** The facts about a request that sessions and the audit log keep. */
export function requestMeta(request: Request): RequestMeta {
  return { ip: requestIp(request), userAgent: request.headers.get("user-agent") };
}
