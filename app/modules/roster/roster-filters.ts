// The roster page's search parameters, read by the page and its export alike, so that the file keeps every
// filter of the table view. A search, not a write: unknown or malformed values are dropped rather than refused.
import { z } from "zod";
import { loadFilters, skills } from "./codes";

export const RosterFilterSchema = z.object({
  view: z.enum(["tree", "table"]).catch("tree"),
  root: z.coerce.number().int().positive().optional().catch(undefined),
  compound: z.coerce.number().int().positive().optional().catch(undefined),
  tier: z.coerce.number().int().min(1).max(4).optional().catch(undefined),
  load: z.enum(loadFilters).optional().catch(undefined),
  skill: z.enum(skills).optional().catch(undefined),
  status: z.enum(["active", "left"]).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(10_000).optional().catch(undefined),
});

export type RosterSearch = z.infer<typeof RosterFilterSchema>;

/** The table view's filters, as the volunteer query takes them (without the reach, which the caller adds). */
export function tableFilters(f: RosterSearch) {
  return { compoundId: f.compound, tier: f.tier, load: f.load, skill: f.skill, status: f.status };
}
