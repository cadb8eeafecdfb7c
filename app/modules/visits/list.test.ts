// The visit lists' filters and export against the real database: each filter narrows, none widens what the
// list's scope shows (a volunteer naming someone else's id gets nothing more), the form offers only volunteers
// and compounds within that scope, days out of range are refused, and the export reads households audited.
import { and, eq, inArray } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDatabase, schema } from "#db/client.server";
import { flushReadLog } from "#app/modules/audit/read-log.server";
import { getT } from "#app/modules/i18n/i18n";
import { createCompound, createUser } from "#tests/fixtures/accounts";
import { actorOf, createHousehold, createLinkage } from "#tests/fixtures/roster";
import { visitFilterSchema, applicableFilters, type VisitFilters } from "./list-filters";
import { filterCondition, filterOptions, tabList, visitExport, visitListScope } from "./list.server";
import { listVisits } from "./reads.server";
import type { VisitStatus } from "./codes";

const zone = "Asia/Shanghai";
const day = 86_400_000;
/** Now: Thursday 3 December 2026, 10:00 in Shanghai. */
const now = new Date("2026-12-03T02:00:00Z");
const ctx = { via: "test", ip: null };

async function visit(v: {
  householdId: number;
  compoundId: number;
  leadVolunteerId: number;
  startsAt: Date;
  status?: VisitStatus;
  coVisitorId?: number;
}): Promise<number> {
  return getDatabase().write(async (tx) => {
    const [row] = await tx
      .insert(schema.visits)
      .values({
        householdId: v.householdId,
        compoundId: v.compoundId,
        leadVolunteerId: v.leadVolunteerId,
        startsAt: v.startsAt,
        endsAt: new Date(v.startsAt.getTime() + 3_600_000),
        place: "户主家中",
        purpose: "了解近况",
        status: v.status ?? "scheduled",
      })
      .returning({ id: schema.visits.id });
    if (!row) throw new Error("no visit");
    if (v.coVisitorId)
      await tx.insert(schema.visitCoVisitors).values({ visitId: row.id, volunteerId: v.coVisitorId });
    return row.id;
  });
}

async function community() {
  const l = await createLinkage();
  const household = await createHousehold(l.compoundId, "extreme");
  const otherCompound = await createCompound();
  const far = await createHousehold(otherCompound, "hardship");
  const farVolunteer = await createUser({ role: "volunteer", volunteerTier: 4, compoundId: otherCompound });
  const at = (days: number) => new Date(now.getTime() + days * day);
  const v = {
    // The youth's: two past (done on 1 Dec, missed on 20 Nov), one to come on 10 Dec with the party member along.
    youthDone: await visit({ ...base(l, household, l.youth4.id), startsAt: at(-2), status: "done" }),
    youthMissed: await visit({ ...base(l, household, l.youth4.id), startsAt: at(-13), status: "missed" }),
    youthComing: await visit({
      ...base(l, household, l.youth4.id),
      startsAt: at(7),
      coVisitorId: l.member3.id,
    }),
    // The other branch's, and one in another compound.
    otherDone: await visit({ ...base(l, household, l.otherMember3.id), startsAt: at(-3), status: "done" }),
    farDone: await visit({
      householdId: far,
      compoundId: otherCompound,
      leadVolunteerId: farVolunteer.id,
      startsAt: at(-1),
      status: "done",
    }),
  };
  return { ...l, household, otherCompound, farVolunteer, v };
}

function base(l: { compoundId: number }, householdId: number, leadVolunteerId: number) {
  return { householdId, compoundId: l.compoundId, leadVolunteerId };
}

async function ids(
  actor: ReturnType<typeof actorOf>,
  tab: "upcoming" | "past",
  filters: VisitFilters,
): Promise<number[]> {
  const scope = await visitListScope(actor, tab);
  const { items } = await listVisits(
    scope,
    tabList[tab],
    ctx,
    now,
    0,
    100,
    filterCondition(applicableFilters(filters, tab), zone),
  );
  return items.map((i) => i.id);
}

