// Which audit entries an actor may see: the one place that decides it, so that the audit view, its export and
// anything built on them agree. Admins see every entry; an organizer the entries about households of their
// compounds and those made by people of their compounds (and their own). Which compounds those are is the scope
// module's answer (auth/scope.server.ts), as for every other list.
import { eq, inArray, isNotNull, or, sql, type SQL } from "drizzle-orm";
import { schema } from "#db/client.server";
import type { Actor } from "#app/modules/auth/policy";
import { compoundsOf, reachOf } from "#app/modules/auth/scope.server";

export type AuditVisibility =
  | { kind: "none" }
  /** `where` is undefined for everything. */
  | { kind: "some"; where: SQL | undefined; showIp: boolean };

export async function auditVisibility(actor: Actor): Promise<AuditVisibility> {
  if (actor.role === "admin") return { kind: "some", where: undefined, showIp: true };
  if (actor.role !== "organizer") return { kind: "none" };
  const a = schema.auditLog;
  const compounds = compoundsOf(await reachOf(actor));
  const h = schema.households;
  const u = schema.users;
  const aboutHousehold =
    compounds === "all"
      ? sql`${a.targetType} = 'household' AND ${a.targetId} IS NOT NULL`
      : sql`${a.targetType} = 'household' AND ${a.targetId} IN (SELECT CAST(${h.id} AS TEXT) FROM ${h} WHERE ${inArray(h.compoundId, [...compounds])})`;
  const byPeople =
    compounds === "all"
      ? sql`${a.actorId} IN (SELECT ${u.id} FROM ${u} WHERE ${isNotNull(u.compoundId)})`
      : sql`${a.actorId} IN (SELECT ${u.id} FROM ${u} WHERE ${inArray(u.compoundId, [...compounds])})`;
  // Addresses say where people are: they stay with admins, who answer for the service.
  return { kind: "some", where: or(aboutHousehold, byPeople, eq(a.actorId, actor.id)), showIp: false };
}
