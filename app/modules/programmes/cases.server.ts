// A household's case in a programme: opened (the household applies, itself or through staff), moved through
// the procedure's steps by whoever the step's role names, refused or closed with a reason. Every move is one
// conditional UPDATE on the step it was decided at, with its dated event and audit entry in the same write.
import { and, asc, desc, eq, inArray, sql } from "drizzle-orm";
import { db, getDatabase, schema, type Queryable } from "#db/client.server";
import { householdMatches } from "#app/modules/announcements/targeting.server";
import { audit } from "#app/modules/audit/audit.server";
import { can, type Actor, type ProgrammeCaseFacts } from "#app/modules/auth/policy";
import { householdFacts } from "#app/modules/households/facts.server";
import {
  openHouseholdBrief,
  recordHouseholdBriefs,
  type ReadContext,
} from "#app/modules/households/reader.server";
import { fullAddress } from "#app/modules/households/brief";
import { dayMs, type CaseStatus, type StepRole } from "./codes";
import { compoundInScope, programmeDuties, programmeRow, programmeSteps } from "./programmes.server";

type Step = Awaited<ReturnType<typeof programmeSteps>>[number];

/** The step a case is at; a procedure cut shorter since leaves it at its last step. */
export function stepAt(steps: readonly Step[], index: number): Step | null {
  return steps[Math.min(index, steps.length - 1)] ?? null;
}

export function dueAfter(start: Date, limitDays: number): Date {
  return new Date(start.getTime() + limitDays * dayMs);
}

export type CaseError =
  | "notFound"
  | "forbidden"
  | "programmeClosed"
  | "notActive"
  | "outOfScope"
  | "alreadyOpen"
  | "notOpen"
  | "moved";
export type CaseResult = { ok: true; caseId: number } | { ok: false; error: CaseError };

/** What the policy needs to judge an act on a case at its current step. */
export async function caseFacts(
  c: { programmeId: number; householdId: number; compoundId: number; stepIndex: number },
  q: Queryable = db(),
): Promise<(ProgrammeCaseFacts & { step: Step | null; steps: Step[] }) | null> {
  const [household, duties, steps] = await Promise.all([
    householdFacts(c.householdId, q),
    programmeDuties(c.programmeId, q),
    programmeSteps(c.programmeId, q),
  ]);
  if (!household || !duties) return null;
  const step = stepAt(steps, c.stepIndex);
  return {
    ...household,
    compoundId: c.compoundId,
    stepRole: step?.role ?? "compound",
    leaderId: duties.programme.leaderId,
    groupIds: duties.groupIds,
    responsibleId: duties.responsibleOf(c.compoundId),
    inScope: compoundInScope(duties.programme.scope, c.compoundId),
    step,
    steps,
  };
}

/** Opens a household's case at the procedure's first step: the household applies (or staff for it). */
export async function openCase(
  actor: Actor,
  input: { programmeId: number; householdId: number; note: string },
  now = new Date(),
  ip: string | null = null,
): Promise<CaseResult> {
  const [programme, facts, steps, household] = await Promise.all([
    programmeRow(input.programmeId),
    householdFacts(input.householdId),
    programmeSteps(input.programmeId),
    db()
      .select({ status: schema.households.status })
      .from(schema.households)
      .where(eq(schema.households.id, input.householdId)),
  ]);
  if (!programme || !facts) return { ok: false, error: "notFound" };
  if (!can(actor, "programme.openCase", facts)) return { ok: false, error: "forbidden" };
  const first = steps[0];
  if (programme.status !== "active" || !first) return { ok: false, error: "programmeClosed" };
  // A household that moved out or was dissolved applies for nothing.
  if (household[0]?.status !== "active") return { ok: false, error: "notActive" };
  if (!(await householdMatches(programme.scope, input.householdId)))
    return { ok: false, error: "outOfScope" };
  return getDatabase().write(async (tx): Promise<CaseResult> => {
    const [existing] = await tx
      .select({ id: schema.programmeCases.id })
      .from(schema.programmeCases)
      .where(
        and(
          eq(schema.programmeCases.programmeId, input.programmeId),
          eq(schema.programmeCases.householdId, input.householdId),
          eq(schema.programmeCases.status, "open"),
        ),
      );
    if (existing) return { ok: false, error: "alreadyOpen" };
    const [row] = await tx
      .insert(schema.programmeCases)
      .values({
        programmeId: input.programmeId,
        householdId: input.householdId,
        compoundId: facts.compoundId,
        stepIndex: 0,
        stepStartedAt: now,
        stepDueAt: dueAfter(now, first.limitDays),
        openedById: actor.id,
        createdAt: now,
        updatedAt: now,
      })
      .returning({ id: schema.programmeCases.id });
    if (!row) throw new Error("case insert returned nothing");
    await tx.insert(schema.programmeCaseEvents).values({
      caseId: row.id,
      type: "opened",
      stepIndex: 0,
      actorId: actor.id,
      note: input.note,
      at: now,
    });
    await audit(tx, {
      actorId: actor.id,
      action: "programme.caseOpened",
      targetType: "programme_case",
      targetId: row.id,
      ip,
      details: { programmeId: input.programmeId, householdId: input.householdId },
    });
    return { ok: true, caseId: row.id };
  });
}

