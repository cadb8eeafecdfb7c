import { and, desc, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { schema } from "#db/client.server";
import { testDatabase } from "#tests/setup/db";
import { createCompound, createUser } from "#tests/fixtures/accounts";
import { actorOf, createLinkage } from "#tests/fixtures/roster";
import { requestPasswordReset } from "#app/modules/auth/password-reset.server";
import { csvColumns, importRosterCsv } from "#app/modules/roster/csv.server";
import { acceptInvitation, findInvitation, invitePerson } from "./people.server";
import {
  invitationOf,
  listPendingInvitations,
  resendInvitation,
  withdrawInvitation,
} from "./invitations.server";

const meta = { ip: "203.0.113.77", userAgent: "test" };
const DAY = 86_400_000;

async function invitationLinks(email: string) {
  const rows = await testDatabase()
    .db.select({ data: schema.emailOutbox.data })
    .from(schema.emailOutbox)
    .where(and(eq(schema.emailOutbox.to, email), eq(schema.emailOutbox.template, "auth.invitation")))
    .orderBy(desc(schema.emailOutbox.id));
  return rows.map((r) => String(r.data.url).split("/invite/")[1] ?? "");
}

describe("invitations for accounts without a password", () => {
  it("sends an imported volunteer an invitation they can accept", async () => {
    const l = await createLinkage();
    const compound = await testDatabase().db.query.compounds.findFirst({
      where: eq(schema.compounds.id, l.compoundId),
    });
    const csv = [
      csvColumns.join(","),
      `imported@example.org,导入的人,13900000009,1,,${compound?.name},,,,`,
    ].join("\n");
    expect(await importRosterCsv(actorOf(l.organizer), csv, { dryRun: false }, meta)).toMatchObject({
      ok: true,
    });
    const [token] = await invitationLinks("imported@example.org");
    expect(await findInvitation(token ?? "")).toMatchObject({ email: "imported@example.org" });
    expect(await acceptInvitation(token ?? "", "a fine long passphrase", meta)).toMatchObject({ ok: true });
    expect(await invitationOf((await findInvitation(token ?? ""))?.id ?? 0)).toBeNull();
  });

  it("lists pending invitations with their state; resend replaces the link, withdraw ends it, an expired one is renewed", async () => {
    const compoundId = await createCompound();
    const organizer = await createUser({ role: "organizer", compoundId });
    const start = new Date("2026-11-01T08:00:00Z");
    const invited = await invitePerson(
      organizer,
      {
        email: "late@example.org",
        name: "迟到的人",
        locale: "zh-CN",
        role: "volunteer",
        volunteerTier: 1,
        supervisorId: null,
        compoundId,
      },
      meta,
      start,
    );
    if (!invited.ok) throw new Error(invited.error);
    const userId = invited.userId;
    const [first] = await invitationLinks("late@example.org");

    const pending = await listPendingInvitations(organizer, new Date(start.getTime() + 2 * DAY));
    expect(pending.find((p) => p.userId === userId)).toMatchObject({ state: "pending", sentAt: start });
    expect((await invitationOf(userId, new Date(start.getTime() + 8 * DAY)))?.state).toBe("expired");

    const later = new Date(start.getTime() + 8 * DAY);
    expect(await resendInvitation(organizer, userId, meta, later)).toBe("ok");
    const [renewed] = await invitationLinks("late@example.org");
    expect(renewed).not.toBe(first);
    expect(await findInvitation(first ?? "", later)).toBeNull();
    expect(await findInvitation(renewed ?? "", later)).toMatchObject({ id: userId });
    expect((await invitationOf(userId, later))?.state).toBe("pending");

    expect(await withdrawInvitation(organizer, userId, meta, later)).toBe("ok");
    expect(await findInvitation(renewed ?? "", later)).toBeNull();
    expect((await invitationOf(userId, later))?.state).toBe("withdrawn");

    // Inviting the address again points to the account rather than saying it is taken.
    const again = await invitePerson(
      organizer,
      {
        email: "late@example.org",
        name: "迟到的人",
        locale: "zh-CN",
        role: "volunteer",
        volunteerTier: 1,
        supervisorId: null,
        compoundId,
      },
      meta,
    );
    expect(again).toMatchObject({ ok: false, error: "alreadyInvited", userId });
  });

  it("resends to someone without an address by text, and lists them by their number", async () => {
    const compoundId = await createCompound();
    const organizer = await createUser({ role: "organizer", compoundId });
    const number = `137${String(Date.now() % 1e8).padStart(8, "0")}`;
    const invited = await invitePerson(
      organizer,
      {
        email: null,
        phone: number,
        name: "没有邮箱的人",
        locale: "zh-CN",
        role: "volunteer",
        volunteerTier: 1,
        supervisorId: null,
        compoundId,
      },
      meta,
    );
    if (!invited.ok) throw new Error(invited.error);
    expect(await resendInvitation(organizer, invited.userId, meta, new Date(Date.now() + 60_000))).toBe("ok");
    const texts = await testDatabase()
      .db.select({ channel: schema.emailOutbox.channel, link: schema.emailOutbox.data })
      .from(schema.emailOutbox)
      .where(and(eq(schema.emailOutbox.to, `+86${number}`), eq(schema.emailOutbox.template, "invitation")));
    expect(texts).toHaveLength(2);
    expect(texts.every((t) => t.channel === "sms")).toBe(true);
    const listed = (await listPendingInvitations(organizer)).find((p) => p.userId === invited.userId);
    expect(listed).toMatchObject({ email: null, phone: `+86${number}` });
  });

  it("refuses resend and withdraw to an organizer of another compound, and for an account with a password", async () => {
    const compoundId = await createCompound();
    const organizer = await createUser({ role: "organizer", compoundId });
    const stranger = await createUser({ role: "organizer", compoundId: await createCompound() });
    const invited = await invitePerson(
      organizer,
      {
        email: "mine@example.org",
        name: "我的人",
        locale: "en",
        role: "volunteer",
        volunteerTier: 1,
        supervisorId: null,
        compoundId,
      },
      meta,
    );
    if (!invited.ok) throw new Error(invited.error);
    expect(await resendInvitation(stranger, invited.userId, meta)).toBe("forbidden");
    expect(await withdrawInvitation(stranger, invited.userId, meta)).toBe("forbidden");
    expect((await listPendingInvitations(stranger)).map((p) => p.userId)).not.toContain(invited.userId);
    expect(await resendInvitation(organizer, organizer.id, meta)).toBe("notFound");
  });

  it("answers a forgotten-password request from an invited account with a fresh invitation", async () => {
    const compoundId = await createCompound();
    const organizer = await createUser({ role: "organizer", compoundId });
    const invited = await invitePerson(
      organizer,
      {
        email: "forgot@example.org",
        name: "忘了",
        locale: "zh-CN",
        role: "volunteer",
        volunteerTier: 1,
        supervisorId: null,
        compoundId,
      },
      meta,
    );
    if (!invited.ok) throw new Error(invited.error);
    const before = await invitationLinks("forgot@example.org");
    expect(await requestPasswordReset("forgot@example.org", meta)).toEqual({ ok: true });
    const after = await invitationLinks("forgot@example.org");
    expect(after.length).toBe(before.length + 1);
    expect(await findInvitation(after[0] ?? "")).toMatchObject({ id: invited.userId });
  });
});
