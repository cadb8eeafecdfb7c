// A visit as it happens: the volunteer presses "arrived" and "left" at the door, and the times become the
// visit's duration; a duration is corrected afterwards only with a reason. Each change is one audited write.
import { and, eq, isNotNull, isNull, ne } from "drizzle-orm";
import { getDatabase, schema } from "#db/client.server";
import { audit } from "#app/modules/audit/audit.server";
import { can, type Actor } from "#app/modules/auth/policy";
import type { RequestMeta } from "#app/modules/auth/sign-in.server";
import { recordVisitHours } from "#app/modules/service/hours.server";
import { auditRefusal, invalid, loadVisit, type VisitResult } from "./access.server";
import { clampDuration, durationInRange, visitDurationMinutes } from "./duration";

/** "Arrived" may be pressed this long before the planned start (a volunteer early at the door)… */
export const earliestArrivalMs = 2 * 3_600_000;
/** …and until this long after the planned end; later, the times would be made up: correct the length instead. */
export const latestArrivalMs = 12 * 3_600_000;

/** Whether "arrived" may be pressed now for a visit planned for [startsAt, endsAt). */
export function arrivalOpen(visit: { startsAt: Date; endsAt: Date }, now: Date): boolean {
  return (
    visit.startsAt.getTime() - earliestArrivalMs <= now.getTime() &&
    now.getTime() <= visit.endsAt.getTime() + latestArrivalMs
  );
}

async function recordable(actor: Actor, id: number, action: string, meta: RequestMeta) {
  const loaded = await loadVisit(id);
  if (!loaded) return { ok: false, error: "notFound" } as const;
  if (!can(actor, "visit.record", loaded.facts)) {
    await auditRefusal(actor, action, { type: "visit", id }, meta);
    return { ok: false, error: "forbidden" } as const;
  }
  return { ok: true, row: loaded.row } as const;
}

/** Stamps the arrival of a scheduled visit with the real time. */
export async function markArrived(
  actor: Actor,
  id: number,
  meta: RequestMeta,
  now = new Date(),
): Promise<VisitResult<null>> {
  const found = await recordable(actor, id, "visit.arrive", meta);
  if (!found.ok) return found;
  if (found.row.startsAt.getTime() - earliestArrivalMs > now.getTime())
    return invalid("arrived", "visits:spot.tooEarly");
  if (!arrivalOpen(found.row, now)) return invalid("arrived", "visits:spot.tooLate");
  const v = schema.visits;
  return getDatabase().write(async (tx) => {
    const [row] = await tx
      .update(v)
      .set({ arrivedAt: now, updatedAt: now })
      .where(and(eq(v.id, id), eq(v.status, "scheduled"), isNull(v.arrivedAt)))
      .returning({ id: v.id });
    if (!row) return { ok: false, error: "conflict" } as const;
    await audit(tx, {
      actorId: actor.id,
      action: "visit.arrive",
      targetType: "visit",
      targetId: id,
      ip: meta.ip,
      details: { at: now.toISOString() },
    });
    return { ok: true, value: null } as const;
  });
}

/** Stamps the departure; the time since arrival becomes the visit's duration. */
export async function markLeft(
  actor: Actor,
  id: number,
  meta: RequestMeta,
  now = new Date(),
): Promise<VisitResult<{ durationMinutes: number }>> {
  const found = await recordable(actor, id, "visit.leave", meta);
  if (!found.ok) return found;
  const { arrivedAt } = found.row;
  if (!arrivedAt) return invalid("left", "visits:spot.notArrived");
  const durationMinutes = clampDuration(Math.round((now.getTime() - arrivedAt.getTime()) / 60_000));
  const v = schema.visits;
  return getDatabase().write(async (tx) => {
    const [row] = await tx
      .update(v)
      .set({ leftAt: now, durationMinutes, updatedAt: now })
      .where(and(eq(v.id, id), ne(v.status, "cancelled"), isNotNull(v.arrivedAt), isNull(v.leftAt)))
      .returning({ id: v.id });
    if (!row) return { ok: false, error: "conflict" } as const;
    await audit(tx, {
      actorId: actor.id,
      action: "visit.leave",
      targetType: "visit",
      targetId: id,
      ip: meta.ip,
      details: { at: now.toISOString(), durationMinutes },
    });
    // A visit recorded before "left" was pressed gives hours of its new length (back to pending).
    await recordVisitHours(tx, id, now);
    return { ok: true, value: { durationMinutes } } as const;
  });
}

/** Corrects a visit's duration (1–1440 minutes) with the reason why; the old and new values are audited. */
export async function correctDuration(
  actor: Actor,
  id: number,
  input: { minutes: number; reason: string },
  meta: RequestMeta,
  now = new Date(),
): Promise<VisitResult<null>> {
  const found = await recordable(actor, id, "visit.duration", meta);
  if (!found.ok) return found;
  if (found.row.status === "cancelled") return { ok: false, error: "conflict" };
  if (!durationInRange(input.minutes)) return invalid("minutes", "visits:spot.durationRange");
  const reason = input.reason.trim();
  if (!reason) return invalid("reason", "visits:spot.reasonRequired");
  const before = visitDurationMinutes(found.row);
  const v = schema.visits;
  return getDatabase().write(async (tx) => {
    await tx
      .update(v)
      .set({ durationMinutes: input.minutes, durationReason: reason, updatedAt: now })
      .where(eq(v.id, id));
    await audit(tx, {
      actorId: actor.id,
      action: "visit.duration",
      targetType: "visit",
      targetId: id,
      ip: meta.ip,
      details: { from: before, to: input.minutes, reason },
    });
    await recordVisitHours(tx, id, now);
    return { ok: true, value: null } as const;
  });
}
