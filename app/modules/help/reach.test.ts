// Issue 16's help work: the card's public form, a notice for every urgency, escalation windows by urgency,
// staff handing a request on or escalating it by hand, holders always named, and the hotline's phone search.
import { and, eq, isNotNull, like } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDatabase, schema } from "#db/client.server";
import { testDatabase } from "#tests/setup/db";
import { createUser } from "#tests/fixtures/accounts";
import { actorOf, createHousehold, createLinkage } from "#tests/fixtures/roster";
import { createPairing } from "#app/modules/roster/pairings.server";
import { cardCredentialsFor, revokeCardCredentials } from "#app/modules/households/card-credentials.server";
import { findHouseholds } from "#app/modules/households/reader.server";
import { askByCard } from "./card.server";
import { helpUrgencies, type HelpUrgency } from "./codes";
import { escalateDueRequests } from "./escalation.server";
import { escalateHelp, handoverCandidates, reassignHelp } from "./handover.server";
import { listHelpRequests } from "./lists.server";
import { getHelpRequest, recordPhoneRequest } from "./requests.server";

const meta = { ip: "203.0.113.7", userAgent: null };
const ctx = { via: "test" };
const t0 = new Date("2026-03-02T01:00:00Z");
const hours = (n: number) => new Date(t0.getTime() + n * 3_600_000);

async function community() {
  const l = await createLinkage();
  const helped = await createHousehold(l.compoundId);
  const unhelped = await createHousehold(l.compoundId);
  await createPairing(
    actorOf(l.organizer),
    { householdId: helped, volunteerId: l.youth4.id, role: "primary", startedAt: t0 },
    meta,
  );
  return { ...l, helped, unhelped };
}

async function tokenOf(householdId: number): Promise<string> {
  const creds = (await cardCredentialsFor([householdId], null)).get(householdId);
  if (!creds) throw new Error("no card credentials");
  return creds.token;
}

async function row(id: number) {
  const [r] = await testDatabase()
    .db.select()
    .from(schema.helpRequests)
    .where(eq(schema.helpRequests.id, id));
  if (!r) throw new Error("no request");
  return r;
}

async function noticesFor(id: number) {
  const db = testDatabase().db;
  const emails = await db
    .select({ to: schema.emailOutbox.to, template: schema.emailOutbox.template, key: schema.emailOutbox.key })
    .from(schema.emailOutbox)
    .where(like(schema.emailOutbox.key, `help:${id}:%`));
  const messages = await db
    .select({
      userId: schema.messages.userId,
      channel: schema.messages.channel,
      key: schema.messages.sourceKey,
    })
    .from(schema.messages)
    .where(like(schema.messages.sourceKey, `help:${id}:%`));
  return { emails, messages };
}

const card = (urgency: HelpUrgency = "normal") => ({
  need: "老人摔倒了，需要人来看看",
  urgency,
  phone: "13900001111",
});

describe("the card's public form", () => {
  it("files a request for the card's household, routed to its helper, who hears in the app and by email", async () => {
    const c = await community();
    const result = await askByCard(await tokenOf(c.helped), card("soon"), meta, t0);
    if (!result.ok) throw new Error(result.reason);
    expect(await row(result.requestId)).toMatchObject({
      householdId: c.helped,
      channel: "card",
      urgency: "soon",
      contactMethod: "phone",
      contactPhone: "13900001111",
      assignedToId: c.youth4.id,
      escalationLevel: 0,
      acknowledgeBy: hours(8),
    });
    const { emails, messages } = await noticesFor(result.requestId);
    expect(emails).toEqual([
      { to: c.youth4.email, template: "help.new", key: `help:${result.requestId}:new:${c.youth4.id}` },
    ]);
    expect(messages).toEqual([
      { userId: c.youth4.id, channel: "inapp", key: `help:${result.requestId}:new:${c.youth4.id}` },
    ]);
    const [entry] = await testDatabase()
      .db.select()
      .from(schema.auditLog)
      .where(
        and(
          eq(schema.auditLog.action, "help.create"),
          eq(schema.auditLog.targetId, String(result.requestId)),
        ),
      );
    expect(entry).toMatchObject({ actorId: null, ip: meta.ip });
  });

  it("refuses a revoked card and an unknown token alike, counting neither", async () => {
    const c = await community();
    const token = await tokenOf(c.helped);
    await revokeCardCredentials(c.helped, c.organizer.id);
    expect(await askByCard(token, card(), meta, t0)).toEqual({ ok: false, reason: "invalidCard" });
    expect(await askByCard("a".repeat(24), card(), meta, t0)).toEqual({ ok: false, reason: "invalidCard" });
    const fresh = await tokenOf(c.helped);
    expect(fresh).not.toBe(token);
    const counted = await testDatabase()
      .db.select()
      .from(schema.rateLimits)
      .where(like(schema.rateLimits.key, `card:%${token}%`));
    expect(counted).toEqual([]);
    expect((await askByCard(fresh, card(), meta, t0)).ok).toBe(true);
    // A household that moved out has nobody to help at that address: its card stops too.
    await testDatabase().writeAtomic((d) =>
      d
        .update(schema.households)
        .set({ status: "moved_out", closedAt: t0 })
        .where(eq(schema.households.id, c.helped)),
    );
    expect(await askByCard(fresh, card(), meta, t0)).toEqual({ ok: false, reason: "invalidCard" });
  });

  it("takes five requests a day from one card, then says to call; and ten an hour from one address", async () => {
    const c = await community();
    const token = await tokenOf(c.helped);
    const from = { ...meta, ip: "198.51.100.20" };
    for (let i = 0; i < 5; i++) expect((await askByCard(token, card(), from, hours(i))).ok).toBe(true);
    const blocked = await askByCard(token, card(), from, hours(5));
    expect(blocked).toMatchObject({ ok: false, reason: "rateLimited" });
    // The block lasts a day from the last request that reached the limit.
    expect((await askByCard(token, card(), from, hours(30))).ok).toBe(true);

    const busy = { ...meta, ip: "198.51.100.21" };
    const households = await Promise.all(Array.from({ length: 11 }, () => createHousehold(c.compoundId)));
    const outcomes = [];
    for (const household of households)
      outcomes.push(await askByCard(await tokenOf(household), card(), busy, hours(40)));
    expect(outcomes.slice(0, 10).every((o) => o.ok)).toBe(true);
    expect(outcomes[10]).toMatchObject({ ok: false, reason: "rateLimited" });
  });
});

