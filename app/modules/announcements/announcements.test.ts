import { and, count, eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDatabase, schema } from "#db/client.server";
import { seedCommunity } from "#db/seed/generate";
import { createResidentAccounts } from "#db/seed/resident-accounts";
import { saveEmailPreferences } from "#app/modules/notifications/preferences.server";
import type { Actor } from "#app/modules/auth/policy";
import { createUser } from "#tests/fixtures/accounts";
import { everyResident, type Audience } from "./audience";
import type { AnnouncementForm } from "./form";
import {
  broadcastProgress,
  createAnnouncement,
  feedFor,
  publishAnnouncement,
  publishDueAnnouncements,
  readAnnouncement,
} from "./announcements.server";
import { countReach } from "./targeting.server";
import { openAnnouncement } from "./access.server";
import { verifyHousehold } from "#app/modules/households/verification.server";

const now = new Date("2026-06-15T02:00:00Z");
let compoundIds: number[] = [];

beforeAll(async () => {
  const database = getDatabase();
  await seedCommunity(database, { scale: "small", now });
  // Every second member has an account, so that households with and without one are both in play.
  await createResidentAccounts(database, 2);
  // Every second volunteer accepted their invitation (has a password); the others were only invited.
  await database.writeAtomic((d) =>
    d
      .update(schema.users)
      .set({ passwordHash: "accepted" })
      .where(sql`${schema.users.role} = 'volunteer' AND ${schema.users.id} % 2 = 0`),
  );
  compoundIds = (await database.db.select({ id: schema.compounds.id }).from(schema.compounds)).map(
    (c) => c.id,
  );
}, 60_000);

function form(audience: Partial<Audience>, overrides: Partial<AnnouncementForm> = {}): AnnouncementForm {
  return {
    kind: "policy",
    title: "医保政策宣传",
    body: "请带好**身份证**。",
    isPublic: false,
    ...everyResident,
    ...audience,
    ...overrides,
  };
}

async function outboxUserIds(announcementId: number): Promise<number[]> {
  const rows = await getDatabase()
    .db.select({ key: schema.emailOutbox.key })
    .from(schema.emailOutbox)
    .where(sql`${schema.emailOutbox.key} LIKE ${`announcement:${announcementId}:%`}`);
  return rows.map((r) => Number(r.key.split(":")[2])).sort((a, b) => a - b);
}

/** The audience worked out the long way: every row read, filtered in JavaScript. */
async function expectedRecipients(audience: Audience): Promise<number[]> {
  const { db } = getDatabase();
  const [users, members, households, categories, needs] = await Promise.all([
    db.select().from(schema.users),
    db.select().from(schema.householdMembers),
    db.select().from(schema.households),
    db.select().from(schema.householdCategories),
    db.select().from(schema.householdNeeds),
  ]);
  const inCompound = (id: number | null) =>
    audience.compoundIds.length === 0 || (id !== null && audience.compoundIds.includes(id));
  const householdMatches = (householdId: number) => {
    const h = households.find((x) => x.id === householdId);
    if (!h || h.status !== "active") return false;
    return (
      inCompound(h.compoundId) &&
      (audience.levels.length === 0 || audience.levels.includes(h.hardshipLevel)) &&
      (!audience.zeroEmployment || h.zeroEmployment) &&
      (audience.categories.length === 0 ||
        categories.some((c) => c.householdId === h.id && audience.categories.includes(c.category))) &&
      (audience.needs.length === 0 ||
        needs.some((n) => n.householdId === h.id && audience.needs.includes(n.need)))
    );
  };
  return users
    .filter((u) => u.disabledAt === null)
    .filter((u) => {
      if (u.role === "resident" && audience.residents) {
        const member = members.find((m) => m.userId === u.id && m.removedAt === null);
        return member !== undefined && householdMatches(member.householdId);
      }
      return (
        u.role === "volunteer" &&
        // Only volunteers who accepted their invitation (set a password).
        u.passwordHash !== null &&
        u.volunteerTier !== null &&
        audience.volunteerTiers.some((t) => t === u.volunteerTier) &&
        inCompound(u.compoundId)
      );
    })
    .map((u) => u.id)
    .sort((a, b) => a - b);
}

