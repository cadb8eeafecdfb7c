// A volunteer leaving and coming back (decision 026). Leaving, in one transaction: their pairings wait for a new
// helper, the people they supervised answer to a named successor, the account is disabled (sessions ended,
// calendar feed link revoked, invitation withdrawn) and the history keeps who, when and why. Coming back
// enables the account again and is recorded the same way; the pairings stay with their new helpers.
import { and, asc, eq, isNull } from "drizzle-orm";
import { alias } from "drizzle-orm/sqlite-core";
import { db, getDatabase, schema, type Tx } from "#db/client.server";
import { audit } from "#app/modules/audit/audit.server";
import { can, type Actor } from "#app/modules/auth/policy";
import type { RequestMeta } from "#app/modules/auth/sign-in.server";
import { revokeFeedIn } from "#app/modules/calendar/feeds.server";
import { withdrawInvitationsOf } from "#app/modules/people/invitations.server";
import { onVolunteerDisabled } from "./pairings.server";

const u = schema.users;

export type LeaveError = "notFound" | "forbidden" | "alreadyLeft" | "successorRequired" | "successorInvalid";
export type LeaveResult = { ok: true; pairings: number; reports: number } | { ok: false; error: LeaveError };

/** The people who report to `volunteerId` directly. */
async function reportsOf(q: Tx, volunteerId: number) {
  return q.select({ id: u.id }).from(u).where(eq(u.supervisorId, volunteerId));
}

/** A successor takes the leaver's place in the linkage: an active volunteer of the same tier on the actor's roster. */
async function validSuccessor(tx: Tx, actor: Actor, leaver: { id: number; tier: number | null }, id: number) {
  if (id === leaver.id) return false;
  const successor = await tx.query.users.findFirst({
    where: and(eq(u.id, id), isNull(u.disabledAt)),
    columns: { role: true, volunteerTier: true, compoundId: true },
  });
  return (
    successor?.role === "volunteer" &&
    successor.volunteerTier === leaver.tier &&
    can(actor, "volunteer.manage", { compoundId: successor.compoundId })
  );
}

export async function leaveVolunteer(
  actor: Actor,
  volunteerId: number,
  input: { reason: string | null; successorId: number | null },
  meta: RequestMeta,
  now = new Date(),
): Promise<LeaveResult> {
  return getDatabase().write(async (tx): Promise<LeaveResult> => {
    const volunteer = await tx.query.users.findFirst({
      where: eq(u.id, volunteerId),
      columns: { id: true, role: true, compoundId: true, volunteerTier: true, disabledAt: true },
    });
    if (!volunteer || volunteer.role !== "volunteer") return { ok: false, error: "notFound" };
    if (!can(actor, "volunteer.manage", { compoundId: volunteer.compoundId }))
      return { ok: false, error: "forbidden" };
    if (volunteer.disabledAt) return { ok: false, error: "alreadyLeft" };
    const reports = await reportsOf(tx, volunteerId);
    const successorId = reports.length > 0 ? input.successorId : null;
    if (reports.length > 0 && successorId === null) return { ok: false, error: "successorRequired" };
    if (
      successorId !== null &&
      !(await validSuccessor(tx, actor, { id: volunteerId, tier: volunteer.volunteerTier }, successorId))
    )
      return { ok: false, error: "successorInvalid" };

    const pairings = await onVolunteerDisabled(tx, volunteerId, actor.id);
    if (successorId !== null)
      await tx.update(u).set({ supervisorId: successorId }).where(eq(u.supervisorId, volunteerId));
    await tx.update(u).set({ disabledAt: now }).where(eq(u.id, volunteerId));
    await tx.delete(schema.sessions).where(eq(schema.sessions.userId, volunteerId));
    await revokeFeedIn(tx, volunteerId);
    await withdrawInvitationsOf(tx, volunteerId, now);
    await tx.insert(schema.volunteerStatusHistory).values({
      userId: volunteerId,
      event: "left",
      at: now,
      byId: actor.id,
      reason: input.reason,
      successorId,
    });
    await audit(tx, {
      actorId: actor.id,
      action: "roster.volunteerLeft",
      targetType: "user",
      targetId: volunteerId,
      ip: meta.ip,
      details: { pairings, reports: reports.length, successorId },
    });
    return { ok: true, pairings, reports: reports.length };
  });
}

export type ReturnError = "notFound" | "forbidden" | "notLeft" | "supervisorRequired" | "supervisorInvalid";
export type ReturnResult = { ok: true } | { ok: false; error: ReturnError };

