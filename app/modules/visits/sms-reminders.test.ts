import { and, eq, like } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { schema } from "#db/client.server";
import { testDatabase } from "#tests/setup/db";
import { actorOf, createHousehold, createLinkage } from "#tests/fixtures/roster";
import { createPairing } from "#app/modules/roster/pairings.server";
import { saveChannelChoice } from "#app/modules/notifications/preferences.server";
import { cancelVisit, scheduleVisit } from "./visits.server";

const meta = { ip: null, userAgent: null };
/** Monday 2 March 2026, 09:00 in Shanghai; the visit is Thursday 5 March, 10:00–11:00. */
const t0 = new Date("2026-03-02T01:00:00Z");
const start = new Date("2026-03-05T02:00:00Z");

async function texts(visitId: number) {
  return testDatabase()
    .db.select()
    .from(schema.emailOutbox)
    .where(
      and(like(schema.emailOutbox.key, `visit:${visitId}:reminder:%`), eq(schema.emailOutbox.channel, "sms")),
    )
    .orderBy(schema.emailOutbox.id);
}

async function setup() {
  const l = await createLinkage();
  const household = await createHousehold(l.compoundId, "extreme");
  await createPairing(
    actorOf(l.organizer),
    { householdId: household, volunteerId: l.youth4.id, role: "primary", startedAt: t0 },
    meta,
  );
  const db = testDatabase().db;
  await db
    .update(schema.householdMembers)
    .set({ phone: "13812345678" })
    .where(
      and(eq(schema.householdMembers.householdId, household), eq(schema.householdMembers.relation, "head")),
    );
  return { ...l, household };
}

const plan = (householdId: number, volunteerId: number) => ({
  householdId,
  volunteerId,
  date: "2026-03-05",
  startTime: "10:00",
  endTime: "11:00",
  place: "户主家中",
  purpose: "了解冬季取暖情况",
  coVisitorIds: [],
});

describe("visit reminders by text", () => {
  it("text the household's head a day ahead, naming the volunteer, and are cancelled with the visit", async () => {
    const c = await setup();
    const result = await scheduleVisit(actorOf(c.youth4), plan(c.household, c.youth4.id), meta, t0);
    if (!result.ok) throw new Error("not scheduled");
    const [text, ...others] = await texts(result.value.id);
    expect(others).toHaveLength(0);
    expect(text).toMatchObject({
      to: "+8613812345678",
      template: "visitHousehold",
      status: "queued",
      nextAttemptAt: new Date(start.getTime() - 24 * 3_600_000),
    });
    expect(text?.data).toMatchObject({ volunteer: c.youth4.name });
    expect(String(text?.data.time)).toContain("10:00");

    await cancelVisit(actorOf(c.youth4), result.value.id, "改期", meta, t0);
    expect((await texts(result.value.id)).map((t) => t.status)).toEqual(["cancelled"]);
  });

  it("text the volunteer too when they chose texts for reminders", async () => {
    const c = await setup();
    await testDatabase()
      .db.update(schema.users)
      .set({ phone: "+8613900001111" })
      .where(eq(schema.users.id, c.youth4.id));
    await saveChannelChoice(c.youth4.id, { reminders: ["email", "sms"] });
    const result = await scheduleVisit(actorOf(c.youth4), plan(c.household, c.youth4.id), meta, t0);
    if (!result.ok) throw new Error("not scheduled");
    const sent = await texts(result.value.id);
    expect(sent.map((t) => [t.template, t.to]).sort()).toEqual([
      ["visitHousehold", "+8613812345678"],
      ["visitVolunteer", "+8613900001111"],
    ]);
    // Both are counted against the household's compound on the cost page.
    const [household] = await testDatabase()
      .db.select({ compoundId: schema.households.compoundId })
      .from(schema.households)
      .where(eq(schema.households.id, c.household));
    expect(sent.map((t) => t.compoundId)).toEqual([household?.compoundId, household?.compoundId]);
  });
});
