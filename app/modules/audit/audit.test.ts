import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { getDatabase, schema } from "#db/client.server";
import { createCompound, createUser } from "#tests/fixtures/accounts";
import { actorOf, createHousehold } from "#tests/fixtures/roster";
import { can } from "#app/modules/auth/policy";
import { getT } from "#app/modules/i18n/i18n";
import { accessLineText, householdAccessLog } from "./access-log.server";
import { actionLabelKey, allAuditActions } from "./actions";
import { AuditFilterSchema } from "./filters";
import { exportAudit, searchAudit } from "./search.server";
import { csvText } from "#app/modules/lists/export.server";

const zone = "Asia/Shanghai";

async function entry(
  actorId: number | null,
  action: string,
  target?: { type: string; id: number },
  at = new Date(),
  details?: Record<string, unknown>,
) {
  await getDatabase().writeAtomic((d) =>
    d.insert(schema.auditLog).values({
      actorId,
      action,
      targetType: target?.type ?? null,
      targetId: target ? String(target.id) : null,
      at,
      details: details ?? null,
    }),
  );
}

async function member(householdId: number, userId: number) {
  await getDatabase().writeAtomic((d) =>
    d
      .insert(schema.householdMembers)
      .values({ householdId, userId, name: "成员", relation: "other", birthYear: 1950 }),
  );
}

async function community(tag = "") {
  const east = await createCompound("东区");
  const west = await createCompound("西区");
  const eastHome = await createHousehold(east);
  const westHome = await createHousehold(west);
  const admin = actorOf(await createUser({ role: "admin" }));
  const eastOrganizer = actorOf(await createUser({ role: "organizer", compoundId: east }));
  const eastVolunteer = await createUser({
    role: "volunteer",
    volunteerTier: 4,
    compoundId: east,
    name: `志愿者 赵磊${tag}`,
  });
  const westVolunteer = await createUser({ role: "volunteer", volunteerTier: 4, compoundId: west });
  return { east, west, eastHome, westHome, admin, eastOrganizer, eastVolunteer, westVolunteer };
}

const all = AuditFilterSchema.parse({});

