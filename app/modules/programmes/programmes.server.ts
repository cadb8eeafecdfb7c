// Programmes (帮扶项目) with their four clears: create and change them (audited, in one write), read one with
// its leadership group, responsible persons, conditions and steps, list them, and count the households their
// scope covers — the announcement audience's household rule, reused (announcements/targeting.server.ts).
import { and, asc, count, eq, inArray, isNull, lte, or, sql } from "drizzle-orm";
import { db, getDatabase, schema, type Queryable, type Tx } from "#db/client.server";
import type { Audience } from "#app/modules/announcements/audience";
import { countHouseholdsMatching } from "#app/modules/announcements/targeting.server";
import { audit } from "#app/modules/audit/audit.server";
import { can, type Actor } from "#app/modules/auth/policy";
import type { Category, HardshipLevel, Need } from "#app/modules/households/codes";
import type { ProgrammeKind, StepRole } from "./codes";

export interface ProgrammeScope {
  compoundIds: number[];
  levels: HardshipLevel[];
  categories: Category[];
  needs: Need[];
  zeroEmployment: boolean;
}

export interface ProgrammeInput {
  name: string;
  kind: ProgrammeKind;
  plan: string;
  scope: ProgrammeScope;
  leaderId: number;
  members: { userId: number; duty: string }[];
  responsibles: { compoundId: number; userId: number }[];
  conditions: { condition: string; evidence: string }[];
  steps: { name: string; role: StepRole; limitDays: number }[];
}

export type ProgrammeError = "forbidden" | "people" | "compounds" | "notFound" | "openCasesOutside";
export type ProgrammeResult = { ok: true; id: number } | { ok: false; error: ProgrammeError };

/** A scope as the audience the announcement rule reads: residents, by their household. */
export function audienceOf(scope: ProgrammeScope): Audience {
  return { residents: true, ...scope, volunteerTiers: [] };
}

/**
 * Who may lead a programme, sit in its group or answer for it in a compound: active staff and cadres (tiers
 * 1–2 of the linkage). A short list at any scale, for the form's selects.
 */
export async function dutyHolderOptions(q: Queryable = db()) {
  const u = schema.users;
  return q
    .select({ id: u.id, name: u.name, role: u.role, volunteerTier: u.volunteerTier })
    .from(u)
    .where(
      and(
        isNull(u.disabledAt),
        or(inArray(u.role, ["admin", "organizer"]), and(eq(u.role, "volunteer"), lte(u.volunteerTier, 2))),
      ),
    )
    .orderBy(asc(u.role), asc(u.name));
}

async function peopleAreDutyHolders(tx: Tx, input: ProgrammeInput): Promise<boolean> {
  const ids = new Set([
    input.leaderId,
    ...input.members.map((m) => m.userId),
    ...input.responsibles.map((r) => r.userId),
  ]);
  const allowed = new Set((await dutyHolderOptions(tx)).map((p) => p.id));
  return [...ids].every((id) => allowed.has(id));
}

/** Whether every compound the input names (its scope, its responsible persons' compounds) exists. */
async function compoundsExist(tx: Tx, input: ProgrammeInput): Promise<boolean> {
  const ids = [...new Set([...input.scope.compoundIds, ...input.responsibles.map((r) => r.compoundId)])];
  if (ids.length === 0) return true;
  const found = await tx
    .select({ id: schema.compounds.id })
    .from(schema.compounds)
    .where(inArray(schema.compounds.id, ids));
  return found.length === ids.length;
}

async function writeClears(tx: Tx, programmeId: number, input: ProgrammeInput): Promise<void> {
  await tx.delete(schema.programmeMembers).where(eq(schema.programmeMembers.programmeId, programmeId));
  await tx
    .delete(schema.programmeResponsibles)
    .where(eq(schema.programmeResponsibles.programmeId, programmeId));
  await tx.delete(schema.programmeConditions).where(eq(schema.programmeConditions.programmeId, programmeId));
  await tx.delete(schema.programmeSteps).where(eq(schema.programmeSteps.programmeId, programmeId));
  if (input.members.length)
    await tx
      .insert(schema.programmeMembers)
      .values(input.members.map((m, position) => ({ programmeId, ...m, position })));
  // Only compounds in the scope (every compound for a community-wide programme) have a responsible person.
  const responsibles = input.responsibles.filter(
    (r) => input.scope.compoundIds.length === 0 || input.scope.compoundIds.includes(r.compoundId),
  );
  if (responsibles.length)
    await tx.insert(schema.programmeResponsibles).values(responsibles.map((r) => ({ programmeId, ...r })));
  if (input.conditions.length)
    await tx
      .insert(schema.programmeConditions)
      .values(input.conditions.map((c, position) => ({ programmeId, ...c, position })));
  await tx
    .insert(schema.programmeSteps)
    .values(input.steps.map((s, position) => ({ programmeId, ...s, position })));
}

