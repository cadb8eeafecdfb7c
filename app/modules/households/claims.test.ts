import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db, getDatabase, schema } from "#db/client.server";
import { createCompound, createUser } from "#tests/fixtures/accounts";
import type { Actor } from "#app/modules/auth/policy";
import { everyResident } from "#app/modules/announcements/audience";
import { countReach } from "#app/modules/announcements/targeting.server";
import { cardCredentialsFor, householdByClaimCode } from "./card-credentials.server";
import {
  approveClaim,
  listClaims,
  myLatestClaim,
  openClaim,
  refuseClaim,
  submitClaim,
  withdrawClaim,
} from "./claims.server";
import { listCorrections, myCorrections, refuseCorrection, requestCorrection } from "./corrections.server";
import { householdIdOfResident } from "./facts.server";
import { linkAccount, searchResidentAccounts, unlinkAccount } from "./links.server";
import {
  addMember,
  closeHousehold,
  createHousehold,
  currentMembers,
  removeMember,
  updateMember,
  type MemberInput,
} from "./members.server";
import { listHouseholds, updateHousehold } from "./registry.server";
import { readHousehold } from "./reader.server";

const meta = { ip: "203.0.113.9" };
let room = 0;

const actorOf = (u: Awaited<ReturnType<typeof createUser>>): Actor => ({
  id: u.id,
  role: u.role,
  volunteerTier: u.volunteerTier,
  compoundId: u.compoundId,
  supervisorId: u.supervisorId,
});

function member(name: string, over: Partial<MemberInput> = {}): MemberInput {
  return {
    name,
    relation: "head",
    birthYear: 1970,
    phone: null,
    employed: true,
    disabled: false,
    inSchool: false,
    ...over,
  };
}

async function setPhone(userId: number, phone: string) {
  await getDatabase().writeAtomic((d) =>
    d.update(schema.users).set({ phone }).where(eq(schema.users.id, userId)),
  );
}

async function world() {
  const compoundId = await createCompound();
  const otherCompound = await createCompound();
  const organizer = actorOf(await createUser({ role: "organizer", compoundId }));
  const otherOrganizer = actorOf(await createUser({ role: "organizer", compoundId: otherCompound }));
  const address = { compoundId, building: "7", unit: "2", room: String(++room + 300) };
  const created = await createHousehold(
    organizer,
    {
      ...address,
      members: [
        member("王建国", { phone: "13900001111" }),
        member("李秀兰", { relation: "spouse", phone: "13900002222" }),
      ],
    },
    meta,
  );
  if (!created.ok) throw new Error("household not created");
  const members = await currentMembers(created.householdId);
  const [head, spouse] = members;
  if (!head || !spouse) throw new Error("members missing");
  return {
    compoundId,
    otherCompound,
    organizer,
    otherOrganizer,
    address,
    householdId: created.householdId,
    head,
    spouse,
  };
}

async function historyOf(householdId: number) {
  return db()
    .select()
    .from(schema.householdHistory)
    .where(eq(schema.householdHistory.householdId, householdId));
}

async function resident(phone?: string) {
  const user = await createUser({ role: "resident" });
  if (phone) await setPhone(user.id, phone);
  return { ...actorOf(user), phone: phone ?? null };
}

