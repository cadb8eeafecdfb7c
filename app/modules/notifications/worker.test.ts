import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { Database, getDatabase, schema, setDatabase } from "#db/client.server";
import { drain, virtualClock, type VirtualClock } from "#tests/support/email";
import { FakeResend } from "#tests/support/fake-resend";
import { freshDatabaseFile } from "#tests/setup/db";
import { enqueueEmail } from "./outbox.server";
import { saveEmailPreferences } from "./preferences.server";
import { resendTransport, type EmailTransport } from "./transport.server";
import { EmailWorker, type EmailWorkerOptions } from "./worker.server";

const execFileAsync = promisify(execFile);

const sender = async () => ({
  from: "连心 <noreply@lianxin.test>",
  replyTo: "office@lianxin.test",
  communityName: "油田社区",
  origin: "http://lianxin.test",
});

let server: FakeResend;
let clock: VirtualClock;
let database: Database;

// Each test gets its own database: a worker left hanging by one test must not touch the next one's rows.
beforeEach(async () => {
  database = new Database({ url: freshDatabaseFile() });
  setDatabase(database);
  clock = virtualClock();
  server = await new FakeResend({ now: clock.now }).start();
});
afterEach(async () => {
  await server.stop();
  database.close();
});

function worker(overrides: Partial<EmailWorkerOptions> = {}, database: Database = getDatabase()) {
  return new EmailWorker({
    database,
    transport: resendTransport("re_test", server.url),
    sender,
    ratePerSecond: 2,
    maxAttempts: 8,
    clock,
    random: () => 0.5,
    ...overrides,
  });
}

async function enqueueCodes(count: number, prefix: string, database: Database = getDatabase()) {
  await database.write(async (tx) => {
    for (let i = 0; i < count; i++) {
      await enqueueEmail(tx, {
        key: `${prefix}:${i}`,
        to: `resident${i}@lianxin.test`,
        template: "auth.verifyEmail",
        data: { name: `居民${i}`, code: String(10_000_000 + i), minutes: 15 },
        locale: i % 2 ? "en" : "zh-CN",
        sendAfter: new Date(clock.now()),
      });
    }
  });
}

async function statuses(database: Database = getDatabase()) {
  const rows = await database.db.select().from(schema.emailOutbox);
  return new Map(rows.map((r) => [r.key, r]));
}

function expectEachOnce(keys: string[]) {
  const counts = server.deliveriesByEmailKey();
  expect([...counts.values()].every((n) => n === 1)).toBe(true);
  expect([...counts.keys()].sort()).toEqual([...keys].sort());
}