describe("targeting", () => {
  const audiences: [string, Partial<Audience>][] = [
    ["every resident", {}],
    ["one compound's zero-employment households", { compoundIds: [1], zeroEmployment: true }],
    ["extreme hardship in two compounds", { compoundIds: [2, 3], levels: ["extreme"] }],
    [
      "households that are disabled or seriously ill and need employment or care",
      {
        categories: ["disabled", "serious_illness"],
        needs: ["employment", "care"],
      },
    ],
    [
      "hardship levels and a category together",
      { levels: ["hardship", "extreme"], categories: ["elderly_alone"] },
    ],
    ["volunteers of tiers 1 and 2 only", { residents: false, volunteerTiers: [1, 2] }],
    ["residents and tier-4 volunteers of one compound", { compoundIds: [4], volunteerTiers: [4] }],
  ];

  it.each(audiences)("reaches exactly the accounts a direct query finds: %s", async (_label, audience) => {
    const full = { ...everyResident, ...audience };
    full.compoundIds = full.compoundIds.map((i) => compoundIds[i - 1] ?? 0);
    const expected = await expectedRecipients(full);
    expect(expected.length).toBeGreaterThan(0);
    const id = await createAnnouncement(1, form(full), "Asia/Shanghai");
    await publishAnnouncement(id, 1, { now });
    expect(await outboxUserIds(id)).toEqual(expected);
    expect(await countReach(full)).toBe(expected.length);
  });

  it("leaves out accounts that turned community notices off", async () => {
    const audience = { ...everyResident, compoundIds: [compoundIds[5] ?? 0] };
    const [optedOut, ...rest] = await expectedRecipients(audience);
    if (optedOut === undefined) throw new Error("compound 6 has no resident accounts");
    await saveEmailPreferences(optedOut, { disabledKinds: ["announcements"], reminderLeadMinutes: [60] });
    const id = await createAnnouncement(1, form(audience), "Asia/Shanghai");
    await publishAnnouncement(id, 1, { now });
    expect(await outboxUserIds(id)).toEqual(rest);
  });
});

describe("publishing", () => {
  it("queues nothing twice when an announcement is published again", async () => {
    const id = await createAnnouncement(1, form({ compoundIds: [compoundIds[0] ?? 0] }), "Asia/Shanghai");
    const first = await publishAnnouncement(id, 1, { now });
    const second = await publishAnnouncement(id, 1, { now: new Date(now.getTime() + 60_000) });
    expect(first).toMatchObject({ status: "published" });
    expect(first.status === "published" && first.queued).toBeGreaterThan(0);
    expect(second).toEqual({ status: "published", queued: 0 });
    const progress = await broadcastProgress(id);
    expect(progress.total).toBe(first.status === "published" ? first.queued : -1);
    expect(progress).toMatchObject({ sent: 0, failed: 0, done: false });
  });

  it("publishes a scheduled announcement once, when it is due, and not before", async () => {
    const id = await createAnnouncement(1, form({ compoundIds: [compoundIds[1] ?? 0] }), "Asia/Shanghai");
    const at = new Date(now.getTime() + 3_600_000);
    expect(await publishAnnouncement(id, 1, { at, now })).toEqual({ status: "scheduled", at });
    expect(await publishDueAnnouncements(new Date(at.getTime() - 1))).toBe(0);
    expect((await broadcastProgress(id)).total).toBe(0);
    expect(await publishDueAnnouncements(at)).toBe(1);
    expect(await publishDueAnnouncements(new Date(at.getTime() + 60_000))).toBe(0);
    const queued = (await broadcastProgress(id)).total;
    expect(queued).toBe(await countReach({ ...everyResident, compoundIds: [compoundIds[1] ?? 0] }));
    const [row] = await getDatabase()
      .db.select({ n: count() })
      .from(schema.auditLog)
      .where(eq(schema.auditLog.targetId, String(id)));
    expect(row?.n).toBe(3);
  });
});

