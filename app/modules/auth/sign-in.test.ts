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

  it("locks an account for 10 minutes after 10 wrong passwords, even with the right one, and says how long", async () => {
    const user = await createUser();
    const t0 = new Date("2026-03-01T08:00:00Z");
    let last;
    for (let i = 0; i < 10; i++)
      last = await signIn(user.email, "wrong password!", meta, new Date(t0.getTime() + i * 1000));
    expect(last).toMatchObject({ ok: false, reason: "locked" });
    const during = await signIn(
      user.email,
      TEST_PASSWORD,
      { ...meta, ip: "198.51.100.1" },
      new Date(t0.getTime() + 60_000),
    );
    expect(during).toMatchObject({ ok: false, reason: "locked" });
    if (during.ok || during.reason !== "locked") throw new Error("expected a lock");
    expect(during.retryAfterSeconds).toBeGreaterThan(8 * 60);
    expect(during.retryAfterSeconds).toBeLessThanOrEqual(10 * 60);
    const after = await signIn(user.email, TEST_PASSWORD, meta, new Date(t0.getTime() + 11 * 60_000));
    expect(after.ok).toBe(true);
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
