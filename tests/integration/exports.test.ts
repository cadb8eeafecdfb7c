// Every file the app hands out goes through the export kit: hostile text written into names, availabilities,
// buildings and member names comes out inert in CSV and XLSX alike, and every download is uncached (issue 14,
// holes 6 and 13). A route that makes a file must be listed here, so a new export is tested the same way.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { beforeAll, describe, expect, it } from "vitest";
import { createSession, sessionCookieName } from "#app/modules/auth/session.server";
import { getDatabase, schema } from "#db/client.server";
import { createCompound, createUser } from "#tests/fixtures/accounts";
import { createPublishedCourse, createResidents } from "#tests/fixtures/courses";
import { createHousehold } from "#tests/fixtures/roster";
import { expectNoLiveCells, exportedRows, hostileCells } from "#tests/support/exports";
import { eq } from "drizzle-orm";
import * as rosterCsv from "#app/routes/roster.export[.csv]";
import * as rosterXlsx from "#app/routes/roster.export[.xlsx]";
import * as ledger from "#app/routes/ledgers.$level.export";
import * as enrollmentsCsv from "#app/routes/admin.courses.$id_.enrollments[.csv]";
import * as enrollmentsXlsx from "#app/routes/admin.courses.$id_.enrollments[.xlsx]";
import * as template from "#app/routes/households.template[.csv]";
import * as templateXlsx from "#app/routes/households.template[.xlsx]";
import * as registryCsv from "#app/routes/households.export[.csv]";
import * as registryXlsx from "#app/routes/households.export[.xlsx]";
import * as auditCsv from "#app/routes/admin.audit.export[.csv]";
import * as auditXlsx from "#app/routes/admin.audit.export[.xlsx]";
import * as statement from "#app/routes/fund.statement_.export";
import * as reports from "#app/routes/fund.reports_.export";
import * as serviceCsv from "#app/routes/service.export[.csv]";
import * as serviceXlsx from "#app/routes/service.export[.xlsx]";
import * as visitsCsv from "#app/routes/visits.export[.csv]";
import * as visitsXlsx from "#app/routes/visits.export[.xlsx]";
import * as monthlyReport from "#app/routes/reports.monthly_.export[.xlsx]";
import { audit } from "#app/modules/audit/audit.server";
import * as helpCsv from "#app/routes/help.export[.csv]";
import * as helpXlsx from "#app/routes/help.export[.xlsx]";
import * as pairingsCsv from "#app/routes/pairings.export[.csv]";
import * as pairingsXlsx from "#app/routes/pairings.export[.xlsx]";

type Loader = (args: LoaderFunctionArgs) => Promise<Response>;

let cookie = "";
let courseId = 0;

const hostile = (i: number) => hostileCells[i % hostileCells.length] ?? "";

beforeAll(async () => {
  const compoundId = await createCompound();
  const admin = await createUser({ role: "admin" });
  const { token } = await createSession(admin.id);
  cookie = `${sessionCookieName()}=${token}`;

  for (let i = 0; i < hostileCells.length; i++) {
    const volunteer = await createUser({ role: "volunteer", volunteerTier: 1, compoundId, name: hostile(i) });
    await getDatabase().writeAtomic((d) =>
      d.insert(schema.volunteerProfiles).values({ userId: volunteer.id, availability: hostile(i + 1) }),
    );
    // An hour of service, so that the service-hours export names them.
    await getDatabase().writeAtomic((d) =>
      d.insert(schema.serviceHours).values({
        volunteerId: volunteer.id,
        source: "activity",
        sourceId: 1000 + i,
        servedAt: new Date(Date.now() - 86_400_000),
        minutes: 60,
      }),
    );
    // Something they did, so that the audit export names them.
    await getDatabase().writeAtomic((d) =>
      audit(d, {
        actorId: volunteer.id,
        action: "roster.profileUpdated",
        targetType: "user",
        targetId: volunteer.id,
      }),
    );
    const householdId = await createHousehold(compoundId, "extreme");
    await getDatabase().write(async (tx) => {
      await tx
        .update(schema.households)
        .set({ building: hostile(i), unit: hostile(i + 2), room: hostile(i + 3) })
        .where(eq(schema.households.id, householdId));
      await tx
        .update(schema.householdMembers)
        .set({ name: hostile(i + 4), phone: hostile(i + 5) })
        .where(eq(schema.householdMembers.householdId, householdId));
    });
    // A pairing, so that the pairing export names the helper and the household's head.
    await getDatabase().writeAtomic((d) =>
      d.insert(schema.pairings).values({
        householdId,
        volunteerId: volunteer.id,
        startedAt: new Date(),
        endReason: hostile(i + 6),
      }),
    );
    // A help request they hold, so that the help request export names them.
    await getDatabase().writeAtomic((d) =>
      d.insert(schema.helpRequests).values({
        householdId,
        compoundId,
        channel: "phone",
        kind: "daily",
        description: hostile(i + 3),
        contactMethod: "phone",
        assignedToId: volunteer.id,
        acknowledgeBy: new Date(Date.now() + 3_600_000),
        createdAt: new Date(),
        updatedAt: new Date(),
      }),
    );
    // A visit to come, so that the visit list export names its place, purpose and volunteer.
    const startsAt = new Date(Date.now() + (i + 1) * 86_400_000);
    await getDatabase().writeAtomic((d) =>
      d.insert(schema.visits).values({
        householdId,
        compoundId,
        leadVolunteerId: volunteer.id,
        startsAt,
        endsAt: new Date(startsAt.getTime() + 3_600_000),
        place: hostile(i + 1),
        purpose: hostile(i + 2),
      }),
    );
  }

  courseId = await createPublishedCourse(admin.id, { capacity: 20 });
  const residents = await createResidents(hostileCells.length);
  await getDatabase().write(async (tx) => {
    for (const [i, r] of residents.entries()) {
      await tx
        .update(schema.householdMembers)
        .set({ name: hostile(i) })
        .where(eq(schema.householdMembers.id, r.memberId));
      await tx.insert(schema.enrollments).values({
        courseId,
        memberId: r.memberId,
        userId: r.userId,
        status: "enrolled",
        requestedAt: new Date(),
      });
    }
  });
});

