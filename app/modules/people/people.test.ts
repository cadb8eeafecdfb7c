import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db, schema } from "#db/client.server";
import { createCompound, createUser, TEST_PASSWORD } from "#tests/fixtures/accounts";
import { changePassword, revokeSession } from "#app/modules/auth/account.server";
import { signIn } from "#app/modules/auth/sign-in.server";
import { validateSessionToken } from "#app/modules/auth/session.server";
import {
  acceptInvitation,
  findInvitation,
  invitePerson,
  listPeople,
  setDisabled,
  updateAssignment,
} from "./people.server";

const meta = { ip: "203.0.113.40", userAgent: "test" };

async function staffAndChain() {
  const compoundId = await createCompound();
  const organizer = await createUser({ role: "organizer", compoundId });
  const cadre = await createUser({ role: "volunteer", volunteerTier: 2, compoundId });
  return { compoundId, organizer, cadre };
}

let admin: Awaited<ReturnType<typeof createUser>> | undefined;
/** An admin, who lists every account. */
async function anAdmin() {
  admin ??= await createUser({ role: "admin" });
  return admin;
}

describe("invitations", () => {
  it("invites a volunteer with a supervisor one tier up; the link sets a password once and signs them in", async () => {
    const { compoundId, organizer, cadre } = await staffAndChain();
    const result = await invitePerson(
      organizer,
      {
        email: "new.volunteer@example.org",
        name: "党员 陈伟",
        locale: "zh-CN",
        role: "volunteer",
        volunteerTier: 3,
        supervisorId: cadre.id,
        compoundId,
      },
      meta,
    );
    if (!result.ok) throw new Error(`invite failed: ${result.error}`);
    const email = await db().query.emailOutbox.findFirst({
      where: eq(schema.emailOutbox.to, "new.volunteer@example.org"),
    });
    expect(email?.template).toBe("auth.invitation");
    expect(email?.data).toMatchObject({ inviterName: organizer.name, role: "volunteer", days: 7 });
    const token = String(email?.data.url).split("/invite/")[1] ?? "";
    expect(await findInvitation(token)).toMatchObject({ name: "党员 陈伟" });
    const accepted = await acceptInvitation(token, "my own good passphrase", meta);
    expect(accepted).toMatchObject({ ok: true, role: "volunteer" });
    expect(await acceptInvitation(token, "someone else's passphrase", meta)).toEqual({ ok: false });
    expect(await signIn("new.volunteer@example.org", "my own good passphrase", meta)).toMatchObject({
      ok: true,
    });
    const audit = await db().query.auditLog.findFirst({
      where: eq(schema.auditLog.action, "people.invited"),
    });
    expect(audit).toMatchObject({ actorId: organizer.id, targetId: String(result.userId) });
  });

  it("invites someone without an address by text; following the link confirms the number (decision 027)", async () => {
    const { compoundId, organizer, cadre } = await staffAndChain();
    const number = `136${String(Date.now() % 1e8).padStart(8, "0")}`;
    const input = {
      email: null,
      phone: number,
      name: "志愿者 李强",
      locale: "zh-CN" as const,
      role: "volunteer" as const,
      volunteerTier: 3,
      supervisorId: cadre.id,
      compoundId,
    };
    const result = await invitePerson(organizer, input, meta);
    if (!result.ok) throw new Error(`invite failed: ${result.error}`);
    const text = await db().query.emailOutbox.findFirst({
      where: eq(schema.emailOutbox.to, `+86${number}`),
    });
    expect(text).toMatchObject({ channel: "sms", template: "invitation", userId: result.userId });
    expect(text?.data.inviter).toBe(organizer.name);
    const link = String(text?.data.link);
    expect(link).toMatch(/\/invite\/[^.]+\.[^.]+$/);
    const token = link.split("/invite/")[1] ?? "";
    expect(await findInvitation(token)).toMatchObject({ name: "志愿者 李强", email: null });
    expect(await acceptInvitation(token, "my own good passphrase", meta)).toMatchObject({ ok: true });
    expect(await signIn(number, "my own good passphrase", meta)).toMatchObject({
      ok: true,
      role: "volunteer",
    });
    // The number now belongs to that account: a second invitation to it is refused in words.
    expect(await invitePerson(organizer, { ...input, name: "另一个人" }, meta)).toEqual({
      ok: false,
      field: "phone",
      error: "phoneTaken",
    });
    expect(await invitePerson(organizer, { ...input, phone: null }, meta)).toEqual({
      ok: false,
      field: "phone",
      error: "contactRequired",
    });
  });

  it("refuses a supervisor who is not exactly one tier up", async () => {
    const { compoundId, organizer, cadre } = await staffAndChain();
    const result = await invitePerson(
      organizer,
      {
        email: "tier4@example.org",
        name: "团员",
        locale: "en",
        role: "volunteer",
        volunteerTier: 4,
        supervisorId: cadre.id,
        compoundId,
      },
      meta,
    );
    expect(result).toEqual({ ok: false, field: "supervisorId", error: "supervisorWrongTier" });
    expect(
      await db().query.users.findFirst({ where: eq(schema.users.email, "tier4@example.org") }),
    ).toBeUndefined();
  });

  it("lets only an admin invite an admin", async () => {
    const { organizer } = await staffAndChain();
    const input = {
      email: "boss@example.org",
      name: "新管理员",
      locale: "zh-CN" as const,
      role: "admin" as const,
      volunteerTier: null,
      supervisorId: null,
      compoundId: null,
    };
    expect(await invitePerson(organizer, input, meta)).toMatchObject({ ok: false, error: "forbidden" });
    const admin = await createUser({ role: "admin" });
    expect(await invitePerson(admin, input, meta)).toMatchObject({ ok: true });
  });
});

