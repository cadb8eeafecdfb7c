// Accounts made with a phone number instead of an email address (decision 027). A resident registers with
// a number; a 6-digit code goes by text through the outbox; the number is confirmed (phone_verified_at) only
// when the code comes back, and from then on it signs in like an address. A verified number belongs to one
// account (the unique index users_verified_phone_unique). Forgotten passwords go the same way: a code by text.
import { createCookie } from "@remix-run/node";
import { and, eq, isNotNull, isNull } from "drizzle-orm";
import { env } from "#app/config.server";
import { db, getDatabase, schema, type Queryable } from "#db/client.server";
import { audit } from "#app/modules/audit/audit.server";
import type { Locale } from "#app/modules/i18n/i18n";
import { normalizePhone } from "#app/modules/notifications/phone";
import { enqueueSms } from "#app/modules/notifications/sms.server";
import type { AuthTokenKind } from "#db/schema/auth";
import type { Role } from "#db/schema/core";
import { hashPassword } from "./password.server";
import { hit, hitAll, limits, type Blocked, type Limit } from "./rate-limit.server";
import { createSession } from "./session.server";
import type { RequestMeta } from "./sign-in.server";
import { checkCode, CODE_MAX_ATTEMPTS, createCode, PHONE_CODE_TTL_MS, type CodeCheck } from "./tokens.server";

export const PHONE_CODE_DIGITS = 6;

/**
 * Whether a texted code may also be shown on the page that asks for it: only in a demo with the local SMS box
 * (no provider configured, LIANXIN_DEMO=1), where no text ever reaches a phone. Never with a provider.
 */
export function showsCodeOnPage(): boolean {
  const config = env();
  return config.SMS_PROVIDER === "local" && config.LIANXIN_DEMO;
}

export interface PhoneRegistration {
  name: string;
  phone: string;
  compoundId: number;
  password: string;
  locale: Locale;
}

/**
 * `ok` also for a number that already has a confirmed account (`userId` null, and no text): the page says the
 * same "enter the code we texted" either way, so that sign-up does not tell who has an account. `demoCode` is
 * the code when `showsCodeOnPage()`.
 */
export type PhoneRegisterResult =
  | { ok: true; userId: number | null; phone: string; demoCode: string | null }
  | { ok: false; reason: "invalidPhone" | "unknownCompound" }
  | ({ ok: false; reason: "rateLimited" } & Blocked);

function textLimits(phone: string, meta: RequestMeta): [string, Limit][] {
  return [
    [`sms:number:${phone}`, limits.textsPerNumber],
    [`sms:ip:${meta.ip ?? "unknown"}`, limits.textsPerIp],
  ];
}

/** The account that signs in with this number: its number confirmed, not disabled. */
export async function accountByPhone(q: Queryable, phone: string) {
  return q.query.users.findFirst({
    where: and(eq(schema.users.phone, phone), isNotNull(schema.users.phoneVerifiedAt)),
  });
}

async function textCode(
  tx: Queryable,
  user: { id: number; phone: string; locale: Locale },
  kind: AuthTokenKind,
  now: Date,
): Promise<string> {
  const code = await createCode(
    tx,
    { kind, userId: user.id, ttlMs: PHONE_CODE_TTL_MS, now },
    PHONE_CODE_DIGITS,
  );
  await enqueueSms(tx, {
    key: `auth:${kind}:${user.id}:${now.getTime()}`,
    to: user.phone,
    template: "code",
    data: { code, minutes: PHONE_CODE_TTL_MS / 60_000 },
    locale: user.locale,
    userId: user.id,
  });
  return code;
}

export async function registerByPhone(
  input: PhoneRegistration,
  meta: RequestMeta,
  now = new Date(),
): Promise<PhoneRegisterResult> {
  const phone = normalizePhone(input.phone);
  if (!phone) return { ok: false, reason: "invalidPhone" };
  const limited = await hitAll(
    [[`register:ip:${meta.ip ?? "unknown"}`, limits.registrationsPerIp], ...textLimits(phone, meta)],
    now,
  );
  if (limited.blocked) return { ok: false, reason: "rateLimited", ...limited };
  const compound = await db().query.compounds.findFirst({ where: eq(schema.compounds.id, input.compoundId) });
  if (!compound) return { ok: false, reason: "unknownCompound" };
  const passwordHash = await hashPassword(input.password);
  const name = input.name.trim();
  return getDatabase().write(async (tx): Promise<PhoneRegisterResult> => {
    const owner = await accountByPhone(tx, phone);
    if (owner) {
      await audit(tx, {
        actorId: null,
        action: "auth.register.existing",
        targetType: "user",
        targetId: owner.id,
        ip: meta.ip,
      });
      return { ok: true, userId: null, phone, demoCode: null };
    }
    // A sign-up for this number that was never confirmed is taken over by the new one: only the code proves
    // the number, and it goes to the phone whoever typed it.
    const pending = await tx.query.users.findFirst({
      where: and(
        eq(schema.users.phone, phone),
        isNull(schema.users.email),
        isNull(schema.users.phoneVerifiedAt),
        eq(schema.users.role, "resident"),
      ),
      columns: { id: true },
    });
    const values = { name, compoundId: compound.id, locale: input.locale, passwordHash, updatedAt: now };
    let userId: number;
    if (pending) {
      await tx.update(schema.users).set(values).where(eq(schema.users.id, pending.id));
      userId = pending.id;
    } else {
      const [user] = await tx
        .insert(schema.users)
        .values({ ...values, email: null, phone, role: "resident" })
        .returning({ id: schema.users.id });
      if (!user) throw new Error("insert returned no row");
      userId = user.id;
    }
    const code = await textCode(tx, { id: userId, phone, locale: input.locale }, "phone_verification", now);
    await audit(tx, {
      actorId: userId,
      action: "auth.register",
      targetType: "user",
      targetId: userId,
      ip: meta.ip,
      details: { by: "phone" },
    });
    return { ok: true, userId, phone, demoCode: showsCodeOnPage() ? code : null };
  });
}

