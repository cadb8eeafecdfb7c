import { spawn } from "node:child_process";
import { eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { Database, getDatabase, schema, setDatabase } from "#db/client.server";
import { freshDatabaseFile } from "#tests/setup/db";
import { drain, virtualClock, type VirtualClock } from "#tests/support/email";
import { FakeAlibabaSms, FakeTencentSms } from "#tests/support/fake-sms";
import { getSettings } from "#app/modules/settings/settings.server";
import { enqueueSms, smsComposer } from "./sms.server";
import { pauseSms, smsPaused } from "./sms-delivery.server";
import {
  alibabaTransport,
  classifyAlibaba,
  classifyTencent,
  tencentTransport,
  type OutgoingSms,
  type SmsTransport,
} from "./sms-transport.server";
import { OutboxWorker } from "./worker.server";

const templateCodes = {
  code: "SMS_100",
  courseReminder: "SMS_200",
  "courseReminder:en": "SMS_201",
  helpUpdate: "SMS_300",
};

let database: Database;
let clock: VirtualClock;
beforeEach(async () => {
  database = new Database({ url: freshDatabaseFile() });
  setDatabase(database);
  clock = virtualClock(Date.UTC(2026, 0, 5, 8, 0, 0));
  await getSettings();
  await getDatabase().writeAtomic((d) =>
    d.update(schema.settings).set({ smsDailyPerNumber: 100 }).where(eq(schema.settings.id, 1)),
  );
});
afterEach(() => database.close());

function alibaba(server: FakeAlibabaSms, secret = "alibaba-secret") {
  return alibabaTransport({
    accessKeyId: "LTAI-test",
    accessKeySecret: secret,
    signName: "连心社区",
    endpoint: server.url,
    timeoutMs: 400,
    recordLagMs: 0,
  });
}

function tencent(server: FakeTencentSms, secret = "tencent-secret") {
  return tencentTransport({
    secretId: "AKID-test",
    secretKey: secret,
    appId: "1400006666",
    signName: "连心社区",
    region: "ap-guangzhou",
    endpoint: server.url,
    timeoutMs: 1000,
    recordLagMs: 0,
  });
}

function worker(transport: SmsTransport, owner?: string) {
  return new OutboxWorker<OutgoingSms>({
    database,
    channel: "sms",
    transport,
    composer: smsComposer(database, { signName: "连心社区", templateCodes }),
    ratePerSecond: 1000,
    maxAttempts: 30,
    owner,
    clock,
    random: () => 0.5,
    paused: smsPaused,
    onPause: pauseSms,
  });
}

async function enqueueReminders(count: number, prefix = "r", urgent = false) {
  await getDatabase().write(async (tx) => {
    for (let i = 0; i < count; i++)
      await enqueueSms(tx, {
        key: `${prefix}:${i}`,
        to: `138${String(i).padStart(8, "0")}`,
        template: "courseReminder",
        data: { course: "家政服务", time: "1月6日 09:00" },
        locale: i % 2 ? "en" : "zh-CN",
        sendAfter: new Date(clock.now()),
        urgent,
      });
  });
}

async function rows() {
  const all = await getDatabase()
    .db.select()
    .from(schema.emailOutbox)
    .where(eq(schema.emailOutbox.channel, "sms"));
  return new Map(all.map((r) => [r.key, r]));
}

function expectEachOnce(server: { takenByOutId(): Map<string, number> }, ids: number[]) {
  const taken = server.takenByOutId();
  expect([...taken.values()].every((n) => n === 1)).toBe(true);
  expect([...taken.keys()].sort()).toEqual(ids.map((id) => `lx${id}`).sort());
}

describe("Alibaba Cloud SMS through @alicloud/dysmsapi20170525", () => {
  it("sends a signed SendSms with the sign, template code, variables and OutId", async () => {
    const server = await new FakeAlibabaSms().start();
    try {
      await enqueueReminders(2);
      await drain(worker(alibaba(server)), clock, database, 50, "sms");
      expect(server.badSignatures).toBe(0);
      expect(server.taken).toHaveLength(2);
      const zh = server.taken.find((t) => t.to === "13800000000");
      expect(zh).toMatchObject({
        template: "SMS_200",
        signName: "连心社区",
        // The opt-out token goes last: the approved template holds the link around it (decision 028).
        params: ["家政服务", "1月6日 09:00", expect.stringMatching(/^[A-Za-z0-9_-]{22}$/)],
      });
      expect(server.taken.find((t) => t.to === "13800000001")?.template).toBe("SMS_201");
      const row = (await rows()).get("r:0");
      expect(row).toMatchObject({ status: "sent", providerId: expect.stringMatching(/^serial-/) });
      expect(zh?.outId).toBe(`lx${row!.id}`);
    } finally {
      await server.stop();
    }
  });

  it("is refused with a reason staff can read when the request's signature is wrong", async () => {
    const server = await new FakeAlibabaSms().start();
    try {
      await enqueueReminders(1);
      await drain(worker(alibaba(server, "wrong-secret")), clock, database, 50, "sms");
      expect(server.badSignatures).toBe(1);
      expect(server.taken).toHaveLength(0);
      const row = (await rows()).get("r:0");
      expect(row?.status).toBe("failed");
      expect(row?.lastError).toContain("服务商账户或密钥配置有误");
      expect(row?.lastError).toContain("SignatureDoesNotMatch");
    } finally {
      await server.stop();
    }
  });

  it("waits out a per-number limit, fails an illegal number alone, and pauses on an exhausted balance", async () => {
    const server = await new FakeAlibabaSms().start();
    try {
      await enqueueReminders(3);
      server.inject(
        { kind: "code", code: "isv.BUSINESS_LIMIT_CONTROL", message: "触发小时级流控Permits:5" },
        { kind: "code", code: "isv.MOBILE_NUMBER_ILLEGAL", message: "Illegal phone number" },
        { kind: "code", code: "isv.AMOUNT_NOT_ENOUGH", message: "账户余额不足" },
      );
      const w = worker(alibaba(server));
      const before = clock.now();
      await w.runOnce();
      const all = await rows();
      expect(all.get("r:0")).toMatchObject({ status: "queued", attempts: 0 });
      expect(all.get("r:0")?.nextAttemptAt.getTime()).toBeGreaterThanOrEqual(before + 3_600_000);
      expect(all.get("r:0")?.nextAttemptAt.getTime()).toBeLessThan(before + 3_601_000);
      expect(all.get("r:1")?.status).toBe("failed");
      expect(all.get("r:1")?.lastError).toContain("手机号码格式错误");
      expect(all.get("r:2")).toMatchObject({ status: "queued", attempts: 0 });
      expect((await getSettings()).smsPausedReason).toContain("isv.AMOUNT_NOT_ENOUGH");
      clock.advance(4_000_000);
      expect(await w.runOnce()).toBe(0);
    } finally {
      await server.stop();
    }
  });
});

describe("Tencent Cloud SMS through tencentcloud-sdk-nodejs-sms", () => {
  it("sends a TC3-signed SendSms with the app id, sign, template id, ordered variables and SessionContext", async () => {
    const server = await new FakeTencentSms().start();
    try {
      await enqueueReminders(1);
      await drain(worker(tencent(server)), clock, database, 50, "sms");
      expect(server.badSignatures).toBe(0);
      const row = (await rows()).get("r:0");
      expect(server.taken).toEqual([
        {
          to: "+8613800000000",
          outId: `lx${row!.id}`,
          template: "SMS_200",
          params: ["家政服务", "1月6日 09:00", expect.stringMatching(/^[A-Za-z0-9_-]{22}$/)],
          signName: "连心社区",
          serial: "serial-1",
        },
      ]);
      expect(row).toMatchObject({ status: "sent", providerId: "serial-1" });
    } finally {
      await server.stop();
    }
  });

  it("maps a number's status and the request's errors as Alibaba's are", async () => {
    const server = await new FakeTencentSms().start();
    try {
      await enqueueReminders(4);
      server.inject(
        { kind: "status", code: "LimitExceeded.PhoneNumberDailyLimit" },
        { kind: "code", code: "InvalidParameterValue.IncorrectPhoneNumber", message: "incorrect phone" },
        { kind: "code", code: "FailedOperation.TemplateIncorrectOrUnapproved", message: "template" },
        { kind: "code", code: "FailedOperation.InsufficientBalanceInSmsPackage", message: "balance" },
      );
      await worker(tencent(server)).runOnce();
      const all = await rows();
      expect(all.get("r:0")).toMatchObject({ status: "queued", attempts: 0 });
      // Until the next day in China (counted on the real clock, as the provider counts it).
      expect(all.get("r:0")!.nextAttemptAt.getTime() - clock.now()).toBeGreaterThan(60_000);
      expect(all.get("r:1")?.lastError).toContain("手机号码格式错误");
      expect(all.get("r:2")?.lastError).toContain("短信模板未审核通过");
      expect(all.get("r:3")).toMatchObject({ status: "queued" });
      expect(await smsPaused(getDatabase().db as never)).toBe(true);
    } finally {
      await server.stop();
    }
  });

  it("is refused when the TC3 signature is wrong", async () => {
    const server = await new FakeTencentSms().start();
    try {
      await enqueueReminders(1);
      await drain(worker(tencent(server, "nope")), clock, database, 50, "sms");
      expect(server.badSignatures).toBe(1);
      expect((await rows()).get("r:0")?.lastError).toContain("AuthFailure.SignatureFailure");
    } finally {
      await server.stop();
    }
  });
});

describe("error codes", () => {
  it("sorts Alibaba's codes into wait, refuse with a reason, pause, retry", () => {
    expect(classifyAlibaba("isv.BUSINESS_LIMIT_CONTROL", "触发分钟级流控Permits:1", 200)).toMatchObject({
      kind: "deferred",
      retryAfterMs: 60_000,
    });
    expect(classifyAlibaba("isv.BUSINESS_LIMIT_CONTROL", "触发小时级流控Permits:5", 200)).toMatchObject({
      retryAfterMs: 3_600_000,
    });
    expect(classifyAlibaba("isv.BUSINESS_LIMIT_CONTROL", "触发天级流控Permits:10", 200).kind).toBe(
      "deferred",
    );
    for (const code of ["isv.MOBILE_NUMBER_ILLEGAL", "isv.SMS_TEMPLATE_ILLEGAL", "isv.SMS_SIGNATURE_ILLEGAL"])
      expect(classifyAlibaba(code, "", 200).kind).toBe("rejected");
    expect(classifyAlibaba("isv.SMS_TEMPLATE_ILLEGAL", "", 200)).toMatchObject({
      error: expect.stringContaining("短信模板未审核通过"),
    });
    expect(classifyAlibaba("isv.AMOUNT_NOT_ENOUGH", "", 200).kind).toBe("paused");
    expect(classifyAlibaba("isv.OUT_OF_SERVICE", "", 200).kind).toBe("paused");
    expect(classifyAlibaba("Throttling.User", "", 400).kind).toBe("rateLimited");
    expect(classifyAlibaba("ServiceUnavailable", "", 503).kind).toBe("transient");
  });

  it("sorts Tencent's codes likewise", () => {
    expect(classifyTencent("LimitExceeded.PhoneNumberThirtySecondLimit", "")).toMatchObject({
      kind: "deferred",
      retryAfterMs: 30_000,
    });
    expect(classifyTencent("LimitExceeded.PhoneNumberOneHourLimit", "")).toMatchObject({
      retryAfterMs: 3_600_000,
    });
    expect(classifyTencent("LimitExceeded.PhoneNumberDailyLimit", "").kind).toBe("deferred");
    expect(classifyTencent("InvalidParameterValue.IncorrectPhoneNumber", "").kind).toBe("rejected");
    expect(classifyTencent("FailedOperation.TemplateIncorrectOrUnapproved", "").kind).toBe("rejected");
    expect(classifyTencent("FailedOperation.SignatureIncorrectOrUnapproved", "").kind).toBe("rejected");
    expect(classifyTencent("FailedOperation.InsufficientBalanceInSmsPackage", "").kind).toBe("paused");
    expect(classifyTencent("RequestLimitExceeded", "").kind).toBe("rateLimited");
    expect(classifyTencent("InternalError.Timeout", "").kind).toBe("transient");
  });
});

describe("exactly once under the providers' faults", () => {
  function seeded(seed: number) {
    let s = seed;
    return () => {
      s = (s * 1103515245 + 12345) % 2 ** 31;
      return s / 2 ** 31;
    };
  }

  it("sends every text once through Alibaba's limits, 500s, dropped connections and timeouts", async () => {
    const server = await new FakeAlibabaSms({
      faults: { limited: 0.1, serverErrors: 0.1, drops: 0.15, hangs: 0.05, random: seeded(7) },
    }).start();
    try {
      await enqueueReminders(40);
      await drain(worker(alibaba(server)), clock, database, 2000, "sms");
      const all = [...(await rows()).values()];
      expect(all.every((r) => r.status === "sent")).toBe(true);
      expectEachOnce(
        server,
        all.map((r) => r.id),
      );
      expect(server.requests.some((r) => r.status === "dropped")).toBe(true);
      expect(server.requests.some((r) => r.status === "hung")).toBe(true);
    } finally {
      await server.stop();
    }
  }, 60_000);

  it("sends every text once through Tencent's limits, 500s and dropped connections", async () => {
    const server = await new FakeTencentSms({
      faults: { limited: 0.1, serverErrors: 0.1, drops: 0.2, hangs: 0.02, random: seeded(11) },
    }).start();
    try {
      await enqueueReminders(30);
      await drain(worker(tencent(server)), clock, database, 2000, "sms");
      const all = [...(await rows()).values()];
      expect(all.every((r) => r.status === "sent")).toBe(true);
      expectEachOnce(
        server,
        all.map((r) => r.id),
      );
    } finally {
      await server.stop();
    }
  }, 60_000);

  it("sends a text once when the worker is killed (-9) while the provider holds its request", async () => {
    const server = await new FakeAlibabaSms().start();
    try {
      // Urgent, so that the child (on the real clock) sends it whatever the hour in Shanghai.
      await enqueueReminders(1, "killed", true);
      server.inject({ kind: "hang" });
      const child = spawn(
        process.execPath,
        ["--import", "tsx", "tests/support/sms-worker-process.ts", database.url, server.url, "killed"],
        { stdio: ["ignore", "pipe", "pipe"] },
      );
      await expect.poll(() => server.taken.length, { timeout: 60_000 }).toBe(1);
      child.kill("SIGKILL");
      await new Promise((resolve) => child.once("exit", resolve));
      const stuck = (await rows()).get("killed:0");
      expect(stuck).toMatchObject({ status: "sending", leaseOwner: "killed" });
      expect(stuck?.requestKey).not.toBeNull();

      // Another worker takes the row once the lease runs out, finds the text in the provider's record, sends nothing.
      clock.set(Date.now() + 60_000);
      await drain(worker(alibaba(server), "after"), clock, database, 50, "sms");
      expect((await rows()).get("killed:0")?.status).toBe("sent");
      expect(server.takenByOutId().get(`lx${stuck!.id}`)).toBe(1);
      expect(server.requests.filter((r) => r.action === "QuerySendDetails")).toHaveLength(1);
    } finally {
      await server.stop();
    }
  }, 120_000);
});