describe("email worker against a Resend-compatible server", () => {
  it("delivers every email exactly once through 429s, 500s and dropped connections", async () => {
    await enqueueCodes(250, "faults");
    server.inject(
      { kind: "429", retryAfterSeconds: 7 },
      { kind: "500" },
      { kind: "drop" },
      { kind: "dropAfter" },
      { kind: "500" },
    );
    await drain(worker(), clock, getDatabase());

    const keys = Array.from({ length: 250 }, (_, i) => `faults:${i}`);
    expectEachOnce(keys);
    const rows = await statuses();
    expect([...rows.values()].every((r) => r.status === "sent" && r.providerId?.startsWith("fake-"))).toBe(
      true,
    );
    // The request lost after the server took it was repeated under the same key and answered from memory.
    const requestKeys = server.requests.map((r) => r.idempotencyKey);
    expect(new Set(requestKeys).size).toBeLessThan(requestKeys.length);
    expect(server.requests.every((r) => r.idempotencyKey?.startsWith("lianxin-batch-"))).toBe(true);
  });

  it("waits for retry-after before the next request", async () => {
    await enqueueCodes(120, "wait");
    server.inject({ kind: "429", retryAfterSeconds: 7 });
    await drain(worker(), clock, getDatabase());
    const [limited, next] = server.requests;
    expect(limited?.status).toBe(429);
    expect(next).toBeDefined();
    expect(next!.at - limited!.at).toBeGreaterThanOrEqual(7000);
    expectEachOnce(Array.from({ length: 120 }, (_, i) => `wait:${i}`));
  });

  it("keeps to the configured request rate", async () => {
    await enqueueCodes(450, "rate");
    await drain(worker({ ratePerSecond: 2 }), clock, getDatabase());
    const times = server.requests.map((r) => r.at);
    expect(times).toHaveLength(5);
    for (let i = 1; i < times.length; i++) expect(times[i]! - times[i - 1]!).toBeGreaterThanOrEqual(500);
    expect(server.requests.every((r) => r.status === 200)).toBe(true);
  });

  it("does not deliver a batch twice when its worker dies after the provider took it", async () => {
    await enqueueCodes(30, "crash");
    const real = resendTransport("re_test", server.url);
    // Delivers, then never comes back: to the database this is a process killed mid-batch.
    const dying: EmailTransport = {
      ...real,
      deliver: async (emails, key) => {
        await real.deliver(emails, key);
        return new Promise(() => undefined);
      },
    };
    void worker({ transport: dying, owner: "dies" }).runOnce();
    await expect.poll(() => server.delivered.length).toBe(30);

    const stuck = await statuses();
    expect([...stuck.values()].every((r) => r.status === "sending" && r.leaseOwner === "dies")).toBe(true);
    clock.advance(61_000);
    await drain(worker({ owner: "restarted" }), clock, getDatabase());

    expectEachOnce(Array.from({ length: 30 }, (_, i) => `crash:${i}`));
    expect(server.requests).toHaveLength(2);
    expect(server.requests[0]?.idempotencyKey).toBe(server.requests[1]?.idempotencyKey);
    const rows = await statuses();
    expect([...rows.values()].every((r) => r.status === "sent")).toBe(true);
  });

  it("never lets two workers on one database file deliver the same row", async () => {
    const fast = await new FakeResend({ ratePerSecond: 1000 }).start();
    try {
      await enqueueCodes(1000, "pair");
      // Two processes, as two servers or two `npm run worker` would be: each has its own connection.
      const run = (owner: string) =>
        execFileAsync(process.execPath, [
          "--import",
          "tsx",
          "tests/support/email-worker-process.ts",
          database.url,
          fast.url,
          owner,
        ]);
      const results = await Promise.all([run("one"), run("two")]);
      const handled = results.map((r) => JSON.parse(r.stdout) as { handled: number });
      expect(handled.every((h) => h.handled > 0)).toBe(true);

      const counts = fast.deliveriesByEmailKey();
      expect(counts.size).toBe(1000);
      expect([...counts.values()].every((n) => n === 1)).toBe(true);
      expect(new Set(fast.requests.map((r) => r.idempotencyKey)).size).toBe(fast.requests.length);
      const rows = await statuses();
      expect([...rows.values()].every((r) => r.status === "sent")).toBe(true);
    } finally {
      await fast.stop();
    }
  });

  it("fails an email with a missing template, bad data or a bad address alone, and sends the others", async () => {
    await enqueueCodes(3, "good");
    await getDatabase().write(async (tx) => {
      const base = { locale: "zh-CN" as const, sendAfter: new Date(clock.now()) };
      await enqueueEmail(tx, {
        ...base,
        key: "bad:template",
        to: "a@lianxin.test",
        template: "no.such",
        data: {},
      });
      await enqueueEmail(tx, {
        ...base,
        key: "bad:address",
        to: "not-an-address",
        template: "auth.verifyEmail",
        data: { name: "甲", code: "12345678", minutes: 15 },
      });
      await enqueueEmail(tx, {
        ...base,
        key: "bad:data",
        to: "b@lianxin.test",
        template: "auth.verifyEmail",
        data: { name: "乙", code: "12" },
      });
    });
    await drain(worker(), clock, getDatabase());

    expectEachOnce(["good:0", "good:1", "good:2"]);
    const rows = await statuses();
    expect(rows.get("bad:template")).toMatchObject({
      status: "failed",
      lastError: expect.stringContaining("no.such"),
    });
    expect(rows.get("bad:address")).toMatchObject({
      status: "failed",
      lastError: expect.stringContaining("not-an-address"),
    });
    expect(rows.get("bad:data")).toMatchObject({
      status: "failed",
      lastError: expect.stringContaining("code"),
    });
  });

  it("marks an email failed with the provider's error after the configured attempts", async () => {
    await enqueueCodes(1, "doomed");
    server.inject({ kind: "500" }, { kind: "500" }, { kind: "500" });
    await drain(worker({ maxAttempts: 3 }), clock, getDatabase());
    const row = (await statuses()).get("doomed:0");
    expect(row).toMatchObject({ status: "failed", attempts: 3, lastError: expect.stringContaining("500") });
    expect(server.delivered).toHaveLength(0);
  });

  it("backs off exponentially between attempts after server errors", async () => {
    await enqueueCodes(1, "backoff");
    server.inject({ kind: "500" }, { kind: "500" }, { kind: "500" });
    await drain(worker(), clock, getDatabase());
    const gaps = server.requests.slice(1).map((r, i) => r.at - server.requests[i]!.at);
    expect(gaps).toHaveLength(3);
    expect(gaps[1]!).toBeGreaterThan(gaps[0]!);
    expect(gaps[2]!).toBeGreaterThan(gaps[1]!);
  });

  it("sends an email with an attachment on its own, attachment included", async () => {
    await getDatabase().write((tx) =>
      enqueueEmail(tx, {
        key: "ics:1",
        to: "v@lianxin.test",
        template: "auth.verifyEmail",
        data: { name: "志愿者", code: "87654321", minutes: 15 },
        locale: "zh-CN",
        sendAfter: new Date(clock.now()),
        attachments: [
          {
            filename: "visit.ics",
            content: Buffer.from("BEGIN:VCALENDAR").toString("base64"),
            contentType: "text/calendar",
          },
        ],
      }),
    );
    await drain(worker(), clock, getDatabase());
    expect(server.requests[0]?.path).toBe("/emails");
    expect(server.delivered[0]?.attachments?.[0]?.filename).toBe("visit.ics");
  });
});

