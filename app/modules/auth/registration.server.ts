// Residents register themselves and confirm their address with an 8-digit code sent through the outbox.
// Volunteers and organizers never come through here: they are invited (app/modules/people).
import { and, eq, isNull } from "drizzle-orm";
import { appOrigin } from "#app/config.server";
import { db, getDatabase, schema, type Queryable } from "#db/client.server";
import { audit } from "#app/modules/audit/audit.server";
import type { Locale } from "#app/modules/i18n/i18n";
import { enqueueEmail } from "#app/modules/notifications/outbox.server";
import { hashPassword } from "./password.server";
import { hit, hitAll, limits, type Blocked } from "./rate-limit.server";
import { createSession } from "./session.server";
import { normalizeEmail, type RequestMeta } from "./sign-in.server";
import { checkCode, CODE_MAX_ATTEMPTS, CODE_TTL_MS, createCode, type CodeCheck } from "./tokens.server";

export interface Registration {
  name: string;
  email: string;
  phone: string;
  compoundId: number;
  password: string;
  locale: Locale;
}

/**
 * `ok` is also the answer for an address that already has an account (`userId` null): its owner gets an
 * email saying so, and the page says the same "check your email" as for a new account, so that sign-up
 * cannot be used to learn who has an account.
 */
export type RegisterResult =
  | { ok: true; userId: number | null; email: string }
  | { ok: false; reason: "unknownCompound" }
  | ({ ok: false; reason: "rateLimited" } & Blocked);

export async function register(
  input: Registration,
  meta: RequestMeta,
  now = new Date(),
): Promise<RegisterResult> {
  const email = normalizeEmail(input.email);
  const limited = await hitAll([[`register:ip:${meta.ip ?? "unknown"}`, limits.registrationsPerIp]], now);
  if (limited.blocked) return { ok: false, reason: "rateLimited", ...limited };
  const compound = await db().query.compounds.findFirst({ where: eq(schema.compounds.id, input.compoundId) });
  if (!compound) return { ok: false, reason: "unknownCompound" };
  // Hashed whether or not the address has an account, so that the answer takes as long either way.
  const passwordHash = await hashPassword(input.password);
  const owner = await db().query.users.findFirst({
    where: eq(schema.users.email, email),
    columns: { id: true, name: true, locale: true },
  });
  if (owner) {
    await tellOwner(owner, email, meta, now);
    return { ok: true, userId: null, email };
  }
  return getDatabase().write(async (tx): Promise<RegisterResult> => {
    // Another sign-up for the same address may have committed since the read above.
    const existing = await tx.query.users.findFirst({
      where: eq(schema.users.email, email),
      columns: { id: true },
    });
    if (existing) return { ok: true, userId: null, email };
    const [user] = await tx
      .insert(schema.users)
      .values({
        email,
        name: input.name.trim(),
        phone: input.phone.trim(),
        compoundId: compound.id,
        role: "resident",
        locale: input.locale,
        passwordHash,
      })
      .returning({ id: schema.users.id });
    if (!user) throw new Error("insert returned no row");
    await sendCode(tx, { id: user.id, name: input.name.trim(), email, locale: input.locale }, now);
    await audit(tx, {
      actorId: user.id,
      action: "auth.register",
      targetType: "user",
      targetId: user.id,
      ip: meta.ip,
    });
    return { ok: true, userId: user.id, email };
  });
}

async function sendCode(
  tx: Queryable,
  user: { id: number; name: string; email: string; locale: Locale },
  now: Date,
): Promise<void> {
  const code = await createCode(tx, { kind: "email_verification", userId: user.id, ttlMs: CODE_TTL_MS, now });
  await enqueueEmail(tx, {
    to: user.email,
    template: "auth.verifyEmail",
    data: { name: user.name, code, minutes: CODE_TTL_MS / 60_000 },
    locale: user.locale,
    key: `auth:verify:${user.id}:${now.getTime()}`,
  });
}

async function tellOwner(
  owner: { id: number; name: string; locale: Locale },
  email: string,
  meta: RequestMeta,
  now: Date,
): Promise<void> {
  // Repeated attempts are not an inbox flood: past the per-address limit the owner hears nothing more.
  const limited = await hitAll(emailLimits(email, meta), now);
  await getDatabase().write(async (tx) => {
    await audit(tx, {
      actorId: null,
      action: "auth.register.existing",
      targetType: "user",
      targetId: owner.id,
      ip: meta.ip,
    });
    if (limited.blocked) return;
    await enqueueEmail(tx, {
      to: email,
      template: "auth.alreadyRegistered",
      data: {
        name: owner.name,
        signInUrl: `${appOrigin()}/login`,
        resetUrl: `${appOrigin()}/forgot-password`,
      },
      locale: owner.locale,
      key: `auth:already:${owner.id}:${now.getTime()}`,
    });
  });
}

function emailLimits(email: string, meta: RequestMeta) {
  return [
    [`email:address:${email}`, limits.emailsPerAddress],
    [`email:ip:${meta.ip ?? "unknown"}`, limits.emailsPerIp],
  ] as [string, typeof limits.emailsPerAddress][];
}

/** Sends a new code to an unconfirmed account. The answer is the same whether or not one exists. */
export async function resendCode(
  rawEmail: string,
  meta: RequestMeta,
  now = new Date(),
): Promise<{ ok: true } | ({ ok: false } & Blocked)> {
  const email = normalizeEmail(rawEmail);
  const limited = await hitAll(emailLimits(email, meta), now);
  if (limited.blocked) return { ok: false, ...limited };
  await getDatabase().write(async (tx) => {
    const user = await tx.query.users.findFirst({
      where: and(
        eq(schema.users.email, email),
        isNull(schema.users.emailVerifiedAt),
        isNull(schema.users.disabledAt),
      ),
    });
    if (user?.passwordHash && user.email) await sendCode(tx, { ...user, email: user.email }, now);
  });
  return { ok: true };
}

export type VerifyResult =
  { ok: true; token: string; userId: number } | { ok: false; reason: Exclude<CodeCheck, "ok"> };

/** Confirms the address when the code is right, and signs the resident in. */
export async function verifyEmail(
  rawEmail: string,
  code: string,
  meta: RequestMeta,
  now = new Date(),
): Promise<VerifyResult> {
  const email = normalizeEmail(rawEmail);
  const user = await db().query.users.findFirst({
    where: and(
      eq(schema.users.email, email),
      isNull(schema.users.emailVerifiedAt),
      isNull(schema.users.disabledAt),
    ),
    columns: { id: true },
  });
  if (!user) {
    // No account waits for this address's code (it has none, or it is confirmed already). Answer as for a
    // wrong code, and stop after as many tries as a real code allows, so that this page does not tell which
    // addresses have accounts either.
    const tried = await hit(`verify:none:${email}`, { max: CODE_MAX_ATTEMPTS, windowMs: CODE_TTL_MS }, now);
    return { ok: false, reason: tried.blocked ? "tooManyAttempts" : "wrong" };
  }
  const result = await getDatabase().write(async (tx) => {
    const outcome = await checkCode(tx, user.id, "email_verification", code, now);
    if (outcome === "ok") {
      await tx.update(schema.users).set({ emailVerifiedAt: now }).where(eq(schema.users.id, user.id));
      await audit(tx, {
        actorId: user.id,
        action: "auth.email_verified",
        targetType: "user",
        targetId: user.id,
        ip: meta.ip,
      });
    }
    return outcome;
  });
  if (result !== "ok") return { ok: false, reason: result };
  const { token } = await createSession(user.id, meta, now);
  return { ok: true, token, userId: user.id };
}