describe("claiming a household", () => {
  it("queues a claim by card code for staff, even when the account's phone matches the member's", async () => {
    // A card may be photographed and an account's phone is typed by its owner: nothing links before staff decide.
    const w = await world();
    const creds = (await cardCredentialsFor([w.householdId], w.organizer.id)).get(w.householdId);
    if (!creds) throw new Error("no card");
    expect(await householdByClaimCode(creds.claimCode)).toBe(w.householdId);

    const stranger = await resident();
    const queued = await submitClaim(
      stranger,
      { method: "card_code", code: creds.claimCode, memberName: "王建国" },
      meta,
    );
    expect(queued).toEqual({ ok: true, status: "pending" });
    expect(await householdIdOfResident(stranger.id)).toBeNull();

    const spouse = await resident("139 0000 2222");
    const typed = `${creds.claimCode.slice(0, 5).toLowerCase()}-${creds.claimCode.slice(5)}`;
    expect(
      await submitClaim(spouse, { method: "card_code", code: typed, memberName: " 李 秀兰" }, meta),
    ).toEqual({ ok: true, status: "pending" });
    expect(await householdIdOfResident(spouse.id)).toBeNull();
    const queue = await listClaims(w.organizer, "pending", 1);
    const theirs = queue.rows.filter((r) => r.householdId === w.householdId);
    expect(theirs).toHaveLength(2);
  });

  it("refuses a mistyped card code without queueing anything", async () => {
    const claimant = await resident();
    expect(
      await submitClaim(claimant, { method: "card_code", code: "ABCDE-FGHJK", memberName: "某人" }, meta),
    ).toEqual({
      ok: false,
      reason: "badCode",
    });
    expect(await myLatestClaim(claimant.id)).toBeNull();
  });

  it("answers a claim by an unknown address exactly as one by a known address, and queues both", async () => {
    const w = await world();
    const known = await resident();
    const unknown = await resident();
    const atKnown = await submitClaim(
      known,
      { method: "address", ...w.address, memberName: "王建国", phone: "13800000000" },
      meta,
    );
    const atUnknown = await submitClaim(
      unknown,
      { method: "address", ...w.address, room: "9999", memberName: "无此人", phone: "13800000000" },
      meta,
    );
    expect(atKnown).toEqual({ ok: true, status: "pending" });
    expect(atUnknown).toEqual(atKnown);
    const queue = await listClaims(w.organizer, "pending", 1);
    expect(queue.rows.map((r) => r.accountName)).toEqual(expect.arrayContaining([expect.any(String)]));
    const mine = queue.rows.filter((r) => r.room === w.address.room || r.room === "9999");
    expect(mine.map((r) => r.householdId)).toEqual(expect.arrayContaining([w.householdId, null]));
  });

  it("never links a claim by address at once, even when the name and phone match the record", async () => {
    // A neighbour may know the address, a name and a phone: without the card, staff decide.
    const w = await world();
    const claimant = await resident("139 0000 1111");
    const outcome = await submitClaim(
      claimant,
      { method: "address", ...w.address, memberName: "王建国", phone: "+86 139-0000-1111" },
      meta,
    );
    expect(outcome).toEqual({ ok: true, status: "pending" });
    expect(await householdIdOfResident(claimant.id)).toBeNull();
  });

  it("keeps one pending claim per account, which the resident may withdraw", async () => {
    const w = await world();
    const claimant = await resident();
    const input = { method: "address" as const, ...w.address, memberName: "王建国", phone: "1" };
    expect(await submitClaim(claimant, input, meta)).toEqual({ ok: true, status: "pending" });
    expect(await submitClaim(claimant, input, meta)).toEqual({ ok: false, reason: "pending" });
    const claim = await myLatestClaim(claimant.id);
    expect(await withdrawClaim(claimant.id, claim?.id ?? 0, meta)).toBe(true);
    expect((await myLatestClaim(claimant.id))?.status).toBe("withdrawn");
    expect(await submitClaim(claimant, input, meta)).toEqual({ ok: true, status: "pending" });
  });

  it("limits the claims an account may send in a day", async () => {
    const claimant = await resident();
    const outcomes = [];
    for (let i = 0; i < 6; i++)
      outcomes.push(
        await submitClaim(claimant, { method: "card_code", code: "ZZZZZ-ZZZZZ", memberName: "x" }, meta),
      );
    expect(outcomes.slice(0, 5).every((o) => !o.ok && o.reason === "badCode")).toBe(true);
    expect(outcomes[5]).toMatchObject({ ok: false, reason: "rateLimited" });
  });
});

