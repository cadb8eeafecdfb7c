import { eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { Database, getDatabase, schema, setDatabase } from "#db/client.server";
import { freshDatabaseFile } from "#tests/setup/db";
import { startsWith } from "#db/like";
import { drain, virtualClock } from "#tests/support/email";
import {
  cancelEmail,
  cancelQueuedEmails,
  countRetryable,
  enqueueEmail,
  listOutbox,
  outboxCounts,
  outboxPageSize,
  retryEmails,
} from "./outbox.server";
import {
  describeUnsubscribeToken,
  getEmailPreferences,
  unsubscribe,
  unsubscribeToken,
} from "./preferences.server";
import { listMailbox } from "./mailbox.server";
import { listMessages } from "./messages.server";
import { mailboxTransport } from "./transport.server";
import { EmailWorker } from "./worker.server";

let database: Database;
beforeEach(() => {
  database = new Database({ url: freshDatabaseFile() });
  setDatabase(database);
});
afterEach(() => database.close());

const code = (key: string, to = "a@lianxin.test") => ({
  key,
  to,
  template: "auth.verifyEmail",
  data: { name: "王芳", code: "12345678", minutes: 15 },
  locale: "zh-CN" as const,
});

async function row(key: string) {
  return getDatabase().db.query.emailOutbox.findFirst({ where: eq(schema.emailOutbox.key, key) });
}

async function user(email: string) {
  const [created] = await getDatabase().writeAtomic((d) =>
    d.insert(schema.users).values({ email, name: "居民" }).returning({ id: schema.users.id }),
  );
  return created!.id;
}

describe("outbox", () => {
  it("enqueues an action once however often it is repeated", async () => {
    const first = await getDatabase().write((tx) => enqueueEmail(tx, code("signup:1")));
    const again = await getDatabase().write((tx) => enqueueEmail(tx, code("signup:1")));
    expect([first, again]).toEqual([true, false]);
    expect((await outboxCounts()).queued).toBe(1);
  });

  it("writes nothing when the caller's transaction rolls back", async () => {
    await expect(
      getDatabase().write(async (tx) => {
        await enqueueEmail(tx, code("rolled:1"));
        throw new Error("the change failed");
      }),
    ).rejects.toThrow("the change failed");
    expect(await row("rolled:1")).toBeUndefined();
  });

  it("cancels the queued emails of a key prefix and nothing else", async () => {
    await getDatabase().write(async (tx) => {
      await enqueueEmail(tx, code("visit_7:reminder:24h"));
      await enqueueEmail(tx, code("visit_7:reminder:1h"));
      await enqueueEmail(tx, code("visit_70:reminder:1h"));
      await enqueueEmail(tx, code("visitX7:reminder:1h"));
    });
    const cancelled = await getDatabase().write((tx) => cancelQueuedEmails(tx, "visit_7:"));
    expect(cancelled).toBe(2);
    expect((await row("visit_70:reminder:1h"))?.status).toBe("queued");
    expect((await row("visitX7:reminder:1h"))?.status).toBe("queued");
  });

  it("lets an organizer retry a failed email from scratch, once, and audits it", async () => {
    const organizer = await user("organizer@lianxin.test");
    await getDatabase().write((tx) => enqueueEmail(tx, { ...code("broken:1"), template: "no.such" }));
    const clock = virtualClock(Date.now());
    const worker = new EmailWorker({
      database: getDatabase(),
      transport: mailboxTransport(),
      sender: async () => ({ from: "a@b.c", replyTo: null, communityName: "连心", origin: "http://x" }),
      ratePerSecond: 2,
      maxAttempts: 3,
      clock,
    });
    await drain(worker, clock, getDatabase());
    expect(await row("broken:1")).toMatchObject({ status: "failed", attempts: 1 });

    const id = (await row("broken:1"))!.id;
    expect(await retryEmails({ ids: [id] }, organizer)).toMatchObject({ restarted: 1 });
    expect(await row("broken:1")).toMatchObject({ status: "queued", attempts: 0, requestKey: null });
    expect(await retryEmails({ ids: [id] }, organizer)).toMatchObject({ restarted: 0 });
    expect(await cancelEmail((await row("broken:1"))!.id, organizer)).toBe(true);
    const entries = await getDatabase().db.query.auditLog.findMany({
      where: eq(schema.auditLog.actorId, organizer),
    });
    expect(entries.map((e) => e.action)).toEqual(["email.retry", "email.retry", "email.cancel"]);
  });
});

describe("the staff's outbox", () => {
  async function failRows(count: number, prefix: string, error: string, createdAt: Date) {
    await getDatabase().write(async (tx) => {
      for (let i = 0; i < count; i++)
        await enqueueEmail(tx, code(`${prefix}:${i}`, `${prefix}${i}@lianxin.test`));
      await tx
        .update(schema.emailOutbox)
        .set({ status: "failed", attempts: 1, lastError: error, createdAt })
        .where(startsWith(schema.emailOutbox.key, `${prefix}:`));
    });
  }

  it("pages newest first by id, with filters on state, email, error text and dates", async () => {
    await failRows(30, "bounce", "服务商拒收：422 validation_error", new Date("2026-03-02T04:00:00Z"));
    await failRows(3, "quota", "429 daily_quota_exceeded", new Date("2026-03-05T04:00:00Z"));
    await getDatabase().write((tx) => enqueueEmail(tx, code("waiting:1")));

    const first = await listOutbox({ status: "failed" });
    expect(first.rows).toHaveLength(outboxPageSize);
    expect(first.rows.map((r) => r.id)).toEqual([...first.rows.map((r) => r.id)].sort((a, b) => b - a));
    const second = await listOutbox({ status: "failed" }, first.nextBefore);
    expect(second.rows).toHaveLength(33 - outboxPageSize);
    expect(second.nextBefore).toBeUndefined();
    expect(new Set([...first.rows, ...second.rows].map((r) => r.id)).size).toBe(33);

    expect((await listOutbox({ error: "quota" })).rows.map((r) => r.to)).toEqual([
      "quota2@lianxin.test",
      "quota1@lianxin.test",
      "quota0@lianxin.test",
    ]);
    const march = { from: new Date("2026-03-01T16:00:00Z"), until: new Date("2026-03-03T16:00:00Z") };
    expect((await listOutbox(march)).rows.every((r) => r.to.startsWith("bounce"))).toBe(true);
    expect((await listOutbox({ template: "no.such" })).rows).toHaveLength(0);
    expect(await countRetryable({ error: "422" })).toBe(30);
    expect(await outboxCounts()).toMatchObject({ failed: 33, queued: 1, unconfirmed: 0 });
  });

  it("retries everything a filter selects in one audited action, and a selection in another", async () => {
    const organizer = await user("organizer@lianxin.test");
    await failRows(30, "bounce", "服务商拒收：422 validation_error", new Date("2026-03-02T04:00:00Z"));
    await failRows(3, "quota", "429 daily_quota_exceeded", new Date("2026-03-05T04:00:00Z"));

    expect(await retryEmails({ filter: { error: "422" } }, organizer)).toEqual({
      restarted: 30,
      askedAgain: 0,
      kept: 0,
    });
    const quota = (await listOutbox({ error: "quota" })).rows.map((r) => r.id);
    expect(await retryEmails({ ids: quota.slice(0, 2) }, organizer)).toMatchObject({ restarted: 2 });
    expect(await outboxCounts()).toMatchObject({ queued: 32, failed: 1 });

    const entries = await getDatabase().db.query.auditLog.findMany({
      where: eq(schema.auditLog.actorId, organizer),
    });
    expect(entries.map((e) => [e.action, e.details])).toEqual([
      ["email.retry_bulk", { restarted: 30, askedAgain: 0, kept: 0, filter: { error: "422" } }],
      ["email.retry_bulk", { restarted: 2, askedAgain: 0, kept: 0, selected: 2 }],
    ]);
  });

  it("cancels only what has certainly not gone out", async () => {
    const organizer = await user("organizer@lianxin.test");
    await getDatabase().write(async (tx) => {
      await enqueueEmail(tx, code("plain:1"));
      await enqueueEmail(tx, code("frozen:1"));
      await tx
        .update(schema.emailOutbox)
        .set({ requestKey: "lianxin-email-x" })
        .where(eq(schema.emailOutbox.key, "frozen:1"));
    });
    expect(await cancelEmail((await row("plain:1"))!.id, organizer)).toBe(true);
    expect(await cancelEmail((await row("frozen:1"))!.id, organizer)).toBe(false);
    expect(await getDatabase().write((tx) => cancelQueuedEmails(tx, "frozen:"))).toBe(0);
  });
});

describe("local mailbox", () => {
  it("keeps each email once: whole in its recipient's messages, masked for staff", async () => {
    const wang = await user("wang.fang@lianxin.test");
    await getDatabase().write(async (tx) => {
      await enqueueEmail(tx, code("m:1", "wang.fang@lianxin.test"));
      await enqueueEmail(tx, code("m:2", "li.ming@lianxin.test"));
    });
    const clock = virtualClock(Date.now());
    const transport = mailboxTransport();
    const worker = new EmailWorker({
      database: getDatabase(),
      transport,
      sender: async () => ({
        from: "连心 <noreply@lianxin.local>",
        replyTo: null,
        communityName: "连心社区",
        origin: "http://x",
      }),
      ratePerSecond: 2,
      maxAttempts: 3,
      clock,
    });
    await drain(worker, clock, getDatabase());
    // A repeated request (a retry after a crash) stores nothing new.
    const stored = await getDatabase().db.query.emailMailbox.findFirst({
      where: eq(schema.emailMailbox.to, "wang.fang@lianxin.test"),
    });
    const again = {
      ...stored!,
      replyTo: undefined,
      attachments: undefined,
      key: stored!.outboxKey,
      recipientId: wang,
      masked: () => ({
        subject: stored!.subject,
        html: stored!.html,
        text: stored!.text,
        headers: stored!.headers,
      }),
    };
    await transport.send(transport.encode([again]), "again");
    expect((await listMailbox({})).messages).toHaveLength(2);
    const found = await listMailbox({ to: "wang.fang" });
    expect(found.messages.map((m) => m.to)).toEqual(["wang.fang@lianxin.test"]);
    expect(found.messages[0]?.subject).toBe("您的验证码：••••••");
    expect(found.messages[0]?.inApp).toBe("unread");
    const { messages } = await listMessages(wang);
    expect(messages.map((m) => m.subject)).toEqual(["您的验证码：12345678"]);
    // The address without an account has no messages; its copy is kept masked only.
    expect((await listMailbox({ to: "li.ming" })).messages[0]?.inApp).toBe("noAccount");
    expect(await getDatabase().db.$count(schema.messages)).toBe(1);
  });
});

describe("unsubscribe links", () => {
  it("turn off their kind for their own user, and a tampered link does nothing", async () => {
    const reader = await user("reader@lianxin.test");
    const other = await user("other@lianxin.test");
    const token = await unsubscribeToken(reader, "announcements");
    const tampered = token.replace(`${reader}.`, `${other}.`);
    expect(await describeUnsubscribeToken(tampered)).toBeNull();
    expect(await describeUnsubscribeToken(token.replace("announcements", "transactional"))).toBeNull();

    const claim = await describeUnsubscribeToken(token);
    expect(claim).toMatchObject({ userId: reader, kind: "announcements", email: "reader@lianxin.test" });
    await unsubscribe(claim!.userId, claim!.kind);
    await unsubscribe(claim!.userId, claim!.kind);
    expect((await getEmailPreferences(reader)).disabledKinds).toEqual(["announcements"]);
    expect((await getEmailPreferences(other)).disabledKinds).toEqual([]);
    expect((await getEmailPreferences(reader)).reminderLeadMinutes).toEqual([1440, 60]);
  });
});