describe("managing people", () => {
  it("disabling an account ends all its sessions and refuses sign-in until it is enabled", async () => {
    const { organizer, compoundId } = await staffAndChain();
    const volunteer = await createUser({ role: "volunteer", volunteerTier: 1, compoundId });
    const session = await signIn(volunteer.email, TEST_PASSWORD, meta);
    if (!session.ok) throw new Error("sign-in failed");
    expect(await setDisabled(organizer, volunteer.id, true, meta)).toBe("ok");
    expect(await validateSessionToken(session.token)).toBeNull();
    expect(await signIn(volunteer.email, TEST_PASSWORD, meta)).toMatchObject({ ok: false });
    expect(await setDisabled(organizer, volunteer.id, false, meta)).toBe("ok");
    expect(await signIn(volunteer.email, TEST_PASSWORD, meta)).toMatchObject({ ok: true });
  });

  it("changes role and tier with the linkage rule and audits from and to", async () => {
    const { organizer, compoundId, cadre } = await staffAndChain();
    const resident = await createUser({ compoundId });
    const result = await updateAssignment(
      organizer,
      resident.id,
      { role: "volunteer", volunteerTier: 3, supervisorId: cadre.id, compoundId },
      meta,
    );
    expect(result).toEqual({ ok: true });
    const entry = await db().query.auditLog.findFirst({
      where: eq(schema.auditLog.action, "people.assignment_changed"),
    });
    expect(entry?.details).toMatchObject({
      from: { role: "resident" },
      to: { role: "volunteer", volunteerTier: 3 },
    });
    expect(
      await updateAssignment(
        organizer,
        resident.id,
        { role: "volunteer", volunteerTier: null, supervisorId: null, compoundId },
        meta,
      ),
    ).toMatchObject({ error: "tierRequired" });
  });

  it("judges a change of role or compound before and after: an organizer of one compound keeps to it", async () => {
    const { organizer, compoundId } = await staffAndChain();
    const elsewhere = await createCompound();
    const volunteer = await createUser({ role: "volunteer", volunteerTier: 1, compoundId });
    const change = (to: { role: "organizer" | "volunteer"; compoundId: number | null }) =>
      updateAssignment(
        organizer,
        volunteer.id,
        {
          role: to.role,
          volunteerTier: to.role === "volunteer" ? 1 : null,
          supervisorId: null,
          compoundId: to.compoundId,
        },
        meta,
      );
    // An organizer of every compound, of another compound, or a volunteer moved out: none of it.
    expect(await change({ role: "organizer", compoundId: null })).toEqual({
      ok: false,
      field: null,
      error: "forbidden",
    });
    expect(await change({ role: "organizer", compoundId: elsewhere })).toMatchObject({ error: "forbidden" });
    expect(await change({ role: "volunteer", compoundId: elsewhere })).toMatchObject({ error: "forbidden" });
    expect(await change({ role: "organizer", compoundId })).toEqual({ ok: true });
    const stored = await db().query.users.findFirst({ where: eq(schema.users.id, volunteer.id) });
    expect(stored).toMatchObject({ role: "organizer", compoundId });
    // Only an admin makes an organizer of every compound, even of an organizer of every compound's asking.
    const organizerOfAll = await createUser({ role: "organizer" });
    const colleague = await createUser({ role: "volunteer", volunteerTier: 1, compoundId });
    const toAll = { role: "organizer" as const, volunteerTier: null, supervisorId: null, compoundId: null };
    expect(await updateAssignment(organizerOfAll, colleague.id, toAll, meta)).toMatchObject({
      error: "forbidden",
    });
    expect(await updateAssignment(await anAdmin(), colleague.id, toAll, meta)).toEqual({ ok: true });
    expect(
      await invitePerson(
        { ...organizer, name: organizer.name },
        { email: "all@example.org", name: "全社区", locale: "zh-CN", ...toAll },
        meta,
      ),
    ).toMatchObject({ ok: false, error: "forbidden" });
  });

  it("keeps the linkage a tree within the organizer's compound when a supervisor changes", async () => {
    const { organizer, compoundId } = await staffAndChain();
    const tier2 = await createUser({ role: "volunteer", volunteerTier: 2, compoundId });
    const tier3 = await createUser({
      role: "volunteer",
      volunteerTier: 3,
      supervisorId: tier2.id,
      compoundId,
    });
    const tier4 = await createUser({
      role: "volunteer",
      volunteerTier: 4,
      supervisorId: tier3.id,
      compoundId,
    });
    // Making the tier-2 volunteer tier 4 under their own report would close a loop.
    expect(
      await updateAssignment(
        organizer,
        tier2.id,
        { role: "volunteer", volunteerTier: 4, supervisorId: tier3.id, compoundId },
        meta,
      ),
    ).toMatchObject({ ok: false, field: "volunteerTier", error: "hasReports" });
    // A volunteer with people under them keeps their role until those people have another supervisor.
    expect(
      await updateAssignment(
        organizer,
        tier3.id,
        { role: "resident", volunteerTier: null, supervisorId: null, compoundId },
        meta,
      ),
    ).toMatchObject({ ok: false, field: "role", error: "hasReports" });
    // A supervisor from another compound would read this compound's households: refused.
    const outsider = await createUser({
      role: "volunteer",
      volunteerTier: 3,
      compoundId: await createCompound(),
    });
    expect(
      await updateAssignment(
        organizer,
        tier4.id,
        { role: "volunteer", volunteerTier: 4, supervisorId: outsider.id, compoundId },
        meta,
      ),
    ).toMatchObject({ ok: false, field: "supervisorId", error: "supervisorOutOfScope" });
    // Where the tiers were left inconsistent (an import, a hand edit), the tree is still kept: no loop.
    const below = await createUser({
      role: "volunteer",
      volunteerTier: 2,
      supervisorId: tier3.id,
      compoundId,
    });
    expect(
      await updateAssignment(
        organizer,
        tier3.id,
        { role: "volunteer", volunteerTier: 3, supervisorId: below.id, compoundId },
        meta,
      ),
    ).toMatchObject({ ok: false, field: "supervisorId", error: "supervisorBelow" });
    const sibling = await createUser({
      role: "volunteer",
      volunteerTier: 3,
      supervisorId: tier2.id,
      compoundId,
    });
    expect(
      await updateAssignment(
        organizer,
        tier4.id,
        { role: "volunteer", volunteerTier: 4, supervisorId: sibling.id, compoundId },
        meta,
      ),
    ).toEqual({ ok: true });
  });

  it("lists to an organizer the people of their compound only", async () => {
    const { organizer, compoundId } = await staffAndChain();
    const elsewhere = await createCompound();
    await createUser({ role: "volunteer", volunteerTier: 4, compoundId, name: "本小区志愿者" });
    await createUser({ role: "volunteer", volunteerTier: 4, compoundId: elsewhere, name: "别小区志愿者" });
    const names = (await listPeople(organizer, { q: "小区志愿者" })).rows.map((r) => r.name);
    expect(names).toEqual(["本小区志愿者"]);
  });

  it("finds people by name and filters by role, with pages of 25", async () => {
    const compoundId = await createCompound();
    for (let i = 0; i < 30; i++)
      await createUser({ role: "volunteer", volunteerTier: 4, compoundId, name: `翻页志愿者 ${i}` });
    const first = await listPeople(await anAdmin(), { q: "翻页志愿者", role: "volunteer", compoundId });
    expect(first.total).toBe(30);
    expect(first.rows).toHaveLength(25);
    const second = await listPeople(await anAdmin(), { q: "翻页志愿者", compoundId, page: 2 });
    expect(second.rows).toHaveLength(5);
    expect((await listPeople(await anAdmin(), { q: "翻页志愿者", role: "organizer" })).total).toBe(0);
  });

  it("takes % and _ in a search as themselves", async () => {
    const compoundId = await createCompound();
    await createUser({ role: "volunteer", volunteerTier: 4, compoundId, name: "百分_志愿者" });
    await createUser({ role: "volunteer", volunteerTier: 4, compoundId, name: "百分之志愿者" });
    const underscore = await listPeople(await anAdmin(), { q: "百分_", compoundId });
    expect(underscore.rows.map((r) => r.name)).toEqual(["百分_志愿者"]);
    expect((await listPeople(await anAdmin(), { q: "%", compoundId })).total).toBe(0);
  });
});