describe("deciding claims", () => {
  it("lets only staff of the claim's compound see and decide it; approving links the chosen member", async () => {
    const w = await world();
    const claimant = await resident();
    await submitClaim(claimant, { method: "address", ...w.address, memberName: "王建国", phone: "1" }, meta);
    const claim = await myLatestClaim(claimant.id);
    const claimId = claim?.id ?? 0;

    expect((await listClaims(w.otherOrganizer, "pending", 1)).rows.some((r) => r.id === claimId)).toBe(false);
    expect(await openClaim(w.otherOrganizer, claimId)).toBeNull();
    expect(
      await approveClaim(
        w.otherOrganizer,
        claimId,
        { householdId: w.householdId, memberId: w.head.id },
        meta,
      ),
    ).toEqual({
      ok: false,
      status: 404,
    });
    expect(await refuseClaim(w.otherOrganizer, claimId, "不是本小区", meta)).toEqual({
      ok: false,
      status: 404,
    });

    expect((await listClaims(w.organizer, "pending", 1)).rows.some((r) => r.id === claimId)).toBe(true);
    expect((await openClaim(w.organizer, claimId))?.memberId).toBe(w.head.id);
    expect(
      await approveClaim(w.organizer, claimId, { householdId: w.householdId, memberId: w.head.id }, meta),
    ).toEqual({
      ok: true,
    });
    expect(await householdIdOfResident(claimant.id)).toBe(w.householdId);
    expect(
      await approveClaim(w.organizer, claimId, { householdId: w.householdId, memberId: w.head.id }, meta),
    ).toEqual({
      ok: false,
      reason: "decided",
    });
    const [mail] = await db()
      .select()
      .from(schema.emailOutbox)
      .where(eq(schema.emailOutbox.key, `claim:${claimId}:approved`));
    expect(mail?.template).toBe("households.claimDecided");
  });

  it("refuses with a reason the resident reads, kept in the household's history and told by email", async () => {
    const w = await world();
    const claimant = await resident();
    await submitClaim(claimant, { method: "address", ...w.address, memberName: "王建国", phone: "1" }, meta);
    const claimId = (await myLatestClaim(claimant.id))?.id ?? 0;
    expect(await refuseClaim(w.organizer, claimId, "请带户口本到社区办公室", meta)).toEqual({ ok: true });
    expect(await myLatestClaim(claimant.id)).toMatchObject({
      status: "refused",
      decisionReason: "请带户口本到社区办公室",
    });
    expect(
      (await historyOf(w.householdId)).some((h) => h.source === "claim" && h.field === "claimRefused"),
    ).toBe(true);
    const [mail] = await db()
      .select()
      .from(schema.emailOutbox)
      .where(eq(schema.emailOutbox.key, `claim:${claimId}:refused`));
    expect(mail?.data).toMatchObject({ decision: "refused", reason: "请带户口本到社区办公室" });
  });
});

describe("linking accounts to members", () => {
  it("keeps an account on one member, says so when it is linked elsewhere, and records link and unlink", async () => {
    const w = await world();
    const account = await createUser({ role: "resident", name: "王建国本人", compoundId: w.compoundId });
    const link = { householdId: w.householdId, memberId: w.head.id, userId: account.id };
    expect(await linkAccount(w.otherOrganizer, link, meta)).toEqual({ ok: false, status: 403 });
    expect(await linkAccount(w.organizer, link, meta)).toEqual({ ok: true });
    expect(await linkAccount(w.organizer, { ...link, memberId: w.spouse.id }, meta)).toEqual({
      ok: false,
      reason: "accountLinked",
    });
    const other = await createUser({ role: "resident" });
    expect(await linkAccount(w.organizer, { ...link, userId: other.id }, meta)).toEqual({
      ok: false,
      reason: "memberTaken",
    });
    const found = await searchResidentAccounts(w.organizer, "王建国本");
    expect(found).toEqual([expect.objectContaining({ id: account.id, linkedHouseholdId: w.householdId })]);
    expect(await searchResidentAccounts(actorOf(other), "王")).toEqual([]);
    // An organizer of another compound does not find residents who registered in this one.
    expect(await searchResidentAccounts(w.otherOrganizer, "王建国本")).toEqual([]);

    expect(
      await unlinkAccount(w.organizer, { householdId: w.householdId, memberId: w.head.id }, meta),
    ).toEqual({ ok: true });
    expect(await householdIdOfResident(account.id)).toBeNull();
    const lines = (await historyOf(w.householdId)).filter(
      (h) => h.field === "account" && h.source === "link",
    );
    expect(lines.map((l) => [l.before === null, l.after === null])).toEqual([
      [true, false],
      [false, true],
    ]);
    const audits = await db()
      .select()
      .from(schema.auditLog)
      .where(
        and(
          eq(schema.auditLog.targetId, String(w.householdId)),
          eq(schema.auditLog.action, "household.accountUnlinked"),
        ),
      );
    expect(audits).toHaveLength(1);
  });
});