describe("urgency", () => {
  it("tells the holder of every request in the app and by email; an urgent one the organizers at once", async () => {
    const c = await community();
    for (const urgency of helpUrgencies) {
      const result = await askByCard(await tokenOf(c.helped), card(urgency), { ...meta, ip: urgency }, t0);
      if (!result.ok) throw new Error(result.reason);
      const { emails, messages } = await noticesFor(result.requestId);
      expect(emails.filter((e) => e.to === c.youth4.email).map((e) => e.template)).toEqual(["help.new"]);
      expect(messages.filter((m) => m.userId === c.youth4.id)).toHaveLength(1);
      const toOrganizer = emails.filter((e) => e.to === c.organizer.email).map((e) => e.template);
      expect(toOrganizer).toEqual(urgency === "urgent" ? ["help.urgent"] : []);
    }
  });

  it("escalates by the urgency's window: urgent 2 hours, soon 8, normal 24", async () => {
    const c = await community();
    const windows: Record<HelpUrgency, number> = { urgent: 2, soon: 8, normal: 24 };
    for (const urgency of helpUrgencies) {
      const result = await askByCard(
        await tokenOf(c.helped),
        card(urgency),
        { ...meta, ip: `w-${urgency}` },
        t0,
      );
      if (!result.ok) throw new Error(result.reason);
      await escalateDueRequests(hours(windows[urgency] - 0.1));
      expect((await row(result.requestId)).escalationLevel).toBe(0);
      await escalateDueRequests(hours(windows[urgency]));
      expect(await row(result.requestId)).toMatchObject({
        escalationLevel: 1,
        assignedToId: c.member3.id,
        acknowledgeBy: hours(2 * windows[urgency]),
      });
    }
  });

  it("treats the urgent kind as urgent whatever was chosen", async () => {
    const c = await community();
    const recorded = await recordPhoneRequest(
      actorOf(c.organizer),
      {
        householdId: c.helped,
        kind: "urgent",
        urgency: "normal",
        description: "水管爆了",
        contactMethod: "phone",
        contactPhone: "13900001111",
      },
      meta,
      t0,
    );
    if (!recorded.ok) throw new Error(recorded.error);
    expect(await row(recorded.value)).toMatchObject({ urgency: "urgent", acknowledgeBy: hours(2) });
  });
});

