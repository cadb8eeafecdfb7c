import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db, schema } from "#db/client.server";
import { createUser, TEST_PASSWORD } from "#tests/fixtures/accounts";
import { signIn } from "./sign-in.server";
import { readSessionToken, sessionCookie, validateSessionToken } from "./session.server";

const meta = { ip: "203.0.113.7", userAgent: "Mozilla/5.0 (Linux; Android 14) Chrome/130.0" };

describe("sign-in", () => {
  it("opens a new session at every sign-in and records it in the audit log", async () => {
    const user = await createUser();
    const first = await signIn(user.email, TEST_PASSWORD, meta);
    const second = await signIn(user.email.toUpperCase(), TEST_PASSWORD, meta);
    if (!first.ok || !second.ok) throw new Error("sign-in failed");
    expect(first.token).not.toEqual(second.token);
    expect(await validateSessionToken(first.token)).not.toBeNull();
    const entries = await db().query.auditLog.findMany({
      where: eq(schema.auditLog.targetId, String(user.id)),
    });
    expect(entries.filter((e) => e.action === "auth.sign_in")).toHaveLength(2);
    expect(entries.every((e) => e.ip === meta.ip)).toBe(true);
  });

  it("stores only a hash of the session secret, never the token", async () => {
    const user = await createUser();
    const result = await signIn(user.email, TEST_PASSWORD, meta);
    if (!result.ok) throw new Error("sign-in failed");
    const [id, secret] = result.token.split(".");
    expect(secret?.length).toBeGreaterThanOrEqual(24);
    const row = await db().query.sessions.findFirst({ where: eq(schema.sessions.id, id ?? "") });
    expect(row?.secretHash.toString("utf8")).not.toContain(secret);
    expect(await validateSessionToken(`${id}.${"x".repeat(24)}`)).toBeNull();
  });

  it("slows guesses at an account after five, with a wait that doubles, without a hard lock", async () => {
    const user = await createUser();
    const t0 = new Date("2026-03-01T08:00:00Z").getTime();
    const at = (ms: number) => new Date(t0 + ms);
    const attacker = { ...meta, ip: "198.51.100.66" };
    for (let i = 0; i < 5; i++)
      expect(await signIn(user.email, "wrong password!", attacker, at(i * 1000))).toEqual({
        ok: false,
        reason: "invalid",
      });
    // The sixth failure imposes a minute, the seventh two, the eighth four.
    expect(await signIn(user.email, "wrong password!", attacker, at(5_000))).toMatchObject({
      reason: "throttled",
      retryAfterSeconds: 60,
    });
    // While waiting, not even the right password is checked from a browser the account does not know.
    expect(await signIn(user.email, TEST_PASSWORD, attacker, at(30_000))).toMatchObject({
      reason: "throttled",
    });
    expect(await signIn(user.email, "wrong password!", attacker, at(66_000))).toMatchObject({
      retryAfterSeconds: 120,
    });
    expect(await signIn(user.email, "wrong password!", attacker, at(187_000))).toMatchObject({
      retryAfterSeconds: 240,
    });
    // Once the wait is over, the right password works (no ten-minute lock).
    expect((await signIn(user.email, TEST_PASSWORD, attacker, at(428_000))).ok).toBe(true);
  });

  it("never waits more than 15 minutes, and forgets the failures a day after the last", async () => {
    const user = await createUser();
    const t0 = new Date("2026-03-02T08:00:00Z").getTime();
    let t = t0;
    let last;
    for (let i = 0; i < 12; i++) {
      last = await signIn(user.email, "wrong password!", meta, new Date(t));
      t += last.ok === false && last.reason === "throttled" ? last.retryAfterSeconds * 1000 : 1000;
    }
    expect(last).toMatchObject({ reason: "throttled", retryAfterSeconds: 15 * 60 });
    const nextDay = new Date(t + 24 * 60 * 60 * 1000);
    expect(await signIn(user.email, "wrong password!", meta, nextDay)).toEqual({
      ok: false,
      reason: "invalid",
    });
  });

  it("lets the owner's own browser in while someone else's guesses keep the account waiting", async () => {
    const user = await createUser();
    const t0 = new Date("2026-03-03T08:00:00Z").getTime();
    const owner = await signIn(user.email, TEST_PASSWORD, meta, new Date(t0));
    if (!owner.ok) throw new Error("sign-in failed");
    const attacker = { ip: "198.51.100.66", userAgent: "curl", device: null };
    for (let i = 0; i < 20; i++) await signIn(user.email, `guess ${i}`, attacker, new Date(t0 + 1000 + i));
    const t1 = new Date(t0 + 60_000);
    expect(await signIn(user.email, TEST_PASSWORD, attacker, t1)).toMatchObject({ reason: "throttled" });
    const fromOwnBrowser = await signIn(
      user.email,
      TEST_PASSWORD,
      { ...meta, device: owner.deviceToken },
      t1,
    );
    expect(fromOwnBrowser).toMatchObject({ ok: true, deviceToken: owner.deviceToken });
    // The owner's success does not wipe the slate for the guesser, and another account's device cookie is no pass.
    const other = await createUser();
    expect(
      await signIn(user.email, TEST_PASSWORD, { ...attacker, device: "not-a-device-of-this-account" }, t1),
    ).toMatchObject({ reason: "throttled" });
    expect((await signIn(other.email, TEST_PASSWORD, { ...meta, device: owner.deviceToken }, t1)).ok).toBe(
      true,
    );
  });

  it("stops trusting a known browser after ten wrong passwords of its own", async () => {
    const user = await createUser();
    const t0 = new Date("2026-03-04T08:00:00Z").getTime();
    const first = await signIn(user.email, TEST_PASSWORD, meta, new Date(t0));
    if (!first.ok) throw new Error("sign-in failed");
    const browser = { ...meta, device: first.deviceToken };
    for (let i = 0; i < 10; i++)
      expect(await signIn(user.email, `typo ${i}`, browser, new Date(t0 + 1000 + i))).toEqual({
        ok: false,
        reason: "invalid",
      });
    // From the eleventh on it is counted against the account like any unknown browser's: five are free.
    for (let i = 0; i < 6; i++) await signIn(user.email, `typo ${10 + i}`, browser, new Date(t0 + 2000 + i));
    expect(await signIn(user.email, TEST_PASSWORD, browser, new Date(t0 + 3000))).toMatchObject({
      reason: "throttled",
    });
  });

  it("slows an address that fails at many accounts, but not a correct password of an account it has used", async () => {
    const t0 = new Date("2026-03-05T08:00:00Z").getTime();
    const shared = { ip: "203.0.113.200", userAgent: "community centre", device: null };
    const regular = await createUser();
    expect((await signIn(regular.email, TEST_PASSWORD, shared, new Date(t0))).ok).toBe(true);
    const newcomer = await createUser();
    for (let i = 0; i < 51; i++)
      await signIn(`nobody${i}@example.org`, "spray", shared, new Date(t0 + 1000 + i));
    const t1 = new Date(t0 + 10_000);
    expect(await signIn(newcomer.email, TEST_PASSWORD, shared, t1)).toMatchObject({ reason: "throttled" });
    // The regular has signed in from this address before: the address's wait does not apply to them.
    expect((await signIn(regular.email, TEST_PASSWORD, shared, t1)).ok).toBe(true);
    // From elsewhere the newcomer is not held up by that address.
    expect((await signIn(newcomer.email, TEST_PASSWORD, meta, t1)).ok).toBe(true);
  });

  it("gives the same answer for an unknown address as for a wrong password, and audits both without the password", async () => {
    const user = await createUser();
    const unknown = await signIn("nobody@example.org", "some password", meta);
    const wrong = await signIn(user.email, "some password", meta);
    expect(unknown).toEqual({ ok: false, reason: "invalid" });
    expect(wrong).toEqual({ ok: false, reason: "invalid" });
    const failures = await db().query.auditLog.findMany({
      where: eq(schema.auditLog.action, "auth.sign_in_failed"),
    });
    expect(JSON.stringify(failures)).not.toContain("some password");
  });

  it("refuses a disabled account and an account whose email is not confirmed", async () => {
    const unverified = await createUser({ verified: false });
    expect(await signIn(unverified.email, TEST_PASSWORD, meta)).toMatchObject({
      ok: false,
      reason: "unverified",
    });
    const disabled = await createUser();
    await db().update(schema.users).set({ disabledAt: new Date() }).where(eq(schema.users.id, disabled.id));
    expect(await signIn(disabled.email, TEST_PASSWORD, meta)).toMatchObject({ ok: false, reason: "invalid" });
  });
});

