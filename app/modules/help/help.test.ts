import { and, eq, like } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { schema } from "#db/client.server";
import { testDatabase } from "#tests/setup/db";
import { createUser } from "#tests/fixtures/accounts";
import { actorOf, createHousehold, createLinkage } from "#tests/fixtures/roster";
import { createPairing } from "#app/modules/roster/pairings.server";
import {
  askForHelp,
  changeHelpStatus,
  getHelpRequest,
  rateHelp,
  recordPhoneRequest,
  type NewHelpRequest,
} from "./requests.server";
import { escalateDueRequests } from "./escalation.server";
import { listHelpRequests } from "./lists.server";
import { findHouseholds } from "#app/modules/households/reader.server";

const meta = { ip: null, userAgent: null };
const ctx = { via: "test" };
const searchHouseholds = (actor: ReturnType<typeof actorOf>, term: string) =>
  findHouseholds(actor, term, 20, ctx);
const t0 = new Date("2026-03-02T01:00:00Z");
const hours = (n: number) => new Date(t0.getTime() + n * 3_600_000);

/** A linkage whose tier-4 volunteer helps a household with a resident account, and a household with no helper. */
async function community() {
  const l = await createLinkage();
  const helped = await createHousehold(l.compoundId);
  const unhelped = await createHousehold(l.compoundId);
  await createPairing(
    actorOf(l.organizer),
    { householdId: helped, volunteerId: l.youth4.id, role: "primary", startedAt: t0 },
    meta,
  );
  const resident = await createUser({ role: "resident", compoundId: l.compoundId });
  const neighbour = await createUser({ role: "resident", compoundId: l.compoundId });
  for (const [user, household] of [
    [resident, helped],
    [neighbour, unhelped],
  ] as const) {
    await testDatabase().writeAtomic((d) =>
      d
        .update(schema.householdMembers)
        .set({ userId: user.id })
        .where(
          and(
            eq(schema.householdMembers.householdId, household),
            eq(schema.householdMembers.relation, "head"),
          ),
        ),
    );
  }
  return { ...l, helped, unhelped, resident, neighbour };
}

function request(
  householdId: number,
  kind: NewHelpRequest["kind"] = "medical",
  urgency: NewHelpRequest["urgency"] = "normal",
): NewHelpRequest {
  return {
    householdId,
    kind,
    urgency,
    description: "老人摔倒了，需要去医院",
    contactMethod: "phone",
    contactPhone: "13800000000",
  };
}

async function row(id: number) {
  const [r] = await testDatabase()
    .db.select()
    .from(schema.helpRequests)
    .where(eq(schema.helpRequests.id, id));
  if (!r) throw new Error("no request");
  return r;
}

async function emailsFor(id: number) {
  return testDatabase()
    .db.select({
      to: schema.emailOutbox.to,
      template: schema.emailOutbox.template,
      key: schema.emailOutbox.key,
    })
    .from(schema.emailOutbox)
    .where(like(schema.emailOutbox.key, `help:${id}:%`));
}

function created(result: Awaited<ReturnType<typeof askForHelp>>): number {
  if (!result.ok) throw new Error(`asking failed: ${result.error}`);
  return result.value;
}

