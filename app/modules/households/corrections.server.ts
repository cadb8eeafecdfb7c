// Residents' "this is wrong" requests about their own household's record, and the organizers' list to
// decide them: applied through the edit form (its history says `correction`), or refused with a reason the
// resident reads on their own page.
import { and, asc, desc, eq, ne } from "drizzle-orm";
import { db, getDatabase, schema, type Tx } from "#db/client.server";
import { audit } from "#app/modules/audit/audit.server";
import { can, type Actor } from "#app/modules/auth/policy";
import { householdCondition, reachOf } from "#app/modules/auth/scope.server";
import { householdFacts } from "./facts.server";
import { logListed } from "./reader.server";
import type { RequestMeta } from "./registry.server";

export async function requestCorrection(
  actor: Actor,
  householdId: number,
  input: { field: string | null; text: string },
  meta: RequestMeta,
): Promise<{ ok: true } | { ok: false; status: 403 | 404 }> {
  return getDatabase().write(async (tx) => {
    const facts = await householdFacts(householdId, tx);
    if (!facts) return { ok: false, status: 404 };
    if (!can(actor, "household.requestCorrection", facts)) return { ok: false, status: 403 };
    const [row] = await tx
      .insert(schema.householdCorrections)
      .values({ householdId, requestedById: actor.id, field: input.field, text: input.text })
      .returning({ id: schema.householdCorrections.id });
    await audit(tx, {
      actorId: actor.id,
      action: "household.correctionRequested",
      targetType: "household",
      targetId: householdId,
      ip: meta.ip,
      details: { correctionId: row?.id },
    });
    return { ok: true };
  });
}

/** The requests of the households `actor` keeps, open or decided; every household shown is logged by the reader. */
export async function listCorrections(actor: Actor, view: "open" | "decided", ip: string | null = null) {
  if (!can(actor, "household.handleCorrections")) return [];
  const c = schema.householdCorrections;
  const h = schema.households;
  const reach = await reachOf(actor);
  const rows = await db()
    .select({
      id: c.id,
      householdId: c.householdId,
      field: c.field,
      text: c.text,
      status: c.status,
      decisionReason: c.decisionReason,
      createdAt: c.createdAt,
      handledAt: c.handledAt,
      requesterName: schema.users.name,
      compoundName: schema.compounds.name,
      building: h.building,
      unit: h.unit,
      room: h.room,
    })
    .from(c)
    .innerJoin(h, eq(h.id, c.householdId))
    .innerJoin(schema.compounds, eq(schema.compounds.id, h.compoundId))
    .innerJoin(schema.users, eq(schema.users.id, c.requestedById))
    .where(
      and(
        view === "open" ? eq(c.status, "open") : ne(c.status, "open"),
        householdCondition(reach, { householdId: h.id, compoundId: h.compoundId }),
      ),
    )
    .orderBy(view === "open" ? asc(c.createdAt) : desc(c.handledAt))
    .limit(200);
  logListed(actor, [...new Set(rows.map((r) => r.householdId))], { via: "households.corrections", ip });
  return rows;
}

/** Marks an open request handled, once; a request already handled or outside the actor's compounds is left. */
export async function handleCorrection(
  actor: Actor,
  correctionId: number,
  meta: RequestMeta,
): Promise<boolean> {
  return getDatabase().write(async (tx) => {
    const correction = await tx.query.householdCorrections.findFirst({
      where: eq(schema.householdCorrections.id, correctionId),
    });
    if (!correction) return false;
    const facts = await householdFacts(correction.householdId, tx);
    if (!facts || !can(actor, "household.write", facts)) return false;
    const updated = await tx
      .update(schema.householdCorrections)
      .set({ status: "handled", handledById: actor.id, handledAt: new Date() })
      .where(
        and(eq(schema.householdCorrections.id, correctionId), eq(schema.householdCorrections.status, "open")),
      )
      .returning({ id: schema.householdCorrections.id });
    if (updated.length === 0) return false;
    await audit(tx, {
      actorId: actor.id,
      action: "household.correctionHandled",
      targetType: "household",
      targetId: correction.householdId,
      ip: meta.ip,
      details: { correctionId },
    });
    return true;
  });
}

export async function myCorrections(actor: Actor, householdId: number) {
  return db()
    .select({
      id: schema.householdCorrections.id,
      text: schema.householdCorrections.text,
      status: schema.householdCorrections.status,
      decisionReason: schema.householdCorrections.decisionReason,
      createdAt: schema.householdCorrections.createdAt,
    })
    .from(schema.householdCorrections)
    .where(
      and(
        eq(schema.householdCorrections.householdId, householdId),
        eq(schema.householdCorrections.requestedById, actor.id),
      ),
    )
    .orderBy(desc(schema.householdCorrections.createdAt))
    .limit(20);
}

/** An open request of a household, for the edit form that applies it; null when there is none to apply. */
export async function openCorrection(householdId: number, correctionId: number) {
  const c = schema.householdCorrections;
  const [row] = await db()
    .select({
      id: c.id,
      field: c.field,
      text: c.text,
      createdAt: c.createdAt,
      requesterName: schema.users.name,
    })
    .from(c)
    .innerJoin(schema.users, eq(schema.users.id, c.requestedById))
    .where(and(eq(c.id, correctionId), eq(c.householdId, householdId), eq(c.status, "open")));
  return row ?? null;
}

/** Marks an open request applied inside the transaction of the edit that applied it. */
export async function markApplied(
  tx: Tx,
  actorId: number,
  householdId: number,
  correctionId: number,
  meta: RequestMeta,
): Promise<boolean> {
  const c = schema.householdCorrections;
  const updated = await tx
    .update(c)
    .set({ status: "applied", handledById: actorId, handledAt: new Date(), updatedAt: new Date() })
    .where(and(eq(c.id, correctionId), eq(c.householdId, householdId), eq(c.status, "open")))
    .returning({ id: c.id });
  if (updated.length === 0) return false;
  await audit(tx, {
    actorId,
    action: "household.correctionApplied",
    targetType: "household",
    targetId: householdId,
    ip: meta.ip,
    details: { correctionId },
  });
  return true;
}

/** Refuses an open request with a reason the resident reads; false when it was decided or is out of reach. */
export async function refuseCorrection(
  actor: Actor,
  correctionId: number,
  reason: string,
  meta: RequestMeta,
): Promise<boolean> {
  return getDatabase().write(async (tx) => {
    const correction = await tx.query.householdCorrections.findFirst({
      where: eq(schema.householdCorrections.id, correctionId),
    });
    if (!correction) return false;
    const facts = await householdFacts(correction.householdId, tx);
    if (!facts || !can(actor, "household.write", facts)) return false;
    const c = schema.householdCorrections;
    const updated = await tx
      .update(c)
      .set({
        status: "refused",
        decisionReason: reason,
        handledById: actor.id,
        handledAt: new Date(),
        updatedAt: new Date(),
      })
      .where(and(eq(c.id, correctionId), eq(c.status, "open")))
      .returning({ id: c.id });
    if (updated.length === 0) return false;
    await audit(tx, {
      actorId: actor.id,
      action: "household.correctionRefused",
      targetType: "household",
      targetId: correction.householdId,
      ip: meta.ip,
      details: { correctionId },
    });
    return true;
  });
}
