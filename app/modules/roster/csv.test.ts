import { eq, inArray } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { schema } from "#db/client.server";
import { testDatabase } from "#tests/setup/db";
import { createUser } from "#tests/fixtures/accounts";
import { actorOf, createLinkage } from "#tests/fixtures/roster";
import { csvText } from "#app/modules/lists/export.server";
import { csvColumns, importRosterCsv, rosterExport } from "./csv.server";

const meta = { ip: null, userAgent: null };
const header = csvColumns.join(",");

async function compoundCode(id: number) {
  const row = await testDatabase().db.query.compounds.findFirst({ where: eq(schema.compounds.id, id) });
  return row?.code ?? "";
}

async function usersWithEmails(emails: string[]) {
  return testDatabase()
    .db.select({
      email: schema.users.email,
      tier: schema.users.volunteerTier,
      supervisorId: schema.users.supervisorId,
    })
    .from(schema.users)
    .where(inArray(schema.users.email, emails));
}

describe("roster CSV import", () => {
  it("checks a file in a dry run without writing anything, then imports it with supervisors from the same file", async () => {
    const l = await createLinkage();
    const code = await compoundCode(l.compoundId);
    const csv = [
      `\uFEFF${header}`,
      `new-youth@example.org,新团员,13900000001,4,new-member@example.org,${code},,care|schooling,周末,3`,
      `new-member@example.org,新党员,13900000002,3,${l.cadre2.email},${code},,employment,晚上,`,
    ].join("\r\n");
    const organizer = actorOf(l.organizer);
    expect(await importRosterCsv(organizer, csv, { dryRun: true }, meta)).toEqual({
      ok: true,
      created: 2,
      updated: 0,
      committed: false,
    });
    expect(await usersWithEmails(["new-youth@example.org", "new-member@example.org"])).toEqual([]);

    expect(await importRosterCsv(organizer, csv, { dryRun: false }, meta)).toMatchObject({
      ok: true,
      committed: true,
    });
    const rows = await usersWithEmails(["new-youth@example.org", "new-member@example.org"]);
    const member = rows.find((r) => r.email === "new-member@example.org");
    expect(member?.supervisorId).toBe(l.cadre2.id);
    const youth = await testDatabase().db.query.users.findFirst({
      where: eq(schema.users.email, "new-youth@example.org"),
    });
    const profile = await testDatabase().db.query.volunteerProfiles.findFirst({
      where: eq(schema.volunteerProfiles.userId, youth?.id ?? 0),
    });
    expect(profile).toMatchObject({ capacity: 3, skills: ["care", "schooling"], availability: "周末" });
  });

  it("imports nothing when any row is wrong, and says which rows and why", async () => {
    const l = await createLinkage();
    const code = await compoundCode(l.compoundId);
    const resident = await createUser({ role: "resident" });
    const csv = [
      header,
      `fine@example.org,可以,13900000010,4,${l.member3.email},${code},,,,`,
      `not-an-email,名字,13900000010,4,${l.member3.email},${code},,,,`,
      `skip-tier@example.org,越级,13900000010,4,${l.cadre2.email},${code},,,,`,
      `${resident.email},居民,13900000010,4,${l.member3.email},NOPE,,flying,,99`,
    ].join("\n");
    const result = await importRosterCsv(actorOf(l.organizer), csv, { dryRun: false }, meta);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.map((e) => [e.row, e.key])).toEqual([
      [3, "email"],
      [4, "supervisor"],
      [5, "compound"],
      [5, "skills"],
      [5, "capacity"],
    ]);
    expect(await usersWithEmails(["fine@example.org", "skip-tier@example.org"])).toEqual([]);
  });

  it("refuses a file whose header is not the roster's", async () => {
    const l = await createLinkage();
    const result = await importRosterCsv(
      actorOf(l.organizer),
      "name,phone\n张三,139",
      { dryRun: true },
      meta,
    );
    expect(result).toMatchObject({ ok: false, errors: [{ row: 1, key: "header" }] });
  });

  it("exports what it imports, with a BOM for Excel", async () => {
    const l = await createLinkage();
    const csv = csvText(await rosterExport({ within: [l.member3.id] }, "志愿者名册"));
    expect(csv.startsWith(`\uFEFF${header},load`)).toBe(true);
    expect(csv).toContain(`${l.member3.email},${l.member3.name}`);
    expect(csv).toContain(l.cadre2.email);
  });

  it("takes a compound by its name as well as its code", async () => {
    const l = await createLinkage();
    const compound = await testDatabase().db.query.compounds.findFirst({
      where: eq(schema.compounds.id, l.compoundId),
    });
    const csv = [header, `by-name@example.org,按名称,,1,,${compound?.name},,,,`].join("\n");
    expect(await importRosterCsv(actorOf(l.organizer), csv, { dryRun: false }, meta)).toMatchObject({
      ok: true,
      created: 1,
    });
    const user = await testDatabase().db.query.users.findFirst({
      where: eq(schema.users.email, "by-name@example.org"),
    });
    expect(user?.compoundId).toBe(l.compoundId);
    const unknown = [header, `nowhere@example.org,不存在,,1,,石油新村不存在,,,,`].join("\n");
    expect(await importRosterCsv(actorOf(l.organizer), unknown, { dryRun: true }, meta)).toEqual({
      ok: false,
      errors: [{ row: 2, key: "compound" }],
    });
  });

  it("refuses a phone that is not a phone number and stores a good one without spaces or dashes", async () => {
    const l = await createLinkage();
    const code = await compoundCode(l.compoundId);
    const bad = [header, `short@example.org,短号,123,1,,${code},,,,`].join("\n");
    expect(await importRosterCsv(actorOf(l.organizer), bad, { dryRun: true }, meta)).toEqual({
      ok: false,
      errors: [{ row: 2, key: "phone" }],
    });
    const good = [header, `spaced@example.org,有空格,139-0000 0003,1,,${code},,,,`].join("\n");
    expect(await importRosterCsv(actorOf(l.organizer), good, { dryRun: false }, meta)).toMatchObject({
      ok: true,
    });
    const user = await testDatabase().db.query.users.findFirst({
      where: eq(schema.users.email, "spaced@example.org"),
    });
    expect(user?.phone).toBe("13900000003");
  });
});