describe("routing", () => {
  it("sends a request to the household's helper, to be acknowledged within 24 hours", async () => {
    const c = await community();
    const id = created(await askForHelp(actorOf(c.resident), request(c.helped), meta, t0));
    const r = await row(id);
    expect(r).toMatchObject({
      assignedToId: c.youth4.id,
      helperId: c.youth4.id,
      escalationLevel: 0,
      status: "new",
    });
    expect(r.acknowledgeBy).toEqual(hours(24));
    expect(await emailsFor(id)).toEqual([
      { to: c.youth4.email, template: "help.new", key: `help:${id}:new:${c.youth4.id}` },
    ]);
  });

  it("sends a request from a household without a helper to its compound's organizers", async () => {
    const c = await community();
    const id = created(await askForHelp(actorOf(c.neighbour), request(c.unhelped), meta, t0));
    expect(await row(id)).toMatchObject({ assignedToId: null, helperId: null, escalationLevel: 2 });
    const seen = await listHelpRequests(actorOf(c.organizer), {}, ctx, t0);
    expect(seen.items.map((i) => i.id)).toContain(id);
  });

  it("emails the helper and the organizers at once about an urgent request, due in 2 hours", async () => {
    const c = await community();
    const id = created(await askForHelp(actorOf(c.resident), request(c.helped, "urgent"), meta, t0));
    expect((await row(id)).acknowledgeBy).toEqual(hours(2));
    const emails = await emailsFor(id);
    expect(emails.map((e) => [e.to, e.template]).sort()).toEqual(
      [
        [c.youth4.email, "help.new"],
        [c.organizer.email, "help.urgent"],
      ].sort(),
    );
  });

  it("finds a caller's household by name for those who may see it: the compound's organizer, its helper", async () => {
    const c = await community();
    const [head] = await testDatabase()
      .db.select({ name: schema.householdMembers.name })
      .from(schema.householdMembers)
      .where(eq(schema.householdMembers.householdId, c.helped));
    if (!head) throw new Error("household without members");
    const found = await searchHouseholds(actorOf(c.organizer), head.name);
    expect(found.map((h) => h.id)).toContain(c.helped);
    const stranger = await createUser({ role: "organizer", compoundId: (await createLinkage()).compoundId });
    expect((await searchHouseholds(actorOf(stranger), head.name)).map((h) => h.id)).not.toContain(c.helped);
    expect((await searchHouseholds(actorOf(c.youth4), head.name)).map((h) => h.id)).toEqual([c.helped]);
    expect(await searchHouseholds(actorOf(c.otherMember3), head.name)).toEqual([]);
  });

  it("records a hotline call for a household as a phone request, only by staff", async () => {
    const c = await community();
    const id = created(await recordPhoneRequest(actorOf(c.organizer), request(c.helped), meta, t0));
    expect(await row(id)).toMatchObject({
      channel: "phone",
      recordedById: c.organizer.id,
      requesterId: c.resident.id,
    });
    expect(await recordPhoneRequest(actorOf(c.youth4), request(c.helped), meta, t0)).toEqual({
      ok: false,
      error: "forbidden",
    });
  });
});

describe("escalation", () => {
  it("sends a request unacknowledged for 24 hours to the helper's supervisor, then to the organizers", async () => {
    const c = await community();
    const id = created(await askForHelp(actorOf(c.resident), request(c.helped), meta, t0));

    await escalateDueRequests(hours(23.9));
    expect(await row(id)).toMatchObject({ assignedToId: c.youth4.id, escalationLevel: 0 });
    await escalateDueRequests(hours(24));
    expect(await row(id)).toMatchObject({
      assignedToId: c.member3.id,
      escalationLevel: 1,
      acknowledgeBy: hours(48),
    });
    expect((await emailsFor(id)).filter((e) => e.template === "help.escalated")).toEqual([
      { to: c.member3.email, template: "help.escalated", key: `help:${id}:escalate:1:${c.member3.id}` },
    ]);

    await escalateDueRequests(hours(47));
    expect(await row(id)).toMatchObject({ assignedToId: c.member3.id, escalationLevel: 1 });
    await escalateDueRequests(hours(48));
    expect(await row(id)).toMatchObject({ assignedToId: null, escalationLevel: 2 });
    expect((await emailsFor(id)).filter((e) => e.to === c.organizer.email)).toHaveLength(1);
    // With the organizers it stays; a later tick changes nothing and sends nothing twice.
    await escalateDueRequests(hours(200));
    expect(await row(id)).toMatchObject({ assignedToId: null, escalationLevel: 2 });
    expect((await emailsFor(id)).filter((e) => e.template === "help.escalated")).toHaveLength(2);
  });

  it("escalates an urgent request after 2 hours, once even when two ticks run together", async () => {
    const c = await community();
    const id = created(await askForHelp(actorOf(c.resident), request(c.helped, "urgent"), meta, t0));
    expect((await row(id)).urgency).toBe("urgent");
    await escalateDueRequests(hours(1.9));
    expect(await row(id)).toMatchObject({ escalationLevel: 0 });
    await Promise.all([escalateDueRequests(hours(2)), escalateDueRequests(hours(2))]);
    expect(await row(id)).toMatchObject({ assignedToId: c.member3.id, escalationLevel: 1 });
    const escalations = await testDatabase()
      .db.select()
      .from(schema.helpRequestEvents)
      .where(and(eq(schema.helpRequestEvents.requestId, id), eq(schema.helpRequestEvents.type, "escalated")));
    expect(escalations).toHaveLength(1);
    expect((await emailsFor(id)).filter((e) => e.template === "help.escalated")).toHaveLength(1);
  });

  it("leaves an acknowledged request where it is", async () => {
    const c = await community();
    const id = created(await askForHelp(actorOf(c.resident), request(c.helped), meta, t0));
    await changeHelpStatus(
      actorOf(c.youth4),
      id,
      { status: "acknowledged", note: null, visibleToResident: true },
      meta,
      hours(1),
    );
    await escalateDueRequests(hours(30));
    expect(await row(id)).toMatchObject({ assignedToId: c.youth4.id, escalationLevel: 0 });
  });
});

