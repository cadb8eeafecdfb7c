// The escalation tick: a request nobody acknowledged in time moves one level up the linkage (or to the
// compound's organizers), with its timeline entry and emails in the same transaction.
import { and, eq, lte, sql } from "drizzle-orm";
import { getDatabase, db, schema } from "#db/client.server";
import { audit } from "#app/modules/audit/audit.server";
import { notifyHolder, supervisorOf } from "./notices.server";
import { nextEscalation } from "./routing";

/**
 * Moves every request past its acknowledgement time one level up: one conditional UPDATE per request (so two
 * ticks never escalate it twice), with its timeline entry and emails in the same transaction.
 * Returns how many went up.
 */
export async function escalateDueRequests(now = new Date(), limit = 200): Promise<number> {
  const t = schema.helpRequests;
  const due = await db()
    .select({
      id: t.id,
      urgency: t.urgency,
      escalationLevel: t.escalationLevel,
      acknowledgeBy: t.acknowledgeBy,
      assignedToId: t.assignedToId,
    })
    .from(t)
    .where(and(eq(t.status, "new"), lte(t.acknowledgeBy, now), sql`${t.escalationLevel} < 2`))
    .orderBy(t.acknowledgeBy)
    .limit(limit);
  let escalated = 0;
  for (const request of due) {
    const done = await getDatabase().write(async (tx) => {
      const holderSupervisorId =
        request.assignedToId === null ? null : await supervisorOf(request.assignedToId, tx);
      const next = nextEscalation({ ...request, holderSupervisorId }, now);
      if (!next) return false;
      const [row] = await tx
        .update(t)
        .set({ ...next, updatedAt: now })
        .where(
          and(
            eq(t.id, request.id),
            eq(t.status, "new"),
            eq(t.escalationLevel, request.escalationLevel),
            lte(t.acknowledgeBy, now),
          ),
        )
        .returning();
      if (!row) return false;
      await tx.insert(schema.helpRequestEvents).values({
        requestId: row.id,
        type: "escalated",
        at: now,
        authorId: null,
        note: String(next.escalationLevel),
        visibleToResident: false,
      });
      await audit(tx, {
        actorId: null,
        action: "help.escalate",
        targetType: "help_request",
        targetId: row.id,
        details: { level: next.escalationLevel, assignedToId: next.assignedToId },
      });
      await notifyHolder(tx, row, "help.escalated", `help:${row.id}:escalate:${next.escalationLevel}`);
      return true;
    });
    if (done) escalated++;
  }
  return escalated;
}
