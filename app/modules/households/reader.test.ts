import { parse } from "csv-parse/sync";
import { and, eq, inArray } from "drizzle-orm";
import { faker } from "@faker-js/faker";
import { beforeEach, describe, expect, it } from "vitest";
import { db, getDatabase, schema } from "#db/client.server";
import { insertHousehold, makeHousehold } from "#db/seed/factories";
import { createCompound, createUser } from "#tests/fixtures/accounts";
import { actorOf, createLinkage } from "#tests/fixtures/roster";
import { flushReadLog, forgetRecentListings } from "#app/modules/audit/read-log.server";
import type { Actor } from "#app/modules/auth/policy";
import { createPairing } from "#app/modules/roster/pairings.server";
import type { Category } from "./codes";
import { csvText } from "#app/modules/lists/export.server";
import { ledgerExport } from "./ledger.server";
import { listHouseholdBriefs, openHouseholdBrief, readHousehold } from "./reader.server";
import { listHouseholds, updateHousehold } from "./registry.server";

const meta = { ip: "203.0.113.9", userAgent: null };
let room = 500;

/** A household with health categories, a disabled member and a health note; consent to health or not. */
async function household(
  compoundId: number,
  options: { healthConsent: boolean; categories?: Category[]; residentId?: number },
) {
  const draft = makeHousehold(faker, {
    compoundId,
    address: { building: "5", unit: "1", room: String(++room) },
    level: "extreme",
    categories: options.categories ?? ["disabled", "serious_illness", "both_unemployed"],
  });
  draft.members[0].disabled = true;
  draft.household.healthNote = options.healthConsent ? "每月复查一次" : null;
  draft.household.consentGivenBy = draft.members[0].name;
  draft.household.consentGivenAt = new Date();
  draft.household.consentScopes = options.healthConsent ? ["registry", "health"] : ["registry"];
  const { householdId, memberIds } = await getDatabase().write((tx) => insertHousehold(tx, draft));
  if (options.residentId !== undefined)
    await getDatabase().writeAtomic((d) =>
      d
        .update(schema.householdMembers)
        .set({ userId: options.residentId })
        .where(eq(schema.householdMembers.id, memberIds[0] ?? 0)),
    );
  return householdId;
}

async function readsOf(actorId: number) {
  await flushReadLog();
  return db()
    .select({
      action: schema.auditLog.action,
      targetType: schema.auditLog.targetType,
      targetId: schema.auditLog.targetId,
      details: schema.auditLog.details,
      ip: schema.auditLog.ip,
    })
    .from(schema.auditLog)
    .where(
      and(
        eq(schema.auditLog.actorId, actorId),
        inArray(schema.auditLog.action, ["household.viewed", "household.listed", "household.viewRefused"]),
      ),
    );
}

beforeEach(() => forgetRecentListings());

describe("every read of a household leaves a trace", () => {
  it("logs each household a list shows as listed, with the page it was shown on", async () => {
    const compoundId = await createCompound();
    const organizer = actorOf(await createUser({ role: "organizer", compoundId }));
    const ids = [
      await household(compoundId, { healthConsent: true }),
      await household(compoundId, { healthConsent: false }),
    ];
    const shown = await listHouseholds(organizer, {}, { via: "households.list", ip: meta.ip });
    expect(shown.rows.map((r) => r.id).sort()).toEqual([...ids].sort());
    expect(await readsOf(organizer.id)).toEqual(
      expect.arrayContaining(
        ids.map((id) => ({
          action: "household.listed",
          targetType: "household",
          targetId: String(id),
          details: { via: "households.list" },
          ip: meta.ip,
        })),
      ),
    );
    expect(await readsOf(organizer.id)).toHaveLength(2);
  });

  it("keeps a list out of reach empty, and logs nothing for what it did not show", async () => {
    const [mine, theirs] = [await createCompound(), await createCompound()];
    const organizer = actorOf(await createUser({ role: "organizer", compoundId: mine }));
    const outside = await household(theirs, { healthConsent: true });
    expect(await listHouseholdBriefs(organizer, [outside], { via: "test" })).toEqual([]);
    expect(await readsOf(organizer.id)).toEqual([]);
  });

  it("logs a refused opening, with the purpose, and an opening allowed by the page's own rule", async () => {
    const [mine, theirs] = [await createCompound(), await createCompound()];
    const organizer = actorOf(await createUser({ role: "organizer", compoundId: mine }));
    const outside = await household(theirs, { healthConsent: true });
    const inside = await household(mine, { healthConsent: true });
    expect(await readHousehold(organizer, outside, { via: "households.page" })).toEqual({
      ok: false,
      status: 403,
    });
    expect((await openHouseholdBrief(organizer, inside, { via: "card" })).ok).toBe(true);
    expect(await readsOf(organizer.id)).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          action: "household.viewRefused",
          targetId: String(outside),
          details: { via: "households.page" },
        }),
        expect.objectContaining({
          action: "household.viewed",
          targetId: String(inside),
          details: { via: "card" },
        }),
      ]),
    );
  });

  it("keeps one listing per person, household and purpose while a feed is polled, and every opening", async () => {
    const compoundId = await createCompound();
    const organizer = actorOf(await createUser({ role: "organizer", compoundId }));
    const id = await household(compoundId, { healthConsent: true });
    for (let i = 0; i < 3; i++) await listHouseholdBriefs(organizer, [id], { via: "calendar.feed" });
    await listHouseholdBriefs(organizer, [id], { via: "roster.coverage" });
    await readHousehold(organizer, id, { via: "households.page" });
    await readHousehold(organizer, id, { via: "households.page" });
    const reads = await readsOf(organizer.id);
    expect(reads.filter((r) => r.action === "household.listed").map((r) => r.details)).toEqual([
      { via: "calendar.feed" },
      { via: "roster.coverage" },
    ]);
    expect(reads.filter((r) => r.action === "household.viewed")).toHaveLength(2);
  });
});