describe("what a link opens", () => {
  it("counts a newly linked account in an announcement's reach, and stops when it is unlinked or the household closes", async () => {
    const w = await world();
    const audience = { ...everyResident, compoundIds: [w.compoundId] };
    const before = await countReach(audience);
    const account = await createUser({ role: "resident" });
    await linkAccount(
      w.organizer,
      { householdId: w.householdId, memberId: w.head.id, userId: account.id },
      meta,
    );
    expect(await countReach(audience)).toBe(before + 1);
    await closeHousehold(
      w.organizer,
      w.householdId,
      { status: "dissolved", reason: "户主去世", closedOn: "2026-11-30", zone: "Asia/Shanghai" },
      meta,
    );
    expect(await countReach(audience)).toBe(before);
  });
});

describe("members and the household's life", () => {
  it("keeps one head: a second is refused, and the head may be changed once the old one is not", async () => {
    const w = await world();
    const second = await addMember(w.organizer, w.householdId, member("王二"), meta);
    expect(second).toEqual({ ok: false, headTaken: true });
    expect(
      await updateMember(
        w.organizer,
        w.householdId,
        w.spouse.id,
        member("李秀兰", { relation: "head" }),
        meta,
      ),
    ).toEqual({ ok: false, headTaken: true });
    // Editing the head as head is no second head.
    expect(await updateMember(w.organizer, w.householdId, w.head.id, member("王建国"), meta)).toEqual({
      ok: true,
    });
    await updateMember(w.organizer, w.householdId, w.head.id, member("王建国", { relation: "spouse" }), meta);
    expect(
      await updateMember(
        w.organizer,
        w.householdId,
        w.spouse.id,
        member("李秀兰", { relation: "head" }),
        meta,
      ),
    ).toEqual({ ok: true });
  });

  it("adds, edits and removes members, keeping zero-employment in step and the history in JSON", async () => {
    const w = await world();
    const flag = async () =>
      (await db().query.households.findFirst({ where: eq(schema.households.id, w.householdId) }))
        ?.zeroEmployment;
    expect(await flag()).toBe(false);
    await updateMember(w.organizer, w.householdId, w.head.id, { ...member("王建国"), employed: false }, meta);
    await updateMember(
      w.organizer,
      w.householdId,
      w.spouse.id,
      { ...member("李秀兰", { relation: "spouse" }), employed: false },
      meta,
    );
    expect(await flag()).toBe(true);
    const added = await addMember(
      w.organizer,
      w.householdId,
      member("王小明", { relation: "child", birthYear: 2000, employed: false }),
      meta,
    );
    expect(added.ok).toBe(true);
    expect(await flag()).toBe(true);
    if (!added.ok) return;
    await updateMember(
      w.organizer,
      w.householdId,
      added.memberId,
      member("王小明", { relation: "child", birthYear: 2000 }),
      meta,
    );
    expect(await flag()).toBe(false);
    const linked = await createUser({ role: "resident" });
    await linkAccount(
      w.organizer,
      { householdId: w.householdId, memberId: added.memberId, userId: linked.id },
      meta,
    );
    expect(await removeMember(w.organizer, w.householdId, added.memberId, meta)).toEqual({ ok: true });
    expect(await flag()).toBe(true);
    expect(await householdIdOfResident(linked.id)).toBeNull();
    const row = await db().query.householdMembers.findFirst({
      where: eq(schema.householdMembers.id, added.memberId),
    });
    expect(row?.removedAt).toBeInstanceOf(Date);
    expect((await currentMembers(w.householdId)).map((m) => m.name)).toEqual(["王建国", "李秀兰"]);
    const memberLines = (await historyOf(w.householdId)).filter((h) => h.field === "member");
    expect(memberLines.some((l) => l.before !== null && l.after === null)).toBe(true);
    expect(JSON.parse(memberLines.at(-1)?.before ?? "{}")).toMatchObject({
      name: "王小明",
      relation: "child",
    });
    expect(await addMember(w.otherOrganizer, w.householdId, member("外人"), meta)).toEqual({
      ok: false,
      status: 403,
    });
  });

  it("refuses a second active household at an address, and allows it once the first has moved out", async () => {
    const w = await world();
    expect(await createHousehold(w.organizer, { ...w.address, members: [member("新住户")] }, meta)).toEqual({
      ok: false,
      addressTaken: w.householdId,
    });
    expect(await createHousehold(w.otherOrganizer, { ...w.address, members: [] }, meta)).toEqual({
      ok: false,
      status: 403,
    });
    const account = await createUser({ role: "resident" });
    await linkAccount(
      w.organizer,
      { householdId: w.householdId, memberId: w.head.id, userId: account.id },
      meta,
    );
    await cardCredentialsFor([w.householdId], w.organizer.id);
    const code =
      (await cardCredentialsFor([w.householdId], w.organizer.id)).get(w.householdId)?.claimCode ?? "";
    await getDatabase().write((tx) =>
      tx
        .insert(schema.materialCards)
        .values({ number: `LC-CLOSE-${w.householdId}`, householdId: w.householdId, issuedAt: new Date() }),
    );

    const closed = await closeHousehold(
      w.organizer,
      w.householdId,
      { status: "moved_out", reason: "搬到外地", closedOn: "2026-11-30", zone: "Asia/Shanghai" },
      meta,
    );
    expect(closed).toMatchObject({ ok: true });
    const row = await db().query.households.findFirst({ where: eq(schema.households.id, w.householdId) });
    expect(row).toMatchObject({ status: "moved_out", closedReason: "搬到外地" });
    expect(row?.closedAt?.toISOString()).toBe("2026-11-29T16:00:00.000Z");
    expect(await householdByClaimCode(code)).toBeNull();
    const cards = await db().query.materialCards.findMany({
      where: eq(schema.materialCards.householdId, w.householdId),
    });
    expect(cards.map((c) => [c.status, c.blockReason])).toEqual([["blocked", "搬到外地"]]);
    expect(await householdIdOfResident(account.id)).toBeNull();
    const active = await listHouseholds(w.organizer, { compoundId: w.compoundId }, { via: "test" });
    expect(active.rows.map((r) => r.id)).not.toContain(w.householdId);
    const gone = await listHouseholds(
      w.organizer,
      { compoundId: w.compoundId, status: "closed" },
      { via: "test" },
    );
    expect(gone.rows.map((r) => r.id)).toContain(w.householdId);
    const history = await historyOf(w.householdId);
    expect(history.find((h) => h.field === "status" && h.before === "active")?.after).toBe("moved_out");

    const again = await createHousehold(w.organizer, { ...w.address, members: [member("新住户")] }, meta);
    expect(again.ok).toBe(true);
  });
});