/**
 * Enables a volunteer who left. Below tier 1 they need an active supervisor one tier up: the one they had if
 * still active, else the one given.
 */
export async function returnVolunteer(
  actor: Actor,
  volunteerId: number,
  input: { reason: string | null; supervisorId: number | null },
  meta: RequestMeta,
  now = new Date(),
): Promise<ReturnResult> {
  return getDatabase().write(async (tx): Promise<ReturnResult> => {
    const volunteer = await tx.query.users.findFirst({ where: eq(u.id, volunteerId) });
    if (!volunteer || volunteer.role !== "volunteer") return { ok: false, error: "notFound" };
    if (!can(actor, "volunteer.manage", { compoundId: volunteer.compoundId }))
      return { ok: false, error: "forbidden" };
    if (!volunteer.disabledAt) return { ok: false, error: "notLeft" };
    let supervisorId = volunteer.supervisorId;
    if (volunteer.volunteerTier !== null && volunteer.volunteerTier > 1) {
      const wanted = input.supervisorId ?? volunteer.supervisorId;
      if (wanted === null) return { ok: false, error: "supervisorRequired" };
      const supervisor = await tx.query.users.findFirst({
        where: and(eq(u.id, wanted), isNull(u.disabledAt)),
        columns: { role: true, volunteerTier: true, compoundId: true },
      });
      if (!supervisor)
        return { ok: false, error: input.supervisorId === null ? "supervisorRequired" : "supervisorInvalid" };
      if (
        wanted === volunteerId ||
        supervisor.role !== "volunteer" ||
        supervisor.volunteerTier !== volunteer.volunteerTier - 1 ||
        (wanted !== volunteer.supervisorId &&
          !can(actor, "volunteer.manage", { compoundId: supervisor.compoundId }))
      )
        return { ok: false, error: "supervisorInvalid" };
      supervisorId = wanted;
    }
    await tx.update(u).set({ disabledAt: null, supervisorId }).where(eq(u.id, volunteerId));
    await tx.insert(schema.volunteerStatusHistory).values({
      userId: volunteerId,
      event: "returned",
      at: now,
      byId: actor.id,
      reason: input.reason,
    });
    await audit(tx, {
      actorId: actor.id,
      action: "roster.volunteerReturned",
      targetType: "user",
      targetId: volunteerId,
      ip: meta.ip,
      details: { supervisorId },
    });
    return { ok: true };
  });
}

/** A volunteer's leavings and returns, oldest first, with who recorded them and who took over. */
export async function statusHistory(volunteerId: number) {
  const by = alias(schema.users, "by");
  const successor = alias(schema.users, "successor");
  const h = schema.volunteerStatusHistory;
  return db()
    .select({
      id: h.id,
      event: h.event,
      at: h.at,
      reason: h.reason,
      byName: by.name,
      successorId: h.successorId,
      successorName: successor.name,
    })
    .from(h)
    .leftJoin(by, eq(by.id, h.byId))
    .leftJoin(successor, eq(successor.id, h.successorId))
    .where(eq(h.userId, volunteerId))
    .orderBy(asc(h.at), asc(h.id));
}

/** Who may take over a leaver's people: active volunteers of their tier on the actor's roster. */
export async function successorOptions(actor: Actor, leaver: { id: number; tier: number | null }) {
  if (leaver.tier === null) return [];
  const rows = await db()
    .select({ id: u.id, name: u.name, compoundId: u.compoundId, compoundName: schema.compounds.name })
    .from(u)
    .leftJoin(schema.compounds, eq(schema.compounds.id, u.compoundId))
    .where(and(eq(u.role, "volunteer"), eq(u.volunteerTier, leaver.tier), isNull(u.disabledAt)))
    .orderBy(asc(u.name), asc(u.id));
  return rows.filter(
    (r) => r.id !== leaver.id && can(actor, "volunteer.manage", { compoundId: r.compoundId }),
  );
}

/** Supervisors a returning volunteer may be given: active volunteers one tier up on the actor's roster. */
export async function returnSupervisorOptions(actor: Actor, volunteer: { id: number; tier: number | null }) {
  if (volunteer.tier === null || volunteer.tier <= 1) return [];
  return successorOptions(actor, { id: volunteer.id, tier: volunteer.tier - 1 });
}

/** How many people report to the volunteer directly (the leave form asks for a successor when any do). */
export async function directReportCount(volunteerId: number): Promise<number> {
  const rows = await db().select({ id: u.id }).from(u).where(eq(u.supervisorId, volunteerId));
  return rows.length;
}