/** The account waiting for this number's sign-up code, if any. */
async function pendingByPhone(phone: string, q: Queryable = db()) {
  return q.query.users.findFirst({
    where: and(
      eq(schema.users.phone, phone),
      isNull(schema.users.phoneVerifiedAt),
      isNull(schema.users.email),
      isNull(schema.users.disabledAt),
    ),
    orderBy: (u, { desc }) => [desc(u.updatedAt)],
  });
}

type CodeSent = { ok: true; demoCode: string | null } | ({ ok: false } & Blocked);

/**
 * Texts a code when `issue` finds whom it is for, inside one write; the same answer either way, and the number's
 * and the address's text limits counted first.
 */
async function sendCodeTo(
  rawPhone: string,
  meta: RequestMeta,
  now: Date,
  issue: (tx: Queryable, phone: string) => Promise<string | null>,
): Promise<CodeSent> {
  const phone = normalizePhone(rawPhone);
  if (!phone) return { ok: true, demoCode: null };
  const limited = await hitAll(textLimits(phone, meta), now);
  if (limited.blocked) return { ok: false, ...limited };
  const code = await getDatabase().write((tx) => issue(tx, phone));
  return { ok: true, demoCode: code && showsCodeOnPage() ? code : null };
}

/** Nobody waits for a code at this number: the answer a wrong code gets, as many times as a code allows. */
async function answerAsWrongCode(bucket: string, phone: string, now: Date) {
  const tried = await hit(
    `${bucket}:none:${phone}`,
    { max: CODE_MAX_ATTEMPTS, windowMs: PHONE_CODE_TTL_MS },
    now,
  );
  return { ok: false, reason: tried.blocked ? "tooManyAttempts" : "wrong" } as const;
}

/** A new sign-up code for a number waiting for one. The same answer whether or not one waits. */
export async function resendPhoneCode(
  rawPhone: string,
  meta: RequestMeta,
  now = new Date(),
): Promise<CodeSent> {
  return sendCodeTo(rawPhone, meta, now, async (tx, phone) => {
    const user = await pendingByPhone(phone, tx);
    if (!user?.passwordHash) return null;
    return textCode(tx, { id: user.id, phone, locale: user.locale }, "phone_verification", now);
  });
}

export type PhoneVerifyResult =
  { ok: true; token: string; userId: number } | { ok: false; reason: Exclude<CodeCheck, "ok"> | "taken" };

/** Confirms the number when the code is right, and signs the resident in. */
export async function verifyPhone(
  rawPhone: string,
  code: string,
  meta: RequestMeta,
  now = new Date(),
): Promise<PhoneVerifyResult> {
  const phone = normalizePhone(rawPhone) ?? rawPhone;
  const user = await pendingByPhone(phone);
  if (!user) return answerAsWrongCode("verify", phone, now);
  const result = await getDatabase().write(async (tx): Promise<CodeCheck | "taken"> => {
    const outcome = await checkCode(tx, user.id, "phone_verification", code, now);
    if (outcome !== "ok") return outcome;
    // Someone confirmed the same number in between: the index would refuse; say so in words.
    if (await accountByPhone(tx, phone)) return "taken";
    await tx
      .update(schema.users)
      .set({ phoneVerifiedAt: now, updatedAt: now })
      .where(eq(schema.users.id, user.id));
    await audit(tx, {
      actorId: user.id,
      action: "auth.phone_verified",
      targetType: "user",
      targetId: user.id,
      ip: meta.ip,
    });
    return "ok";
  });
  if (result !== "ok") return { ok: false, reason: result };
  const { token } = await createSession(user.id, meta, now);
  return { ok: true, token, userId: user.id };
}

