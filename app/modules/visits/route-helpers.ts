// What every visit route does with a visit id and a module result: 404 for no such visit, 403 for a refusal.
import type { VisitResult } from "./access.server";

export function visitIdParam(params: { id?: string }): number {
  const id = Number(params.id);
  if (!Number.isInteger(id) || id <= 0) throw new Response("Not found", { status: 404 });
  return id;
}

/** The value of a result, or the thrown response; "conflict" and field problems are the caller's to show. */
export function unwrapVisit<T>(result: VisitResult<T>): T {
  if (result.ok) return result.value;
  if (result.error === "notFound") throw new Response("Not found", { status: 404 });
  if (result.error === "forbidden") throw new Response("Forbidden", { status: 403 });
  throw new Response("Conflict", { status: 409 });
}
