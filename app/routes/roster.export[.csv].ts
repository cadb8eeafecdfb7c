import type { LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { audit, requestIp } from "#app/modules/audit/audit.server";
import { requirePermission } from "#app/modules/auth/guard.server";
import { reachOf } from "#app/modules/auth/scope.server";
import { loadFilters, skills } from "#app/modules/roster/codes";
import { exportRosterCsv } from "#app/modules/roster/csv.server";
import { getDatabase } from "#db/client.server";

const FilterSchema = z.object({
  compound: z.coerce.number().int().positive().optional().catch(undefined),
  tier: z.coerce.number().int().min(1).max(4).optional().catch(undefined),
  load: z.enum(loadFilters).optional().catch(undefined),
  skill: z.enum(skills).optional().catch(undefined),
});

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "roster.tree");
  const f = FilterSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const csv = await exportRosterCsv({
    compoundId: f.compound,
    tier: f.tier,
    load: f.load,
    skill: f.skill,
    reach: await reachOf(user),
  });
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
  return new Response(csv, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="roster-${new Date().toISOString().slice(0, 10)}.csv"`,
    },
  });
}
