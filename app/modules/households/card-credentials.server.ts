// What a household's printed connection card carries: an unguessable token in its QR code (it opens the
// public help page for that household, no account needed) and a short claim code a resident types to claim
// the household. Both are capabilities of small power: the token files a help request, the code starts a
// claim that staff still approve unless the phone on record matches. Kept in plain so a card can be printed
// again; revoking retires both at once and the next print issues new ones (decision 021).
import { and, eq, inArray, isNull } from "drizzle-orm";
import { getDatabase, db, schema, type Queryable } from "#db/client.server";
import { audit } from "#app/modules/audit/audit.server";
import { generateSecureRandomString } from "#app/modules/auth/session.server";

export interface CardCredentials {
  householdId: number;
  token: string;
  /** As stored: ten letters and digits, printed as two groups of five. */
  claimCode: string;
  issuedAt: Date;
}

/** No 0/O, 1/I/L: a code read off paper by an elderly resident and typed on a phone. */
const codeAlphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";
const CODE_LENGTH = 10;

function randomClaimCode(): string {
  let out = "";
  const byte = new Uint8Array(1);
  while (out.length < CODE_LENGTH) {
    crypto.getRandomValues(byte);
    const value = byte[0] ?? 255;
    // 31 letters: drop the top of the byte range so every letter is equally likely.
    if (value < 248) out += codeAlphabet[value % codeAlphabet.length];
  }
  return out;
}

/** `ABCDE-FGHJK`, as printed. */
export function formatClaimCode(code: string): string {
  return `${code.slice(0, 5)}-${code.slice(5)}`;
}

/** What a resident typed, as stored: case, spaces and dashes ignored; null when it cannot be a code. */
export function normalizeClaimCode(typed: string): string | null {
  const code = typed.toUpperCase().replace(/[\s\-_]/g, "");
  if (code.length !== CODE_LENGTH) return null;
  for (const ch of code) if (!codeAlphabet.includes(ch)) return null;
  return code;
}

/** A token as it appears in the card's URL; anything else is not looked up at all. */
export function isCardTokenShape(token: string): boolean {
  return /^[a-km-z2-9]{24}$/.test(token);
}

/** The current credentials of these households, issuing them for those that have none (on first print). */
export async function cardCredentialsFor(
  householdIds: readonly number[],
  actorId: number | null,
): Promise<Map<number, CardCredentials>> {
  const found = await currentCredentials(householdIds);
  const missing = householdIds.filter((id) => !found.has(id));
  if (missing.length > 0) {
    const now = new Date();
    await getDatabase().write(async (tx) => {
      // Another request may have issued them meanwhile: the partial unique index keeps one current set.
      const again = await currentCredentials(missing, tx);
      const rows = missing
        .filter((id) => !again.has(id))
        .map((householdId) => ({
          householdId,
          token: generateSecureRandomString(),
          claimCode: randomClaimCode(),
          issuedAt: now,
          issuedById: actorId,
        }));
      if (rows.length > 0)
        await tx.insert(schema.householdCardCredentials).values(rows).onConflictDoNothing();
    });
    for (const [id, creds] of await currentCredentials(missing)) found.set(id, creds);
  }
  return found;
}

async function currentCredentials(
  householdIds: readonly number[],
  q: Queryable = db(),
): Promise<Map<number, CardCredentials>> {
  if (householdIds.length === 0) return new Map();
  const rows = await q
    .select({
      householdId: schema.householdCardCredentials.householdId,
      token: schema.householdCardCredentials.token,
      claimCode: schema.householdCardCredentials.claimCode,
      issuedAt: schema.householdCardCredentials.issuedAt,
    })
    .from(schema.householdCardCredentials)
    .where(
      and(
        inArray(schema.householdCardCredentials.householdId, [...householdIds]),
        isNull(schema.householdCardCredentials.revokedAt),
      ),
    );
  return new Map(rows.map((r) => [r.householdId, r]));
}

/**
 * Retires the household's card (lost, or handed to the wrong person): its QR and claim code stop working at
 * once; printing the card again issues new ones. Returns false when there was nothing to revoke.
 */
export async function revokeCardCredentials(
  householdId: number,
  actorId: number,
  ip: string | null = null,
): Promise<boolean> {
  return getDatabase().write(async (tx) => {
    const revoked = await tx
      .update(schema.householdCardCredentials)
      .set({ revokedAt: new Date(), revokedById: actorId })
      .where(
        and(
          eq(schema.householdCardCredentials.householdId, householdId),
          isNull(schema.householdCardCredentials.revokedAt),
        ),
      )
      .returning({ id: schema.householdCardCredentials.id });
    if (revoked.length === 0) return false;
    await audit(tx, {
      actorId,
      action: "household.card_revoked",
      targetType: "household",
      targetId: householdId,
      ip,
    });
    return true;
  });
}

/** The household whose current card carries this QR token; null for an unknown or revoked one. */
export async function householdByCardToken(token: string, q: Queryable = db()): Promise<number | null> {
  if (!isCardTokenShape(token)) return null;
  const [row] = await q
    .select({ householdId: schema.householdCardCredentials.householdId })
    .from(schema.householdCardCredentials)
    .where(
      and(
        eq(schema.householdCardCredentials.token, token),
        isNull(schema.householdCardCredentials.revokedAt),
      ),
    )
    .limit(1);
  return row?.householdId ?? null;
}

/** The household whose current card carries this claim code (as typed); null for an unknown or revoked one. */
export async function householdByClaimCode(typed: string, q: Queryable = db()): Promise<number | null> {
  const code = normalizeClaimCode(typed);
  if (!code) return null;
  const [row] = await q
    .select({ householdId: schema.householdCardCredentials.householdId })
    .from(schema.householdCardCredentials)
    .where(
      and(
        eq(schema.householdCardCredentials.claimCode, code),
        isNull(schema.householdCardCredentials.revokedAt),
      ),
    )
    .limit(1);
  return row?.householdId ?? null;
}
