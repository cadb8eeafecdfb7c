// The visit lists' filters (state, volunteer, compound, a range of days), kept in the URL by a GET form and read
// by the list and its export alike. Shared by the page (Conform, client and server) and the loaders. Days are
// the community's; out-of-range or reversed days are refused beside the field (errors are i18n keys).
import { z } from "zod";
import { dayWithin } from "#app/modules/dates/range";
import { visitStatuses } from "./codes";
import { visitTabs } from "./schemas";

/** The tabs that list visits (the due tab lists households) and so take the filters and the export. */
export const filteredTabs = ["upcoming", "record", "past", "escalations"] as const;
export type FilteredTab = (typeof filteredTabs)[number];

export function isFilteredTab(tab: (typeof visitTabs)[number]): tab is FilteredTab {
  return (filteredTabs as readonly string[]).includes(tab);
}

/** The states a tab's visits can be in: only the past tab mixes them. */
export const tabStatuses: Record<FilteredTab, readonly (typeof visitStatuses)[number][]> = {
  upcoming: [],
  record: [],
  past: ["done", "missed", "cancelled"],
  escalations: [],
};

const day = z
  .string()
  .trim()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "visits:validation.dateInvalid");
const id = z.coerce.number().int().positive().max(2_147_483_647);

/** The filters as the form sends them; `today` is the community's, for the days' range. */
export const visitFilterSchema = (today: string) =>
  z
    .object({
      status: z.enum(visitStatuses).optional(),
      volunteer: id.optional(),
      /** Narrows the volunteers the select offers (no script needed): a part of a name. */
      who: z.string().trim().max(50).optional(),
      compound: id.optional(),
      from: day.superRefine(dayWithin("visitFilter", today)).optional(),
      to: day.superRefine(dayWithin("visitFilter", today)).optional(),
    })
    .superRefine((v, ctx) => {
      // YYYY-MM-DD compares as text.
      if (v.from && v.to && v.to < v.from)
        ctx.addIssue({ code: "custom", path: ["to"], message: "visits:filter.toBeforeFrom" });
    });

export type VisitFilters = z.infer<ReturnType<typeof visitFilterSchema>>;

/** The query keys the filters use, for links that keep them (pages, tabs, exports). */
export const filterKeys = ["status", "volunteer", "who", "compound", "from", "to"] as const;

/** The filters in `params` that apply, dropping any a tab cannot take (a state the tab never holds). */
export function applicableFilters(filters: VisitFilters, tab: FilteredTab): VisitFilters {
  const { status, ...rest } = filters;
  return status && tabStatuses[tab].includes(status) ? { ...rest, status } : rest;
}

/** Whether any filter narrows the list (for the empty state's wording). */
export function isFiltered(filters: VisitFilters): boolean {
  return Boolean(filters.status || filters.volunteer || filters.compound || filters.from || filters.to);
}
