// One-time secrets sent by email: reset links, invitation links (`id.secret`) and 8-digit codes. Only
// SHA-256 of the secret is stored; a token is consumed by one conditional UPDATE, so it works once only.
import { constantTimeEqual } from "@oslojs/crypto/subtle";
import { and, desc, eq, gt, isNull, lt } from "drizzle-orm";
import { db, schema, type Queryable } from "#db/client.server";
import type { AuthTokenKind } from "#db/schema/auth";
import { generateSecureRandomString, hashSecret } from "./session.server";

export const RESET_TTL_MS = 60 * 60 * 1000;
export const CODE_TTL_MS = 60 * 60 * 1000;
export const INVITATION_TTL_MS = 7 * 24 * 60 * 60 * 1000;
export const CODE_MAX_ATTEMPTS = 5;
/** A texted code: shorter-lived than an emailed one, since it has only six digits. */
export const PHONE_CODE_TTL_MS = 10 * 60 * 1000;

interface NewToken {
  kind: AuthTokenKind;
  userId: number;
  ttlMs: number;
  createdById?: number | null;
  now?: Date;
}

/** A link token `id.secret`; earlier unused tokens of the same kind for the user stop working. */
export async function createLinkToken(tx: Queryable, t: NewToken): Promise<string> {
  const secret = generateSecureRandomString();
  const id = await insertToken(tx, t, secret);
  return `${id}.${secret}`;
}

/** An 8-digit code (6 for a text, decision 027) from a CSPRNG, without modulo bias. */
export async function createCode(tx: Queryable, t: NewToken, digits = 8): Promise<string> {
  const code = randomDigits(digits);
  await insertToken(tx, t, code);
  return code;
}

function randomDigits(n: number): string {
  let out = "";
  const byte = new Uint8Array(1);
  while (out.length < n) {
    crypto.getRandomValues(byte);
    const value = byte[0] ?? 255;
    if (value < 250) out += String(value % 10);
  }
  return out;
}

async function insertToken(tx: Queryable, t: NewToken, secret: string): Promise<string> {
  const now = t.now ?? new Date();
  await tx
    .update(schema.authTokens)
    .set({ usedAt: now })
    .where(
      and(
        eq(schema.authTokens.userId, t.userId),
        eq(schema.authTokens.kind, t.kind),
        isNull(schema.authTokens.usedAt),
      ),
    );
  const id = generateSecureRandomString();
  await tx.insert(schema.authTokens).values({
    id,
    kind: t.kind,
    userId: t.userId,
    secretHash: Buffer.from(hashSecret(secret)),
    expiresAt: new Date(now.getTime() + t.ttlMs),
    createdById: t.createdById ?? null,
    createdAt: now,
  });
  return id;
}

export interface ValidToken {
  id: string;
  userId: number;
}

/** The live token a link names, or null when it is unknown, wrong, used or expired. Does not consume it. */
export async function findLinkToken(
  kind: AuthTokenKind,
  token: string,
  now = new Date(),
): Promise<ValidToken | null> {
  const [id, secret, extra] = token.split(".");
  if (!id || !secret || extra !== undefined) return null;
  const row = await db().query.authTokens.findFirst({
    where: and(eq(schema.authTokens.id, id), eq(schema.authTokens.kind, kind)),
  });
  if (!row || row.usedAt || row.expiresAt.getTime() <= now.getTime()) return null;
  if (!constantTimeEqual(hashSecret(secret), new Uint8Array(row.secretHash))) return null;
  return { id: row.id, userId: row.userId };
}

/** Marks a token used inside the change it allows; false when another request used it first. */
export async function consumeToken(tx: Queryable, id: string, now = new Date()): Promise<boolean> {
  const rows = await tx
    .update(schema.authTokens)
    .set({ usedAt: now })
    .where(
      and(
        eq(schema.authTokens.id, id),
        isNull(schema.authTokens.usedAt),
        gt(schema.authTokens.expiresAt, now),
      ),
    )
    .returning({ id: schema.authTokens.id });
  return rows.length === 1;
}

export type CodeCheck = "ok" | "wrong" | "expired" | "tooManyAttempts";

/**
 * Checks a code against the user's newest live code inside `tx`, counting the attempt first, so that
 * guesses are limited even when they arrive at once. On "ok" the code is consumed.
 */
export async function checkCode(
  tx: Queryable,
  userId: number,
  kind: AuthTokenKind,
  code: string,
  now = new Date(),
): Promise<CodeCheck> {
  const [row] = await tx
    .select()
    .from(schema.authTokens)
    .where(
      and(
        eq(schema.authTokens.userId, userId),
        eq(schema.authTokens.kind, kind),
        isNull(schema.authTokens.usedAt),
      ),
    )
    .orderBy(desc(schema.authTokens.createdAt))
    .limit(1);
  if (!row || row.expiresAt.getTime() <= now.getTime()) return "expired";
  const [counted] = await tx
    .update(schema.authTokens)
    .set({ attempts: row.attempts + 1 })
    .where(and(eq(schema.authTokens.id, row.id), lt(schema.authTokens.attempts, CODE_MAX_ATTEMPTS)))
    .returning({ attempts: schema.authTokens.attempts });
  if (!counted) return "tooManyAttempts";
  if (!constantTimeEqual(hashSecret(code), new Uint8Array(row.secretHash))) return "wrong";
  await tx.update(schema.authTokens).set({ usedAt: now }).where(eq(schema.authTokens.id, row.id));
  return "ok";
}