describe("tracking and privacy", () => {
  it("shows the resident each step and only the notes meant for them, then takes one rating", async () => {
    const c = await community();
    const id = created(await askForHelp(actorOf(c.resident), request(c.helped), meta, t0));
    const helper = actorOf(c.youth4);
    await changeHelpStatus(
      helper,
      id,
      { status: "acknowledged", note: "明天去您家", visibleToResident: true },
      meta,
      hours(1),
    );
    await changeHelpStatus(
      helper,
      id,
      { status: "in_progress", note: "低保材料不全", visibleToResident: false },
      meta,
      hours(2),
    );
    await changeHelpStatus(
      helper,
      id,
      { status: "resolved", note: null, visibleToResident: true },
      meta,
      hours(5),
    );
    expect(await rateHelp(actorOf(c.youth4), id, { rating: 5, comment: null }, meta)).toMatchObject({
      ok: false,
    });

    const seen = await getHelpRequest(actorOf(c.resident), id, meta);
    if (!seen.ok) throw new Error(seen.error);
    expect(seen.value.events.map((e) => e.type)).toEqual([
      "created",
      "acknowledged",
      "in_progress",
      "resolved",
    ]);
    expect(seen.value.events.map((e) => e.note)).not.toContain("低保材料不全");
    expect(seen.value.canRate).toBe(true);
    const staffView = await getHelpRequest(actorOf(c.organizer), id, meta);
    expect(staffView.ok && staffView.value.events.map((e) => e.note)).toContain("低保材料不全");

    expect(await rateHelp(actorOf(c.resident), id, { rating: 4, comment: "很及时" }, meta, hours(6))).toEqual(
      {
        ok: true,
        value: 4,
      },
    );
    expect(await rateHelp(actorOf(c.resident), id, { rating: 1, comment: null }, meta, hours(7))).toEqual({
      ok: false,
      error: "conflict",
    });
    expect(await row(id)).toMatchObject({
      status: "resolved",
      rating: 4,
      acknowledgedAt: hours(1),
      resolvedAt: hours(5),
    });
    const statusEmails = (await emailsFor(id)).filter((e) => e.template === "help.status");
    expect(statusEmails.map((e) => e.key)).toEqual([
      `help:${id}:status:acknowledged`,
      `help:${id}:status:in_progress`,
      `help:${id}:status:resolved`,
    ]);
  });

  it("does not let a resident see or list another household's requests", async () => {
    const c = await community();
    const id = created(await askForHelp(actorOf(c.resident), request(c.helped), meta, t0));
    expect(await getHelpRequest(actorOf(c.neighbour), id, meta)).toEqual({ ok: false, error: "forbidden" });
    expect((await listHelpRequests(actorOf(c.neighbour), {}, ctx, t0)).items).toEqual([]);
    expect((await listHelpRequests(actorOf(c.resident), {}, ctx, t0)).items.map((i) => i.id)).toEqual([id]);
    expect(await askForHelp(actorOf(c.neighbour), request(c.helped), meta, t0)).toEqual({
      ok: false,
      error: "forbidden",
    });
  });

  it("lists a helper's requests for them and everyone above them, and not for another branch", async () => {
    const c = await community();
    const id = created(await askForHelp(actorOf(c.resident), request(c.helped), meta, t0));
    for (const v of [c.youth4, c.member3, c.cadre2, c.cadre1])
      expect((await listHelpRequests(actorOf(v), {}, ctx, t0)).items.map((i) => i.id)).toContain(id);
    expect((await listHelpRequests(actorOf(c.otherCadre2), {}, ctx, t0)).items).toEqual([]);
    expect(await getHelpRequest(actorOf(c.otherMember3), id, meta)).toEqual({
      ok: false,
      error: "forbidden",
    });
  });

  it("filters by kind, status and age, open requests first", async () => {
    const c = await community();
    const old = created(
      await askForHelp(actorOf(c.resident), request(c.helped, "schooling"), meta, hours(-24 * 40)),
    );
    const recent = created(
      await askForHelp(actorOf(c.resident), request(c.helped, "medical"), meta, hours(-2)),
    );
    await changeHelpStatus(
      actorOf(c.youth4),
      recent,
      { status: "resolved", note: null, visibleToResident: true },
      meta,
      hours(-1),
    );
    const organizer = actorOf(c.organizer);
    const ids = async (f: Parameters<typeof listHelpRequests>[1]) =>
      (await listHelpRequests(organizer, f, ctx, t0)).items.map((i) => i.id);
    expect(await ids({})).toEqual([old, recent]);
    expect(await ids({ kind: "medical" })).toEqual([recent]);
    expect(await ids({ status: "new" })).toEqual([old]);
    expect(await ids({ age: "day" })).toEqual([recent]);
    expect(await ids({ age: "older" })).toEqual([old]);
  });
});
