import { eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { Database, getDatabase, schema, setDatabase } from "#db/client.server";
import { drain, virtualClock, type VirtualClock } from "#tests/support/email";
import { freshDatabaseFile } from "#tests/setup/db";
import { channelsOf } from "./channels";
import { enqueueEmail } from "./outbox.server";
import { saveChannelChoice, smsNumberFor } from "./preferences.server";
import { mailboxTransport } from "./transport.server";
import { EmailWorker } from "./worker.server";

const sender = async () => ({
  from: "连心 <noreply@lianxin.test>",
  replyTo: null,
  communityName: "油田社区",
  origin: "http://lianxin.test",
});

let clock: VirtualClock;
let database: Database;
beforeEach(() => {
  database = new Database({ url: freshDatabaseFile() });
  setDatabase(database);
  clock = virtualClock();
});
afterEach(() => database.close());

function worker() {
  return new EmailWorker({
    database,
    transport: mailboxTransport(database),
    sender,
    ratePerSecond: 100,
    maxAttempts: 8,
    clock,
    random: () => 0.5,
  });
}

async function person(email: string, phone: string | null = null) {
  const [row] = await getDatabase()
    .db.insert(schema.users)
    .values({ email, name: "王芳", phone, role: "resident" })
    .returning({ id: schema.users.id });
  return row!.id;
}

const reminder = (key: string, to: string) => ({
  key,
  to,
  template: "visits.reminder",
  data: {
    name: "王芳",
    time: "2026-01-06 09:00–10:00",
    address: "石油新村 3-2-501",
    place: "户主家中",
    purpose: "了解冬季取暖情况",
    url: "http://lianxin.test/visits/1",
  },
  locale: "zh-CN" as const,
  sendAfter: new Date(clock.now()),
});

describe("in-app as a channel of its own", () => {
  it("puts a kind chosen for the app only in the person's messages, and sends no email", async () => {
    const id = await person("inapp@lianxin.test", "+8613800138000");
    await saveChannelChoice(id, { reminders: ["inapp"] });
    await getDatabase().write((tx) => enqueueEmail(tx, reminder("visit:1:reminder", "inapp@lianxin.test")));
    await drain(worker(), clock, database);
    const [row] = await getDatabase()
      .db.select()
      .from(schema.emailOutbox)
      .where(eq(schema.emailOutbox.key, "visit:1:reminder"));
    expect(row?.status).toBe("cancelled");
    expect(row?.lastError).toContain("站内");
    expect(await getDatabase().db.select().from(schema.emailMailbox)).toHaveLength(0);
    const messages = await getDatabase()
      .db.select()
      .from(schema.messages)
      .where(eq(schema.messages.userId, id));
    expect(messages).toMatchObject([{ channel: "inapp", sourceKey: "visit:1:reminder" }]);
    expect(messages[0]?.text).toContain("石油新村 3-2-501");
    // And no text either: the app alone was chosen.
    expect(await smsNumberFor(getDatabase().db, id, "reminders")).toBeNull();
  });

  it("still emails the kinds not chosen for the app, and other people", async () => {
    const id = await person("both@lianxin.test");
    await saveChannelChoice(id, { courses: ["inapp"] });
    await person("other@lianxin.test");
    await getDatabase().write(async (tx) => {
      await enqueueEmail(tx, reminder("visit:2:reminder", "both@lianxin.test"));
      await enqueueEmail(tx, reminder("visit:3:reminder", "other@lianxin.test"));
    });
    await drain(worker(), clock, database);
    const statuses = (await getDatabase().db.select().from(schema.emailOutbox)).map((r) => r.status);
    expect(statuses).toEqual(["sent", "sent"]);
    const channels = (await getDatabase().db.select().from(schema.messages)).map((m) => m.channel);
    expect(channels).toEqual(["email", "email"]);
  });

  it("sends a text beside the app when both were chosen", async () => {
    const id = await person("textapp@lianxin.test", "+8613900139000");
    await saveChannelChoice(id, { reminders: ["inapp", "sms"] });
    expect(await smsNumberFor(getDatabase().db, id, "reminders")).toBe("+8613900139000");
  });

  it("defaults to the app for a person with neither email nor phone, to texts for one with a phone only", () => {
    for (const kind of ["reminders", "courses", "help", "lovecard", "announcements"] as const)
      expect(channelsOf({}, kind, false, false)).toEqual(["inapp"]);
    expect(channelsOf({}, "reminders", false, true)).toEqual(["sms"]);
    expect(channelsOf({}, "announcements", false, true)).toEqual(["inapp"]);
    expect(channelsOf({ reminders: ["inapp"] }, "reminders", false, true)).toEqual(["inapp"]);
    expect(channelsOf({}, "reminders", true, true)).toEqual(["email"]);
    // A text chosen without a phone cannot reach anyone: the app keeps it.
    expect(channelsOf({ courses: ["sms"] }, "courses", true, false)).toEqual(["inapp"]);
  });
});
