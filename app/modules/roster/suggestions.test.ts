import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { schema } from "#db/client.server";
import { testDatabase } from "#tests/setup/db";
import { createCompound, createUser } from "#tests/fixtures/accounts";
import { actorOf, createHousehold } from "#tests/fixtures/roster";
import { sharedI18n } from "#app/modules/i18n/i18n";
import { candidateOption, candidateReasons } from "./candidate-reasons";
import {
  pairingCandidates,
  pairFromVolunteer,
  searchHouseholdsToPair,
  searchVolunteersToPair,
  suggestHelpers,
} from "./suggestions.server";

const meta = { ip: null, userAgent: null };
const ctx = { via: "test" };
const today = new Date("2026-03-01T00:00:00Z");

async function volunteerIn(compoundId: number, name?: string) {
  return createUser({ role: "volunteer", volunteerTier: 4, compoundId, name });
}

async function setPhone(userId: number, phone: string) {
  await testDatabase().writeAtomic((d) =>
    d.update(schema.users).set({ phone }).where(eq(schema.users.id, userId)),
  );
}

async function headName(householdId: number): Promise<string> {
  const [head] = await testDatabase()
    .db.select({ name: schema.householdMembers.name })
    .from(schema.householdMembers)
    .where(
      and(eq(schema.householdMembers.householdId, householdId), eq(schema.householdMembers.relation, "head")),
    );
  if (!head) throw new Error("no head");
  return head.name;
}

describe("suggestions read the volunteer's profile", () => {
  it("ranks a language the household's notes name, then given days, and says why", async () => {
    const compoundId = await createCompound();
    const organizer = actorOf(await createUser({ role: "organizer", compoundId }));
    const householdId = await createHousehold(compoundId);
    await testDatabase().writeAtomic((d) =>
      d
        .update(schema.households)
        .set({ note: "老人只会说粤语，白天在家" })
        .where(eq(schema.households.id, householdId)),
    );
    const plain = await volunteerIn(compoundId, "甲志愿者");
    const withDays = await volunteerIn(compoundId, "乙志愿者");
    const speaker = await volunteerIn(compoundId, "丙志愿者");
    await testDatabase().writeAtomic((d) =>
      d.insert(schema.volunteerProfiles).values([
        { userId: plain.id, languages: ["English"] },
        {
          userId: withDays.id,
          availabilitySlots: [
            { day: 3, from: "09:00", to: "12:00" },
            { day: 1, from: "18:00", to: "20:00" },
            { day: 3, from: "14:00", to: "16:00" },
          ],
        },
        { userId: speaker.id, languages: ["粤语", "English"] },
      ]),
    );
    const suggestions = await suggestHelpers(organizer, householdId, 10);
    expect(suggestions.map((s) => s.id)).toEqual([speaker.id, withDays.id, plain.id]);
    expect(suggestions[0]?.matchedLanguages).toEqual(["粤语"]);
    expect(suggestions[1]?.availableDays).toEqual([1, 3]);
    expect(suggestions[2]).toMatchObject({ matchedLanguages: [], availableDays: [], covers: "home" });
  });

  it("counts a compound the volunteer listed in their profile as serving it", async () => {
    const compoundId = await createCompound();
    const elsewhere = await createCompound();
    const admin = actorOf(await createUser({ role: "admin" }));
    const householdId = await createHousehold(compoundId);
    const outsider = await volunteerIn(elsewhere);
    const lister = await volunteerIn(elsewhere);
    await testDatabase().writeAtomic((d) =>
      d.insert(schema.volunteerCompounds).values({ userId: lister.id, compoundId }),
    );
    const found = await searchVolunteersToPair(admin, householdId, lister.name);
    expect(found).toMatchObject([{ id: lister.id, covers: "listed", sameCompound: true }]);
    const other = await pairingCandidates(admin, householdId, { volunteerId: outsider.id });
    expect(other).toMatchObject([{ covers: null, sameCompound: false }]);
  });
});