export type CaseIntent = "advance" | "refuse" | "close";

function eventOf(intent: CaseIntent, status: CaseStatus) {
  if (intent === "refuse") return "refused" as const;
  if (intent === "close") return "closed" as const;
  return status === "done" ? ("completed" as const) : ("advanced" as const);
}

const auditActionOf = {
  advanced: "programme.caseAdvanced",
  completed: "programme.caseCompleted",
  refused: "programme.caseRefused",
  closed: "programme.caseClosed",
} as const;

/**
 * Acts on a case at the step it is at: `advance` moves it to the next step (or finishes it after the last),
 * `refuse` ends it at this step with a reason, both by whoever the step's role names; `close` ends it with a
 * reason, by its compound's staff, its responsible person or the person in charge. `atStep` is the step the
 * actor saw: if the case moved meanwhile nothing happens ("moved").
 */
export async function actOnCase(
  actor: Actor,
  caseId: number,
  action: { intent: CaseIntent; note: string; atStep?: number },
  now = new Date(),
  ip: string | null = null,
): Promise<CaseResult> {
  const c = await caseRow(caseId);
  if (!c) return { ok: false, error: "notFound" };
  const facts = await caseFacts(c);
  if (!facts) return { ok: false, error: "notFound" };
  const allowed = can(actor, action.intent === "close" ? "programme.closeCase" : "programme.act", facts);
  if (!allowed) return { ok: false, error: "forbidden" };
  if (c.status !== "open") return { ok: false, error: "notOpen" };
  if (action.atStep !== undefined && action.atStep !== c.stepIndex) return { ok: false, error: "moved" };
  const next = facts.steps[c.stepIndex + 1];
  let status: CaseStatus = "open";
  if (action.intent === "refuse") status = "refused";
  else if (action.intent === "close") status = "closed";
  else if (!next) status = "done";
  const moving = status === "open" && next;
  return getDatabase().write(async (tx): Promise<CaseResult> => {
    const [row] = await tx
      .update(schema.programmeCases)
      .set({
        status,
        ...(moving
          ? {
              stepIndex: c.stepIndex + 1,
              stepStartedAt: now,
              stepDueAt: dueAfter(now, next.limitDays),
              escalatedAt: null,
              escalatedToId: null,
            }
          : { closedAt: now }),
        updatedAt: now,
      })
      .where(
        and(
          eq(schema.programmeCases.id, caseId),
          eq(schema.programmeCases.status, "open"),
          eq(schema.programmeCases.stepIndex, c.stepIndex),
        ),
      )
      .returning({ id: schema.programmeCases.id });
    if (!row) return { ok: false, error: "moved" };
    const type = eventOf(action.intent, status);
    await tx.insert(schema.programmeCaseEvents).values({
      caseId,
      type,
      stepIndex: c.stepIndex,
      actorId: actor.id,
      note: action.note,
      at: now,
    });
    await audit(tx, {
      actorId: actor.id,
      action: auditActionOf[type],
      targetType: "programme_case",
      targetId: caseId,
      ip,
      details: { programmeId: c.programmeId, step: c.stepIndex },
    });
    return { ok: true, caseId };
  });
}

export async function caseRow(caseId: number, q: Queryable = db()) {
  const [row] = await q.select().from(schema.programmeCases).where(eq(schema.programmeCases.id, caseId));
  return row ?? null;
}

/**
 * One case of a programme for its page: the household opened through the reader (logged), its steps and its
 * timeline. A case of another programme is not found (before any permission or logged read: the path reveals
 * nothing).
 */
export async function readCase(actor: Actor, programmeId: number, caseId: number, ctx: ReadContext) {
  const c = await caseRow(caseId);
  if (!c || c.programmeId !== programmeId) return { ok: false, status: 404 } as const;
  const facts = await caseFacts(c);
  if (!facts) return { ok: false, status: 404 } as const;
  const opened = await openHouseholdBrief(actor, c.householdId, ctx, () =>
    can(actor, "programme.readCase", facts),
  );
  if (!opened.ok) return opened;
  const u = schema.users;
  const [events, escalatedTo] = await Promise.all([
    db()
      .select({
        id: schema.programmeCaseEvents.id,
        type: schema.programmeCaseEvents.type,
        stepIndex: schema.programmeCaseEvents.stepIndex,
        note: schema.programmeCaseEvents.note,
        at: schema.programmeCaseEvents.at,
        actorName: u.name,
      })
      .from(schema.programmeCaseEvents)
      .leftJoin(u, eq(u.id, schema.programmeCaseEvents.actorId))
      .where(eq(schema.programmeCaseEvents.caseId, caseId))
      .orderBy(asc(schema.programmeCaseEvents.at), asc(schema.programmeCaseEvents.id)),
    c.escalatedToId === null
      ? Promise.resolve([])
      : db().select({ name: u.name }).from(u).where(eq(u.id, c.escalatedToId)),
  ]);
  const open = c.status === "open";
  return {
    ok: true,
    value: {
      ...c,
      address: opened.value.brief.address,
      steps: facts.steps,
      step: facts.step,
      events,
      escalatedToName: escalatedTo[0]?.name ?? null,
      can: {
        act: open && can(actor, "programme.act", facts),
        close: open && can(actor, "programme.closeCase", facts),
      },
    },
  } as const;
}

