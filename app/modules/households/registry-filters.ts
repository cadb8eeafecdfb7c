// The registry's filters as a URL carries them: one parser for the list page and its export, so that the file
// holds what the page shows. Unknown or malformed filters are dropped rather than refused (a search, not a write).
import { z } from "zod";
import { categoryCodes, hardshipLevels, needs } from "./codes";

const FilterSchema = z.object({
  q: z.string().trim().max(40).optional().catch(undefined),
  compound: z.coerce.number().int().positive().optional().catch(undefined),
  level: z.enum(hardshipLevels).optional().catch(undefined),
  category: z.enum(categoryCodes).optional().catch(undefined),
  need: z.enum(needs).optional().catch(undefined),
  overdue: z.literal("1").optional().catch(undefined),
  status: z.enum(["active", "closed"]).optional().catch(undefined),
  sort: z.enum(["address", "due"]).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(10_000).optional().catch(undefined),
});

export function registryFilters(params: URLSearchParams) {
  const f = FilterSchema.parse(Object.fromEntries(params));
  return {
    q: f.q || undefined,
    compoundId: f.compound,
    level: f.level,
    category: f.category,
    need: f.need,
    overdue: f.overdue === "1",
    status: f.status,
    sort: f.sort,
    page: f.page,
  };
}
