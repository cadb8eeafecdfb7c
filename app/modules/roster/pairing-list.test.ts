// The pairing list and its export against the real database: each filter narrows the file as it narrows the
// page, the file holds every page, an organizer of one compound and a cadre of one branch get none of the
// others' pairings, a list too long for a file is refused, and the export is audited with each household logged.
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDatabase, schema } from "#db/client.server";
import { flushReadLog } from "#app/modules/audit/read-log.server";
import { actorOf, createHousehold, createLinkage } from "#tests/fixtures/roster";
import { pairingFilters, type PairingFilters } from "./pairing-filters";
import { PAIRING_PAGE_SIZE, pairingExport, pairingPage } from "./pairing-list.server";

const zone = "Asia/Shanghai";
const ctx = { via: "test", ip: null };
const day = 86_400_000;
const t0 = new Date("2026-11-02T02:00:00Z");

async function pair(
  householdId: number,
  volunteerId: number,
  options: { role?: "primary" | "secondary"; ended?: boolean; daysIn?: number } = {},
): Promise<number> {
  const [row] = await getDatabase().writeAtomic((d) =>
    d
      .insert(schema.pairings)
      .values({
        householdId,
        volunteerId,
        role: options.role ?? "primary",
        status: options.ended ? "ended" : "active",
        startedAt: new Date(t0.getTime() + (options.daysIn ?? 0) * day),
        endedAt: options.ended ? new Date(t0.getTime() + 20 * day) : null,
        endReason: options.ended ? "搬走了" : null,
      })
      .returning({ id: schema.pairings.id }),
  );
  if (!row) throw new Error("no pairing");
  return row.id;
}

async function community() {
  const l = await createLinkage();
  const extreme = await createHousehold(l.compoundId, "extreme");
  const hardship = await createHousehold(l.compoundId, "hardship");
  const other = await createLinkage();
  const far = await createHousehold(other.compoundId, "extreme");
  const p = {
    extremeYouth: await pair(extreme, l.youth4.id, { daysIn: 1 }),
    extremeSecond: await pair(extreme, l.otherMember3.id, { role: "secondary", daysIn: 2 }),
    hardshipEnded: await pair(hardship, l.member3.id, { ended: true }),
    hardshipNow: await pair(hardship, l.youth4.id, { daysIn: 21 }),
    far: await pair(far, other.youth4.id),
  };
  return { l, other, extreme, hardship, far, p };
}

const ids = (rows: readonly { id: number }[]) => rows.map((r) => r.id);

async function pageAndFile(actor: ReturnType<typeof actorOf>, filters: PairingFilters) {
  const page = await pairingPage(actor, filters, 1, ctx);
  const file = await pairingExport(actor, filters, "en", ctx, zone);
  if (!file) throw new Error("no file");
  return { page: ids(page.rows), file: ids(file.rows) };
}

describe("pairing list and export", () => {
  it("narrows the file as each filter narrows the page, within the reader's scope", async () => {
    const c = await community();
    const organizer = actorOf(c.l.organizer);
    const all = await pageAndFile(organizer, {});
    // Current first, the newest first; then the ended one. Nothing of the other compound.
    expect(all.page).toEqual([c.p.hardshipNow, c.p.extremeSecond, c.p.extremeYouth, c.p.hardshipEnded]);
    expect(all.file).toEqual(all.page);

    const fromUrl = (query: string) => {
      const { page: _page, ...filters } = pairingFilters(new URLSearchParams(query));
      return filters;
    };
    for (const [query, expected] of [
      ["level=extreme", [c.p.extremeSecond, c.p.extremeYouth]],
      ["status=ended", [c.p.hardshipEnded]],
      ["role=secondary", [c.p.extremeSecond]],
      ["level=hardship&status=active", [c.p.hardshipNow]],
      [`compound=${c.other.compoundId}`, []],
      ["status=bogus&level=", [c.p.hardshipNow, c.p.extremeSecond, c.p.extremeYouth, c.p.hardshipEnded]],
    ] as const) {
      const { page, file } = await pageAndFile(organizer, fromUrl(query));
      expect(page, query).toEqual(expected);
      expect(file, query).toEqual(expected);
    }

    // The other compound's organizer gets their one pairing and none of these.
    expect((await pageAndFile(actorOf(c.other.organizer), {})).file).toEqual([c.p.far]);
    // A cadre of one branch: the pairings of their people, and the other helpers of the households paired with them.
    expect((await pageAndFile(actorOf(c.l.otherCadre2), {})).file).toEqual([
      c.p.extremeSecond,
      c.p.extremeYouth,
    ]);
  });

  it("holds every page, refuses a list longer than a file, is translated and audited", async () => {
    const c = await community();
    const organizer = actorOf(c.l.organizer);
    for (let i = 0; i < PAIRING_PAGE_SIZE; i++)
      await pair(await createHousehold(c.l.compoundId, "hardship"), c.l.cadre2.id, { daysIn: -1 - i });
    const first = await pairingPage(organizer, {}, 1, ctx);
    const second = await pairingPage(organizer, {}, 2, ctx);
    expect(first.hasMore).toBe(true);
    expect(second.hasMore).toBe(false);
    const file = await pairingExport(organizer, {}, "zh-CN", ctx, zone);
    expect(file?.rows).toHaveLength(PAIRING_PAGE_SIZE + 4);
    expect(ids(file?.rows ?? [])).toEqual([...ids(first.rows), ...ids(second.rows)]);
    expect(file?.columns.map((col) => col.header).slice(0, 4)).toEqual([
      "家庭",
      "户主",
      "困难等级",
      "帮扶人",
    ]);
    const ended = file?.rows.find((r) => r.id === c.p.hardshipEnded);
    if (!ended || !file) throw new Error("the ended pairing is missing");
    expect(file.columns.map((col) => col.cell(ended)).slice(4, 9)).toEqual([
      "主帮扶人",
      "已结束",
      "2026-11-02",
      "2026-11-22",
      "搬走了",
    ]);
    expect(await pairingExport(organizer, {}, "en", ctx, zone, PAIRING_PAGE_SIZE)).toBeNull();

    await flushReadLog();
    const entries = await getDatabase()
      .db.select({
        action: schema.auditLog.action,
        targetId: schema.auditLog.targetId,
        details: schema.auditLog.details,
      })
      .from(schema.auditLog)
      .where(and(eq(schema.auditLog.actorId, organizer.id)));
    expect(entries.filter((e) => e.action === "pairing.exported").map((e) => e.details)).toEqual([
      { rows: PAIRING_PAGE_SIZE + 4 },
    ]);
    const listed = entries.filter((e) => e.action === "household.listed").map((e) => e.targetId);
    expect(listed).toContain(String(c.extreme));
    expect(listed).not.toContain(String(c.far));
  });
});