describe("searching every volunteer one may pair", () => {
  it("finds one beyond the top 8 by name or phone, with load and capacity, and only on one's roster", async () => {
    const compoundId = await createCompound();
    const otherCompound = await createCompound();
    const organizer = actorOf(await createUser({ role: "organizer", compoundId }));
    const householdId = await createHousehold(compoundId);
    const many = [];
    for (let i = 0; i < 10; i++) many.push(await volunteerIn(compoundId, `常见名${i}`));
    const full = await volunteerIn(compoundId, "满额的人");
    await testDatabase().writeAtomic((d) =>
      d.insert(schema.volunteerProfiles).values({ userId: full.id, capacity: 0 }),
    );
    await setPhone(full.id, "13911112222");
    const left = await volunteerIn(compoundId, "已离开的人");
    await testDatabase().writeAtomic((d) =>
      d.update(schema.users).set({ disabledAt: today }).where(eq(schema.users.id, left.id)),
    );
    const stranger = await volunteerIn(otherCompound, "别处的人");

    const top = await suggestHelpers(organizer, householdId);
    expect(top).toHaveLength(8);
    expect(top.map((s) => s.id)).not.toContain(full.id);

    expect((await searchVolunteersToPair(organizer, householdId, "满额")).map((s) => s.id)).toEqual([
      full.id,
    ]);
    const byPhone = await searchVolunteersToPair(organizer, householdId, "1391111");
    expect(byPhone).toMatchObject([{ id: full.id, load: 0, capacity: 0 }]);
    expect(await searchVolunteersToPair(organizer, householdId, "已离开")).toEqual([]);
    expect(await searchVolunteersToPair(organizer, householdId, stranger.name)).toEqual([]);
    expect(await searchVolunteersToPair(organizer, householdId, "  ")).toEqual([]);
    expect(await searchVolunteersToPair(organizer, householdId, "常见名")).toHaveLength(10);
  });
});

describe("pairing from a volunteer's page", () => {
  it("offers households of the compounds the volunteer serves and pairs one under the same rules", async () => {
    const compoundId = await createCompound();
    const otherCompound = await createCompound();
    const admin = actorOf(await createUser({ role: "admin" }));
    const volunteer = await volunteerIn(compoundId);
    const mine = await createHousehold(compoundId);
    const theirs = await createHousehold(otherCompound);

    const found = await searchHouseholdsToPair(admin, volunteer.id, await headName(mine), ctx);
    expect(found.map((h) => h.id)).toEqual([mine]);
    expect(found[0]).toMatchObject({ hasPrimary: false });
    expect(await searchHouseholdsToPair(admin, volunteer.id, await headName(theirs), ctx)).toEqual([]);

    const input = { volunteerId: volunteer.id, role: "primary" as const, startedAt: today };
    expect(await pairFromVolunteer(admin, { ...input, householdId: theirs }, meta)).toEqual({
      ok: false,
      error: "householdUnavailable",
    });
    const made = await pairFromVolunteer(admin, { ...input, householdId: mine }, meta);
    expect(made.ok).toBe(true);
    // Once paired, the household is no longer offered for this volunteer.
    expect(await searchHouseholdsToPair(admin, volunteer.id, await headName(mine), ctx)).toEqual([]);
  });

  it("refuses an organizer of another compound, and a volunteer at capacity without a reason", async () => {
    const compoundId = await createCompound();
    const otherCompound = await createCompound();
    const stranger = actorOf(await createUser({ role: "organizer", compoundId: otherCompound }));
    const organizer = actorOf(await createUser({ role: "organizer", compoundId }));
    const volunteer = await volunteerIn(compoundId);
    await testDatabase().writeAtomic((d) =>
      d.insert(schema.volunteerProfiles).values({ userId: volunteer.id, capacity: 0 }),
    );
    const householdId = await createHousehold(compoundId);
    const input = { householdId, volunteerId: volunteer.id, role: "primary" as const, startedAt: today };

    expect(await searchHouseholdsToPair(stranger, volunteer.id, await headName(householdId), ctx)).toEqual(
      [],
    );
    expect(await pairFromVolunteer(stranger, input, meta)).toEqual({
      ok: false,
      error: "volunteerUnavailable",
    });
    expect(await pairFromVolunteer(organizer, input, meta)).toEqual({ ok: false, error: "overCapacity" });
    const made = await pairFromVolunteer(organizer, { ...input, overrideReason: "同楼，顺路" }, meta);
    expect(made.ok).toBe(true);
  });
});

describe("the reasons beside a suggestion", () => {
  const facts = {
    id: 1,
    name: "李四",
    compoundName: "石油新村",
    covers: "listed" as const,
    load: 2,
    capacity: 2,
    matchedSkills: 1,
    matchedLanguages: ["粤语"],
    availableDays: [1, 6] as const,
  };
  it("say why in both languages, and that one at capacity needs a reason", () => {
    const zh = sharedI18n("zh-CN").getFixedT("zh-CN", ["roster", "service"] as const);
    const en = sharedI18n("en").getFixedT("en", ["roster", "service"] as const);
    expect(candidateReasons(zh, "zh-CN", facts)).toEqual([
      "本人资料中服务本小区",
      "会说粤语（家庭备注中提到）",
      "特长对口 1 项",
      "可服务：周一、周六",
    ]);
    expect(candidateReasons(en, "en", { ...facts, covers: null, availableDays: [] })).toEqual([
      "Another compound",
      "Speaks 粤语, named in the household's notes",
      "1 skill meets its needs",
      "No days given",
    ]);
    expect(candidateOption(en, "en", facts).detail).toContain("At capacity: pairing needs a reason");
  });
});
