// Sessions as Lucia's guide builds them (docs/decisions/003-sessions-without-lucia.md): the client holds
// `id.secret`, the database only SHA-256(secret); idle expiry refreshed at most hourly, absolute expiry.
import { sha256 } from "@oslojs/crypto/sha2";
import { constantTimeEqual } from "@oslojs/crypto/subtle";
import { and, eq, ne, sql } from "drizzle-orm";
import { getDatabase, schema } from "#db/client.server";

export const SESSION_IDLE_MS = 10 * 24 * 60 * 60 * 1000;
export const SESSION_ABSOLUTE_MS = 30 * 24 * 60 * 60 * 1000;
const SESSION_REFRESH_MS = 60 * 60 * 1000;

export interface Session {
  id: string;
  userId: number;
  createdAt: Date;
  lastVerifiedAt: Date;
}

/** 24 random bytes, 5 bits used from each: 120 bits, in an alphabet without look-alike characters. */
export function generateSecureRandomString(bytes = 24): string {
  const alphabet = "abcdefghijkmnpqrstuvwxyz23456789";
  const random = new Uint8Array(bytes);
  crypto.getRandomValues(random);
  let out = "";
  for (const byte of random) out += alphabet[byte >> 3];
  return out;
}

export function hashSecret(secret: string): Uint8Array {
  return sha256(new TextEncoder().encode(secret));
}

export async function createSession(
  userId: number,
  meta: { userAgent?: string | null; ip?: string | null } = {},
  now = new Date(),
): Promise<{ session: Session; token: string }> {
  const id = generateSecureRandomString();
  const secret = generateSecureRandomString();
  const session: Session = { id, userId, createdAt: now, lastVerifiedAt: now };
  await getDatabase().writeAtomic((db) =>
    db.insert(schema.sessions).values({
      ...session,
      secretHash: Buffer.from(hashSecret(secret)),
      userAgent: meta.userAgent?.slice(0, 300) ?? null,
      ip: meta.ip ?? null,
    }),
  );
  return { session, token: `${id}.${secret}` };
}

/** The session a token names, or null when it is unknown, wrong or expired (expired ones are removed). */
export async function validateSessionToken(token: string, now = new Date()): Promise<Session | null> {
  const parts = token.split(".");
  if (parts.length !== 2 || !parts[0] || !parts[1]) return null;
  const [id, secret] = parts as [string, string];
  const database = getDatabase();
  const [row] = await database
    .prepared("session-by-id", (db) =>
      db
        .select({
          userId: schema.sessions.userId,
          secretHash: schema.sessions.secretHash,
          createdAt: schema.sessions.createdAt,
          lastVerifiedAt: schema.sessions.lastVerifiedAt,
        })
        .from(schema.sessions)
        .where(eq(schema.sessions.id, sql.placeholder("id")))
        .prepare(),
    )
    .execute({ id });
  if (!row) return null;
  if (!constantTimeEqual(hashSecret(secret), new Uint8Array(row.secretHash))) return null;

  const t = now.getTime();
  if (
    t - row.createdAt.getTime() >= SESSION_ABSOLUTE_MS ||
    t - row.lastVerifiedAt.getTime() >= SESSION_IDLE_MS
  ) {
    await invalidateSession(id);
    return null;
  }
  const session: Session = {
    id,
    userId: row.userId,
    createdAt: row.createdAt,
    lastVerifiedAt: row.lastVerifiedAt,
  };
  if (t - row.lastVerifiedAt.getTime() >= SESSION_REFRESH_MS) {
    session.lastVerifiedAt = now;
    await database.writeAtomic((db) =>
      db.update(schema.sessions).set({ lastVerifiedAt: now }).where(eq(schema.sessions.id, id)),
    );
  }
  return session;
}

export async function invalidateSession(sessionId: string): Promise<void> {
  await getDatabase().writeAtomic((db) =>
    db.delete(schema.sessions).where(eq(schema.sessions.id, sessionId)),
  );
}

/** Ends every session of a user, or every one but `exceptSessionId` (the one making the change). */
export async function invalidateUserSessions(userId: number, exceptSessionId?: string): Promise<void> {
  await getDatabase().writeAtomic((db) =>
    db
      .delete(schema.sessions)
      .where(
        exceptSessionId
          ? and(eq(schema.sessions.userId, userId), ne(schema.sessions.id, exceptSessionId))
          : eq(schema.sessions.userId, userId),
      ),
  );
}

const isProduction = () => process.env.NODE_ENV === "production";

/** `__Host-` requires Secure, which plain-http development and tests cannot send back. */
export function sessionCookieName(): string {
  return isProduction() ? "__Host-lianxin_session" : "lianxin_session";
}

export function sessionCookie(token: string): string {
  const maxAge = Math.floor(SESSION_ABSOLUTE_MS / 1000);
  return `${sessionCookieName()}=${token}; Path=/; Max-Age=${maxAge}; HttpOnly; SameSite=Lax${isProduction() ? "; Secure" : ""}`;
}

export function clearSessionCookie(): string {
  return `${sessionCookieName()}=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax${isProduction() ? "; Secure" : ""}`;
}

export function readSessionToken(request: Request): string | null {
  const header = request.headers.get("Cookie");
  if (!header) return null;
  const name = sessionCookieName();
  for (const part of header.split(";")) {
    const [k, ...v] = part.trim().split("=");
    if (k === name) return v.join("=") || null;
  }
  return null;
}