/** A case as lists show it: its programme and household, the step it is at and by when, and whether it went up. */
export interface CaseLine {
  id: number;
  programmeId: number;
  programmeName: string;
  householdId: number;
  address: string;
  status: CaseStatus;
  stepIndex: number;
  stepName: string | null;
  stepRole: StepRole | null;
  stepDueAt: Date;
  escalatedAt: Date | null;
  overdue: boolean;
}

async function caseLines(
  rows: (typeof schema.programmeCases.$inferSelect & { programmeName: string })[],
  addresses: Map<number, string>,
  now: Date,
): Promise<CaseLine[]> {
  const programmeIds = [...new Set(rows.map((r) => r.programmeId))];
  const steps = programmeIds.length
    ? await db()
        .select()
        .from(schema.programmeSteps)
        .where(inArray(schema.programmeSteps.programmeId, programmeIds))
        .orderBy(asc(schema.programmeSteps.position))
    : [];
  return rows.map((r) => {
    const step = stepAt(
      steps.filter((s) => s.programmeId === r.programmeId),
      r.stepIndex,
    );
    return {
      id: r.id,
      programmeId: r.programmeId,
      programmeName: r.programmeName,
      householdId: r.householdId,
      address: addresses.get(r.householdId) ?? "",
      status: r.status,
      stepIndex: r.stepIndex,
      stepName: step?.name ?? null,
      stepRole: step?.role ?? null,
      stepDueAt: r.stepDueAt,
      escalatedAt: r.escalatedAt,
      overdue: r.status === "open" && r.stepDueAt.getTime() <= now.getTime(),
    };
  });
}

/**
 * A programme's cases in the actor's compounds (all for admins and organizers of every compound), open first,
 * at most `limit`; each household shown is logged as listed.
 */
export async function casesOfProgramme(
  actor: Actor,
  programmeId: number,
  ctx: ReadContext,
  now = new Date(),
  limit = 200,
): Promise<CaseLine[]> {
  const c = schema.programmeCases;
  const inReach =
    actor.role === "admin" || (actor.role === "organizer" && actor.compoundId === null)
      ? sql`1 = 1`
      : actor.role === "organizer" && actor.compoundId !== null
        ? eq(c.compoundId, actor.compoundId)
        : sql`0`;
  const rows = await db()
    .select({ ...caseColumns, programmeName: schema.programmes.name })
    .from(c)
    .innerJoin(schema.programmes, eq(schema.programmes.id, c.programmeId))
    .where(and(eq(c.programmeId, programmeId), inReach))
    .orderBy(sql`${c.status} = 'open' desc`, asc(c.stepDueAt), desc(c.id))
    .limit(limit);
  const briefs = await recordHouseholdBriefs(
    actor.id,
    rows.map((r) => r.householdId),
    ctx,
  );
  return caseLines(rows, new Map(briefs.map((b) => [b.id, fullAddress(b)])), now);
}

const caseColumns = {
  id: schema.programmeCases.id,
  programmeId: schema.programmeCases.programmeId,
  householdId: schema.programmeCases.householdId,
  compoundId: schema.programmeCases.compoundId,
  status: schema.programmeCases.status,
  stepIndex: schema.programmeCases.stepIndex,
  stepStartedAt: schema.programmeCases.stepStartedAt,
  stepDueAt: schema.programmeCases.stepDueAt,
  escalatedAt: schema.programmeCases.escalatedAt,
  escalatedToId: schema.programmeCases.escalatedToId,
  openedById: schema.programmeCases.openedById,
  closedAt: schema.programmeCases.closedAt,
  createdAt: schema.programmeCases.createdAt,
  updatedAt: schema.programmeCases.updatedAt,
};

/**
 * The programmes a household is in and the next step of each, for a page that has already opened the household
 * through the reader (its page, the resident's own page): open cases first, then the latest ended ones.
 */
export async function casesOfHousehold(householdId: number, now = new Date()): Promise<CaseLine[]> {
  const c = schema.programmeCases;
  const rows = await db()
    .select({ ...caseColumns, programmeName: schema.programmes.name })
    .from(c)
    .innerJoin(schema.programmes, eq(schema.programmes.id, c.programmeId))
    .where(eq(c.householdId, householdId))
    .orderBy(sql`${c.status} = 'open' desc`, desc(c.updatedAt))
    .limit(20);
  return caseLines(rows, new Map(), now);
}
