// Which audit entries an actor may see: the one place that decides it, so that the audit view, its export and
// anything built on them agree. Admins see every entry; an organizer the entries about households of their
// compounds and those made by people of their compounds (and their own). When the spine's scope module lands
// ("which compounds may this person see"), `compoundsOf` below is the line that calls it.
import { eq, isNotNull, or, sql, type SQL } from "drizzle-orm";
import { schema } from "#db/client.server";
import type { Actor } from "#app/modules/auth/policy";

export type AuditVisibility =
  | { kind: "none" }
  /** `where` is undefined for everything. */
  | { kind: "some"; where: SQL | undefined; showIp: boolean };

/** An organizer with no compound works for the whole community (policy.ts, `coversCompound`). */
function compoundsOf(actor: Actor): { all: true } | { all: false; compoundId: number } {
  return actor.compoundId === null ? { all: true } : { all: false, compoundId: actor.compoundId };
}

export function auditVisibility(actor: Actor): AuditVisibility {
  if (actor.role === "admin") return { kind: "some", where: undefined, showIp: true };
  if (actor.role !== "organizer") return { kind: "none" };
  const a = schema.auditLog;
  const scope = compoundsOf(actor);
  const aboutHousehold = scope.all
    ? sql`${a.targetType} = 'household' AND ${a.targetId} IS NOT NULL`
    : sql`${a.targetType} = 'household' AND ${a.targetId} IN (SELECT CAST(${schema.households.id} AS TEXT) FROM ${schema.households} WHERE ${schema.households.compoundId} = ${scope.compoundId})`;
  const byPeople = scope.all
    ? sql`${a.actorId} IN (SELECT ${schema.users.id} FROM ${schema.users} WHERE ${isNotNull(schema.users.compoundId)})`
    : sql`${a.actorId} IN (SELECT ${schema.users.id} FROM ${schema.users} WHERE ${schema.users.compoundId} = ${scope.compoundId})`;
  // Addresses say where people are: they stay with admins, who answer for the service.
  return { kind: "some", where: or(aboutHousehold, byPeople, eq(a.actorId, actor.id)), showIp: false };
}
