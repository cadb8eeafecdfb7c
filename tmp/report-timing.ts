import { getDatabase, schema } from "#db/client.server";
import { eq } from "drizzle-orm";
import { monthlyReport, reportSheets } from "#app/modules/reports/monthly.server";
import { workbookBuffer } from "#app/modules/lists/export.server";
import { getT } from "#app/modules/i18n/i18n";

const admin = await getDatabase().db.query.users.findFirst({ where: eq(schema.users.email, "admin@example.org") });
if (!admin) throw new Error("no admin");
const actor = { id: admin.id, role: admin.role, volunteerTier: admin.volunteerTier, compoundId: admin.compoundId, supervisorId: admin.supervisorId };
for (let i = 0; i < 5; i++) {
  const t0 = performance.now();
  const report = await monthlyReport(actor, "2026-11");
  const t1 = performance.now();
  const book = await workbookBuffer(reportSheets(report, getT("zh-CN")));
  const t2 = performance.now();
  console.log(`report ${(t1 - t0).toFixed(0)} ms, xlsx ${(t2 - t1).toFixed(0)} ms (${book.byteLength} B); visits done total ${report.sections.visits.total.now.done}, hours ${report.sections.volunteers.total.now.hours}, attendances ${report.sections.courses.total.now.attendances}, covered ${report.sections.coverage.total.now.covered}`);
}
process.exit(0);
