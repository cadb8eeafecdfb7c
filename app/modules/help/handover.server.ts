// Staff move a request by hand: hand it to a named person of its compound, or escalate it one level now.
// Each is an event on the timeline, an audit entry, and a message and an email to the new holder, in one
// transaction; both are refused for a resolved request and for staff outside the request's compound.
import { and, asc, eq, isNotNull, isNull, ne, or } from "drizzle-orm";
import { db, getDatabase, schema, type Queryable } from "#db/client.server";
import { audit } from "#app/modules/audit/audit.server";
import { can, type Actor } from "#app/modules/auth/policy";
import type { RequestMeta } from "#app/modules/auth/sign-in.server";
import { usersByIds } from "#app/modules/roster/linkage.server";
import { acknowledgeWindowMs, escalationLevels } from "./codes";
import { notifyHolder, supervisorOf } from "./notices.server";
import { loadRequest, type HelpRequestRow } from "./requests.server";
import { oneLevelUp } from "./routing";

export interface HandoverCandidate {
  id: number;
  name: string;
  role: "volunteer" | "organizer";
  volunteerTier: number | null;
}

/**
 * Who a request of this compound may be handed to: its active volunteers who accepted their invitation, and its
 * compound's organizers.
 */
export async function handoverCandidates(
  compoundId: number,
  q: Queryable = db(),
): Promise<HandoverCandidate[]> {
  const u = schema.users;
  const rows = await q
    .select({ id: u.id, name: u.name, role: u.role, volunteerTier: u.volunteerTier })
    .from(u)
    .where(
      and(
        isNull(u.disabledAt),
        or(
          // A volunteer who has not accepted their invitation cannot sign in to act on a request.
          and(eq(u.role, "volunteer"), eq(u.compoundId, compoundId), isNotNull(u.passwordHash)),
          and(eq(u.role, "organizer"), or(eq(u.compoundId, compoundId), isNull(u.compoundId))),
        ),
      ),
    )
    .orderBy(asc(u.role), asc(u.volunteerTier), asc(u.name), asc(u.id));
  return rows.flatMap((r) =>
    r.role === "volunteer" || r.role === "organizer" ? [{ ...r, role: r.role }] : [],
  );
}

export type HandoverResult =
  { ok: true; value: number } | { ok: false; error: "notFound" | "forbidden" | "conflict" | "invalid" };

async function nameOf(userId: number, q: Queryable): Promise<string> {
  const [person] = await usersByIds([userId], q);
  return person?.name ?? "";
}

/** Loads the request and checks that `actor` manages it (staff of its compound). */
async function managed(actor: Actor, id: number) {
  const loaded = await loadRequest(id);
  if (!loaded) return { ok: false, error: "notFound" } as const;
  if (!can(actor, "help.manage", loaded.facts)) return { ok: false, error: "forbidden" } as const;
  if (loaded.row.status === "resolved") return { ok: false, error: "conflict" } as const;
  return { ok: true, row: loaded.row } as const;
}

/**
 * Hands the request to `assigneeId`, who then holds it as a helper would: an unacknowledged request gets a
 * fresh window, after which it goes to their supervisor, then to the organizers.
 */
export async function reassignHelp(
  actor: Actor,
  id: number,
  assigneeId: number,
  meta: RequestMeta,
  now = new Date(),
): Promise<HandoverResult> {
  const check = await managed(actor, id);
  if (!check.ok) return check;
  const candidates = await handoverCandidates(check.row.compoundId);
  const assignee = candidates.find((c) => c.id === assigneeId);
  if (!assignee) return { ok: false, error: "invalid" };
  return getDatabase().write(async (tx) => {
    const t = schema.helpRequests;
    const [row] = await tx
      .update(t)
      .set({
        assignedToId: assignee.id,
        escalationLevel: escalationLevels.helper,
        ...(check.row.status === "new"
          ? { acknowledgeBy: new Date(now.getTime() + acknowledgeWindowMs(check.row.urgency)) }
          : {}),
        updatedAt: now,
      })
      .where(and(eq(t.id, id), ne(t.status, "resolved")))
      .returning();
    if (!row) return { ok: false, error: "conflict" } as const;
    const eventId = await timeline(tx, row, actor.id, now, { type: "reassigned", note: assignee.name });
    await audit(tx, {
      actorId: actor.id,
      action: "help.reassign",
      targetType: "help_request",
      targetId: id,
      ip: meta.ip,
      details: { assignedToId: assignee.id },
    });
    await notifyHolder(tx, row, "help.assigned", `help:${id}:handover:${eventId}`, {
      by: await nameOf(actor.id, tx),
    });
    return { ok: true, value: assignee.id } as const;
  });
}

/** Sends the request one level up now (helper → their supervisor → the organizers), as the tick would. */
export async function escalateHelp(
  actor: Actor,
  id: number,
  meta: RequestMeta,
  now = new Date(),
): Promise<HandoverResult> {
  const check = await managed(actor, id);
  if (!check.ok) return check;
  const current = check.row;
  return getDatabase().write(async (tx) => {
    const holderSupervisorId =
      current.assignedToId === null ? null : await supervisorOf(current.assignedToId, tx);
    const next = oneLevelUp({ ...current, holderSupervisorId }, now);
    if (!next) return { ok: false, error: "conflict" } as const;
    const t = schema.helpRequests;
    const [row] = await tx
      .update(t)
      .set({ ...next, updatedAt: now })
      .where(
        and(
          eq(t.id, id),
          ne(t.status, "resolved"),
          eq(t.escalationLevel, current.escalationLevel),
          current.assignedToId === null ? isNull(t.assignedToId) : eq(t.assignedToId, current.assignedToId),
        ),
      )
      .returning();
    if (!row) return { ok: false, error: "conflict" } as const;
    const eventId = await timeline(tx, row, actor.id, now, {
      type: "escalated",
      note: String(next.escalationLevel),
    });
    await audit(tx, {
      actorId: actor.id,
      action: "help.escalate",
      targetType: "help_request",
      targetId: id,
      ip: meta.ip,
      details: { level: next.escalationLevel, assignedToId: next.assignedToId, byHand: true },
    });
    await notifyHolder(tx, row, "help.assigned", `help:${id}:handover:${eventId}`, {
      by: await nameOf(actor.id, tx),
    });
    return { ok: true, value: next.escalationLevel } as const;
  });
}

async function timeline(
  tx: Queryable,
  row: HelpRequestRow,
  authorId: number,
  at: Date,
  event: { type: "reassigned" | "escalated"; note: string },
): Promise<number> {
  const [inserted] = await tx
    .insert(schema.helpRequestEvents)
    .values({ requestId: row.id, ...event, at, authorId, visibleToResident: false })
    .returning({ id: schema.helpRequestEvents.id });
  if (!inserted) throw new Error("help event insert returned nothing");
  return inserted.id;
}