const exportsToCheck: {
  route: string;
  loader: Loader;
  url: () => string;
  params?: () => Record<string, string>;
  /** Whether hostile text written above reaches this file (a template or a statement of sums has none). */
  carriesText?: false;
}[] = [
  { route: "roster.export[.csv].ts", loader: rosterCsv.loader, url: () => "/roster/export.csv" },
  { route: "roster.export[.xlsx].ts", loader: rosterXlsx.loader, url: () => "/roster/export.xlsx" },
  {
    route: "ledgers.$level.export.ts",
    loader: ledger.loader,
    url: () => "/ledgers/extreme/export",
    params: () => ({ level: "extreme" }),
  },
  {
    route: "ledgers.$level.export.ts?format=xlsx",
    loader: ledger.loader,
    url: () => "/ledgers/extreme/export?format=xlsx",
    params: () => ({ level: "extreme" }),
  },
  {
    route: "admin.courses.$id_.enrollments[.csv].ts",
    loader: enrollmentsCsv.loader,
    url: () => `/admin/courses/${courseId}/enrollments.csv`,
    params: () => ({ id: String(courseId) }),
  },
  {
    route: "admin.courses.$id_.enrollments[.xlsx].ts",
    loader: enrollmentsXlsx.loader,
    url: () => `/admin/courses/${courseId}/enrollments.xlsx`,
    params: () => ({ id: String(courseId) }),
  },
  { route: "households.export[.csv].ts", loader: registryCsv.loader, url: () => "/households/export.csv" },
  { route: "households.export[.xlsx].ts", loader: registryXlsx.loader, url: () => "/households/export.xlsx" },
  { route: "admin.audit.export[.csv].ts", loader: auditCsv.loader, url: () => "/admin/audit/export.csv" },
  { route: "admin.audit.export[.xlsx].ts", loader: auditXlsx.loader, url: () => "/admin/audit/export.xlsx" },
  {
    route: "households.template[.csv].ts",
    loader: template.loader,
    url: () => "/households/template.csv",
    carriesText: false,
  },
  {
    route: "households.template[.xlsx].ts",
    loader: templateXlsx.loader,
    url: () => "/households/template.xlsx",
    carriesText: false,
  },
  {
    route: "fund.statement_.export.ts",
    loader: statement.loader,
    url: () => "/fund/statement/export",
    carriesText: false,
  },
  {
    // Sums, the goods' names and the addresses of cards holding credit (none of the households above has one).
    route: "fund.reports_.export.ts",
    loader: reports.loader,
    url: () => "/fund/reports/export",
    carriesText: false,
  },
  { route: "service.export[.csv].ts", loader: serviceCsv.loader, url: () => "/service/export.csv" },
  { route: "service.export[.xlsx].ts", loader: serviceXlsx.loader, url: () => "/service/export.xlsx" },
  { route: "visits.export[.csv].ts", loader: visitsCsv.loader, url: () => "/visits/export.csv?tab=upcoming" },
  {
    route: "visits.export[.xlsx].ts",
    loader: visitsXlsx.loader,
    url: () => "/visits/export.xlsx?tab=upcoming",
  },
  { route: "help.export[.csv].ts", loader: helpCsv.loader, url: () => "/help/export.csv?kind=daily" },
  { route: "help.export[.xlsx].ts", loader: helpXlsx.loader, url: () => "/help/export.xlsx?kind=daily" },
  {
    route: "pairings.export[.csv].ts",
    loader: pairingsCsv.loader,
    url: () => "/pairings/export.csv?level=extreme&status=active",
  },
  {
    route: "pairings.export[.xlsx].ts",
    loader: pairingsXlsx.loader,
    url: () => "/pairings/export.xlsx?level=extreme&status=active",
  },
  {
    // Sums per compound: the only text is the compounds' names and the report's own headings.
    route: "reports.monthly_.export[.xlsx].ts",
    loader: monthlyReport.loader,
    url: () => "/reports/monthly/export.xlsx",
    carriesText: false,
  },
];