describe("handing a request on", () => {
  it("lets staff of its compound hand it to a named volunteer, who is told; not staff of another compound", async () => {
    const c = await community();
    const result = await askByCard(await tokenOf(c.helped), card(), { ...meta, ip: "h1" }, t0);
    if (!result.ok) throw new Error(result.reason);
    const id = result.requestId;
    const stranger = await createUser({ role: "organizer", compoundId: (await createLinkage()).compoundId });
    expect(await reassignHelp(actorOf(stranger), id, c.cadre2.id, meta, hours(1))).toEqual({
      ok: false,
      error: "forbidden",
    });
    expect(await reassignHelp(actorOf(c.youth4), id, c.cadre2.id, meta, hours(1))).toEqual({
      ok: false,
      error: "forbidden",
    });
    expect(await escalateHelp(actorOf(stranger), id, meta, hours(1))).toEqual({
      ok: false,
      error: "forbidden",
    });
    // Only someone of the request's compound may be named.
    expect(await reassignHelp(actorOf(c.organizer), id, stranger.id, meta, hours(1))).toEqual({
      ok: false,
      error: "invalid",
    });
    const invited = await createUser({ role: "volunteer", volunteerTier: 4, compoundId: c.compoundId });
    await getDatabase().write((tx) =>
      tx.update(schema.users).set({ passwordHash: null }).where(eq(schema.users.id, invited.id)),
    );
    const candidates = (await handoverCandidates(c.compoundId)).map((p) => p.id);
    expect(candidates).toEqual(expect.arrayContaining([c.organizer.id, c.cadre2.id, c.youth4.id]));
    expect(candidates).not.toContain(invited.id);
    expect(await reassignHelp(actorOf(c.organizer), id, invited.id, meta, hours(1))).toEqual({
      ok: false,
      error: "invalid",
    });

    expect(await reassignHelp(actorOf(c.organizer), id, c.cadre2.id, meta, hours(1))).toEqual({
      ok: true,
      value: c.cadre2.id,
    });
    expect(await row(id)).toMatchObject({
      assignedToId: c.cadre2.id,
      escalationLevel: 0,
      acknowledgeBy: hours(25),
    });
    const { emails, messages } = await noticesFor(id);
    expect(emails.filter((e) => e.to === c.cadre2.email).map((e) => e.template)).toEqual(["help.assigned"]);
    expect(messages.filter((m) => m.userId === c.cadre2.id)).toHaveLength(1);
    const view = await getHelpRequest(actorOf(c.organizer), id, meta);
    if (!view.ok) throw new Error(view.error);
    expect(view.value.events.at(-1)).toMatchObject({ type: "reassigned", note: c.cadre2.name });
    expect(view.value.canManage).toBe(true);
    const audits = await testDatabase()
      .db.select({ action: schema.auditLog.action, actorId: schema.auditLog.actorId })
      .from(schema.auditLog)
      .where(and(eq(schema.auditLog.targetType, "help_request"), eq(schema.auditLog.targetId, String(id))));
    expect(audits).toContainEqual({ action: "help.reassign", actorId: c.organizer.id });
  });

  it("escalates by hand one level at a time, to the supervisor and then the organizers, each told", async () => {
    const c = await community();
    const result = await askByCard(await tokenOf(c.helped), card(), { ...meta, ip: "h2" }, t0);
    if (!result.ok) throw new Error(result.reason);
    const id = result.requestId;
    expect(await escalateHelp(actorOf(c.organizer), id, meta, hours(1))).toEqual({ ok: true, value: 1 });
    expect(await row(id)).toMatchObject({ assignedToId: c.member3.id, escalationLevel: 1 });
    expect(await escalateHelp(actorOf(c.organizer), id, meta, hours(2))).toEqual({ ok: true, value: 2 });
    expect(await row(id)).toMatchObject({ assignedToId: null, escalationLevel: 2 });
    expect(await escalateHelp(actorOf(c.organizer), id, meta, hours(3))).toEqual({
      ok: false,
      error: "conflict",
    });
    const { emails } = await noticesFor(id);
    expect(
      emails
        .filter((e) => e.template === "help.assigned")
        .map((e) => e.to)
        .sort(),
    ).toEqual([c.member3.email, c.organizer.email].sort());
    const events = await testDatabase()
      .db.select({ type: schema.helpRequestEvents.type, authorId: schema.helpRequestEvents.authorId })
      .from(schema.helpRequestEvents)
      .where(eq(schema.helpRequestEvents.requestId, id));
    expect(events.filter((e) => e.type === "escalated")).toEqual([
      { type: "escalated", authorId: c.organizer.id },
      { type: "escalated", authorId: c.organizer.id },
    ]);
  });
});

describe("who holds it", () => {
  it("names the compound's organizers when an overdue request is with them, in the list and on the page", async () => {
    const c = await community();
    const result = await askByCard(await tokenOf(c.unhelped), card(), { ...meta, ip: "n1" }, t0);
    if (!result.ok) throw new Error(result.reason);
    const later = hours(48);
    const listed = await listHelpRequests(actorOf(c.organizer), {}, ctx, later);
    const item = listed.items.find((i) => i.id === result.requestId);
    expect(item).toMatchObject({ overdue: true, assigneeName: null });
    expect(item?.holderNames).toContain(c.organizer.name);
    const view = await getHelpRequest(actorOf(c.organizer), result.requestId, meta);
    expect(view.ok && view.value.holderNames).toContain(c.organizer.name);
  });
});

describe("the hotline's search", () => {
  it("finds a household by the first digits of a member's phone and gives that phone back", async () => {
    const c = await community();
    const [member] = await testDatabase()
      .db.select({ phone: schema.householdMembers.phone })
      .from(schema.householdMembers)
      .where(
        and(eq(schema.householdMembers.householdId, c.helped), isNotNull(schema.householdMembers.phone)),
      );
    const phone = member?.phone;
    if (!phone) throw new Error("member without a phone");
    const found = await findHouseholds(actorOf(c.organizer), phone.slice(0, 7), 20, ctx);
    const match = found.find((h) => h.id === c.helped);
    expect(match?.matchedPhone?.startsWith(phone.slice(0, 7))).toBe(true);
    expect((await findHouseholds(actorOf(c.organizer), phone, 20, ctx)).map((h) => h.id)).toContain(c.helped);
  });
});
