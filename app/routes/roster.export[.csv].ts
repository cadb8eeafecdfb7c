import type { LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { audit, requestIp } from "#app/modules/audit/audit.server";
import { requirePermission } from "#app/modules/auth/guard.server";
import { reachOf } from "#app/modules/auth/scope.server";
import { getT } from "#app/modules/i18n/i18n";
import { getLocale } from "#app/modules/i18n/locale.server";
import { exportResponse, requestedExportFormat } from "#app/modules/lists/export.server";
import { loadFilters, skills } from "#app/modules/roster/codes";
import { rosterExport } from "#app/modules/roster/csv.server";
import { getDatabase } from "#db/client.server";

const FilterSchema = z.object({
  compound: z.coerce.number().int().positive().optional().catch(undefined),
  tier: z.coerce.number().int().min(1).max(4).optional().catch(undefined),
  load: z.enum(loadFilters).optional().catch(undefined),
  skill: z.enum(skills).optional().catch(undefined),
  status: z.enum(["active", "left"]).optional().catch(undefined),
});

// Serves /roster/export.csv and, through roster.export[.xlsx].ts, the same rows as /roster/export.xlsx: the
// table view's filters, its `status` too (those who left), within the reader's reach.
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "roster.tree");
  const f = FilterSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const table = await rosterExport(
    {
      compoundId: f.compound,
      tier: f.tier,
      load: f.load,
      skill: f.skill,
      status: f.status,
      reach: await reachOf(user),
    },
    getT(getLocale(request))("roster:export.fileTitle"),
  );
  // Phones of many people leave the building in this file: a sensitive read, so it is logged.
  await getDatabase().writeAtomic((d) =>
    audit(d, {
      actorId: user.id,
      action: "roster.exported",
      targetType: "roster",
      ip: requestIp(request),
      details: f,
    }),
  );
  return exportResponse(table, requestedExportFormat(request));
}
