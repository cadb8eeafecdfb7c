// The pairing list's filters, read from the page's URL by the page and its export alike. A search, not a
// write: unknown or malformed values are dropped rather than refused.
import { z } from "zod";
import { hardshipLevels } from "#app/modules/households/codes";
import { pairingRoles, pairingStatuses } from "./codes";

export const PairingFilterSchema = z.object({
  compound: z.coerce.number().int().positive().optional().catch(undefined),
  status: z.enum(pairingStatuses).optional().catch(undefined),
  role: z.enum(pairingRoles).optional().catch(undefined),
  level: z.enum(hardshipLevels).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(10_000).optional().catch(undefined),
});

export type PairingFilters = Omit<z.infer<typeof PairingFilterSchema>, "page">;

/** The search parameters the list keeps in its links (paging, export), in the form's order. */
export const pairingFilterKeys = ["compound", "status", "role", "level"] as const;

export function pairingFilters(params: URLSearchParams): PairingFilters & { page: number } {
  const { page, ...filters } = PairingFilterSchema.parse(Object.fromEntries(params));
  return { ...filters, page: page ?? 1 };
}
