import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db, schema } from "#db/client.server";
import { createCompound, createUser } from "#tests/fixtures/accounts";
import { register, resendCode, verifyEmail } from "./registration.server";
import { signIn } from "./sign-in.server";

const meta = { ip: "203.0.113.20", userAgent: "test" };
const outboxFor = (to: string) =>
  db().query.emailOutbox.findMany({
    where: and(eq(schema.emailOutbox.to, to), eq(schema.emailOutbox.template, "auth.verifyEmail")),
    orderBy: (o, { asc }) => [asc(o.id)],
  });
const codeIn = (row: { data: Record<string, unknown> } | undefined) => String(row?.data.code ?? "");

async function registerResident(email: string, ip = meta.ip) {
  const compoundId = await createCompound();
  return register(
    {
      name: "居民 孙秀英",
      email,
      phone: "13800000000",
      compoundId,
      password: "a long enough password",
      locale: "zh-CN",
    },
    { ...meta, ip },
  );
}

describe("resident registration", () => {
  it("creates an unconfirmed resident and queues an 8-digit code email valid for an hour", async () => {
    const result = await registerResident("Sun@Example.org");
    expect(result).toMatchObject({ ok: true, email: "sun@example.org" });
    const [email] = await outboxFor("sun@example.org");
    expect(codeIn(email)).toMatch(/^\d{8}$/);
    expect(email?.data.minutes).toBe(60);
    expect(await signIn("sun@example.org", "a long enough password", meta)).toMatchObject({
      reason: "unverified",
    });
    const tokens = await db().query.authTokens.findMany();
    expect(JSON.stringify(tokens)).not.toContain(codeIn(email));
  });

  it("confirms the address with the right code, once, and signs the resident in", async () => {
    await registerResident("confirm@example.org");
    const code = codeIn((await outboxFor("confirm@example.org"))[0]);
    const result = await verifyEmail("confirm@example.org", code, meta);
    expect(result.ok).toBe(true);
    expect(await verifyEmail("confirm@example.org", code, meta)).toMatchObject({ ok: false });
    expect(await signIn("confirm@example.org", "a long enough password", meta)).toMatchObject({ ok: true });
  });

  it("stops accepting guesses after 5 wrong codes, even the right one, until a new code is sent", async () => {
    await registerResident("guess@example.org");
    const code = codeIn((await outboxFor("guess@example.org"))[0]);
    const wrong = code === "00000000" ? "11111111" : "00000000";
    for (let i = 0; i < 5; i++)
      expect(await verifyEmail("guess@example.org", wrong, meta)).toEqual({ ok: false, reason: "wrong" });
    expect(await verifyEmail("guess@example.org", code, meta)).toEqual({
      ok: false,
      reason: "tooManyAttempts",
    });
    await resendCode("guess@example.org", meta);
    const fresh = codeIn((await outboxFor("guess@example.org"))[1]);
    expect((await verifyEmail("guess@example.org", fresh, meta)).ok).toBe(true);
  });

  it("refuses a code after its hour", async () => {
    const t0 = new Date();
    await registerResident("late@example.org");
    const code = codeIn((await outboxFor("late@example.org"))[0]);
    const later = new Date(t0.getTime() + 61 * 60_000);
    expect(await verifyEmail("late@example.org", code, meta, later)).toEqual({
      ok: false,
      reason: "expired",
    });
  });

  it("answers a second sign-up for an address as the first, and tells the address's owner instead", async () => {
    const first = await registerResident("twice@example.org");
    const second = await registerResident("twice@example.org");
    expect(second).toEqual({ ok: true, userId: null, email: "twice@example.org" });
    expect(first).toMatchObject({ ok: true, email: "twice@example.org" });
    const users = await db().query.users.findMany({ where: eq(schema.users.email, "twice@example.org") });
    expect(users).toHaveLength(1);
    const emails = await db().query.emailOutbox.findMany({
      where: eq(schema.emailOutbox.to, "twice@example.org"),
      orderBy: (o, { asc }) => [asc(o.id)],
    });
    expect(emails.map((e) => e.template)).toEqual(["auth.verifyEmail", "auth.alreadyRegistered"]);
  });

  it("answers wrong codes alike whether the address waits for a code or already has an account", async () => {
    const taken = await createUser({ email: "known@example.org" });
    await registerResident(taken.email);
    await registerResident("fresh@example.org");
    const tries = async (email: string) => {
      const reasons = [];
      for (let i = 0; i < 7; i++) {
        const result = await verifyEmail(email, "00000000", meta);
        reasons.push(result.ok ? "ok" : result.reason);
      }
      return reasons;
    };
    const forFresh = await tries("fresh@example.org");
    expect(await tries(taken.email)).toEqual(forFresh);
    expect(forFresh[0]).toBe("wrong");
    expect(forFresh.at(-1)).toBe("tooManyAttempts");
  });

  it("limits code emails per address and says how long to wait", async () => {
    await registerResident("many@example.org", "203.0.113.99");
    const results = [];
    for (let i = 0; i < 6; i++)
      results.push(await resendCode("many@example.org", { ...meta, ip: `198.51.100.${i}` }));
    expect(results.slice(0, 5).every((r) => r.ok)).toBe(true);
    expect(results[5]).toMatchObject({ ok: false });
    expect((results[5] as { retryAfterSeconds: number }).retryAfterSeconds).toBeGreaterThan(0);
  });

  it("limits registrations per IP", async () => {
    const ip = "192.0.2.50";
    const outcomes = [];
    for (let i = 0; i < 11; i++) outcomes.push(await registerResident(`ip${i}@example.org`, ip));
    expect(outcomes.slice(0, 10).every((o) => o.ok)).toBe(true);
    expect(outcomes[10]).toMatchObject({ ok: false, reason: "rateLimited" });
  });
});
