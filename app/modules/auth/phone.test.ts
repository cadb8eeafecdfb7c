import { and, desc, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db, getDatabase, schema } from "#db/client.server";
import { createCompound } from "#tests/fixtures/accounts";
import {
  registerByPhone,
  requestSignInCode,
  signInWithCode,
  requestPhoneReset,
  resendPhoneCode,
  resetPasswordByPhone,
  verifyPhone,
} from "./phone.server";
import { signIn } from "./sign-in.server";

const meta = { ip: "203.0.113.40", userAgent: "test" };
const password = "a long enough password";
let next = 0;
/** A fresh mainland number per test, so that the per-number limits of one test do not touch another. */
const freshNumber = () => `139${String(10_000_000 + ++next * 7919 + (Date.now() % 1000)).slice(-8)}`;

async function registerResident(phone: string, ip = meta.ip) {
  const compoundId = await createCompound();
  return registerByPhone(
    { name: "居民 王桂兰", phone, compoundId, password, locale: "zh-CN" },
    { ...meta, ip },
  );
}

/** The newest texted code for a number, as the outbox holds it. */
async function textedCode(e164: string): Promise<string> {
  const row = await db().query.emailOutbox.findFirst({
    where: and(
      eq(schema.emailOutbox.to, e164),
      eq(schema.emailOutbox.channel, "sms"),
      eq(schema.emailOutbox.template, "code"),
    ),
    orderBy: (o) => [desc(o.id)],
  });
  return String(row?.data.code ?? "");
}

describe("registration by phone", () => {
  it("creates an account without an address and texts a 6-digit code; the number is confirmed only by it", async () => {
    const typed = freshNumber();
    const result = await registerResident(`+86 ${typed.slice(0, 3)} ${typed.slice(3, 7)} ${typed.slice(7)}`);
    expect(result).toMatchObject({ ok: true, phone: `+86${typed}` });
    if (!result.ok || result.userId === null) throw new Error("not registered");
    const code = await textedCode(`+86${typed}`);
    expect(code).toMatch(/^\d{6}$/);
    // The local SMS box in a demo: the page may show the code (decision 027).
    expect(result.demoCode).toBe(code);
    const user = await db().query.users.findFirst({ where: eq(schema.users.id, result.userId) });
    expect(user).toMatchObject({
      email: null,
      phone: `+86${typed}`,
      phoneVerifiedAt: null,
      role: "resident",
    });
    // Not confirmed yet: the number does not sign in.
    expect(await signIn(typed, password, meta)).toMatchObject({ ok: false, reason: "invalid" });

    const verified = await verifyPhone(typed, code, meta);
    expect(verified).toMatchObject({ ok: true, userId: result.userId });
    const after = await db().query.users.findFirst({ where: eq(schema.users.id, result.userId) });
    expect(after?.phoneVerifiedAt).toBeInstanceOf(Date);
  });

  it("signs in with the confirmed number in any usual spelling, and with the password only", async () => {
    const typed = freshNumber();
    const result = await registerResident(typed);
    if (!result.ok) throw new Error("not registered");
    await verifyPhone(typed, await textedCode(`+86${typed}`), meta);
    for (const spelling of [typed, `+86${typed}`, `86-${typed}`, ` ${typed.slice(0, 3)} ${typed.slice(3)} `])
      expect(await signIn(spelling, password, meta)).toMatchObject({ ok: true, role: "resident" });
    expect(await signIn(typed, "not the password at all", meta)).toMatchObject({
      ok: false,
      reason: "invalid",
    });
  });

  it("refuses a second account for a confirmed number: no text, the same answer, and the index holds too", async () => {
    const typed = freshNumber();
    const first = await registerResident(typed);
    if (!first.ok) throw new Error("not registered");
    await verifyPhone(typed, await textedCode(`+86${typed}`), meta);
    const textsBefore = await db().$count(schema.emailOutbox, eq(schema.emailOutbox.to, `+86${typed}`));

    const second = await registerResident(typed, "203.0.113.41");
    expect(second).toMatchObject({ ok: true, userId: null, demoCode: null });
    expect(await db().$count(schema.emailOutbox, eq(schema.emailOutbox.to, `+86${typed}`))).toBe(textsBefore);
    const accounts = await db().query.users.findMany({ where: eq(schema.users.phone, `+86${typed}`) });
    expect(accounts).toHaveLength(1);

    // Two accounts confirming the same number: the partial unique index refuses the second.
    const compoundId = await createCompound();
    await expect(
      getDatabase().writeAtomic((d) =>
        d.insert(schema.users).values({
          email: null,
          name: "另一个",
          phone: `+86${typed}`,
          phoneVerifiedAt: new Date(),
          compoundId,
        }),
      ),
    ).rejects.toThrow();
  });

  it("a pending sign-up for a number confirmed meanwhile by another account is refused", async () => {
    const typed = freshNumber();
    const pending = await registerResident(typed);
    if (!pending.ok) throw new Error("not registered");
    const code = await textedCode(`+86${typed}`);
    const compoundId = await createCompound();
    await getDatabase().writeAtomic((d) =>
      d.insert(schema.users).values({
        email: `owner-${typed}@example.org`,
        name: "号码主人",
        phone: `+86${typed}`,
        phoneVerifiedAt: new Date(),
        compoundId,
      }),
    );
    expect(await verifyPhone(typed, code, meta)).toMatchObject({ ok: false, reason: "taken" });
  });

  it("limits wrong codes to five, then even the right code is refused until a new one is sent", async () => {
    const typed = freshNumber();
    const result = await registerResident(typed);
    if (!result.ok) throw new Error("not registered");
    const code = await textedCode(`+86${typed}`);
    const wrong = code === "000000" ? "111111" : "000000";
    const reasons = [];
    for (let i = 0; i < 6; i++) {
      const r = await verifyPhone(typed, wrong, meta);
      reasons.push(r.ok ? "ok" : r.reason);
    }
    expect(reasons).toEqual(["wrong", "wrong", "wrong", "wrong", "wrong", "tooManyAttempts"]);
    expect(await verifyPhone(typed, code, meta)).toMatchObject({ ok: false, reason: "tooManyAttempts" });

    const resent = await resendPhoneCode(typed, meta);
    expect(resent.ok).toBe(true);
    const fresh = await textedCode(`+86${typed}`);
    expect(await verifyPhone(typed, fresh, meta)).toMatchObject({ ok: true });
  });

  it("answers a number nobody registered like a wrong code, and stops after as many tries", async () => {
    const typed = freshNumber();
    const reasons = [];
    for (let i = 0; i < 6; i++) {
      const r = await verifyPhone(typed, "123456", meta);
      reasons.push(r.ok ? "ok" : r.reason);
    }
    expect(reasons.at(0)).toBe("wrong");
    expect(reasons.at(-1)).toBe("tooManyAttempts");
  });

  it("texts at most five codes an hour to one number", async () => {
    const typed = freshNumber();
    await registerResident(typed);
    const answers = [];
    for (let i = 0; i < 5; i++)
      answers.push((await resendPhoneCode(typed, { ...meta, ip: `198.51.100.${i}` })).ok);
    expect(answers).toEqual([true, true, true, true, false]);
  });

  it("refuses a number that is not one", async () => {
    expect(await registerResident("12345")).toEqual({ ok: false, reason: "invalidPhone" });
  });
});