describe("corrections", () => {
  it("applies a request through the edit form (history source correction) or refuses it with a reason", async () => {
    const w = await world();
    const account = await createUser({ role: "resident" });
    const resident = actorOf(account);
    await linkAccount(
      w.organizer,
      { householdId: w.householdId, memberId: w.head.id, userId: account.id },
      meta,
    );
    await requestCorrection(resident, w.householdId, { field: "困难程度", text: "我家应是困难户" }, meta);
    await requestCorrection(resident, w.householdId, { field: null, text: "门牌号不对" }, meta);
    const open = await listCorrections(w.organizer, "open");
    const apply = open.find((c) => c.text === "我家应是困难户");
    const refuse = open.find((c) => c.text === "门牌号不对");
    expect(await listCorrections(w.otherOrganizer, "open")).toEqual([]);
    expect(await refuseCorrection(w.otherOrganizer, refuse?.id ?? 0, "不是本小区", meta)).toBe(false);

    const outcome = await updateHousehold(
      w.organizer,
      w.householdId,
      {
        building: w.address.building,
        unit: w.address.unit,
        room: w.address.room,
        hardshipLevel: "hardship",
        categories: [],
        needs: [],
        note: "工作人员备注",
        healthNote: null,
        consentGivenBy: null,
        consentScopes: [],
      },
      meta,
      apply?.id ?? null,
    );
    expect(outcome).toEqual({ ok: true });
    expect((await historyOf(w.householdId)).find((h) => h.field === "hardshipLevel")?.source).toBe(
      "correction",
    );
    expect(await refuseCorrection(w.organizer, refuse?.id ?? 0, "门牌号与户口本一致", meta)).toBe(true);
    const mine = await myCorrections(resident, w.householdId);
    expect(mine.map((c) => [c.status, c.decisionReason])).toEqual(
      expect.arrayContaining([
        ["applied", null],
        ["refused", "门牌号与户口本一致"],
      ]),
    );
    const seen = await readHousehold(resident, w.householdId, { via: "test" });
    expect(seen.ok && seen.value.note).toBeNull();
    const staff = await readHousehold(w.organizer, w.householdId, { via: "test" });
    expect(staff.ok && staff.value.note).toBe("工作人员备注");
  });
});