describe("what an email carries", () => {
  async function user(email: string) {
    const [row] = await getDatabase().writeAtomic((d) =>
      d.insert(schema.users).values({ email, name: "居民" }).returning({ id: schema.users.id }),
    );
    return row!.id;
  }

  it("gives broadcast mail one-click List-Unsubscribe headers and transactional mail none", async () => {
    await user("reader@lianxin.test");
    await enqueueCodes(1, "code");
    await getDatabase().write((tx) =>
      enqueueEmail(tx, {
        key: "notice:1",
        to: "reader@lianxin.test",
        template: "announcements.new",
        data: { title: "培训班报名", summary: "", url: "http://lianxin.test/a/1" },
        locale: "zh-CN",
        sendAfter: new Date(clock.now()),
      }),
    );
    await drain(worker(), clock, getDatabase());
    const byKey = new Map(server.delivered.map((e) => [e.headers?.["X-Lianxin-Email-Key"], e]));
    const notice = byKey.get("notice:1");
    expect(notice?.headers?.["List-Unsubscribe"]).toMatch(/^<http:\/\/lianxin\.test\/unsubscribe\/.+>$/);
    expect(notice?.headers?.["List-Unsubscribe-Post"]).toBe("List-Unsubscribe=One-Click");
    expect(notice?.html).toContain("/unsubscribe/");
    const code = byKey.get("code:0");
    expect(code?.headers?.["List-Unsubscribe"]).toBeUndefined();
    expect(code?.html).not.toContain("/unsubscribe/");
  });

  it("does not send a kind the recipient turned off after it was queued", async () => {
    const id = await user("quiet@lianxin.test");
    await getDatabase().write((tx) =>
      enqueueEmail(tx, {
        key: "notice:quiet",
        to: "quiet@lianxin.test",
        template: "announcements.new",
        data: { title: "公告", summary: "", url: "http://lianxin.test/a/2" },
        locale: "zh-CN",
        sendAfter: new Date(clock.now()),
      }),
    );
    await saveEmailPreferences(id, { disabledKinds: ["announcements"], reminderLeadMinutes: [1440, 60] });
    await drain(worker(), clock, getDatabase());
    expect(server.delivered).toHaveLength(0);
    const [row] = await getDatabase()
      .db.select()
      .from(schema.emailOutbox)
      .where(eq(schema.emailOutbox.key, "notice:quiet"));
    expect(row?.status).toBe("cancelled");
  });
});
