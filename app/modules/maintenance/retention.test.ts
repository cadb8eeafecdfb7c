import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db, getDatabase, schema } from "#db/client.server";
import { createUser } from "#tests/fixtures/accounts";
import { createSession, validateSessionToken } from "#app/modules/auth/session.server";
import { retention, sweepExpired } from "./retention.server";

const day = 24 * 60 * 60 * 1000;

describe("the sweep of expired rows", () => {
  it("removes what has expired, keeps what still counts, and says so in the audit log", async () => {
    const now = new Date("2027-03-01T00:00:00Z");
    const t = now.getTime();
    const user = await createUser();
    const stale = await createSession(user.id, {}, new Date(t - 40 * day));
    const fresh = await createSession(user.id, {}, new Date(t - day));
    const outbox = (key: string, status: "sent" | "queued", age: number) => ({
      key,
      to: "someone@example.org",
      template: "auth.verifyEmail",
      data: {},
      status,
      nextAttemptAt: new Date(t - age),
      updatedAt: new Date(t - age),
    });
    const mailbox = (key: string, age: number) => ({
      outboxKey: key,
      from: "a@example.org",
      to: "b@example.org",
      subject: "s",
      html: "<p>h</p>",
      text: "t",
      headers: {},
      receivedAt: new Date(t - age),
    });
    await getDatabase().writeAtomic((d) =>
      d.batch([
        d.insert(schema.rateLimits).values([
          { key: "old", count: 3, resetAt: new Date(t - 1000) },
          { key: "live", count: 3, resetAt: new Date(t + 60_000) },
        ]),
        d.insert(schema.emailOutbox).values([
          outbox("sent-long-ago", "sent", retention.outboxDone + day),
          outbox("sent-lately", "sent", day),
          // Queued mail is never swept, however old: it has not gone out yet.
          outbox("queued-long-ago", "queued", retention.outboxDone + day),
        ]),
        d
          .insert(schema.emailMailbox)
          .values([mailbox("m-old", retention.mailbox + day), mailbox("m-new", day)]),
      ]),
    );

    const counts = await sweepExpired(now);

    expect(counts).toMatchObject({ rateLimits: 1, sessions: 1, outbox: 1, mailbox: 1 });
    expect((await db().select().from(schema.rateLimits)).map((r) => r.key)).toEqual(["live"]);
    expect(
      (await db().select({ key: schema.emailOutbox.key }).from(schema.emailOutbox)).map((r) => r.key).sort(),
    ).toEqual(["queued-long-ago", "sent-lately"]);
    expect(
      (await db().select({ key: schema.emailMailbox.outboxKey }).from(schema.emailMailbox)).map((r) => r.key),
    ).toEqual(["m-new"]);
    const sessions = await db()
      .select({ id: schema.sessions.id })
      .from(schema.sessions)
      .where(eq(schema.sessions.userId, user.id));
    expect(sessions.map((s) => s.id)).toEqual([fresh.session.id]);
    expect(await validateSessionToken(stale.token, now)).toBeNull();
    const [entry] = await db()
      .select()
      .from(schema.auditLog)
      .where(eq(schema.auditLog.action, "maintenance.sweep"));
    expect(entry?.details).toMatchObject({ outbox: 1, mailbox: 1 });
  });

  it("writes nothing to the audit log when nothing had expired", async () => {
    const sweeps = async () =>
      (await db().select().from(schema.auditLog).where(eq(schema.auditLog.action, "maintenance.sweep")))
        .length;
    await sweepExpired(new Date("2027-03-01T00:00:00Z"));
    const before = await sweeps();
    const again = await sweepExpired(new Date("2027-03-01T00:00:00Z"));
    expect(Object.values(again).every((n) => n === 0)).toBe(true);
    expect(await sweeps()).toBe(before);
  });
});
