import { execFile, spawn } from "node:child_process";
import { promisify } from "node:util";
import { eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startsWith } from "#db/like";
import { Database, getDatabase, schema, setDatabase } from "#db/client.server";
import { drain, virtualClock, type VirtualClock } from "#tests/support/email";
import { FakeResend, refusedByDefault } from "#tests/support/fake-resend";
import { freshDatabaseFile } from "#tests/setup/db";
import { enqueueEmail, retryEmails } from "./outbox.server";
import { saveEmailPreferences } from "./preferences.server";
import { resendTransport, type EmailTransport } from "./transport.server";
import { EmailWorker, realClock, type EmailWorkerOptions } from "./worker.server";

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
    expect(server.requests.every((r) => r.idempotencyKey?.startsWith("lianxin-email-"))).toBe(true);
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
      send: async (request, key) => {
        await real.send(request, key);
        return new Promise(() => undefined);
      },
    };
    // A process that stopped: no heartbeat renews its lease.
    void worker({ transport: dying, owner: "dies", heartbeatMs: 3_600_000 }).runOnce();
    await expect.poll(() => server.delivered.length).toBe(30);

    const stuck = await statuses();
    expect([...stuck.values()].every((r) => r.status === "sending" && r.leaseOwner === "dies")).toBe(true);
    clock.advance(11_000);
    await drain(worker({ owner: "restarted" }), clock, getDatabase());

    expectEachOnce(Array.from({ length: 30 }, (_, i) => `crash:${i}`));
    expect(server.requests).toHaveLength(2);
    expect(server.requests[0]?.idempotencyKey).toBe(server.requests[1]?.idempotencyKey);
    const rows = await statuses();
    expect([...rows.values()].every((r) => r.status === "sent")).toBe(true);
  });

  it("does not deliver a batch twice when the worker process is killed mid-batch and another starts", async () => {
    await enqueueCodes(20, "killed"); // one batch of the child's size
    server.inject({ kind: "hangAfter" });
    const child = spawn(
      process.execPath,
      ["--import", "tsx", "tests/support/email-worker-process.ts", database.url, server.url, "killed"],
      { stdio: "ignore" },
    );
    try {
      await expect.poll(() => server.delivered.length, { timeout: 20_000 }).toBe(20);
    } finally {
      child.kill("SIGKILL");
    }
    const stuck = [...(await statuses()).values()];
    expect(stuck.every((r) => r.status === "sending" && r.leaseOwner === "killed")).toBe(true);

    // The lease the dead process last renewed (10 s of real time) has run out for the next worker.
    clock.set(Date.now() + 11_000);
    expect(await worker({ owner: "next" }).runOnce()).toBe(20);
    await drain(worker({ owner: "next" }), clock, getDatabase());
    expectEachOnce(Array.from({ length: 20 }, (_, i) => `killed:${i}`));
    expect(server.requests.map((r) => r.idempotencyKey)).toEqual([
      server.requests[0]?.idempotencyKey,
      server.requests[0]?.idempotencyKey,
    ]);
    expect([...(await statuses()).values()].every((r) => r.status === "sent")).toBe(true);
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
    // Two processes each starting tsx on a shared two-core machine: their start-up alone takes seconds.
  }, 90_000);

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

  it("tries a request again at once after a server error, and sends it when the error has passed", async () => {
    await enqueueCodes(1, "again");
    server.inject({ kind: "500" }, { kind: "drop" });
    await drain(worker({ maxAttempts: 1 }), clock, getDatabase());
    expect((await statuses()).get("again:0")).toMatchObject({ status: "sent", attempts: 1 });
    expect(server.requests.map((r) => r.status)).toEqual([500, "dropped", 200]);
    expect(new Set(server.requests.map((r) => r.idempotencyKey)).size).toBe(1);
  });

  it("marks an email unconfirmed, not failed, when every try met a server error", async () => {
    await enqueueCodes(1, "doomed");
    server.inject(...Array.from({ length: 9 }, () => ({ kind: "500" as const })));
    await drain(worker({ maxAttempts: 3 }), clock, getDatabase());
    const row = (await statuses()).get("doomed:0");
    expect(row).toMatchObject({
      status: "unconfirmed",
      attempts: 3,
      lastError: expect.stringContaining("500"),
    });
    expect(server.requests).toHaveLength(9);
    expect(server.delivered).toHaveLength(0);
  });

  it("backs off exponentially between attempts after server errors", async () => {
    await enqueueCodes(1, "backoff");
    server.inject(...Array.from({ length: 9 }, () => ({ kind: "500" as const })));
    await drain(worker(), clock, getDatabase());
    // Each attempt tries three times at the request rate; attempts are spaced by a growing backoff.
    const firsts = server.requests.filter((_, i) => i % 3 === 0);
    const gaps = firsts.slice(1).map((r, i) => r.at - firsts[i]!.at);
    expect(gaps).toHaveLength(3);
    expect(gaps[1]!).toBeGreaterThan(gaps[0]!);
    expect(gaps[2]!).toBeGreaterThan(gaps[1]!);
    expect(server.delivered).toHaveLength(1);
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

describe("stopping", () => {
  it("finishes the batch in flight, records it, and claims nothing more", async () => {
    await enqueueCodes(150, "stop");
    const real = resendTransport("re_test", server.url);
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let requests = 0;
    const held: EmailTransport = {
      ...real,
      send: async (request, key) => {
        requests++;
        await gate;
        return real.send(request, key);
      },
    };
    const running = worker({ transport: held, concurrency: 1 });
    running.start();
    await expect.poll(() => requests).toBe(1);
    const stopped = running.stop();
    release();
    await stopped;

    expect(requests).toBe(1);
    const rows = [...(await statuses()).values()];
    expect(rows.filter((r) => r.status === "sent")).toHaveLength(100);
    expect(rows.filter((r) => r.status === "queued")).toHaveLength(50);
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

function dyingAfterSend(real: EmailTransport): EmailTransport {
  // Sends, then never comes back: to the database this is a process killed mid-batch.
  return {
    ...real,
    send: async (request, key) => {
      await real.send(request, key);
      return new Promise(() => undefined);
    },
  };
}

async function organizer() {
  const [row] = await getDatabase().writeAtomic((d) =>
    d
      .insert(schema.users)
      .values({ email: "organizer@lianxin.test", name: "组织者", role: "organizer" })
      .returning({ id: schema.users.id }),
  );
  return row!.id;
}

describe("what is sent under a key is what was first sent under it", () => {
  it("sends the frozen bytes again after a crash, though the community was renamed meanwhile", async () => {
    await enqueueCodes(30, "frozen");
    let communityName = "油田社区";
    const settings = async () => ({ ...(await sender()), communityName });
    const real = resendTransport("re_test", server.url);
    void worker({ transport: dyingAfterSend(real), sender: settings, heartbeatMs: 3_600_000 }).runOnce();
    await expect.poll(() => server.delivered.length).toBe(30);

    communityName = "连心新村";
    clock.advance(11_000);
    await drain(worker({ sender: settings }), clock, getDatabase());

    expectEachOnce(Array.from({ length: 30 }, (_, i) => `frozen:${i}`));
    const [first, again] = server.requests;
    expect(again).toMatchObject({
      status: 200,
      idempotencyKey: first?.idempotencyKey,
      bodyHash: first?.bodyHash,
    });
    expect(server.delivered.every((e) => e.html?.includes("油田社区"))).toBe(true);
    const rows = [...(await statuses()).values()];
    expect(rows.every((r) => r.status === "sent")).toBe(true);
    // Nothing is left of the request once every row in it is settled.
    expect(await getDatabase().db.select().from(schema.outboxRequests)).toHaveLength(0);
  });

  it("treats 409 invalid_idempotent_request as maybe delivered: no retry, no new key", async () => {
    await enqueueCodes(2, "legacy");
    // Rows frozen by a version that kept no bytes, whose key the provider holds for another body.
    const key = "lianxin-batch-legacy";
    await fetch(`${server.url}/emails/batch`, {
      method: "POST",
      headers: {
        authorization: "Bearer re_test",
        "idempotency-key": key,
        "content-type": "application/json",
      },
      body: JSON.stringify([
        { from: "a@lianxin.test", to: "resident0@lianxin.test", subject: "旧", html: "旧" },
      ]),
    });
    await getDatabase().writeAtomic((d) =>
      d
        .update(schema.emailOutbox)
        .set({ requestKey: key })
        .where(startsWith(schema.emailOutbox.key, "legacy:")),
    );
    const before = server.requests.length;
    await drain(worker(), clock, getDatabase());

    const mine = server.requests.slice(before);
    expect(mine.map((r) => [r.status, r.error, r.idempotencyKey])).toEqual([
      [409, "invalid_idempotent_request", key],
    ]);
    const rows = [...(await statuses()).values()];
    expect(rows.every((r) => r.status === "unconfirmed")).toBe(true);
    expect(rows[0]?.lastError).toContain("invalid_idempotent_request");
  });

  it("waits out 409 concurrent_idempotent_requests and takes the first request's answer", async () => {
    await enqueueCodes(5, "concurrent");
    const real = resendTransport("re_test", server.url);
    let first = true;
    // The first request reaches the provider, which works on it a while; the client gives up on it at once.
    const impatient: EmailTransport = {
      ...real,
      send: async (request, key) => {
        if (!first) return real.send(request, key);
        first = false;
        void real.send(request, key);
        await new Promise((resolve) => setTimeout(resolve, 100));
        return { kind: "transient", error: "timed out", dropped: true };
      },
    };
    server.inject({ kind: "slow", ms: 600 });
    await drain(worker({ transport: impatient }), clock, getDatabase());

    expectEachOnce(Array.from({ length: 5 }, (_, i) => `concurrent:${i}`));
    expect(server.requests.some((r) => r.error === "concurrent_idempotent_requests")).toBe(true);
    expect(new Set(server.requests.map((r) => r.idempotencyKey)).size).toBe(1);
    expect([...(await statuses()).values()].every((r) => r.status === "sent")).toBe(true);
  });

  /** The provider takes the batch but its answer is lost, and every try after meets a server error. */
  async function takenWithoutAnswer(count: number, prefix: string) {
    await enqueueCodes(count, prefix);
    server.inject({ kind: "dropAfter" }, { kind: "500" }, { kind: "500" });
    await drain(worker({ maxAttempts: 1 }), clock, getDatabase());
    return [...(await statuses()).values()];
  }

  it("lets staff retry an email that may have been delivered without sending a second copy", async () => {
    const stuck = await takenWithoutAnswer(3, "maybe");
    expect(stuck.map((r) => r.status)).toEqual(["unconfirmed", "unconfirmed", "unconfirmed"]);
    expect(server.delivered).toHaveLength(3);

    // Retrying one row asks again with its whole request, under its key.
    const result = await retryEmails({ ids: [stuck[0]!.id] }, await organizer(), new Date(clock.now()));
    expect(result).toEqual({ restarted: 0, askedAgain: 3, kept: 0 });
    await drain(worker({ maxAttempts: 1 }), clock, getDatabase());

    expectEachOnce(["maybe:0", "maybe:1", "maybe:2"]);
    expect(new Set(server.requests.map((r) => r.idempotencyKey)).size).toBe(1);
    expect([...(await statuses()).values()].every((r) => r.status === "sent")).toBe(true);
  });

  it("does not send a frozen request again once the provider has forgotten its key", async () => {
    const [one] = await takenWithoutAnswer(2, "late");
    clock.advance(24 * 60 * 60_000);
    expect(await retryEmails({ ids: [one!.id] }, await organizer(), new Date(clock.now()))).toEqual({
      restarted: 0,
      askedAgain: 0,
      kept: 1,
    });
    expect([...(await statuses()).values()].every((r) => r.status === "unconfirmed")).toBe(true);
  });
});

describe("a batch refused whole for one address", () => {
  it("is split until only the refused row fails, with the provider's reason", async () => {
    await server.stop();
    server = await new FakeResend({
      now: clock.now,
      refusesAddress: (to) => to.startsWith("refused") || refusedByDefault(to),
    }).start();
    await enqueueCodes(51, "split");
    await getDatabase().write((tx) =>
      enqueueEmail(tx, {
        key: "split:bad",
        to: "refused@lianxin.test",
        template: "auth.verifyEmail",
        data: { name: "居民", code: "12345678", minutes: 15 },
        locale: "zh-CN",
        sendAfter: new Date(clock.now()),
      }),
    );
    await drain(worker(), clock, getDatabase());

    expectEachOnce(Array.from({ length: 51 }, (_, i) => `split:${i}`));
    const rows = await statuses();
    expect(rows.get("split:bad")).toMatchObject({
      status: "failed",
      lastError: expect.stringContaining("refused@lianxin.test"),
    });
    expect([...rows.values()].filter((r) => r.status === "sent")).toHaveLength(51);
    // Halving finds one address among 52 in a handful of requests.
    expect(server.requests.length).toBeLessThanOrEqual(2 * Math.ceil(Math.log2(52)) + 1);
  });

  it("refuses an address longer than SMTP allows before it reaches the provider", async () => {
    await enqueueCodes(2, "long");
    await getDatabase().write((tx) =>
      enqueueEmail(tx, {
        key: "long:bad",
        to: `${"a".repeat(65)}@lianxin.test`,
        template: "auth.verifyEmail",
        data: { name: "居民", code: "12345678", minutes: 15 },
        locale: "zh-CN",
        sendAfter: new Date(clock.now()),
      }),
    );
    await drain(worker(), clock, getDatabase());
    expectEachOnce(["long:0", "long:1"]);
    expect((await statuses()).get("long:bad")).toMatchObject({ status: "failed" });
    expect(server.requests).toHaveLength(1);
  });
});

describe("leases", () => {
  it("keeps a batch's rows while its request is on the wire longer than the lease", async () => {
    await enqueueCodes(10, "held");
    server.inject({ kind: "slow", ms: 1_200 });
    const options = { clock: realClock, leaseMs: 400, heartbeatMs: 100 };
    const sending = worker({ ...options, owner: "slow" }).runOnce();
    await new Promise((resolve) => setTimeout(resolve, 700));
    expect(await worker({ ...options, owner: "other" }).runOnce()).toBe(0);
    await sending;
    expectEachOnce(Array.from({ length: 10 }, (_, i) => `held:${i}`));
    expect(server.requests).toHaveLength(1);
  });

  it("sends nothing for rows another worker took once its lease ran out", async () => {
    await enqueueCodes(10, "taken");
    let resume: () => void = () => undefined;
    const paused = new Promise<void>((resolve) => (resume = resolve));
    let claimed = false;
    // A worker that stalls between its claim and its send (a long pause), without a heartbeat.
    const stalled = worker({
      owner: "stalled",
      heartbeatMs: 3_600_000,
      sender: async () => {
        claimed = true;
        await paused;
        return sender();
      },
    }).runOnce();
    await expect.poll(() => claimed).toBe(true);
    clock.advance(11_000);
    await drain(worker({ owner: "next" }), clock, getDatabase());
    resume();
    await stalled;

    expectEachOnce(Array.from({ length: 10 }, (_, i) => `taken:${i}`));
    expect(server.requests).toHaveLength(1);
    expect([...(await statuses()).values()].every((r) => r.status === "sent" && r.leaseOwner === null)).toBe(
      true,
    );
  });
});

describe("a provider outage", () => {
  it("of 30 s still gives every recipient exactly one email, and leaves nothing unconfirmed", async () => {
    await enqueueCodes(250, "outage");
    server.outage(clock.now() + 30_000);
    await drain(worker(), clock, getDatabase());
    expectEachOnce(Array.from({ length: 250 }, (_, i) => `outage:${i}`));
    expect([...(await statuses()).values()].every((r) => r.status === "sent")).toBe(true);
    expect(server.requests.filter((r) => r.status === 500).length).toBeGreaterThan(3);
  });
});
