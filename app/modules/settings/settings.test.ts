import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db, schema } from "#db/client.server";
import { createUser } from "#tests/fixtures/accounts";
import { SettingsSchema } from "./form";
import { getSettings, updateSettings } from "./settings.server";

const valid = {
  communityName: "幸福社区",
  hotline: "0459-1890",
  emailFrom: "幸福社区 <noreply@example.org>",
  verifyExtremeMonths: "2",
  verifyHardshipMonths: "4",
  visitExtremeMonths: "1",
  visitHardshipMonths: "2",
  smsQuietStart: "21:00",
  smsQuietEnd: "08:00",
};

describe("community settings", () => {
  it("an admin changes them; the audit entry names each field that changed, before and after", async () => {
    const admin = await createUser({ role: "admin" });
    const input = SettingsSchema.parse(valid);
    expect(await updateSettings(admin, input, { ip: "203.0.113.5" })).toBe(true);
    const saved = await getSettings();
    expect(saved).toMatchObject({ communityName: "幸福社区", hotline: "0459-1890", verifyExtremeMonths: 2 });
    const [entry] = await db()
      .select()
      .from(schema.auditLog)
      .where(eq(schema.auditLog.action, "settings.update"));
    expect(entry?.details).toMatchObject({
      hotline: { before: "1890", after: "0459-1890" },
      verifyExtremeMonths: { before: 3, after: 2 },
      visitHardshipMonths: { before: 3, after: 2 },
    });
    // The visit cadence for extreme hardship stayed at its default of one month: not named.
    expect(entry?.details).not.toHaveProperty("visitExtremeMonths");
  });

  it("an organizer cannot change them", async () => {
    const organizer = await createUser({ role: "organizer" });
    const before = await getSettings();
    expect(
      await updateSettings(organizer, SettingsSchema.parse({ ...valid, hotline: "12345" }), { ip: null }),
    ).toBe(false);
    expect((await getSettings()).hotline).toBe(before.hotline);
  });

  it("refuses a bad sender and months out of range, each with its own message", () => {
    const result = SettingsSchema.safeParse({
      ...valid,
      emailFrom: "not an address",
      verifyHardshipMonths: "0",
    });
    expect(result.success).toBe(false);
    const messages = Object.fromEntries(
      (result.error?.issues ?? []).map((i) => [String(i.path[0]), i.message]),
    );
    expect(messages).toEqual({
      emailFrom: "settings:validation.emailFrom",
      verifyHardshipMonths: "settings:validation.months",
    });
  });

  it("keeps quiet hours as minutes after midnight, crossing midnight or not", async () => {
    const admin = await createUser({ role: "admin" });
    const input = SettingsSchema.parse({ ...valid, smsQuietStart: "12:30", smsQuietEnd: "14:00" });
    expect(input).toMatchObject({ smsQuietStart: 750, smsQuietEnd: 840 });
    await updateSettings(admin, input, { ip: null });
    expect(await getSettings()).toMatchObject({ smsQuietStart: 750, smsQuietEnd: 840 });
    expect(SettingsSchema.parse({ ...valid, smsQuietStart: "22:15", smsQuietEnd: "7:45" })).toMatchObject({
      smsQuietStart: 1335,
      smsQuietEnd: 465,
    });
  });

  it("refuses a time that is not HH:MM and a window that ends where it starts", () => {
    const issues = (input: Record<string, string>) =>
      Object.fromEntries(
        (SettingsSchema.safeParse({ ...valid, ...input }).error?.issues ?? []).map((i) => [
          String(i.path[0]),
          i.message,
        ]),
      );
    expect(issues({ smsQuietStart: "24:00" })).toEqual({ smsQuietStart: "settings:validation.quietTime" });
    expect(issues({ smsQuietEnd: "8am" })).toEqual({ smsQuietEnd: "settings:validation.quietTime" });
    expect(issues({ smsQuietStart: "08:00", smsQuietEnd: "08:00" })).toEqual({
      smsQuietEnd: "settings:validation.quietSame",
    });
  });
});
