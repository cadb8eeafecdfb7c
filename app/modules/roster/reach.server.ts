// Which volunteers of the roster a person reaches (auth/scope.server.ts's reach, over the users table): staff
// those of their compounds by home or extra compound, a volunteer their own subtree. Kept apart from
// roster.server.ts so that the pairing rules, which need it inside their transaction, stay light to load.
import { and, eq, inArray, or, sql, type SQL } from "drizzle-orm";
import { db, schema, type Queryable } from "#db/client.server";
import type { Actor } from "#app/modules/auth/policy";
import { reachOf, type Reach } from "#app/modules/auth/scope.server";

const u = schema.users;

/** The volunteers on the roster `reach` covers, over the users table. */
export function volunteerScope(reach: Reach): SQL | undefined {
  switch (reach.kind) {
    case "all":
      return undefined;
    case "compounds":
      return or(
        inArray(u.compoundId, [...reach.compoundIds]),
        inArray(
          u.id,
          db()
            .select({ id: schema.volunteerCompounds.userId })
            .from(schema.volunteerCompounds)
            .where(inArray(schema.volunteerCompounds.compoundId, [...reach.compoundIds])),
        ),
      );
    case "linkage":
      return inArray(u.id, [...reach.volunteerIds]);
    case "household":
    case "none":
      return sql`0`;
  }
}

/** Whether volunteer `id` is on the roster `actor` may read (a resident of the same compound is not). */
export async function volunteerInReach(actor: Actor, id: number, q: Queryable = db()): Promise<boolean> {
  const [row] = await q
    .select({ id: u.id })
    .from(u)
    .where(and(eq(u.id, id), eq(u.role, "volunteer"), volunteerScope(await reachOf(actor))));
  return row !== undefined;
}
