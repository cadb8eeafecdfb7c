// Signing in and out: throttled password check, a fresh session every time, and the audit trail of both.
import { and, eq, isNotNull } from "drizzle-orm";
import { normalizePhone } from "#app/modules/notifications/phone";
import { getDatabase, schema } from "#db/client.server";
import type { Role } from "#db/schema/core";
import { audit, requestIp } from "#app/modules/audit/audit.server";
import { hashPassword, verifyPassword } from "./password.server";
import { deviceFailure, hasSignedInFrom, rememberDevice, trustedDevice } from "./devices.server";
import {
  reset,
  throttleFailure,
  throttles,
  throttleWait,
  type Blocked,
  type RateCheck,
} from "./rate-limit.server";
import { createSession, invalidateSession, invalidateUserSessions } from "./session.server";

export interface RequestMeta {
  ip: string | null;
  userAgent: string | null;
}

export type SignInResult =
  | { ok: true; token: string; userId: number; role: Role; deviceToken: string }
  | { ok: false; reason: "invalid" }
  | { ok: false; reason: "unverified"; email: string }
  | ({ ok: false; reason: "throttled" } & Blocked);

export const normalizeEmail = (email: string) => email.trim().toLowerCase();

/**
 * What a person typed to sign in, as the account table keeps it: an address (lower case), or a phone number
 * in E.164 (decision 027), which finds only an account whose number is confirmed.
 */
export function signInIdentifier(input: string): { kind: "email" | "phone"; value: string } {
  const trimmed = input.trim();
  if (!trimmed.includes("@")) {
    const phone = normalizePhone(trimmed);
    if (phone) return { kind: "phone", value: phone };
  }
  return { kind: "email", value: normalizeEmail(trimmed) };
}

let dummyHash: Promise<string> | undefined;

/**
 * Checks a password, throttled without locking the owner out (docs/decisions/016-trust-boundaries.md):
 * - a browser that signed in to this account before (`meta.device`, its device cookie) is never kept waiting
 *   by others' guesses; its own wrong passwords count against it alone;
 * - from anywhere else, guesses at one account wait longer and longer after five failures, and an address
 *   that fails often waits too, unless the account has signed in from that address before.
 */
export async function signIn(
  identifier: string,
  password: string,
  meta: RequestMeta & { device?: string | null },
  now = new Date(),
): Promise<SignInResult> {
  const database = getDatabase();
  const { kind, value: normalized } = signInIdentifier(identifier);
  const accountKey = `signin:account:${normalized}`;
  const addressKey = `signin:ip:${meta.ip ?? "unknown"}`;
  const user = await database.db.query.users.findFirst({
    where:
      kind === "email"
        ? eq(schema.users.email, normalized)
        : and(eq(schema.users.phone, normalized), isNotNull(schema.users.phoneVerifiedAt)),
  });
  const device = user ? await trustedDevice(user.id, meta.device ?? null, now) : null;
  if (!device) {
    const accountWait = await throttleWait(accountKey, throttles.signInAccount, now);
    if (accountWait.blocked) return { ok: false, reason: "throttled", ...accountWait };
    const addressWait = await throttleWait(addressKey, throttles.signInAddress, now);
    if (addressWait.blocked && !(user && (await hasSignedInFrom(user.id, meta.ip, now))))
      return { ok: false, reason: "throttled", ...addressWait };
  }

  // An unknown address costs the same Argon2 work as a known one, so timing does not reveal accounts.
  dummyHash ??= hashPassword("lianxin-no-such-account");
  const passwordOk = await verifyPassword(user?.passwordHash ?? (await dummyHash), password);
  if (!user || !user.passwordHash || user.disabledAt || !passwordOk) {
    let wait: RateCheck = { blocked: false };
    if (device) await deviceFailure(device);
    else {
      wait = await throttleFailure(accountKey, throttles.signInAccount, now);
      await throttleFailure(addressKey, throttles.signInAddress, now);
    }
    await database.write((tx) =>
      audit(tx, {
        actorId: null,
        action: "auth.sign_in_failed",
        targetType: "user",
        targetId: user?.id,
        ip: meta.ip,
      }),
    );
    return wait.blocked ? { ok: false, reason: "throttled", ...wait } : { ok: false, reason: "invalid" };
  }
  // An account found by its confirmed number is verified by that; one found by address needs the address's.
  if (kind === "email" && !user.emailVerifiedAt)
    return { ok: false, reason: "unverified", email: normalized };

  // A success from an unknown browser ends that account's wait; one from a known browser does not, or the
  // owner's every sign-in would give a guesser elsewhere five free guesses.
  if (!device) await reset(accountKey);
  const { token } = await createSession(user.id, meta, now);
  const deviceToken = await rememberDevice(user.id, meta.device ?? null, meta.ip, now);
  await database.write((tx) =>
    audit(tx, {
      actorId: user.id,
      action: "auth.sign_in",
      targetType: "user",
      targetId: user.id,
      ip: meta.ip,
    }),
  );
  return { ok: true, token, userId: user.id, role: user.role, deviceToken };
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
