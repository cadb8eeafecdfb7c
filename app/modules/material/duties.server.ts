// Duties (cashier, treasurer, approver) held beside an account's role, per compound or for the whole
// community (docs/decisions/020). Granted and withdrawn on the person page, each change audited.
import { and, asc, eq, isNull, sql } from "drizzle-orm";
import { getDatabase, schema } from "#db/client.server";
import { audit } from "#app/modules/audit/audit.server";
import { can, type Actor, type DutyFacts, type DutyGrant } from "#app/modules/auth/policy";
import { perRequest } from "#app/modules/security/request-scope.server";
import type { Duty } from "./codes";

async function lookUpDuties(userId: number): Promise<DutyGrant[]> {
  return getDatabase()
    .db.select({ duty: schema.materialDuties.duty, compoundId: schema.materialDuties.compoundId })
    .from(schema.materialDuties)
    .where(eq(schema.materialDuties.userId, userId));
}

/** The duties `userId` holds, read once per request. */
export async function dutiesOf(userId: number): Promise<DutyFacts> {
  const duties = await perRequest(`material-duties:${userId}`, () => lookUpDuties(userId));
  return { duties };
}

/** The actor with their duties: what every material-help rule in the policy takes. */
export async function withDuties<A extends Actor>(actor: A): Promise<A & DutyFacts> {
  return { ...actor, ...(await dutiesOf(actor.id)) };
}

export interface DutyRow {
  id: number;
  duty: Duty;
  compoundId: number | null;
  compoundName: string | null;
  createdAt: Date;
}

export async function listDuties(userId: number): Promise<DutyRow[]> {
  return getDatabase()
    .db.select({
      id: schema.materialDuties.id,
      duty: schema.materialDuties.duty,
      compoundId: schema.materialDuties.compoundId,
      compoundName: schema.compounds.name,
      createdAt: schema.materialDuties.createdAt,
    })
    .from(schema.materialDuties)
    .leftJoin(schema.compounds, eq(schema.compounds.id, schema.materialDuties.compoundId))
    .where(eq(schema.materialDuties.userId, userId))
    .orderBy(asc(schema.materialDuties.duty), asc(schema.materialDuties.id));
}

export type DutyChange = { ok: true } | { ok: false; error: "forbidden" | "notFound" | "residentCannot" };

async function personOf(userId: number) {
  const [person] = await getDatabase()
    .db.select({ id: schema.users.id, role: schema.users.role, compoundId: schema.users.compoundId })
    .from(schema.users)
    .where(eq(schema.users.id, userId));
  return person ?? null;
}

/** Grants `duty` for `compoundId` (null: the whole community) to `userId`; granting it twice changes nothing. */
export async function grantDuty(
  actor: Actor,
  userId: number,
  duty: Duty,
  compoundId: number | null,
  ip: string | null,
): Promise<DutyChange> {
  const person = await personOf(userId);
  if (!person) return { ok: false, error: "notFound" };
  if (person.role === "resident") return { ok: false, error: "residentCannot" };
  if (!can(actor, "duty.manage", { personCompoundId: person.compoundId, dutyCompoundId: compoundId }))
    return { ok: false, error: "forbidden" };
  await getDatabase().write(async (tx) => {
    const rows = await tx
      .insert(schema.materialDuties)
      .values({ userId, duty, compoundId, grantedById: actor.id })
      .onConflictDoNothing()
      .returning({ id: schema.materialDuties.id });
    if (rows.length > 0)
      await audit(tx, {
        actorId: actor.id,
        action: "duty.granted",
        targetType: "user",
        targetId: userId,
        ip,
        details: { duty, compoundId },
      });
  });
  return { ok: true };
}

export async function withdrawDuty(
  actor: Actor,
  userId: number,
  dutyId: number,
  ip: string | null,
): Promise<DutyChange> {
  const person = await personOf(userId);
  const [row] = await getDatabase()
    .db.select()
    .from(schema.materialDuties)
    .where(and(eq(schema.materialDuties.id, dutyId), eq(schema.materialDuties.userId, userId)));
  if (!person || !row) return { ok: false, error: "notFound" };
  if (!can(actor, "duty.manage", { personCompoundId: person.compoundId, dutyCompoundId: row.compoundId }))
    return { ok: false, error: "forbidden" };
  await getDatabase().write(async (tx) => {
    await tx.delete(schema.materialDuties).where(eq(schema.materialDuties.id, dutyId));
    await audit(tx, {
      actorId: actor.id,
      action: "duty.withdrawn",
      targetType: "user",
      targetId: userId,
      ip,
      details: { duty: row.duty, compoundId: row.compoundId },
    });
  });
  return { ok: true };
}

/** Everyone who holds `duty` for a compound (or for all), to tell of something waiting for them. */
export async function holdersOf(duty: Duty, compoundId: number | null) {
  return getDatabase()
    .db.select({
      id: schema.users.id,
      email: schema.users.email,
      name: schema.users.name,
      locale: schema.users.locale,
    })
    .from(schema.materialDuties)
    .innerJoin(schema.users, eq(schema.users.id, schema.materialDuties.userId))
    .where(
      and(
        eq(schema.materialDuties.duty, duty),
        isNull(schema.users.disabledAt),
        compoundId === null
          ? isNull(schema.materialDuties.compoundId)
          : sql`coalesce(${schema.materialDuties.compoundId}, ${compoundId}) = ${compoundId}`,
      ),
    );
}