describe("who may see which audit entries", () => {
  it("gives an organizer the entries about their compounds' households and by their people, an admin all", async () => {
    const c = await community();
    await entry(c.westVolunteer.id, "household.viewed", { type: "household", id: c.eastHome });
    await entry(c.westVolunteer.id, "household.viewed", { type: "household", id: c.westHome });
    await entry(c.eastVolunteer.id, "auth.sign_in", { type: "user", id: c.eastVolunteer.id });
    await entry(c.admin.id, "settings.update", { type: "settings", id: 1 });

    const seenByOrganizer = await searchAudit(c.eastOrganizer, all, zone);
    if (!seenByOrganizer.ok) throw new Error("an organizer may read the audit log");
    expect(seenByOrganizer.entries.map((e) => [e.action, e.targetId])).toEqual([
      ["auth.sign_in", String(c.eastVolunteer.id)],
      ["household.viewed", String(c.eastHome)],
    ]);
    expect(seenByOrganizer.showIp).toBe(false);

    const seenByAdmin = await searchAudit(c.admin, all, zone);
    expect(seenByAdmin.ok && seenByAdmin.entries).toHaveLength(4);
    const volunteer = await searchAudit(actorOf(c.eastVolunteer), all, zone);
    expect(volunteer.ok).toBe(false);
    expect(can(actorOf(c.eastVolunteer), "audit.read")).toBe(false);
  });

  it("searches by person, household, action and days in the community's zone, and pages by id", async () => {
    const c = await community("（搜索）");
    // 23:30 on 1 March in Shanghai is still 1 March there, 15:30 UTC.
    await entry(
      c.eastVolunteer.id,
      "household.viewed",
      { type: "household", id: c.eastHome },
      new Date("2026-03-01T15:30:00Z"),
    );
    await entry(
      c.eastVolunteer.id,
      "household.updated",
      { type: "household", id: c.eastHome },
      new Date("2026-03-01T16:30:00Z"),
    );
    await entry(
      c.westVolunteer.id,
      "household.viewed",
      { type: "household", id: c.westHome },
      new Date("2026-03-02T02:00:00Z"),
    );
    for (let i = 0; i < 60; i++) await entry(c.admin.id, "auth.sign_in", { type: "user", id: c.admin.id });

    const search = async (filter: Record<string, string>) => {
      const found = await searchAudit(c.admin, AuditFilterSchema.parse(filter), zone);
      if (!found.ok) throw new Error("admins read everything");
      return found.entries.map((e) => e.action);
    };
    expect(await search({ person: "赵磊（搜索" })).toEqual(["household.updated", "household.viewed"]);
    expect(await search({ person: String(c.westVolunteer.id) })).toEqual(["household.viewed"]);
    expect(await search({ household: String(c.eastHome), action: "household.updated" })).toEqual([
      "household.updated",
    ]);
    expect(await search({ from: "2026-03-01", to: "2026-03-01" })).toEqual(["household.viewed"]);
    expect(await search({ from: "2026-03-02", to: "2026-03-02" })).toEqual([
      "household.viewed",
      "household.updated",
    ]);

    const byAdmin = AuditFilterSchema.parse({ person: String(c.admin.id) });
    const first = await searchAudit(c.admin, byAdmin, zone);
    if (!first.ok || !first.nextBefore) throw new Error("60 entries make two pages");
    const second = await searchAudit(c.admin, byAdmin, zone, first.nextBefore);
    expect(first.entries).toHaveLength(50);
    expect(second.ok && second.entries).toHaveLength(10);
  });

  it("refuses bad filters with a message for the field", () => {
    const result = AuditFilterSchema.safeParse({ household: "12a", from: "2026-02-30", to: "2026-01-01" });
    expect(result.success).toBe(false);
    const messages = result.error?.issues.map((i) => [i.path.join("."), i.message]);
    expect(messages).toEqual(
      expect.arrayContaining([
        ["household", "audit:validation.household"],
        ["from", "audit:validation.date"],
      ]),
    );
    expect(
      AuditFilterSchema.safeParse({ from: "2026-03-02", to: "2026-03-01" }).error?.issues[0]?.message,
    ).toBe("audit:validation.range");
  });

  it("exports what the actor may see as CSV with formula cells neutralised, and logs the export", async () => {
    const c = await community();
    const attacker = await createUser({
      role: "volunteer",
      compoundId: c.east,
      name: '=HYPERLINK("http://evil.example/")',
    });
    await entry(attacker.id, "household.viewed", { type: "household", id: c.eastHome });
    await entry(c.westVolunteer.id, "household.viewed", { type: "household", id: c.westHome });

    const table = await exportAudit(c.eastOrganizer, all, { zone, locale: "en", ip: "203.0.113.9" });
    if (table === null) throw new Error("an organizer may export");
    const csv = csvText(table);
    expect(csv.startsWith("\uFEFF")).toBe(true);
    const rows = parse(csv.slice(1)) as string[][];
    expect(rows[0]).toEqual([
      "Time",
      "Person number",
      "Person",
      "Role",
      "Action",
      "Code",
      "Record type",
      "Record number",
      "Details",
    ]);
    expect(rows.slice(1).map((r) => [r[2], r[4], r[7]])).toEqual([
      [`'=HYPERLINK("http://evil.example/")`, "Opened a household record", String(c.eastHome)],
    ]);
    const logged = await searchAudit(c.admin, AuditFilterSchema.parse({ action: "audit.exported" }), zone);
    expect(logged.ok && logged.entries.map((e) => [e.actorId, e.ip])).toEqual([
      [c.eastOrganizer.id, "203.0.113.9"],
    ]);
    expect(await exportAudit(actorOf(c.eastVolunteer), all, { zone, locale: "en", ip: null })).toBeNull();
  });
});