export async function createProgramme(
  actor: Actor,
  input: ProgrammeInput,
  ip: string | null = null,
): Promise<ProgrammeResult> {
  if (!can(actor, "programme.write", { compoundIds: input.scope.compoundIds }))
    return { ok: false, error: "forbidden" };
  return getDatabase().write(async (tx): Promise<ProgrammeResult> => {
    if (!(await compoundsExist(tx, input))) return { ok: false, error: "compounds" };
    if (!(await peopleAreDutyHolders(tx, input))) return { ok: false, error: "people" };
    const [row] = await tx
      .insert(schema.programmes)
      .values({
        name: input.name,
        kind: input.kind,
        plan: input.plan,
        scope: audienceOf(input.scope),
        leaderId: input.leaderId,
        createdById: actor.id,
      })
      .returning({ id: schema.programmes.id });
    if (!row) throw new Error("programme insert returned nothing");
    await writeClears(tx, row.id, input);
    await audit(tx, {
      actorId: actor.id,
      action: "programme.created",
      targetType: "programme",
      targetId: row.id,
      ip,
      details: { name: input.name, kind: input.kind, steps: input.steps.length },
    });
    return { ok: true, id: row.id };
  });
}

/**
 * Changes a programme's four clears. Open cases keep their step number: a procedure cut shorter leaves them at
 * its last step (decision 035).
 */
export async function updateProgramme(
  actor: Actor,
  programmeId: number,
  input: ProgrammeInput,
  ip: string | null = null,
): Promise<ProgrammeResult> {
  return getDatabase().write(async (tx): Promise<ProgrammeResult> => {
    const current = await programmeRow(programmeId, tx);
    if (!current) return { ok: false, error: "notFound" };
    // The writer answers for every compound the programme touches: its old scope, its new one and every
    // compound where a case is still open (else narrowing the scope would hand another compound's cases over).
    const openIn = await compoundsWithOpenCases(programmeId, tx);
    if (
      !can(actor, "programme.write", { compoundIds: current.scope.compoundIds }) ||
      !can(actor, "programme.write", { compoundIds: input.scope.compoundIds }) ||
      (openIn.length > 0 && !can(actor, "programme.write", { compoundIds: openIn }))
    )
      return { ok: false, error: "forbidden" };
    // A scope may not shrink past a compound whose cases are still open: they are closed or finished first.
    const next = input.scope.compoundIds;
    if (next.length > 0 && openIn.some((c) => !next.includes(c)))
      return { ok: false, error: "openCasesOutside" };
    if (!(await compoundsExist(tx, input))) return { ok: false, error: "compounds" };
    if (!(await peopleAreDutyHolders(tx, input))) return { ok: false, error: "people" };
    await tx
      .update(schema.programmes)
      .set({
        name: input.name,
        kind: input.kind,
        plan: input.plan,
        scope: audienceOf(input.scope),
        leaderId: input.leaderId,
      })
      .where(eq(schema.programmes.id, programmeId));
    await writeClears(tx, programmeId, input);
    await audit(tx, {
      actorId: actor.id,
      action: "programme.updated",
      targetType: "programme",
      targetId: programmeId,
      ip,
      details: { name: input.name, steps: input.steps.length },
    });
    return { ok: true, id: programmeId };
  });
}

/**
 * Whether the actor may change this programme (its edit page): they cover its scope and every compound where
 * it has an open case. `updateProgramme` checks this again in its write, with the new scope.
 */
export async function mayEditProgramme(
  actor: Actor,
  programme: { id: number; scope: { compoundIds: number[] } },
): Promise<boolean> {
  if (!can(actor, "programme.write", { compoundIds: programme.scope.compoundIds })) return false;
  const openIn = await compoundsWithOpenCases(programme.id);
  return openIn.length === 0 || can(actor, "programme.write", { compoundIds: openIn });
}

/** The compounds where the programme has an open case. */
export async function compoundsWithOpenCases(programmeId: number, q: Queryable = db()): Promise<number[]> {
  const rows = await q
    .selectDistinct({ compoundId: schema.programmeCases.compoundId })
    .from(schema.programmeCases)
    .where(and(eq(schema.programmeCases.programmeId, programmeId), eq(schema.programmeCases.status, "open")));
  return rows.map((r) => r.compoundId);
}

/** Whether a case's compound is in the programme's scope (a community-wide one covers every compound). */
export function compoundInScope(scope: { compoundIds: readonly number[] }, compoundId: number): boolean {
  return scope.compoundIds.length === 0 || scope.compoundIds.includes(compoundId);
}

export async function programmeRow(programmeId: number, q: Queryable = db()) {
  const [row] = await q.select().from(schema.programmes).where(eq(schema.programmes.id, programmeId));
  return row ?? null;
}

export async function programmeSteps(programmeId: number, q: Queryable = db()) {
  return q
    .select({
      position: schema.programmeSteps.position,
      name: schema.programmeSteps.name,
      role: schema.programmeSteps.role,
      limitDays: schema.programmeSteps.limitDays,
    })
    .from(schema.programmeSteps)
    .where(eq(schema.programmeSteps.programmeId, programmeId))
    .orderBy(asc(schema.programmeSteps.position));
}