/** Texts a code for a new password to the account with this confirmed number; the same answer either way. */
export async function requestPhoneReset(
  rawPhone: string,
  meta: RequestMeta,
  now = new Date(),
): Promise<CodeSent> {
  return sendCodeTo(rawPhone, meta, now, async (tx, phone) => {
    const user = await accountByPhone(tx, phone);
    if (!user || user.disabledAt || !user.passwordHash) return null;
    await audit(tx, {
      actorId: null,
      action: "auth.password_reset_requested",
      targetType: "user",
      targetId: user.id,
      ip: meta.ip,
      details: { by: "phone" },
    });
    return textCode(tx, { id: user.id, phone, locale: user.locale }, "phone_reset", now);
  });
}

/** Sets a new password when the texted code is right; ends every session of the account. */
export async function resetPasswordByPhone(
  rawPhone: string,
  code: string,
  newPassword: string,
  meta: RequestMeta,
  now = new Date(),
): Promise<{ ok: true; userId: number } | { ok: false; reason: Exclude<CodeCheck, "ok"> }> {
  const phone = normalizePhone(rawPhone) ?? rawPhone;
  const user = await accountByPhone(db(), phone);
  if (!user || user.disabledAt) return answerAsWrongCode("reset", phone, now);
  const passwordHash = await hashPassword(newPassword);
  const outcome = await getDatabase().write(async (tx) => {
    const checked = await checkCode(tx, user.id, "phone_reset", code, now);
    if (checked !== "ok") return checked;
    await tx.update(schema.users).set({ passwordHash, updatedAt: now }).where(eq(schema.users.id, user.id));
    await tx.delete(schema.sessions).where(eq(schema.sessions.userId, user.id));
    await audit(tx, {
      actorId: user.id,
      action: "auth.password_reset",
      targetType: "user",
      targetId: user.id,
      ip: meta.ip,
      details: { by: "phone" },
    });
    return checked;
  });
  return outcome === "ok" ? { ok: true, userId: user.id } : { ok: false, reason: outcome };
}

/** Texts a sign-in code to the account with this confirmed number; the same answer either way. */
export async function requestSignInCode(
  rawPhone: string,
  meta: RequestMeta,
  now = new Date(),
): Promise<CodeSent> {
  return sendCodeTo(rawPhone, meta, now, async (tx, phone) => {
    const user = await accountByPhone(tx, phone);
    if (!user || user.disabledAt) return null;
    return textCode(tx, { id: user.id, phone, locale: user.locale }, "phone_sign_in", now);
  });
}

/** Signs in with a texted code instead of the password: 5 tries per code, like every code. */
export async function signInWithCode(
  rawPhone: string,
  code: string,
  meta: RequestMeta,
  now = new Date(),
): Promise<
  { ok: true; token: string; userId: number; role: Role } | { ok: false; reason: Exclude<CodeCheck, "ok"> }
> {
  const phone = normalizePhone(rawPhone) ?? rawPhone;
  const user = await accountByPhone(db(), phone);
  if (!user || user.disabledAt) return answerAsWrongCode("signin-code", phone, now);
  const outcome = await getDatabase().write(async (tx) => {
    const checked = await checkCode(tx, user.id, "phone_sign_in", code, now);
    await audit(tx, {
      actorId: checked === "ok" ? user.id : null,
      action: checked === "ok" ? "auth.sign_in" : "auth.sign_in_failed",
      targetType: "user",
      targetId: user.id,
      ip: meta.ip,
      details: { by: "code" },
    });
    return checked;
  });
  if (outcome !== "ok") return { ok: false, reason: outcome };
  const { token } = await createSession(user.id, meta, now);
  return { ok: true, token, userId: user.id, role: user.role };
}

// The demo's code travels to the page that asks for it in a short-lived HttpOnly cookie of the browser that
// asked (never in the address): only that browser sees it, and only for the number it typed.
const isProduction = () => process.env.NODE_ENV === "production";
const demoCookie = createCookie(`${isProduction() ? "__Host-" : ""}lianxin_demo_code`, {
  path: "/",
  httpOnly: true,
  sameSite: "lax",
  secure: isProduction(),
  maxAge: PHONE_CODE_TTL_MS / 1000,
});

/** A Set-Cookie value holding the demo code for `phone`, or null when there is none to show. */
export async function demoCodeCookie(phone: string, code: string | null): Promise<string | null> {
  return code ? demoCookie.serialize({ phone, code }) : null;
}

/** The demo code this browser was given for `phone`, when the page may show it (`showsCodeOnPage`). */
export async function readDemoCode(request: Request, rawPhone: string): Promise<string | null> {
  if (!showsCodeOnPage()) return null;
  const value: unknown = await demoCookie.parse(request.headers.get("Cookie"));
  const phone = normalizePhone(rawPhone);
  if (!phone || typeof value !== "object" || value === null) return null;
  const stored = value as { phone?: unknown; code?: unknown };
  return stored.phone === phone && typeof stored.code === "string" ? stored.code : null;
}