describe("a resident's record of who looked at their household", () => {
  it("names staff and volunteers, never another resident, groups a day's repeats, and leaves out their own looks", async () => {
    const c = await community();
    const resident = await createUser({ role: "resident", compoundId: c.east });
    const spouse = await createUser({ role: "resident", compoundId: c.east, name: "配偶 王芳" });
    const stranger = await createUser({ role: "resident", compoundId: c.east, name: "邻居 李强" });
    await member(c.eastHome, resident.id);
    await member(c.eastHome, spouse.id);
    const home = { type: "household", id: c.eastHome };
    const day1 = new Date("2026-03-01T02:00:00Z");
    await entry(c.eastVolunteer.id, "household.listed", home, day1, { via: "roster.export" });
    await entry(c.eastVolunteer.id, "household.listed", home, new Date(day1.getTime() + 60_000), {
      via: "roster.export",
    });
    await entry(c.eastVolunteer.id, "household.listed", home, new Date(day1.getTime() + 120_000), {
      via: "roster.export",
    });
    await entry(c.eastOrganizer.id, "household.updated", home, new Date("2026-03-02T02:00:00Z"), {
      fields: ["note", "members"],
    });
    await entry(spouse.id, "household.viewed", home, new Date("2026-03-02T03:00:00Z"));
    await entry(stranger.id, "household.viewRefused", home, new Date("2026-03-02T04:00:00Z"));
    await entry(resident.id, "household.viewed", home, new Date("2026-03-02T05:00:00Z"));
    await entry(c.westVolunteer.id, "household.viewed", { type: "household", id: c.westHome });

    const log = await householdAccessLog(actorOf(resident), c.eastHome, { zone });
    if (!log) throw new Error("a member reads their household's log");
    const t = getT("en");
    const lines = log.lines.map((line) => accessLineText(line, t, zone));
    expect(lines.map((l) => [l.who, l.what, l.when])).toEqual([
      ["Another resident", "tried to open your household's record and was refused", "2026-03-02 12:00"],
      ["A member of your household", "opened your household's record", "2026-03-02 11:00"],
      [expect.stringContaining("(Community staff)"), "changed: Note, Members", "2026-03-02 10:00"],
      [
        "志愿者 赵磊 (Volunteer)",
        "saw your household in a list, an export or a printout (an exported table)",
        "2026-03-01 10:02, 3 times that day",
      ],
    ]);
    expect(JSON.stringify(lines)).not.toContain("李强");
    expect(JSON.stringify(lines)).not.toContain("王芳");

    expect(await householdAccessLog(actorOf(stranger), c.eastHome, { zone })).toBeNull();
    expect(await householdAccessLog(c.eastOrganizer, c.eastHome, { zone })).toBeNull();
  });

  it("pages by whole days, newest first", async () => {
    const c = await community();
    const resident = await createUser({ role: "resident", compoundId: c.east });
    await member(c.eastHome, resident.id);
    const volunteers = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        createUser({ role: "volunteer", volunteerTier: 4, name: `志愿者 ${i}` }),
      ),
    );
    // Three days, twelve people a day: a page of 20 lines ends after the second day.
    for (const [day, date] of ["2026-03-01", "2026-03-02", "2026-03-03"].entries())
      for (const [i, v] of volunteers.entries())
        await entry(
          v.id,
          "household.viewed",
          { type: "household", id: c.eastHome },
          new Date(`${date}T0${day}:0${i % 6}:00Z`),
        );

    const first = await householdAccessLog(actorOf(resident), c.eastHome, { zone });
    expect(first?.lines).toHaveLength(24);
    expect(first?.lines.every((l) => l.day >= "2026-03-02")).toBe(true);
    const second = await householdAccessLog(actorOf(resident), c.eastHome, {
      zone,
      before: first?.nextBefore ?? 0,
    });
    expect(second?.lines).toHaveLength(12);
    expect(second?.lines.every((l) => l.day === "2026-03-01")).toBe(true);
    expect(second?.nextBefore).toBeNull();
  });
});

describe("audit action labels", () => {
  it("label every action code in both languages", () => {
    for (const locale of ["zh-CN", "en"] as const) {
      const t = getT(locale);
      for (const code of allAuditActions) {
        const key = `audit:${actionLabelKey(code)}`;
        expect(t(key as never), `${locale} ${code}`).not.toBe(key.slice("audit:".length));
      }
    }
  });

  it("know every action a module writes to the log", () => {
    const written = new Set<string>();
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        const path = join(dir, name);
        if (statSync(path).isDirectory()) walk(path);
        else if (path.endsWith(".server.ts"))
          for (const match of readFileSync(path, "utf8").matchAll(/action: "([a-zA-Z_.]+)"/g))
            written.add(match[1]!);
      }
    };
    walk(join(process.cwd(), "app/modules"));
    expect(written.size).toBeGreaterThan(40);
    expect([...written].filter((code) => !allAuditActions.includes(code))).toEqual([]);
  });
});