/** The CSV and XLSX entries of the exports whose routes start with these stems. */
function pairsNamed(...stems: string[]) {
  return stems.map((stem) => {
    const of = (extension: string) => exportsToCheck.find((e) => e.route === `${stem}[.${extension}].ts`);
    return [of("csv"), of("xlsx")] as const;
  });
}

async function download(entry: (typeof exportsToCheck)[number]): Promise<Response> {
  const request = new Request(`http://localhost:3000${entry.url()}`, { headers: { Cookie: cookie } });
  return entry.loader({ request, params: entry.params?.() ?? {}, context: {} });
}

describe("every export", () => {
  it.each(exportsToCheck.map((e) => [e.route, e] as const))(
    "%s: hostile cells come out inert, and the file is uncached and named",
    async (_route, entry) => {
      const response = await download(entry);
      expect(response.status).toBe(200);
      expect(response.headers.get("Cache-Control")).toBe("no-store");
      expect(response.headers.get("Content-Disposition")).toMatch(/^attachment; filename=/);
      const rows = await exportedRows(response);
      expectNoLiveCells(rows.flat());
      if (entry.carriesText !== false) {
        // The hostile text is there, as text, behind its apostrophe.
        const cells = new Set(rows.flat());
        expect(cells.has(`'${hostileCells[0]}`)).toBe(true);
        expect(cells.has(`'-2+3`)).toBe(true);
      }
    },
  );

  it("CSV and XLSX of one export hold the same rows", async () => {
    for (const [csv, xlsx] of [
      [exportsToCheck[0], exportsToCheck[1]],
      [exportsToCheck[2], exportsToCheck[3]],
      [exportsToCheck[4], exportsToCheck[5]],
      [exportsToCheck[6], exportsToCheck[7]],
      ...pairsNamed("help.export", "pairings.export", "visits.export"),
    ] as const) {
      if (!csv || !xlsx) throw new Error("table changed");
      // XML turns a CR into LF (end-of-line normalisation), so XLSX cannot keep a CR that CSV keeps.
      // A row's empty cells at its end are not stored in XLSX at all.
      const asText = (rows: string[][]) =>
        rows.map((r) => {
          const cells = [...r];
          while (cells.at(-1) === "") cells.pop();
          return cells.join("\u0001").replace(/\r\n?/g, "\n");
        });
      expect(asText(await exportedRows(await download(xlsx)))).toEqual(
        asText(await exportedRows(await download(csv))),
      );
    }
  });

  it("lists every route that makes a file (a new export must be added above)", () => {
    const dir = join(process.cwd(), "app/routes");
    const makingFiles = readdirSync(dir).filter((f) => {
      const source = readFileSync(join(dir, f), "utf8");
      return (
        /(exportResponse|workbookResponse)\(|export \{ loader \} from "\.\/[^"]*export/.test(source) ||
        /\[\.(csv|xlsx)\]/.test(f)
      );
    });
    const listed = new Set(exportsToCheck.map((e) => e.route.replace(/\?.*$/, "")));
    expect(makingFiles.filter((f) => !listed.has(f))).toEqual([]);
  });

  it("no code but the kit writes CSV or spreadsheet responses", () => {
    const offenders: string[] = [];
    const walk = (dir: string) => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const path = join(dir, entry.name);
        if (entry.isDirectory()) walk(path);
        else if (/\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name)) {
          const source = readFileSync(path, "utf8");
          if (/["']text\/csv|spreadsheetml|csv-stringify|Papa\.unparse/.test(source)) offenders.push(path);
        }
      }
    };
    walk(join(process.cwd(), "app"));
    expect(offenders.map((p) => p.slice(process.cwd().length + 1))).toEqual([
      "app/modules/lists/export.server.ts",
    ]);
  });
});