describe("the reader's feed", () => {
  async function residentOf(compoundIndex: number): Promise<Actor> {
    const compoundId = compoundIds[compoundIndex] ?? 0;
    const [member] = await getDatabase()
      .db.select({ id: schema.users.id })
      .from(schema.householdMembers)
      .innerJoin(schema.households, eq(schema.households.id, schema.householdMembers.householdId))
      .innerJoin(schema.users, eq(schema.users.id, schema.householdMembers.userId))
      .where(eq(schema.households.compoundId, compoundId))
      .limit(1);
    if (!member) throw new Error("no resident account in that compound");
    return { id: member.id, role: "resident", volunteerTier: null, compoundId, supervisorId: null };
  }

  it("shows a resident what is aimed at their compound, newest first, and not what is aimed elsewhere", async () => {
    const here = await residentOf(7);
    const elsewhere = await residentOf(8);
    const older = await createAnnouncement(
      1,
      form({ compoundIds: [compoundIds[7] ?? 0] }, { title: "旧" }),
      "UTC",
    );
    const newer = await createAnnouncement(
      1,
      form({ compoundIds: [compoundIds[7] ?? 0] }, { title: "新" }),
      "UTC",
    );
    await publishAnnouncement(older, 1, { now });
    await publishAnnouncement(newer, 1, { now: new Date(now.getTime() + 1000) });
    const feed = await feedFor(here, { now });
    const ids = feed.items.map((i) => i.id);
    expect(ids.indexOf(newer)).toBeLessThan(ids.indexOf(older));
    expect(ids.indexOf(older)).toBeGreaterThanOrEqual(0);
    expect((await feedFor(elsewhere, { now })).items.map((i) => i.id)).not.toContain(newer);
    expect(await readAnnouncement(elsewhere, newer, now)).toBeNull();
  });

  it("marks an announcement read once opened, and filters by kind", async () => {
    const reader = await residentOf(9);
    const job = await createAnnouncement(
      1,
      form({ compoundIds: [compoundIds[9] ?? 0] }, { kind: "job", employer: "油田物业" }),
      "UTC",
    );
    await publishAnnouncement(job, 1, { now });
    expect((await feedFor(reader, { now })).items.find((i) => i.id === job)?.unread).toBe(true);
    await readAnnouncement(reader, job, now);
    expect((await feedFor(reader, { now })).items.find((i) => i.id === job)?.unread).toBe(false);
    expect((await feedFor(reader, { kind: "training", now })).items.map((i) => i.id)).not.toContain(job);
    expect((await feedFor(reader, { kind: "job", now })).items.map((i) => i.id)).toContain(job);
  });

  it("hides an expired announcement from the feed but still opens it by link, marked expired", async () => {
    const reader = await residentOf(10);
    const id = await createAnnouncement(
      1,
      form({ compoundIds: [compoundIds[10] ?? 0] }, { expiresOn: "2026-06-20" }),
      "Asia/Shanghai",
    );
    await publishAnnouncement(id, 1, { now });
    const later = new Date("2026-06-21T00:00:00Z");
    expect((await feedFor(reader, { now })).items.map((i) => i.id)).toContain(id);
    expect((await feedFor(reader, { now: later })).items.map((i) => i.id)).not.toContain(id);
    expect(await readAnnouncement(reader, id, later)).toMatchObject({ expired: true });
  });

  it("shows a volunteer what is aimed at their tier and not drafts", async () => {
    const volunteer = await createUser({
      role: "volunteer",
      volunteerTier: 3,
      compoundId: compoundIds[11] ?? 0,
    });
    const actor: Actor = { ...volunteer, role: "volunteer" };
    const aimed = await createAnnouncement(1, form({ residents: false, volunteerTiers: [3] }), "UTC");
    const draft = await createAnnouncement(1, form({ residents: false, volunteerTiers: [3] }), "UTC");
    const otherTier = await createAnnouncement(1, form({ residents: false, volunteerTiers: [1] }), "UTC");
    await publishAnnouncement(aimed, 1, { now });
    await publishAnnouncement(otherTier, 1, { now });
    const ids = (await feedFor(actor, { now })).items.map((i) => i.id);
    expect(ids).toContain(aimed);
    expect(ids).not.toContain(draft);
    expect(ids).not.toContain(otherTier);
  });

  it("shows a volunteer what is aimed at the households paired with them, to pass it on", async () => {
    const { createPairing } = await import("#app/modules/roster/pairings.server");
    const compoundId = compoundIds[5] ?? 0;
    const [household] = await getDatabase()
      .db.select({ id: schema.households.id })
      .from(schema.households)
      // The seed pairs hardship households only: one without hardship is free to pair here.
      .where(and(eq(schema.households.compoundId, compoundId), eq(schema.households.hardshipLevel, "none")))
      .limit(1);
    if (!household) throw new Error("no household in that compound");
    const organizer = await createUser({ role: "organizer", compoundId });
    const helper = await createUser({ role: "volunteer", volunteerTier: 4, compoundId });
    const unpaired = await createUser({ role: "volunteer", volunteerTier: 4, compoundId });
    const paired = await createPairing(
      { ...organizer, supervisorId: null },
      { householdId: household.id, volunteerId: helper.id, role: "primary", startedAt: now },
      { ip: null, userAgent: null },
    );
    expect(paired).toMatchObject({ ok: true });
    const id = await createAnnouncement(1, form({ compoundIds: [compoundId] }), "UTC");
    await publishAnnouncement(id, 1, { now });

    const idsFor = async (u: typeof helper) =>
      (await feedFor({ ...u, supervisorId: null }, { now })).items.map((i) => i.id);
    expect(await idsFor(helper)).toContain(id);
    expect(await idsFor(unpaired)).not.toContain(id);
  });
});

