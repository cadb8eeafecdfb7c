// The help request export lists what the page lists: the same filters narrow it the same way, every page at
// once, an organizer of one compound gets none of another's, a list too long for a file is refused, the export
// is audited and each household in it logged as listed.
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDatabase, schema } from "#db/client.server";
import { flushReadLog } from "#app/modules/audit/read-log.server";
import { createCompound, createUser } from "#tests/fixtures/accounts";
import { actorOf, createHousehold } from "#tests/fixtures/roster";
import type { HelpKind, HelpStatus } from "./codes";
import { helpExport } from "./export.server";
import { helpPageSize, listHelpRequests } from "./lists.server";

const zone = "Asia/Shanghai";
const now = new Date("2026-12-03T02:00:00Z");
const ctx = { via: "test", ip: null };

async function ask(
  householdId: number,
  compoundId: number,
  kind: HelpKind,
  status: HelpStatus = "new",
): Promise<number> {
  const [row] = await getDatabase().writeAtomic((d) =>
    d
      .insert(schema.helpRequests)
      .values({
        householdId,
        compoundId,
        channel: "phone",
        kind,
        description: "需要帮忙",
        contactMethod: "phone",
        status,
        acknowledgeBy: new Date(now.getTime() + 3_600_000),
        createdAt: new Date(now.getTime() - 3_600_000),
        updatedAt: now,
      })
      .returning({ id: schema.helpRequests.id }),
  );
  if (!row) throw new Error("no request");
  return row.id;
}

describe("help request export", () => {
  it("holds what the filtered page holds, every page, within the reader's compounds", async () => {
    const compound = await createCompound();
    const otherCompound = await createCompound();
    const home = await createHousehold(compound);
    const far = await createHousehold(otherCompound);
    // More than a page of medical requests, and one of each other sort, at home; some far away.
    for (let i = 0; i < helpPageSize + 3; i++) await ask(home, compound, "medical");
    await ask(home, compound, "daily");
    await ask(home, compound, "medical", "resolved");
    const farIds = [await ask(far, otherCompound, "medical"), await ask(far, otherCompound, "daily")];
    const organizer = actorOf(await createUser({ role: "organizer", compoundId: compound }));

    const filter = { kind: "medical" as const, status: "new" as const };
    const table = await helpExport(organizer, filter, "en", ctx, zone, now);
    if (!table) throw new Error("no table");
    // Every page of the list, in its order: the page's first page is the file's beginning.
    const page = await listHelpRequests(organizer, { ...filter, page: 0 }, ctx, now);
    expect(table.rows).toHaveLength(helpPageSize + 3);
    expect(table.rows.slice(0, helpPageSize).map((r) => r.id)).toEqual(page.items.map((r) => r.id));
    expect(new Set(table.rows.map((r) => r.kind))).toEqual(new Set(["medical"]));
    expect(table.rows.some((r) => farIds.includes(r.id))).toBe(false);

    const unfiltered = await helpExport(organizer, {}, "zh-CN", ctx, zone, now);
    expect(unfiltered?.rows).toHaveLength(helpPageSize + 5);
    expect(unfiltered?.rows.some((r) => farIds.includes(r.id))).toBe(false);
    expect(unfiltered?.columns[1]?.header).toBe("类型");
    expect(table.columns[1]?.header).toBe("Kind");
    expect(table.columns[1]?.cell(table.rows[0] as never)).toBe("Medical");

    // The other compound's organizer gets only theirs.
    const farOrganizer = actorOf(await createUser({ role: "organizer", compoundId: otherCompound }));
    const theirs = await helpExport(farOrganizer, {}, "en", ctx, zone, now);
    expect(theirs?.rows.map((r) => r.id).sort()).toEqual([...farIds].sort());

    // Longer than a file holds: refused, never cut short.
    expect(await helpExport(organizer, filter, "en", ctx, zone, now, 10)).toBeNull();

    await flushReadLog();
    const audited = await getDatabase()
      .db.select({ details: schema.auditLog.details })
      .from(schema.auditLog)
      .where(and(eq(schema.auditLog.actorId, organizer.id), eq(schema.auditLog.action, "help.exported")));
    expect(audited[0]?.details).toEqual({ kind: "medical", status: "new", rows: helpPageSize + 3 });
    const listed = await getDatabase()
      .db.select({ targetId: schema.auditLog.targetId, details: schema.auditLog.details })
      .from(schema.auditLog)
      .where(and(eq(schema.auditLog.actorId, organizer.id), eq(schema.auditLog.action, "household.listed")));
    expect(listed.map((l) => l.targetId)).toContain(String(home));
    expect(listed.map((l) => l.targetId)).not.toContain(String(far));
  });
});