describe("health and disability facts follow the household's consent", () => {
  async function setting() {
    const l = await createLinkage();
    const resident = await createUser({ role: "resident", compoundId: l.compoundId });
    const consenting = await household(l.compoundId, { healthConsent: true });
    const refusing = await household(l.compoundId, { healthConsent: false, residentId: resident.id });
    for (const householdId of [consenting, refusing]) {
      const paired = await createPairing(
        actorOf(l.organizer),
        { householdId, volunteerId: l.youth4.id, role: "primary", startedAt: new Date() },
        meta,
      );
      if (!paired.ok) throw new Error(paired.error);
    }
    return { ...l, resident: actorOf(resident), consenting, refusing };
  }
  const ctx = { via: "test" };
  const view = async (actor: Actor, id: number) => {
    const read = await readHousehold(actor, id, ctx);
    if (!read.ok) throw new Error(`refused ${read.status}`);
    return read.value;
  };

  it("withholds health categories, members' disability and the health note without consent, and says so", async () => {
    const s = await setting();
    const record = await view(actorOf(s.organizer), s.refusing);
    expect(record.categories).toEqual(["both_unemployed"]);
    expect(record.members.every((m) => m.disabled === null)).toBe(true);
    expect(record.healthNote).toBeNull();
    expect(record.healthWithheld).toBe("noConsent");
    // The helper sees no more than staff without consent.
    expect((await view(actorOf(s.youth4), s.refusing)).healthWithheld).toBe("noConsent");
  });

  it("shows them with consent to staff and the primary helper, not to the supervisors above the helper", async () => {
    const s = await setting();
    for (const reader of [s.organizer, s.youth4]) {
      const record = await view(actorOf(reader), s.consenting);
      expect(record.categories).toEqual(expect.arrayContaining(["disabled", "serious_illness"]));
      expect(record.members[0]?.disabled).toBe(true);
      expect(record.healthWithheld).toBeNull();
    }
    const supervisor = await view(actorOf(s.member3), s.consenting);
    expect(supervisor.categories).toEqual(["both_unemployed"]);
    expect(supervisor.healthWithheld).toBe("notNeeded");
  });

  it("always shows the household its own record", async () => {
    const s = await setting();
    const own = await view(s.resident, s.refusing);
    expect(own.categories).toEqual(expect.arrayContaining(["disabled", "serious_illness"]));
    expect(own.healthWithheld).toBeNull();
  });

  it("finds by a health category only households whose health facts the person may read", async () => {
    const s = await setting();
    const found = async (actor: Actor) =>
      (await listHouseholds(actor, { category: "disabled" }, ctx)).rows.map((r) => r.id);
    expect(await found(actorOf(s.organizer))).toEqual([s.consenting]);
    expect(await found(actorOf(s.youth4))).toEqual([s.consenting]);
    expect(await found(actorOf(s.member3))).toEqual([]);
    expect(
      (await listHouseholds(actorOf(s.member3), { category: "both_unemployed" }, ctx)).rows,
    ).toHaveLength(2);
  });

  it("keeps the health categories an edit form could not show", async () => {
    const s = await setting();
    const before = await view(actorOf(s.organizer), s.refusing);
    const outcome = await updateHousehold(
      actorOf(s.organizer),
      s.refusing,
      {
        building: before.building,
        unit: before.unit,
        room: before.room,
        hardshipLevel: before.hardshipLevel,
        categories: ["both_unemployed", "many_children", "disabled_employee"],
        needs: [...before.needs],
        note: before.note,
        healthNote: null,
        consentGivenBy: before.consent?.givenBy ?? null,
        consentScopes: [...(before.consent?.scopes ?? [])],
      },
      meta,
    );
    expect(outcome).toEqual({ ok: true });
    const stored = await db()
      .select({ category: schema.householdCategories.category })
      .from(schema.householdCategories)
      .where(eq(schema.householdCategories.householdId, s.refusing));
    expect(stored.map((c) => c.category).sort()).toEqual(
      ["both_unemployed", "disabled", "many_children", "serious_illness"].sort(),
    );
  });

  it("leaves them out of the ledger export without consent, and says they are withheld", async () => {
    const s = await setting();
    const csv = csvText(await ledgerExport(actorOf(s.organizer), "extreme", "en", { ip: null }));
    const rows = parse(csv.replace(/^\uFEFF/, ""), { columns: true }) as Record<string, string>[];
    const cells = rows.map((r) => Object.values(r).join("|"));
    const withheld = cells.filter((c) => c.includes("health facts withheld: no consent"));
    expect(withheld).toHaveLength(1);
    expect(withheld[0]).not.toMatch(/Disabled|Serious illness/);
    expect(cells.some((c) => /Serious illness/.test(c))).toBe(true);
    expect(await readsOf(s.organizer.id)).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ action: "household.listed", details: { via: "ledger.export" } }),
      ]),
    );
  });
});
