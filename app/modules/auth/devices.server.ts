// Browsers an account has signed in from (OWASP's "device cookies"): after a success, a password reset or an
// accepted invitation the browser gets a random cookie, kept here as a hash with the address it came from.
// Sign-in throttling lets such a browser through while guesses from elsewhere wait, so that someone who knows
// an email address cannot keep its owner out (docs/decisions/016-trust-boundaries.md).
import { sha256 } from "@oslojs/crypto/sha2";
import { encodeHexLowerCase } from "@oslojs/encoding";
import { createCookie } from "@remix-run/node";
import { and, eq, gt, lt, sql } from "drizzle-orm";
import { db, getDatabase, schema } from "#db/client.server";
import { generateSecureRandomString } from "./session.server";

const day = 24 * 60 * 60 * 1000;

export const deviceRules = {
  /** Wrong passwords a known browser may send before it is treated as unknown (until its next success). */
  maxFailures: 10,
  /** A browser unused this long is forgotten. */
  idleMs: 365 * day,
} as const;

const isProduction = () => process.env.NODE_ENV === "production";

const deviceCookie = () =>
  createCookie(`${isProduction() ? "__Host-" : ""}lianxin_device`, {
    path: "/",
    httpOnly: true,
    sameSite: "lax",
    secure: isProduction(),
    maxAge: deviceRules.idleMs / 1000,
  });

export async function readDeviceToken(request: Request): Promise<string | null> {
  const value: unknown = await deviceCookie().parse(request.headers.get("Cookie"));
  return typeof value === "string" && value !== "" ? value : null;
}

export function deviceCookieHeader(token: string): Promise<string> {
  return deviceCookie().serialize(token);
}

const hashOf = (token: string) => encodeHexLowerCase(sha256(new TextEncoder().encode(token)));
const { signInDevices: d } = schema;

/** The browser's key when `token` is a browser of `userId` that is still trusted; otherwise null. */
export async function trustedDevice(
  userId: number,
  token: string | null,
  now = new Date(),
): Promise<string | null> {
  if (!token) return null;
  const tokenHash = hashOf(token);
  const row = await db().query.signInDevices.findFirst({
    columns: { tokenHash: true },
    where: and(
      eq(d.tokenHash, tokenHash),
      eq(d.userId, userId),
      lt(d.failures, deviceRules.maxFailures),
      gt(d.lastUsedAt, new Date(now.getTime() - deviceRules.idleMs)),
    ),
  });
  return row?.tokenHash ?? null;
}

/** A wrong password from a known browser: counted against that browser only. */
export async function deviceFailure(tokenHash: string): Promise<void> {
  await getDatabase().writeAtomic((q) =>
    q
      .update(d)
      .set({ failures: sql`${d.failures} + 1` })
      .where(eq(d.tokenHash, tokenHash)),
  );
}

/**
 * The browser is now known to `userId`, from `ip`: its token when it already was this account's browser (its
 * failures forgotten), otherwise a new token for the cookie.
 */
export async function rememberDevice(
  userId: number,
  token: string | null,
  ip: string | null,
  now = new Date(),
): Promise<string> {
  if (token) {
    const updated = await getDatabase().writeAtomic((q) =>
      q
        .update(d)
        .set({ ip, failures: 0, lastUsedAt: now })
        .where(and(eq(d.tokenHash, hashOf(token)), eq(d.userId, userId)))
        .returning({ tokenHash: d.tokenHash }),
    );
    if (updated.length > 0) return token;
  }
  const fresh = generateSecureRandomString();
  await getDatabase().writeAtomic((q) =>
    q.insert(d).values({ tokenHash: hashOf(fresh), userId, ip, createdAt: now, lastUsedAt: now }),
  );
  return fresh;
}

/** Whether `userId` has signed in from `ip` (the last address of one of its browsers). */
export async function hasSignedInFrom(userId: number, ip: string | null, now = new Date()): Promise<boolean> {
  if (!ip) return false;
  const row = await db().query.signInDevices.findFirst({
    columns: { tokenHash: true },
    where: and(
      eq(d.userId, userId),
      eq(d.ip, ip),
      gt(d.lastUsedAt, new Date(now.getTime() - deviceRules.idleMs)),
    ),
  });
  return row !== undefined;
}

/**
 * After the address was proven (a reset link, an invitation, an email code) or a password accepted: this
 * browser is known to `userId` from now on. Returns the Set-Cookie value.
 */
export async function trustThisBrowser(request: Request, userId: number, ip: string | null): Promise<string> {
  return deviceCookieHeader(await rememberDevice(userId, await readDeviceToken(request), ip));
}