describe("own account", () => {
  it("a password change ends every other session but keeps this one", async () => {
    const user = await createUser();
    const here = await signIn(user.email, TEST_PASSWORD, meta);
    const elsewhere = await signIn(user.email, TEST_PASSWORD, meta);
    if (!here.ok || !elsewhere.ok) throw new Error("sign-in failed");
    const current = await validateSessionToken(here.token);
    if (!current) throw new Error("no session");
    expect(
      await changePassword({ id: user.id, sessionId: current.id }, "wrong", "a new long passphrase", meta),
    ).toBe("wrongCurrent");
    expect(
      await changePassword(
        { id: user.id, sessionId: current.id },
        TEST_PASSWORD,
        "a new long passphrase",
        meta,
      ),
    ).toBe("ok");
    expect(await validateSessionToken(here.token)).not.toBeNull();
    expect(await validateSessionToken(elsewhere.token)).toBeNull();
  });

  it("cannot revoke someone else's session", async () => {
    const owner = await createUser();
    const intruder = await createUser();
    const session = await signIn(owner.email, TEST_PASSWORD, meta);
    if (!session.ok) throw new Error("sign-in failed");
    const sessionId = session.token.split(".")[0] ?? "";
    expect(await revokeSession(intruder.id, sessionId, meta)).toBe(false);
    expect(await validateSessionToken(session.token)).not.toBeNull();
    expect(await revokeSession(owner.id, sessionId, meta)).toBe(true);
    expect(await validateSessionToken(session.token)).toBeNull();
  });
});