describe("forgotten password by phone", () => {
  it("texts a code to the confirmed number; the code sets a new password and ends every session", async () => {
    const typed = freshNumber();
    const result = await registerResident(typed);
    if (!result.ok || result.userId === null) throw new Error("not registered");
    await verifyPhone(typed, await textedCode(`+86${typed}`), meta);
    expect(await requestPhoneReset(typed, meta)).toMatchObject({ ok: true });
    const code = await textedCode(`+86${typed}`);
    expect(
      await resetPasswordByPhone(typed, "000000" === code ? "111111" : "000000", "new password here", meta),
    ).toMatchObject({ ok: false, reason: "wrong" });
    expect(await resetPasswordByPhone(typed, code, "new password here", meta)).toMatchObject({ ok: true });
    expect(await db().$count(schema.sessions, eq(schema.sessions.userId, result.userId))).toBe(0);
    expect(await signIn(typed, "new password here", meta)).toMatchObject({ ok: true });
  });

  it("sends nothing for a number without a confirmed account, with the same answer", async () => {
    const typed = freshNumber();
    await registerResident(typed);
    const before = await db().$count(schema.emailOutbox, eq(schema.emailOutbox.to, `+86${typed}`));
    expect(await requestPhoneReset(typed, meta)).toEqual({ ok: true, demoCode: null });
    expect(await db().$count(schema.emailOutbox, eq(schema.emailOutbox.to, `+86${typed}`))).toBe(before);
  });
});

describe("sign-in with a texted code", () => {
  it("signs in the confirmed number's account with the code, once; wrong codes are limited", async () => {
    const typed = freshNumber();
    const result = await registerResident(typed);
    if (!result.ok || result.userId === null) throw new Error("not registered");
    await verifyPhone(typed, await textedCode(`+86${typed}`), meta);
    expect(await requestSignInCode(typed, meta)).toMatchObject({ ok: true });
    const code = await textedCode(`+86${typed}`);
    const wrong = code === "000000" ? "111111" : "000000";
    expect(await signInWithCode(typed, wrong, meta)).toEqual({ ok: false, reason: "wrong" });
    expect(await signInWithCode(typed, code, meta)).toMatchObject({
      ok: true,
      userId: result.userId,
      role: "resident",
    });
    expect(await signInWithCode(typed, code, meta)).toEqual({ ok: false, reason: "expired" });
  });

  it("texts nothing to a number without a confirmed account", async () => {
    const typed = freshNumber();
    await registerResident(typed);
    const before = await db().$count(schema.emailOutbox, eq(schema.emailOutbox.to, `+86${typed}`));
    expect(await requestSignInCode(typed, meta)).toEqual({ ok: true, demoCode: null });
    expect(await db().$count(schema.emailOutbox, eq(schema.emailOutbox.to, `+86${typed}`))).toBe(before);
    expect(await signInWithCode(typed, "123456", meta)).toEqual({ ok: false, reason: "wrong" });
  });
});
