// The escalation tick: a case whose step passed its time limit goes to the programme's responsible person for
// the case's compound (the person in charge where the compound has none), once per step — a conditional
// UPDATE on "not yet escalated at this step" — with its event, audit entry, in-app message and email in the
// same write.
import { and, eq, isNull, lte } from "drizzle-orm";
import { appOrigin } from "#app/config.server";
import { db, getDatabase, schema } from "#db/client.server";
import { audit } from "#app/modules/audit/audit.server";
import { householdAddresses } from "#app/modules/households/reader.server";
import { sendInApp } from "#app/modules/notifications/inapp.server";
import { enqueueEmail } from "#app/modules/notifications/outbox.server";
import { dayMs } from "./codes";
import { stepAt } from "./cases.server";
import { programmeDuties, programmeSteps } from "./programmes.server";

export function caseUrl(programmeId: number, caseId: number): string {
  return `${appOrigin()}/programmes/${programmeId}/cases/${caseId}`;
}

/** Escalates every open case past its step's limit and not yet escalated at that step; returns how many. */
export async function escalateOverdueCases(now = new Date(), limit = 200): Promise<number> {
  const c = schema.programmeCases;
  const due = await db()
    .select()
    .from(c)
    .where(and(eq(c.status, "open"), isNull(c.escalatedAt), lte(c.stepDueAt, now)))
    .orderBy(c.stepDueAt)
    .limit(limit);
  let escalated = 0;
  for (const overdue of due) {
    const done = await getDatabase().write(async (tx) => {
      const duties = await programmeDuties(overdue.programmeId, tx);
      if (!duties) return false;
      const toId = duties.responsibleOf(overdue.compoundId) ?? duties.programme.leaderId;
      const [row] = await tx
        .update(c)
        .set({ escalatedAt: now, escalatedToId: toId, updatedAt: now })
        .where(
          and(
            eq(c.id, overdue.id),
            eq(c.status, "open"),
            eq(c.stepIndex, overdue.stepIndex),
            isNull(c.escalatedAt),
          ),
        )
        .returning({ id: c.id });
      if (!row) return false;
      await tx.insert(schema.programmeCaseEvents).values({
        caseId: overdue.id,
        type: "escalated",
        stepIndex: overdue.stepIndex,
        actorId: null,
        note: "",
        at: now,
      });
      await audit(tx, {
        actorId: null,
        action: "programme.caseEscalated",
        targetType: "programme_case",
        targetId: overdue.id,
        details: { programmeId: overdue.programmeId, step: overdue.stepIndex, to: toId },
      });
      const [person] = await tx
        .select({
          id: schema.users.id,
          name: schema.users.name,
          email: schema.users.email,
          locale: schema.users.locale,
        })
        .from(schema.users)
        .where(and(eq(schema.users.id, toId), isNull(schema.users.disabledAt)));
      if (person) {
        const step = stepAt(await programmeSteps(overdue.programmeId, tx), overdue.stepIndex);
        const address = (await householdAddresses([overdue.householdId], tx)).get(overdue.householdId) ?? "";
        const data = {
          name: person.name,
          programme: duties.programme.name,
          step: step?.name ?? "",
          address,
          days: Math.max(1, Math.floor((now.getTime() - overdue.stepDueAt.getTime()) / dayMs) + 1),
          url: caseUrl(overdue.programmeId, overdue.id),
        };
        const message = {
          key: `programme-case:${overdue.id}:step:${overdue.stepIndex}:escalate:${person.id}`,
          template: "programmes.stepOverdue" as const,
          data,
          locale: person.locale,
        };
        await sendInApp(tx, { ...message, userId: person.id });
        if (person.email) await enqueueEmail(tx, { ...message, to: person.email });
      }
      return true;
    });
    if (done) escalated++;
  }
  return escalated;
}