describe("visit list filters", () => {
  it("narrow an organizer's list by state, volunteer, compound and the community's days", async () => {
    const c = await community();
    const organizer = actorOf(c.organizer);
    const past = await ids(organizer, "past", {});
    expect(past).toEqual(expect.arrayContaining([c.v.youthDone, c.v.youthMissed, c.v.otherDone]));
    // Their compound only: the other compound's visit is not theirs, filter or not.
    expect(past).not.toContain(c.v.farDone);
    expect(await ids(organizer, "past", { compound: c.otherCompound })).toEqual([]);

    expect(await ids(organizer, "past", { status: "missed" })).toEqual([c.v.youthMissed]);
    expect(await ids(organizer, "past", { volunteer: c.youth4.id })).toEqual([
      c.v.youthDone,
      c.v.youthMissed,
    ]);
    // A co-visitor counts as one of the visit's volunteers.
    expect(await ids(organizer, "upcoming", { volunteer: c.member3.id })).toEqual([c.v.youthComing]);
    // 1 December: the youth's done visit (1 Dec, 10:00 Shanghai), not the other's (30 Nov).
    expect(await ids(organizer, "past", { from: "2026-12-01", to: "2026-12-01" })).toEqual([c.v.youthDone]);
    expect(await ids(organizer, "past", { from: "2026-11-30" })).toEqual([c.v.youthDone, c.v.otherDone]);
    expect(await ids(organizer, "past", { to: "2026-11-20", volunteer: c.youth4.id })).toEqual([
      c.v.youthMissed,
    ]);
    // A state the tab never holds is dropped rather than emptying the list.
    expect(await ids(organizer, "upcoming", { status: "done" })).toEqual([c.v.youthComing]);
  });

  it("never widen a volunteer's own list, whatever ids the URL names", async () => {
    const c = await community();
    const youth = actorOf(c.youth4);
    expect(await ids(youth, "past", {})).toEqual([c.v.youthDone, c.v.youthMissed]);
    expect(await ids(youth, "past", { volunteer: c.otherMember3.id })).toEqual([]);
    expect(await ids(youth, "past", { volunteer: c.farVolunteer.id, compound: c.otherCompound })).toEqual([]);
    // The party member sees the visit they go on, not the youth's others (the lists are their own).
    const member = actorOf(c.member3);
    expect(await ids(member, "upcoming", {})).toEqual([c.v.youthComing]);
    expect(await ids(member, "past", { volunteer: c.youth4.id })).toEqual([]);
  });

  it("offer only the volunteers and compounds within the list's scope", async () => {
    const c = await community();
    const youth = actorOf(c.youth4);
    const own = await filterOptions(youth, await visitListScope(youth, "past"), undefined, undefined);
    expect(own.volunteers.map((v) => v.id)).toEqual([c.youth4.id]);
    expect(own.compounds.map((x) => x.id)).toEqual([c.compoundId]);

    const organizer = actorOf(c.organizer);
    const theirs = await filterOptions(
      organizer,
      await visitListScope(organizer, "past"),
      undefined,
      undefined,
    );
    const offered = theirs.volunteers.map((v) => v.id);
    expect(offered).toEqual(expect.arrayContaining([c.youth4.id, c.member3.id, c.otherMember3.id]));
    expect(offered).not.toContain(c.farVolunteer.id);
    expect(theirs.compounds.map((x) => x.id)).toEqual([c.compoundId]);

    // A part of a name narrows; the chosen volunteer stays offered.
    const [youthRow] = await getDatabase()
      .db.select({ name: schema.users.name })
      .from(schema.users)
      .where(eq(schema.users.id, c.youth4.id));
    const narrowed = await filterOptions(
      organizer,
      await visitListScope(organizer, "past"),
      youthRow?.name ?? "",
      c.member3.id,
    );
    expect(narrowed.volunteers.map((v) => v.id).sort()).toEqual([c.youth4.id, c.member3.id].sort());
  });

  it("refuse days outside the range and an end before the start, with the range in the message", () => {
    const schema = visitFilterSchema("2026-12-03");
    const far = schema.safeParse({ from: "1999-01-01", to: "9999-12-31" });
    expect(far.success).toBe(false);
    expect(far.error?.issues.map((i) => [i.path[0], i.message])).toEqual([
      ["from", "common:validation.dayRange|2021-12-03 – 2027-12-03"],
      ["to", "common:validation.dayRange|2021-12-03 – 2027-12-03"],
    ]);
    const reversed = schema.safeParse({ from: "2026-12-02", to: "2026-12-01" });
    expect(reversed.error?.issues[0]).toMatchObject({ path: ["to"], message: "visits:filter.toBeforeFrom" });
    expect(schema.safeParse({ from: "2026-12-01", to: "2026-12-02", volunteer: "7" }).success).toBe(true);
  });

  it("export the filtered list in the reader's language, in the same scope, logging the households read", async () => {
    const c = await community();
    const youth = actorOf(c.youth4);
    for (const locale of ["zh-CN", "en"] as const) {
      const table = await visitExport(youth, "past", { status: "done" }, getT(locale), ctx, zone, now);
      if (!table) throw new Error("no table");
      expect(table.rows.map((r) => r.id)).toEqual([c.v.youthDone]);
      expect(table.columns[0]?.header).toBe(locale === "en" ? "Starts" : "开始时间");
      expect(table.columns[2]?.cell(table.rows[0] as never)).toBe(locale === "en" ? "Done" : "已走访");
    }
    const none = await visitExport(
      youth,
      "past",
      { volunteer: c.otherMember3.id },
      getT("en"),
      ctx,
      zone,
      now,
    );
    expect(none?.rows).toEqual([]);
    // A list longer than a file holds is refused, never cut short.
    expect(await visitExport(youth, "past", {}, getT("en"), ctx, zone, now, 1)).toBeNull();
    expect((await visitExport(youth, "past", {}, getT("en"), ctx, zone, now, 2))?.rows).toHaveLength(2);
    await flushReadLog();
    const logged = await getDatabase()
      .db.select({ targetId: schema.auditLog.targetId })
      .from(schema.auditLog)
      .where(
        and(eq(schema.auditLog.actorId, c.youth4.id), inArray(schema.auditLog.action, ["household.listed"])),
      );
    expect(logged.map((l) => l.targetId)).toContain(String(c.household));
  });
});