/** The programme's leader, group and responsible persons: who acts on and hears of its cases. */
export async function programmeDuties(programmeId: number, q: Queryable = db()) {
  const [programme, members, responsibles] = await Promise.all([
    programmeRow(programmeId, q),
    q
      .select({ userId: schema.programmeMembers.userId })
      .from(schema.programmeMembers)
      .where(eq(schema.programmeMembers.programmeId, programmeId)),
    q
      .select({
        compoundId: schema.programmeResponsibles.compoundId,
        userId: schema.programmeResponsibles.userId,
      })
      .from(schema.programmeResponsibles)
      .where(eq(schema.programmeResponsibles.programmeId, programmeId)),
  ]);
  if (!programme) return null;
  return {
    programme,
    groupIds: members.map((m) => m.userId),
    responsibleOf: (compoundId: number) =>
      responsibles.find((r) => r.compoundId === compoundId)?.userId ?? null,
  };
}

/** One programme with its four clears, names resolved, for its page, its plan and its form. */
export async function getProgramme(programmeId: number) {
  const programme = await programmeRow(programmeId);
  if (!programme) return null;
  const u = schema.users;
  const [leader, members, responsibles, conditions, steps, compounds, householdCount] = await Promise.all([
    db().select({ id: u.id, name: u.name }).from(u).where(eq(u.id, programme.leaderId)),
    db()
      .select({ userId: schema.programmeMembers.userId, name: u.name, duty: schema.programmeMembers.duty })
      .from(schema.programmeMembers)
      .innerJoin(u, eq(u.id, schema.programmeMembers.userId))
      .where(eq(schema.programmeMembers.programmeId, programmeId))
      .orderBy(asc(schema.programmeMembers.position)),
    db()
      .select({
        compoundId: schema.programmeResponsibles.compoundId,
        compoundName: schema.compounds.name,
        userId: schema.programmeResponsibles.userId,
        name: u.name,
      })
      .from(schema.programmeResponsibles)
      .innerJoin(u, eq(u.id, schema.programmeResponsibles.userId))
      .innerJoin(schema.compounds, eq(schema.compounds.id, schema.programmeResponsibles.compoundId))
      .where(eq(schema.programmeResponsibles.programmeId, programmeId))
      .orderBy(asc(schema.compounds.code)),
    db()
      .select({
        condition: schema.programmeConditions.condition,
        evidence: schema.programmeConditions.evidence,
      })
      .from(schema.programmeConditions)
      .where(eq(schema.programmeConditions.programmeId, programmeId))
      .orderBy(asc(schema.programmeConditions.position)),
    programmeSteps(programmeId),
    programme.scope.compoundIds.length
      ? db()
          .select({ id: schema.compounds.id, name: schema.compounds.name })
          .from(schema.compounds)
          .where(inArray(schema.compounds.id, programme.scope.compoundIds))
          .orderBy(asc(schema.compounds.code))
      : Promise.resolve([]),
    countHouseholdsMatching(programme.scope),
  ]);
  return {
    ...programme,
    leaderName: leader[0]?.name ?? "",
    members,
    responsibles,
    conditions,
    steps,
    scopeCompounds: compounds,
    householdCount,
  };
}
export type ProgrammeView = NonNullable<Awaited<ReturnType<typeof getProgramme>>>;

/**
 * Every programme, with its open cases counted in the actor's compounds (all for admins and organizers of
 * every compound), newest first.
 */
export async function listProgrammes(actor: Actor) {
  const p = schema.programmes;
  const c = schema.programmeCases;
  const inReach =
    actor.role === "admin" || actor.compoundId === null ? sql`1 = 1` : eq(c.compoundId, actor.compoundId);
  const [rows, open] = await Promise.all([
    db()
      .select({
        id: p.id,
        name: p.name,
        kind: p.kind,
        status: p.status,
        scope: p.scope,
        leaderName: schema.users.name,
      })
      .from(p)
      .innerJoin(schema.users, eq(schema.users.id, p.leaderId))
      .orderBy(sql`${p.id} desc`),
    db()
      .select({
        programmeId: c.programmeId,
        n: count(),
        escalated: sql<number>`sum(${c.escalatedAt} IS NOT NULL)`,
      })
      .from(c)
      .where(and(eq(c.status, "open"), inReach))
      .groupBy(c.programmeId),
  ]);
  const byId = new Map(open.map((o) => [o.programmeId, o]));
  return rows.map((r) => ({
    ...r,
    openCases: byId.get(r.id)?.n ?? 0,
    escalatedCases: Number(byId.get(r.id)?.escalated ?? 0),
  }));
}

/** Active programmes, for the "open a case" choice on a household's page. */
export async function activeProgrammeOptions() {
  return db()
    .select({ id: schema.programmes.id, name: schema.programmes.name, scope: schema.programmes.scope })
    .from(schema.programmes)
    .where(eq(schema.programmes.status, "active"))
    .orderBy(asc(schema.programmes.name));
}
