import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db, schema } from "#db/client.server";
import { createUser, TEST_PASSWORD } from "#tests/fixtures/accounts";
import { isCommonPassword } from "./password.server";
import { requestPasswordReset, resetPassword } from "./password-reset.server";
import { signIn } from "./sign-in.server";
import { validateSessionToken } from "./session.server";

const meta = { ip: "203.0.113.30", userAgent: "test" };
const resetEmails = (to: string) => db().query.emailOutbox.findMany({ where: eq(schema.emailOutbox.to, to) });
const tokenFrom = (url: unknown) => String(url).split("/reset-password/")[1] ?? "";

describe("password reset", () => {
  it("answers the same for an unknown address and sends nothing", async () => {
    expect(await requestPasswordReset("ghost@example.org", meta)).toEqual({ ok: true });
    expect(await resetEmails("ghost@example.org")).toHaveLength(0);
  });

  it("works once and only once, and ends every session of the account", async () => {
    const user = await createUser();
    const before = await signIn(user.email, TEST_PASSWORD, meta);
    if (!before.ok) throw new Error("sign-in failed");
    expect(await requestPasswordReset(user.email, meta)).toEqual({ ok: true });
    const [email] = await resetEmails(user.email);
    expect(email?.template).toBe("auth.passwordReset");
    expect(email?.data.minutes).toBe(60);
    const token = tokenFrom(email?.data.url);
    expect(await resetPassword(token, "a brand new passphrase", meta)).toEqual(expect.any(Number));
    expect(await resetPassword(token, "another new passphrase", meta)).toBeNull();
    expect(await validateSessionToken(before.token)).toBeNull();
    expect(await signIn(user.email, "a brand new passphrase", meta)).toMatchObject({ ok: true });
  });

  it("refuses a link after its hour", async () => {
    const user = await createUser();
    const t0 = new Date();
    await requestPasswordReset(user.email, meta, t0);
    const token = tokenFrom((await resetEmails(user.email))[0]?.data.url);
    expect(
      await resetPassword(token, "a brand new passphrase", meta, new Date(t0.getTime() + 61 * 60_000)),
    ).toBeNull();
  });
});

describe("password rules", () => {
  it("refuses passwords among the 10,000 most common, whatever their case", () => {
    expect(isCommonPassword("password")).toBe(true);
    expect(isCommonPassword("Qwertyuiop")).toBe(true);
    expect(isCommonPassword("correct horse battery staple")).toBe(false);
  });
});