describe("session cookie", () => {
  it("is HttpOnly, SameSite=Lax, Path=/ and round-trips through the Cookie header", () => {
    const cookie = sessionCookie("abc.def");
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).toMatch(/Path=\//);
    const request = new Request("http://localhost/", { headers: { Cookie: cookie.split(";")[0] ?? "" } });
    expect(readSessionToken(request)).toBe("abc.def");
  });
});

describe("session expiry", () => {
  it("ends a session idle for 10 days and any session older than 30 days", async () => {
    const user = await createUser();
    const t0 = new Date("2026-03-01T08:00:00Z");
    const result = await signIn(user.email, TEST_PASSWORD, meta, t0);
    if (!result.ok) throw new Error("sign-in failed");
    const day = 86_400_000;
    expect(await validateSessionToken(result.token, new Date(t0.getTime() + 9 * day))).not.toBeNull();
    expect(await validateSessionToken(result.token, new Date(t0.getTime() + 18 * day))).not.toBeNull();
    expect(await validateSessionToken(result.token, new Date(t0.getTime() + 27 * day))).not.toBeNull();
    expect(await validateSessionToken(result.token, new Date(t0.getTime() + 30 * day))).toBeNull();
    const other = await signIn(user.email, TEST_PASSWORD, meta, t0);
    if (!other.ok) throw new Error("sign-in failed");
    expect(await validateSessionToken(other.token, new Date(t0.getTime() + 10 * day))).toBeNull();
  });
});
