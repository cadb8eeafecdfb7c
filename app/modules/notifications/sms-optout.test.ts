import { eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { Database, getDatabase, schema, setDatabase } from "#db/client.server";
import { freshDatabaseFile } from "#tests/setup/db";
import { drain, virtualClock, type VirtualClock } from "#tests/support/email";
import { getSettings } from "#app/modules/settings/settings.server";
import { enqueueSms, smsComposer, type SmsRequest } from "./sms.server";
import { smsBoxTransport, type OutgoingSms } from "./sms-transport.server";
import { pauseSms, smsPaused } from "./sms-delivery.server";
import { OutboxWorker } from "./worker.server";
import {
  applySmsOptOutLink,
  describeSmsOptOut,
  optOutLinkLimited,
  readSmsOptOutToken,
  smsOptOutToken,
} from "./sms-optout.server";
import { parseReplies, receiveSmsReplies } from "./sms-replies.server";

let database: Database;
let clock: VirtualClock;
beforeEach(async () => {
  database = new Database({ url: freshDatabaseFile() });
  setDatabase(database);
  clock = virtualClock(Date.UTC(2026, 0, 5, 8, 0, 0)); // 16:00 in Shanghai
  await getSettings();
});
afterEach(() => database.close());

const origin = "https://lx.example.org";

function smsWorker() {
  return new OutboxWorker<OutgoingSms>({
    database,
    channel: "sms",
    transport: smsBoxTransport(database),
    composer: smsComposer(database, { signName: "连心社区", templateCodes: null, origin }),
    ratePerSecond: 100,
    maxAttempts: 5,
    clock,
    random: () => 0.5,
    paused: (tx) => smsPaused(tx),
    onPause: pauseSms,
  });
}

const text = (key: string, extra: Partial<SmsRequest> = {}): SmsRequest => ({
  key,
  to: "13800138000",
  template: "courseReminder",
  data: { course: "家政服务", time: "1月6日 09:00" },
  locale: "zh-CN",
  sendAfter: new Date(clock.now()),
  ...extra,
});

async function optOuts() {
  return getDatabase().db.select().from(schema.smsOptOuts);
}

describe("the short opt-out token", () => {
  it("is short, the same for a number every time, and reads back to that number only", async () => {
    const token = await smsOptOutToken("+8613800138000");
    expect(token).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(token).not.toContain("13800138000");
    expect(await smsOptOutToken("+8613800138000")).toBe(token);
    expect(await smsOptOutToken("+8613900139000")).not.toBe(token);
    expect(await readSmsOptOutToken(token)).toBe("+8613800138000");
    expect(await readSmsOptOutToken(await smsOptOutToken("+447700900123"))).toBe("+447700900123");
  });

  it("refuses a token changed by one character, or made up", async () => {
    const token = await smsOptOutToken("+8613800138000");
    const changed = (token[0] === "A" ? "B" : "A") + token.slice(1);
    expect(await readSmsOptOutToken(changed)).toBeNull();
    expect(await readSmsOptOutToken("AAAAAAAAAAAAAAAAAAAAAA")).toBeNull();
    expect(await readSmsOptOutToken("short")).toBeNull();
    expect(await describeSmsOptOut(changed)).toBeNull();
  });
});

describe("texts carry the link", () => {
  it("ends reminders and course texts with the opt-out link, never codes or help news", async () => {
    await getDatabase().write(async (tx) => {
      await enqueueSms(tx, text("link:course"));
      await enqueueSms(tx, { ...text("link:code"), template: "code", data: { code: "123456", minutes: 10 } });
      await enqueueSms(tx, { ...text("link:help"), template: "helpUpdate", data: { status: "已派人" } });
    });
    await drain(smsWorker(), clock, database);
    const box = new Map(
      (await getDatabase().db.select().from(schema.smsBox)).map((row) => [row.outboxKey, row.text]),
    );
    const token = await smsOptOutToken("+8613800138000");
    expect(box.get("link:course")).toMatch(new RegExp(`退订回TD或点 ${origin}/s/${token}$`));
    expect(box.get("link:code")).not.toContain("/s/");
    expect(box.get("link:help")).not.toContain("/s/");
  });

  it("gives the provider the token as the template's last variable", async () => {
    const sent: OutgoingSms[] = [];
    const box = smsBoxTransport(database);
    await getDatabase().write((tx) => enqueueSms(tx, text("param:course")));
    const worker = new OutboxWorker<OutgoingSms>({
      database,
      channel: "sms",
      transport: {
        ...box,
        encode(texts) {
          sent.push(...texts);
          return box.encode(texts);
        },
      },
      composer: smsComposer(database, { signName: "连心社区", templateCodes: null, origin }),
      ratePerSecond: 100,
      maxAttempts: 5,
      clock,
      random: () => 0.5,
      paused: (tx) => smsPaused(tx),
      onPause: pauseSms,
    });
    await drain(worker, clock, database);
    expect(sent[0]?.paramOrder).toEqual(["course", "time", "optout"]);
    expect(sent[0]?.params.optout).toBe(await smsOptOutToken("+8613800138000"));
  });
});

describe("the link's page", () => {
  it("stops and resumes non-essential texts for the number, audited, and the worker obeys", async () => {
    const token = await smsOptOutToken("+8613800138000");
    expect(await describeSmsOptOut(token)).toEqual({
      phone: "+8613800138000",
      masked: "+86 138****8000",
      optedOut: false,
    });
    expect(await applySmsOptOutLink(token, true)).toBe(true);
    expect(await optOuts()).toMatchObject([{ phone: "+8613800138000", source: "link" }]);
    expect((await describeSmsOptOut(token))?.optedOut).toBe(true);
    await getDatabase().write(async (tx) => {
      await enqueueSms(tx, text("after:course"));
      await enqueueSms(tx, {
        ...text("after:code"),
        template: "code",
        data: { code: "654321", minutes: 10 },
      });
    });
    await drain(smsWorker(), clock, database);
    const rows = await getDatabase()
      .db.select()
      .from(schema.emailOutbox)
      .where(eq(schema.emailOutbox.channel, "sms"));
    const status = new Map(rows.map((r) => [r.key, r.status]));
    expect(status.get("after:course")).toBe("cancelled");
    expect(status.get("after:code")).toBe("sent");

    expect(await applySmsOptOutLink(token, false)).toBe(true);
    expect(await optOuts()).toEqual([]);
    const actions = (await getDatabase().db.select().from(schema.auditLog)).map((a) => a.action);
    expect(actions).toEqual(expect.arrayContaining(["sms.optOut", "sms.optIn"]));
    expect(await applySmsOptOutLink("AAAAAAAAAAAAAAAAAAAAAA", true)).toBe(false);
  });

  it("slows down one address pressing the button too often", async () => {
    const now = new Date(clock.now());
    for (let i = 0; i < 30; i++) expect(await optOutLinkLimited("203.0.113.9", now)).toBeNull();
    expect(await optOutLinkLimited("203.0.113.9", now)).toBeGreaterThan(0);
    expect(await optOutLinkLimited("203.0.113.10", now)).toBeNull();
  });
});

describe("the providers' reply pushes", () => {
  const secret = "s3cret-s3cret-s3cret-s3cret";
  const aliyun = (replies: { phone_number: string; content: string }[]) =>
    JSON.stringify(
      replies.map((r, i) => ({
        ...r,
        send_time: "2026-01-05 16:00:00",
        sign_name: "连心社区",
        dest_code: "1234",
        sequence_id: 1000 + i,
      })),
    );

  it("opts out Alibaba's SmsUp replies of TD, T, 退订, N and STOP, and answers code 0", async () => {
    const body = aliyun([
      { phone_number: "13800138001", content: "TD" },
      { phone_number: "13800138002", content: " t " },
      { phone_number: "13800138003", content: "退订" },
      { phone_number: "13800138004", content: "n" },
      { phone_number: "13800138005", content: "Stop" },
      { phone_number: "13800138006", content: "谢谢，收到" },
    ]);
    const result = await receiveSmsReplies("aliyun", { token: secret, body, ip: "198.51.100.1" }, secret);
    expect(result).toEqual({ status: 200, body: { code: 0, msg: "接收成功" }, optedOut: 5 });
    const phones = (await optOuts()).map((o) => [o.phone, o.source]).sort();
    expect(phones).toEqual([
      ["+8613800138001", "reply"],
      ["+8613800138002", "reply"],
      ["+8613800138003", "reply"],
      ["+8613800138004", "reply"],
      ["+8613800138005", "reply"],
    ]);
  });

  it("opts out a Tencent reply and answers result 0", async () => {
    const body = JSON.stringify({
      extend: "",
      mobile: "13900139000",
      nationcode: "86",
      sign: "连心社区",
      text: "退订",
      time: 1767600000,
    });
    const result = await receiveSmsReplies("tencent", { token: secret, body, ip: "198.51.100.2" }, secret);
    expect(result).toEqual({ status: 200, body: { result: 0, errmsg: "OK" }, optedOut: 1 });
    expect(await optOuts()).toMatchObject([{ phone: "+8613900139000", source: "reply" }]);
    expect(parseReplies("tencent", { mobile: "7700900123", nationcode: "44", text: "STOP" })).toEqual([
      { phone: "+447700900123", text: "STOP" },
    ]);
  });

  it("answers 404 to a wrong or unset secret, 400 to what is not a push, and 429 to a flood", async () => {
    const body = aliyun([{ phone_number: "13800138001", content: "TD" }]);
    const push = (token: string, b = body, ip = "198.51.100.3") =>
      receiveSmsReplies("aliyun", { token, body: b, ip }, secret, new Date(clock.now()));
    expect((await push("wrong-wrong-wrong-wrong-wrong")).status).toBe(404);
    expect((await receiveSmsReplies("aliyun", { token: "", body, ip: null }, undefined)).status).toBe(404);
    expect(await optOuts()).toEqual([]);
    expect((await push(secret, "{not json")).status).toBe(400);
    expect((await push(secret, JSON.stringify({ phone_number: "1" }))).status).toBe(400);
    const flood = [];
    for (let i = 0; i < 600; i++) flood.push(await push(secret, "[]", "198.51.100.4"));
    expect(flood.every((r) => r.status === 200)).toBe(true);
    expect((await push(secret, "[]", "198.51.100.4")).status).toBe(429);
  });
});
