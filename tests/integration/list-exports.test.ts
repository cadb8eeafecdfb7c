// Each filtered list's export, through its route, holds what the page shows: the page's filters (read from the
// same search parameters the page's export link carries) narrow the file, and an organizer of one compound gets
// none of another compound's rows, whatever they ask for (issue 19).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { createSession, sessionCookieName } from "#app/modules/auth/session.server";
import { getDatabase, schema } from "#db/client.server";
import { createHousehold, createLinkage } from "#tests/fixtures/roster";
import { exportedRows } from "#tests/support/exports";
import { actorOf } from "#tests/fixtures/roster";
import { listHouseholds } from "#app/modules/households/registry.server";
import { registryExport } from "#app/modules/households/registry-export.server";
import * as helpExport from "#app/routes/help.export[.csv]";
import * as pairingsExport from "#app/routes/pairings.export[.xlsx]";
import * as rosterExport from "#app/routes/roster.export[.csv]";
import * as serviceExport from "#app/routes/service.export[.xlsx]";

type Loader = (args: LoaderFunctionArgs) => Promise<Response>;

let home: Awaited<ReturnType<typeof createLinkage>>;
let away: Awaited<ReturnType<typeof createLinkage>>;
let cookie = "";

async function download(loader: Loader, path: string): Promise<string[][]> {
  const request = new Request(`http://localhost:3000${path}`, {
    headers: { Cookie: cookie, "Accept-Language": "en" },
  });
  const response = await loader({ request, params: {}, context: {} });
  expect(response.status).toBe(200);
  return exportedRows(response);
}

/** The cells of one column (by its heading) below the heading. */
function column(rows: string[][], heading: string): string[] {
  const index = rows[0]?.indexOf(heading) ?? -1;
  expect(index, heading).toBeGreaterThanOrEqual(0);
  return rows.slice(1).map((r) => r[index] ?? "");
}

beforeAll(async () => {
  home = await createLinkage();
  away = await createLinkage();
  const { token } = await createSession(home.organizer.id);
  cookie = `${sessionCookieName()}=${token}`;
  const now = Date.now();
  for (const [l, name] of [
    [home, "home"],
    [away, "away"],
  ] as const) {
    const extreme = await createHousehold(l.compoundId, "extreme");
    const hardship = await createHousehold(l.compoundId, "hardship");
    await getDatabase().write(async (tx) => {
      await tx
        .update(schema.users)
        .set({ name: `${name} youth` })
        .where(eq(schema.users.id, l.youth4.id));
      await tx
        .update(schema.users)
        .set({ name: `${name} member` })
        .where(eq(schema.users.id, l.member3.id));
      // One who left.
      await tx
        .update(schema.users)
        .set({ name: `${name} gone`, disabledAt: new Date(now) })
        .where(eq(schema.users.id, l.otherMember3.id));
      await tx.insert(schema.pairings).values([
        { householdId: extreme, volunteerId: l.youth4.id, startedAt: new Date(now) },
        { householdId: hardship, volunteerId: l.member3.id, startedAt: new Date(now) },
      ]);
      for (const [householdId, kind] of [
        [extreme, "medical"],
        [hardship, "daily"],
      ] as const)
        await tx.insert(schema.helpRequests).values({
          householdId,
          compoundId: l.compoundId,
          channel: "phone",
          kind,
          description: "需要帮忙",
          contactMethod: "phone",
          assignedToId: kind === "medical" ? l.youth4.id : l.member3.id,
          acknowledgeBy: new Date(now + 3_600_000),
          createdAt: new Date(now),
          updatedAt: new Date(now),
        });
      for (const volunteerId of [l.youth4.id, l.member3.id])
        await tx.insert(schema.serviceHours).values({
          volunteerId,
          source: "activity",
          sourceId: volunteerId,
          servedAt: new Date(now - 86_400_000),
          minutes: 90,
        });
    });
  }
});

describe("a list's export holds what its page shows", () => {
  it("pairings: the level filter narrows the file; another compound's never come", async () => {
    const all = await download(pairingsExport.loader, "/pairings/export.xlsx");
    expect(column(all, "Helper").sort()).toEqual(["home member", "home youth"]);
    const extreme = await download(pairingsExport.loader, "/pairings/export.xlsx?level=extreme");
    expect(column(extreme, "Helper")).toEqual(["home youth"]);
    const elsewhere = await download(
      pairingsExport.loader,
      `/pairings/export.xlsx?compound=${away.compoundId}`,
    );
    expect(elsewhere.slice(1)).toEqual([]);
    // A year that is not a whole number is no filter (it was a 500).
    const odd = await download(serviceExport.loader, "/service/export.xlsx?year=2025.5");
    expect(column(odd, "Volunteer").sort()).toEqual(["home member", "home youth"]);
  });

  it("help requests: the kind filter narrows the file; another compound's never come", async () => {
    const all = await download(helpExport.loader, "/help/export.csv");
    expect(column(all, "With").sort()).toEqual(["home member", "home youth"]);
    const medical = await download(helpExport.loader, "/help/export.csv?kind=medical&page=3");
    expect(column(medical, "With")).toEqual(["home youth"]);
  });

  it("volunteers: the status filter of the table view reaches the file", async () => {
    const serving = await download(rosterExport.loader, "/roster/export.csv");
    expect(column(serving, "name")).not.toContain("home gone");
    expect(column(serving, "name")).not.toContain("away youth");
    const left = await download(rosterExport.loader, "/roster/export.csv?status=left");
    expect(column(left, "name")).toEqual(["home gone"]);
  });

  it("households: the file is in the page's order, by the verification due too", async () => {
    const organizer = actorOf(home.organizer);
    // Due in the reverse of the address order, so that the two orders differ.
    const byAddress = await listHouseholds(organizer, { sort: "address" }, { via: "test" });
    await getDatabase().write(async (tx) => {
      for (const [i, row] of byAddress.rows.entries())
        await tx
          .update(schema.households)
          .set({ nextVerificationDue: new Date(Date.UTC(2027, 0, 31 - i)) })
          .where(eq(schema.households.id, row.id));
    });
    for (const sort of ["address", "due"] as const) {
      const page = await listHouseholds(organizer, { sort }, { via: "test" });
      const file = await registryExport(organizer, { sort }, "en", { ip: null });
      expect(
        file.rows.map((r) => r.id),
        sort,
      ).toEqual(page.rows.map((r) => r.id));
    }
  });

  it("hours: one volunteer's page exports that volunteer's entries, and only within the reader's reach", async () => {
    const theirs = await download(serviceExport.loader, `/service/export.xlsx?volunteer=${home.youth4.id}`);
    expect(column(theirs, "Volunteer")).toEqual(["home youth"]);
    const all = await download(serviceExport.loader, "/service/export.xlsx");
    expect(column(all, "Volunteer").sort()).toEqual(["home member", "home youth"]);
    const elsewhere = await download(
      serviceExport.loader,
      `/service/export.xlsx?volunteer=${away.youth4.id}`,
    );
    expect(elsewhere.slice(1)).toEqual([]);
  });
});
