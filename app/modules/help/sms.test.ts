import { and, eq, like } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { schema } from "#db/client.server";
import { testDatabase } from "#tests/setup/db";
import { createUser } from "#tests/fixtures/accounts";
import { actorOf, createHousehold, createLinkage } from "#tests/fixtures/roster";
import { createPairing } from "#app/modules/roster/pairings.server";
import { saveChannelChoice } from "#app/modules/notifications/preferences.server";
import { askForHelp, changeHelpStatus } from "./requests.server";

const meta = { ip: null, userAgent: null };
const t0 = new Date("2026-03-02T01:00:00Z");

describe("help news by text", () => {
  it("goes to the resident who chose texts for help news, in their words", async () => {
    const l = await createLinkage();
    const household = await createHousehold(l.compoundId);
    await createPairing(
      actorOf(l.organizer),
      { householdId: household, volunteerId: l.youth4.id, role: "primary", startedAt: t0 },
      meta,
    );
    const resident = await createUser({ role: "resident", compoundId: l.compoundId });
    await testDatabase().writeAtomic((d) =>
      d.batch([
        d
          .update(schema.householdMembers)
          .set({ userId: resident.id })
          .where(
            and(
              eq(schema.householdMembers.householdId, household),
              eq(schema.householdMembers.relation, "head"),
            ),
          ),
        d.update(schema.users).set({ phone: "13700001111" }).where(eq(schema.users.id, resident.id)),
      ]),
    );
    await saveChannelChoice(resident.id, { help: ["email", "sms"] });
    const asked = await askForHelp(
      actorOf(resident),
      {
        householdId: household,
        kind: "urgent",
        urgency: "urgent",
        description: "老人摔倒了",
        contactMethod: "phone",
        contactPhone: "13700001111",
      },
      meta,
      t0,
    );
    if (!asked.ok) throw new Error(`not asked: ${JSON.stringify(asked)}`);
    const id = asked.value;
    await changeHelpStatus(
      actorOf(l.youth4),
      id,
      { status: "acknowledged", note: null, visibleToResident: true },
      meta,
      t0,
    );
    const texts = await testDatabase()
      .db.select()
      .from(schema.emailOutbox)
      .where(and(like(schema.emailOutbox.key, `help:${id}:%`), eq(schema.emailOutbox.channel, "sms")));
    expect(texts).toMatchObject([
      { to: "+8613700001111", template: "helpUpdate", data: { status: "已受理" }, userId: resident.id },
    ]);
    const [home] = await testDatabase()
      .db.select({ compoundId: schema.households.compoundId })
      .from(schema.households)
      .where(eq(schema.households.id, household));
    expect(texts[0]?.compoundId).toBe(home?.compoundId);
  });
});
