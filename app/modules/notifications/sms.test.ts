import { eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { Database, getDatabase, schema, setDatabase } from "#db/client.server";
import { freshDatabaseFile } from "#tests/setup/db";
import { drain, virtualClock, type VirtualClock } from "#tests/support/email";
import { getSettings } from "#app/modules/settings/settings.server";
import { normalizePhone } from "./phone";
import { afterQuietHours, enqueueSms, renderSms, smsComposer, type SmsRequest } from "./sms.server";
import { smsBoxTransport, type OutgoingSms, type SmsTransport } from "./sms-transport.server";
import { pauseSms, resumeSms, smsPaused } from "./sms-delivery.server";
import { recordSmsReply, smsCostReport } from "./sms-box.server";
import { OutboxWorker } from "./worker.server";
import { saveChannelChoice, smsNumberFor } from "./preferences.server";
import { channelsOf } from "./channels";
import { enqueueEmail, listOutbox, outboxCounts } from "./outbox.server";

let database: Database;
let clock: VirtualClock;
beforeEach(async () => {
  database = new Database({ url: freshDatabaseFile() });
  setDatabase(database);
  // 16:00 in Shanghai.
  clock = virtualClock(Date.UTC(2026, 0, 5, 8, 0, 0));
  await getSettings();
});
afterEach(() => database.close());

function smsWorker(transport: SmsTransport = smsBoxTransport(database)) {
  return new OutboxWorker<OutgoingSms>({
    database,
    channel: "sms",
    transport,
    composer: smsComposer(database, { signName: "连心社区", templateCodes: null }),
    ratePerSecond: 100,
    maxAttempts: 5,
    clock,
    random: () => 0.5,
    paused: (tx) => smsPaused(tx),
    onPause: pauseSms,
  });
}

async function user(email: string, phone: string | null, role: "resident" | "admin" = "resident") {
  const [row] = await getDatabase()
    .db.insert(schema.users)
    .values({ email, name: email.split("@")[0] ?? "x", phone, role })
    .returning({ id: schema.users.id });
  return row!.id;
}

const reminder = (key: string, to = "138 0013 8000", extra: Partial<SmsRequest> = {}): SmsRequest => ({
  key,
  to,
  template: "courseReminder",
  data: { course: "家政服务", time: "1月6日 09:00" },
  locale: "zh-CN",
  sendAfter: new Date(clock.now()),
  ...extra,
});

async function rows() {
  const all = await getDatabase()
    .db.select()
    .from(schema.emailOutbox)
    .where(eq(schema.emailOutbox.channel, "sms"));
  return new Map(all.map((r) => [r.key, r]));
}

async function enqueue(...texts: SmsRequest[]) {
  await getDatabase().write(async (tx) => {
    for (const text of texts) await enqueueSms(tx, text);
  });
}

async function setLimits(values: Partial<typeof schema.settings.$inferInsert>) {
  await getDatabase().writeAtomic((d) =>
    d.update(schema.settings).set(values).where(eq(schema.settings.id, 1)),
  );
}

describe("phone numbers", () => {
  it("keeps mainland mobiles as +86 and refuses what is not a number", () => {
    expect(normalizePhone("138 0013-8000")).toBe("+8613800138000");
    expect(normalizePhone("+86 13800138000")).toBe("+8613800138000");
    expect(normalizePhone("008613800138000")).toBe("+8613800138000");
    expect(normalizePhone("+85291234567")).toBe("+85291234567");
    expect(normalizePhone("12345")).toBeNull();
    expect(normalizePhone("1890")).toBeNull();
  });
});

describe("the local SMS box", () => {
  it("gives the recipient the whole text in their messages and staff a masked copy, once", async () => {
    const owner = await user("phone@lianxin.test", "+8613800138000");
    await enqueue({
      key: "code:1",
      to: "13800138000",
      template: "code",
      data: { code: "483920", minutes: 10 },
      locale: "zh-CN",
      sendAfter: new Date(clock.now()),
    });
    await drain(smsWorker(), clock, database);
    expect((await rows()).get("code:1")).toMatchObject({ status: "sent", userId: owner });
    const box = await getDatabase().db.select().from(schema.smsBox);
    expect(box).toHaveLength(1);
    expect(box[0]!.text).toContain("【连心社区】");
    expect(box[0]!.text).not.toContain("483920");
    const messages = await getDatabase()
      .db.select()
      .from(schema.messages)
      .where(eq(schema.messages.userId, owner));
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatchObject({ channel: "sms", subject: "验证码" });
    expect(messages[0]!.text).toContain("483920");
    // A delivery repeated after a crash stores nothing twice.
    const transport = smsBoxTransport(database);
    const rendered = renderSms(
      { ...(await rows()).get("code:1")!, data: { code: "483920", minutes: 10 } },
      {
        signName: "连心社区",
        templateCodes: null,
      },
    );
    if (!rendered.ok) throw new Error(rendered.error);
    await transport.send(transport.encode([rendered.text]), "k");
    expect(await getDatabase().db.select().from(schema.smsBox)).toHaveLength(1);
    expect(await getDatabase().db.select().from(schema.messages)).toHaveLength(1);
  });

  it("writes English texts for a person whose language is English", async () => {
    await enqueue(reminder("en:1", "13800138001", { locale: "en" }));
    await drain(smsWorker(), clock, database);
    const [text] = await getDatabase().db.select().from(schema.smsBox);
    expect(text!.text).toContain("Reminder: your course");
  });

  it("fails a text with a bad number or missing variables alone, with a reason staff can read", async () => {
    await enqueue(reminder("ok:1"), { ...reminder("bad:1"), data: { course: "家政服务" } });
    await getDatabase().writeAtomic((d) =>
      d.insert(schema.emailOutbox).values({
        key: "badnumber:1",
        channel: "sms",
        to: "12345",
        template: "courseReminder",
        data: { course: "x", time: "y" },
        nextAttemptAt: new Date(clock.now()),
      }),
    );
    await drain(smsWorker(), clock, database);
    const all = await rows();
    expect(all.get("ok:1")?.status).toBe("sent");
    expect(all.get("bad:1")).toMatchObject({ status: "failed" });
    expect(all.get("bad:1")?.lastError).toContain("time");
    expect(all.get("badnumber:1")).toMatchObject({ status: "failed" });
    expect(all.get("badnumber:1")?.lastError).toContain("不是有效的手机号");
  });
});

describe("limits", () => {
  it("holds texts in quiet hours until 08:00, except urgent help and codes", async () => {
    // 22:00 in Shanghai.
    clock.set(Date.UTC(2026, 0, 5, 14, 0, 0));
    await enqueue(
      reminder("quiet:reminder"),
      { ...reminder("quiet:urgent"), template: "helpUpdate", data: { status: "已派人" }, urgent: true },
      { ...reminder("quiet:code"), template: "code", data: { code: "123456", minutes: 10 } },
    );
    const worker = smsWorker();
    await worker.runOnce();
    const all = await rows();
    expect(all.get("quiet:urgent")?.status).toBe("sent");
    expect(all.get("quiet:code")?.status).toBe("sent");
    expect(all.get("quiet:reminder")).toMatchObject({ status: "queued", attempts: 0 });
    expect(all.get("quiet:reminder")?.nextAttemptAt.getTime()).toBe(Date.UTC(2026, 0, 6, 0, 0, 0));
    expect(all.get("quiet:reminder")?.lastError).toContain("静默时段");
    await drain(worker, clock, database);
    const sent = (await rows()).get("quiet:reminder");
    expect(sent?.status).toBe("sent");
    expect(sent?.sentAt?.getTime()).toBeGreaterThanOrEqual(Date.UTC(2026, 0, 6, 0, 0, 0));
  });

  it("knows when quiet hours end in the community's zone", () => {
    expect(afterQuietHours(Date.UTC(2026, 0, 5, 8), "Asia/Shanghai")).toBeNull();
    expect(afterQuietHours(Date.UTC(2026, 0, 5, 13), "Asia/Shanghai")).toBe(Date.UTC(2026, 0, 6, 0));
    expect(afterQuietHours(Date.UTC(2026, 0, 5, 22), "Asia/Shanghai")).toBe(Date.UTC(2026, 0, 6, 0));
    expect(afterQuietHours(Date.UTC(2026, 0, 5, 23, 59), "Asia/Shanghai")).toBe(Date.UTC(2026, 0, 6, 0));
  });

  it("follows the quiet hours set by staff, crossing midnight or not", async () => {
    // 16:00 in Shanghai: inside a 12:30–17:15 window, which ends the same day.
    await setLimits({ smsQuietStart: 12 * 60 + 30, smsQuietEnd: 17 * 60 + 15 });
    await enqueue(reminder("noon:reminder"));
    const worker = smsWorker();
    await worker.runOnce();
    const held = (await rows()).get("noon:reminder");
    expect(held).toMatchObject({ status: "queued", attempts: 0 });
    expect(held?.nextAttemptAt.getTime()).toBe(Date.UTC(2026, 0, 5, 9, 15));
    expect(held?.lastError).toContain("12:30–17:15");
    // 22:00 is outside it: the default night window no longer applies.
    clock.set(Date.UTC(2026, 0, 5, 14, 0, 0));
    await enqueue(reminder("night:reminder", "13900139000"));
    await worker.runOnce();
    expect((await rows()).get("night:reminder")?.status).toBe("sent");
    // 23:00–06:30 crosses midnight; at 23:30 a text waits until 06:30 the next morning.
    await setLimits({ smsQuietStart: 23 * 60, smsQuietEnd: 6 * 60 + 30 });
    clock.set(Date.UTC(2026, 0, 5, 15, 30, 0));
    await enqueue(reminder("late:reminder", "13700137000"));
    await worker.runOnce();
    expect((await rows()).get("late:reminder")?.nextAttemptAt.getTime()).toBe(Date.UTC(2026, 0, 5, 22, 30));
  });

  it("computes the end of any window in the community's zone", () => {
    const noon = { start: 12 * 60, end: 14 * 60 };
    expect(afterQuietHours(Date.UTC(2026, 0, 5, 3, 59), "Asia/Shanghai", noon)).toBeNull();
    expect(afterQuietHours(Date.UTC(2026, 0, 5, 4), "Asia/Shanghai", noon)).toBe(Date.UTC(2026, 0, 5, 6));
    expect(afterQuietHours(Date.UTC(2026, 0, 5, 6), "Asia/Shanghai", noon)).toBeNull();
    const night = { start: 22 * 60 + 30, end: 7 * 60 };
    expect(afterQuietHours(Date.UTC(2026, 0, 5, 14, 29), "Asia/Shanghai", night)).toBeNull();
    expect(afterQuietHours(Date.UTC(2026, 0, 5, 14, 30), "Asia/Shanghai", night)).toBe(
      Date.UTC(2026, 0, 5, 23),
    );
    expect(afterQuietHours(Date.UTC(2026, 0, 5, 20), "Asia/Shanghai", night)).toBe(Date.UTC(2026, 0, 5, 23));
    expect(afterQuietHours(Date.UTC(2026, 0, 5, 23), "Asia/Shanghai", night)).toBeNull();
  });

  it("sends at most the daily number of texts to one number, the rest the next morning", async () => {
    await setLimits({ smsDailyPerNumber: 2 });
    await enqueue(
      reminder("day:1"),
      reminder("day:2"),
      reminder("day:3"),
      reminder("other:1", "13900139000"),
      { ...reminder("day:urgent"), template: "helpUpdate", data: { status: "已派人" }, urgent: true },
    );
    await smsWorker().runOnce();
    const all = await rows();
    expect(
      [...all.values()]
        .filter((r) => r.status === "sent")
        .map((r) => r.key)
        .sort(),
    ).toEqual(["day:1", "day:2", "day:urgent", "other:1"]);
    expect(all.get("day:3")).toMatchObject({ status: "queued", attempts: 0 });
    expect(all.get("day:3")?.lastError).toContain("上限 2 条");
    // The next morning, 08:00 Shanghai.
    expect(all.get("day:3")?.nextAttemptAt.getTime()).toBe(Date.UTC(2026, 0, 6, 0, 0, 0));
  });

  it("holds non-urgent texts past the monthly cap, and lets them go when the cap is raised", async () => {
    await setLimits({ smsMonthlyCap: 2 });
    await enqueue(
      reminder("month:1", "13800000001"),
      reminder("month:2", "13800000002"),
      reminder("month:3", "13800000003"),
      {
        ...reminder("month:urgent", "13800000004"),
        template: "helpUpdate",
        data: { status: "x" },
        urgent: true,
      },
    );
    await smsWorker().runOnce();
    let all = await rows();
    expect(all.get("month:3")).toMatchObject({ status: "queued" });
    expect(all.get("month:3")?.lastError).toContain("本月短信已达上限");
    expect(all.get("month:urgent")?.status).toBe("sent");
    await setLimits({ smsMonthlyCap: 10 });
    await drain(smsWorker(), clock, database);
    all = await rows();
    expect(all.get("month:3")?.status).toBe("sent");
  });

  it("does not send non-essential kinds to a number that opted out, but still sends codes", async () => {
    await getDatabase().writeAtomic((d) =>
      d.insert(schema.smsOptOuts).values({ phone: "+8613800138000", source: "reply", at: new Date() }),
    );
    await enqueue(reminder("opt:reminder"), {
      ...reminder("opt:code"),
      template: "code",
      data: { code: "111111", minutes: 10 },
    });
    await drain(smsWorker(), clock, database);
    const all = await rows();
    expect(all.get("opt:reminder")).toMatchObject({ status: "cancelled" });
    expect(all.get("opt:reminder")?.lastError).toContain("退订");
    expect(all.get("opt:code")?.status).toBe("sent");
  });
});

describe("an exhausted balance", () => {
  it("pauses the channel, tells every admin in the app and by email, and sends nothing until resumed", async () => {
    const admin = await user("admin@lianxin.test", null, "admin");
    let broke = true;
    const box = smsBoxTransport(database);
    const provider: SmsTransport = {
      ...box,
      name: "alibaba",
      async send(request, key) {
        if (broke)
          return { kind: "paused", error: "服务商账户余额不足（isv.AMOUNT_NOT_ENOUGH），短信已暂停。" };
        return box.send(request, key);
      },
    };
    await enqueue(reminder("bal:1"), reminder("bal:2", "13900139000"));
    const worker = smsWorker(provider);
    await worker.runOnce();
    const all = await rows();
    expect(all.get("bal:1")).toMatchObject({ status: "queued", attempts: 0 });
    const settings = await getSettings();
    expect(settings.smsPausedAt).not.toBeNull();
    expect(settings.smsPausedReason).toContain("isv.AMOUNT_NOT_ENOUGH");
    const told = await getDatabase()
      .db.select()
      .from(schema.messages)
      .where(eq(schema.messages.userId, admin));
    expect(told).toMatchObject([{ channel: "inapp", subject: "短信已暂停" }]);
    const email = await getDatabase()
      .db.select()
      .from(schema.emailOutbox)
      .where(eq(schema.emailOutbox.template, "sms.paused"));
    expect(email).toMatchObject([{ to: "admin@lianxin.test", channel: "email" }]);

    clock.advance(60_000);
    expect(await worker.runOnce()).toBe(0);

    broke = false;
    expect(await resumeSms(admin)).toBe(true);
    await drain(worker, clock, database, 500, "sms");
    expect([...(await rows()).values()].every((r) => r.status === "sent")).toBe(true);
  });
});

describe("opt-out by reply", () => {
  it("reads TD and 退订 as opt-outs, anything else as nothing", async () => {
    expect(await recordSmsReply("13800138000", "TD", null)).toBe("optedOut");
    expect(await recordSmsReply("13900139000", " 退订。", null)).toBe("optedOut");
    expect(await recordSmsReply("13700137000", "谢谢", null)).toBe("ignored");
    expect(await recordSmsReply("123", "TD", null)).toBe("badNumber");
    const phones = (await getDatabase().db.select().from(schema.smsOptOuts)).map((o) => o.phone).sort();
    expect(phones).toEqual(["+8613800138000", "+8613900139000"]);
  });
});

describe("a month's cost", () => {
  it("counts sent texts by kind and compound at the price in settings", async () => {
    const [compound] = await getDatabase()
      .db.insert(schema.compounds)
      .values({ code: "C1", name: "石油新村" })
      .returning({ id: schema.compounds.id });
    await enqueue(
      reminder("cost:1", "13800000001", { compoundId: compound!.id }),
      reminder("cost:2", "13800000002", { compoundId: compound!.id }),
      { ...reminder("cost:3", "13800000003"), template: "code", data: { code: "1", minutes: 1 } },
    );
    await drain(smsWorker(), clock, database);
    const report = await smsCostReport("2026-01", "Asia/Shanghai", 45);
    expect(report.total).toEqual({ texts: 3, costLi: 135 });
    expect(report.byKind.find((l) => l.kind === "courses")).toMatchObject({ texts: 2, costLi: 90 });
    expect(report.byCompound).toEqual([
      { compoundId: compound!.id, name: "石油新村", texts: 2, costLi: 90 },
      { compoundId: null, name: null, texts: 1, costLi: 45 },
    ]);
    expect((await smsCostReport("2026-02", "Asia/Shanghai", 45)).total.texts).toBe(0);
  });
});

describe("a channel choice per kind", () => {
  it("sends by text only the kinds a person chose, to their phone", async () => {
    const id = await user("chooser@lianxin.test", "+8613800138000");
    expect(await smsNumberFor(getDatabase().db, id, "courses")).toBeNull();
    await saveChannelChoice(id, { courses: ["email", "sms"], reminders: ["email"] });
    expect(await smsNumberFor(getDatabase().db, id, "courses")).toBe("+8613800138000");
    expect(await smsNumberFor(getDatabase().db, id, "reminders")).toBeNull();
    expect(channelsOf({ announcements: ["email", "sms"] }, "announcements", true)).toEqual(["email"]);
    // Someone without email is reached by text where it matters, never with broadcasts.
    expect(channelsOf({}, "help", false)).toEqual(["sms"]);
    expect(channelsOf({}, "announcements", false)).toEqual(["inapp"]);
  });
});

describe("the staff's outbox", () => {
  it("counts and lists texts apart from emails, each with its channel and reason", async () => {
    await enqueue(reminder("list:1"), { ...reminder("list:2"), data: { course: "x" } });
    await getDatabase().write((tx) =>
      enqueueEmail(tx, {
        key: "mail:1",
        to: "a@lianxin.test",
        template: "auth.verifyEmail",
        data: { name: "王芳", code: "12345678", minutes: 15 },
        locale: "zh-CN",
      }),
    );
    await drain(smsWorker(), clock, database, 500, "sms");
    expect(await outboxCounts("sms")).toMatchObject({ sent: 1, failed: 1, queued: 0 });
    expect((await outboxCounts("email")).queued).toBe(1);
    const { rows: texts } = await listOutbox({ channel: "sms", status: "failed" });
    expect(texts).toMatchObject([{ channel: "sms", to: "+8613800138000", template: "courseReminder" }]);
    expect(texts[0]?.lastError).toContain("time");
  });
});
