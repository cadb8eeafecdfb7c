// The signed-in user with their material-help duties, for loaders and actions of this domain: the policy's
// rules for the till, the fund and grants take the duties as facts (app/modules/auth/policy.ts).
import type { Action, DutyFacts, ResourceArgs } from "#app/modules/auth/policy";
import { assertPermission, requireUser, type CurrentUser } from "#app/modules/auth/guard.server";
import { withDuties } from "./duties.server";

export type MaterialUser = CurrentUser & DutyFacts;

export async function requireMaterialUser(request: Request): Promise<MaterialUser> {
  return withDuties(await requireUser(request));
}

/** The user with duties, when the policy allows `action` on what `resource` makes of them; else a thrown 403. */
export async function requireMaterialPermission<A extends Action>(
  request: Request,
  action: A,
  ...resource: ResourceArgs<A>
): Promise<MaterialUser> {
  const user = await requireMaterialUser(request);
  assertPermission(user, action, ...resource);
  return user;
}

/** The actor's own duties as the resource of a duty-only rule (`fund.read`, `till.open`…). */
export async function requireDuty<
  A extends "till.open" | "fund.read" | "fund.record" | "stock.manage" | "card.creditRun",
>(request: Request, action: A): Promise<MaterialUser> {
  const user = await requireMaterialUser(request);
  assertPermission(user, action, ...([user] as unknown as ResourceArgs<A>));
  return user;
}

/** A positive whole id from a route parameter, or a thrown 404. */
export function idParam(value: string | undefined): number {
  const id = Number(value);
  if (!Number.isInteger(id) || id <= 0) throw new Response("Not found", { status: 404 });
  return id;
}