describe("who keeps an announcement and who may open it", () => {
  const admin: Actor = { id: 1, role: "admin", volunteerTier: null, compoundId: null, supervisorId: null };

  /** A resident account whose household (in `compoundIndex`) is at `level`. */
  async function residentAt(compoundIndex: number, level: "hardship" | "extreme") {
    const compoundId = compoundIds[compoundIndex] ?? 0;
    const [member] = await getDatabase()
      .db.select({ id: schema.users.id, householdId: schema.households.id })
      .from(schema.householdMembers)
      .innerJoin(schema.households, eq(schema.households.id, schema.householdMembers.householdId))
      .innerJoin(schema.users, eq(schema.users.id, schema.householdMembers.userId))
      .where(and(eq(schema.households.compoundId, compoundId), eq(schema.households.hardshipLevel, level)))
      .limit(1);
    if (!member) throw new Error(`no ${level} resident account in that compound`);
    const actor: Actor = {
      id: member.id,
      role: "resident",
      volunteerTier: null,
      compoundId,
      supervisorId: null,
    };
    return { actor, householdId: member.householdId };
  }

  it("keeps a job in the list and on its page for a resident re-verified from 困难户 to 特困户", async () => {
    const { actor, householdId } = await residentAt(3, "hardship");
    const job = await createAnnouncement(
      1,
      form(
        { compoundIds: [compoundIds[3] ?? 0], levels: ["hardship"] },
        { kind: "job", title: "困难户专场招聘", employer: "油田物业" },
      ),
      "UTC",
    );
    await publishAnnouncement(job, 1, { now });
    const [recipient] = await getDatabase()
      .db.select()
      .from(schema.announcementRecipients)
      .where(
        and(
          eq(schema.announcementRecipients.announcementId, job),
          eq(schema.announcementRecipients.userId, actor.id),
        ),
      );
    expect(recipient?.deliveredAt).toEqual(now);

    const outcome = await verifyHousehold(
      admin,
      householdId,
      {
        verifiedAt: now,
        verifierName: "社区干事 刘芳",
        findings: "户主确诊重病",
        hardshipLevel: "extreme",
        categories: ["serious_illness"],
        needs: [],
      },
      { ip: null },
    );
    expect(outcome.ok).toBe(true);
    const later = new Date(now.getTime() + 60_000);
    expect((await feedFor(actor, { now: later })).items.map((i) => i.id)).toContain(job);
    expect(await readAnnouncement(actor, job, later)).not.toBeNull();
    expect((await openAnnouncement(actor, job, later)).kind).toBe("reader");
    // A household that is 特困户 now but never received it does not gain it.
    const { actor: newcomer } = await residentAt(3, "extreme");
    if (newcomer.id !== actor.id) expect(await readAnnouncement(newcomer, job, later)).toBeNull();
  });

  it("opens a public announcement for anyone, and explains a targeted one to those outside it", async () => {
    const { actor: outsider } = await residentAt(5, "hardship");
    const aimed = { compoundIds: [compoundIds[4] ?? 0], levels: ["extreme" as const] };
    const open = await createAnnouncement(1, form(aimed, { title: "公开招聘", isPublic: true }), "UTC");
    const closed = await createAnnouncement(1, form(aimed, { title: "定向通知" }), "UTC");
    const draft = await createAnnouncement(1, form(aimed, { title: "草稿", isPublic: true }), "UTC");
    await publishAnnouncement(open, 1, { now });
    await publishAnnouncement(closed, 1, { now });

    const signedOut = await openAnnouncement(null, open, now);
    expect(signedOut.kind).toBe("public");
    expect(signedOut.kind === "public" && signedOut.view.announcement.title).toBe("公开招聘");
    expect((await openAnnouncement(outsider, open, now)).kind).toBe("reader");
    expect((await feedFor(outsider, { now })).items.map((i) => i.id)).toContain(open);

    for (const reader of [null, outsider]) {
      const access = await openAnnouncement(reader, closed, now);
      expect(access).toMatchObject({
        kind: "restricted",
        announcementKind: "policy",
        audience: { levels: ["extreme"] },
      });
      expect(access.kind === "restricted" && access.compounds).toHaveLength(1);
    }
    expect((await feedFor(outsider, { now })).items.map((i) => i.id)).not.toContain(closed);
    expect((await openAnnouncement(null, draft, now)).kind).toBe("notFound");
    expect((await openAnnouncement(outsider, draft, now)).kind).toBe("notFound");
    expect((await openAnnouncement(null, 999_999, now)).kind).toBe("notFound");
  });
});
