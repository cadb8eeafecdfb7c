import { z } from "zod";

/** The `?page=` of a list: a whole number from 1 to 10,000, else the first page (never an offset SQLite refuses). */
const PageSchema = z.coerce.number().int().min(1).max(10_000).catch(1);

export function pageParam(url: URL): number {
  return PageSchema.parse(url.searchParams.get("page") ?? 1);
}
