// What keeps visits from being forgotten: a visit still unrecorded 48 h after its end is emailed to its
// volunteer, after 96 h to their supervisor (one tier up; for tier 1, the organizers of the household's
// compound); and each week a digest of households past their cadence goes to every volunteer who has some and
// to every supervisor for their subtree. Idempotent: conditional updates, and outbox keys per cause.
import { and, eq, isNull, lt, lte, or } from "drizzle-orm";
import { DateTime } from "luxon";
import { db, getDatabase, schema, type Queryable } from "#db/client.server";
import { appOrigin } from "#app/config.server";
import { audit } from "#app/modules/audit/audit.server";
import { notifyAccount } from "#app/modules/notifications/reach.server";
import { activePairingLinks, linkageEdges } from "#app/modules/roster/linkage.server";
import { householdsAtLevels } from "#app/modules/households/facts.server";
import { supervisorEscalationMs, volunteerEscalationMs } from "./codes";
import { cadenceOf, withAddresses } from "./cadence.server";
import { communityClock, householdAddress, visitorsByIds, visitUrl, type Visitor } from "./notices.server";
import { formatVisitTime } from "./time";

const batchSize = 200;

/**
 * Active organizers of a compound, including those who work for every compound. Reads the users table
 * because the people module has no such query yet (help keeps the same one); it should move there.
 */
async function organizersOf(compoundId: number, q: Queryable): Promise<Visitor[]> {
  const rows = await q
    .select({ id: schema.users.id })
    .from(schema.users)
    .where(
      and(
        eq(schema.users.role, "organizer"),
        isNull(schema.users.disabledAt),
        or(eq(schema.users.compoundId, compoundId), isNull(schema.users.compoundId)),
      ),
    );
  return visitorsByIds(
    rows.map((r) => r.id),
    q,
  );
}

/** Who answers for a volunteer's missed record: their supervisor, or for tier 1 the compound's organizers. */
async function supervisorsFor(volunteerId: number, compoundId: number, q: Queryable): Promise<Visitor[]> {
  const [row] = await q
    .select({ supervisorId: schema.users.supervisorId })
    .from(schema.users)
    .where(eq(schema.users.id, volunteerId));
  const supervisor = row?.supervisorId ? await visitorsByIds([row.supervisorId], q) : [];
  return supervisor.length > 0 ? supervisor : organizersOf(compoundId, q);
}

const unrecordedColumns = {
  id: schema.visits.id,
  householdId: schema.visits.householdId,
  compoundId: schema.visits.compoundId,
  leadVolunteerId: schema.visits.leadVolunteerId,
  startsAt: schema.visits.startsAt,
  endsAt: schema.visits.endsAt,
};

/** Unrecorded visits at `level` that ended before `endedBefore`, through the partial index of the tick. */
function unrecorded(level: 0 | 1, endedBefore: Date) {
  const v = schema.visits;
  return db()
    .select(unrecordedColumns)
    .from(v)
    .where(
      and(
        eq(v.status, "scheduled"),
        lt(v.escalationLevel, 2),
        eq(v.escalationLevel, level),
        lte(v.endsAt, endedBefore),
      ),
    )
    .orderBy(v.endsAt)
    .limit(batchSize);
}

/** One escalation step for each visit due it; returns how many visits went up. */
async function escalateStep(step: 1 | 2, now: Date): Promise<number> {
  const wait = step === 1 ? volunteerEscalationMs : supervisorEscalationMs;
  const due = await unrecorded(step === 1 ? 0 : 1, new Date(now.getTime() - wait));
  if (due.length === 0) return 0;
  return getDatabase().write(async (tx) => {
    const clock = await communityClock(tx);
    let raised = 0;
    for (const visit of due) {
      const updated = await tx
        .update(schema.visits)
        .set({ escalationLevel: step, updatedAt: now })
        .where(
          and(
            eq(schema.visits.id, visit.id),
            eq(schema.visits.status, "scheduled"),
            eq(schema.visits.escalationLevel, step - 1),
          ),
        )
        .returning({ id: schema.visits.id });
      if (updated.length === 0) continue;
      raised++;
      const [lead] = await visitorsByIds([visit.leadVolunteerId], tx);
      const to =
        step === 1 ? (lead ? [lead] : []) : await supervisorsFor(visit.leadVolunteerId, visit.compoundId, tx);
      await audit(tx, {
        actorId: null,
        action: "visit.escalate",
        targetType: "visit",
        targetId: visit.id,
        details: { level: step, notified: to.map((r) => r.id) },
      });
      const address = await householdAddress(visit.householdId, tx);
      for (const recipient of to)
        await notifyAccount(tx, {
          userId: recipient.id,
          email: recipient.email,
          template: step === 1 ? "visits.unrecorded" : "visits.unrecordedSupervisor",
          locale: recipient.locale,
          key: `visit:${visit.id}:unrecorded${step === 1 ? 48 : 96}:${visit.endsAt.getTime()}:${recipient.id}`,
          data: {
            name: recipient.name,
            volunteerName: lead?.name ?? "",
            time: formatVisitTime(visit.startsAt, visit.endsAt, clock.timeZone, recipient.locale),
            address,
            url: visitUrl(visit.id),
          },
        });
    }
    return raised;
  });
}

export async function escalateUnrecordedVisits(now = new Date()) {
  let volunteer = 0;
  let supervisor = 0;
  // Batches until done, so a long outage catches up in one tick.
  for (let n = await escalateStep(1, now); n > 0; n = await escalateStep(1, now)) volunteer += n;
  for (let n = await escalateStep(2, now); n > 0; n = await escalateStep(2, now)) supervisor += n;
  return { volunteer, supervisor };
}

/** The community week `now` falls in ("2026-W48") and when its digest is due: Monday 08:00 local. */
export function digestWeek(now: Date, timeZone: string) {
  const local = DateTime.fromJSDate(now, { zone: timeZone });
  return {
    week: local.toFormat("kkkk-'W'WW"),
    dueAt: local.startOf("week").set({ hour: 8 }).toJSDate(),
  };
}

const digestListed = 10;

/**
 * The overdue households nobody is paired with, by the organizer who should act on them: every active
 * organizer of the household's compound, and those who work for every compound.
 */
async function unpairedOverdueByOrganizer(pairedIds: ReadonlySet<number>, now: Date) {
  const unpaired = (await householdsAtLevels(["extreme", "hardship"])).filter((h) => !pairedIds.has(h.id));
  const compoundOf = new Map(unpaired.map((h) => [h.id, h.compoundId]));
  const overdue = await withAddresses(
    (
      await cadenceOf(
        unpaired.map((h) => h.id),
        now,
      )
    ).filter((r) => r.state === "overdue"),
  );
  const byOrganizer = new Map<number, typeof overdue>();
  const compounds = [...new Set(overdue.flatMap((r) => compoundOf.get(r.householdId) ?? []))];
  for (const compoundId of compounds) {
    const rows = overdue.filter((r) => compoundOf.get(r.householdId) === compoundId);
    for (const organizer of await organizersOf(compoundId, db()))
      byOrganizer.set(organizer.id, [...(byOrganizer.get(organizer.id) ?? []), ...rows]);
  }
  return byOrganizer;
}

/**
 * The weekly digest of households past their cadence: to each volunteer with overdue households of their
 * own, to each supervisor with overdue households anywhere below them, and to the organizers of a compound
 * with overdue households nobody is paired with (so that every overdue household reaches someone). Once per week; returns how many
 * digests were enqueued, or null when this week's have gone out (or are not due yet).
 */
export async function sendWeeklyDigest(now = new Date()): Promise<number | null> {
  const clock = await communityClock(db());
  const { week, dueAt } = digestWeek(now, clock.timeZone);
  if (now < dueAt) return null;
  const [done] = await db()
    .select({ week: schema.visitDigestRuns.week })
    .from(schema.visitDigestRuns)
    .where(eq(schema.visitDigestRuns.week, week));
  if (done) return null;
  const [edges, pairings] = await Promise.all([linkageEdges(), activePairingLinks()]);
  const overdue = new Map(
    (
      await withAddresses(
        (await cadenceOf([...new Set(pairings.map((p) => p.householdId))], now)).filter(
          (r) => r.state === "overdue",
        ),
      )
    ).map((r) => [r.householdId, r]),
  );
  const unpaired = await unpairedOverdueByOrganizer(new Set(pairings.map((p) => p.householdId)), now);
  const supervisorOf = new Map(edges.map((e) => [e.id, e.supervisorId]));
  const own = new Map<number, Set<number>>();
  const below = new Map<number, Set<number>>();
  const add = (map: Map<number, Set<number>>, key: number, householdId: number) => {
    const set = map.get(key) ?? new Set<number>();
    set.add(householdId);
    map.set(key, set);
  };
  for (const p of pairings) {
    if (!overdue.has(p.householdId) || !supervisorOf.has(p.volunteerId)) continue;
    add(own, p.volunteerId, p.householdId);
    // Up the chain; the seen-set guards against a cycle someone made by hand.
    const seen = new Set([p.volunteerId]);
    for (let up = supervisorOf.get(p.volunteerId); up != null && !seen.has(up); up = supervisorOf.get(up)) {
      seen.add(up);
      add(below, up, p.householdId);
    }
  }
  const recipientIds = [...new Set([...own.keys(), ...below.keys(), ...unpaired.keys()])];
  return getDatabase().write(async (tx) => {
    const claimed = await tx
      .insert(schema.visitDigestRuns)
      .values({ week, ranAt: now })
      .onConflictDoNothing()
      .returning({ week: schema.visitDigestRuns.week });
    if (claimed.length === 0) return null;
    const recipients = await recipientsInChunks(recipientIds, tx);
    await audit(tx, {
      actorId: null,
      action: "visit.digest",
      targetType: "week",
      targetId: week,
      details: {
        recipients: recipients.length,
        overdueHouseholds: overdue.size,
        unpairedOverdue: new Set([...unpaired.values()].flat().map((r) => r.householdId)).size,
      },
    });
    for (const r of recipients) {
      const mine = [...(own.get(r.id) ?? [])].flatMap((id) => overdue.get(id) ?? []);
      const theirs = below.get(r.id)?.size ?? 0;
      const nobodys = unpaired.get(r.id) ?? [];
      await notifyAccount(tx, {
        userId: r.id,
        email: r.email,
        template: "visits.digest",
        locale: r.locale,
        key: `visits:digest:${week}:${r.id}`,
        data: {
          name: r.name,
          ownCount: mine.length,
          subtreeCount: theirs,
          unpairedCount: nobodys.length,
          households: [...mine, ...nobodys].slice(0, digestListed).map((row) => ({
            address: row.address,
            lastVisit: row.lastDoneAt
              ? DateTime.fromJSDate(row.lastDoneAt, { zone: clock.timeZone }).toFormat("yyyy-MM-dd")
              : "",
          })),
          url: `${appOrigin()}/visits?tab=due`,
        },
      });
    }
    return recipients.length;
  });
}

/** Accounts by id, a thousand at a time (SQLite's parameter limit is far above, but lists stay readable). */
async function recipientsInChunks(ids: readonly number[], q: Queryable): Promise<Visitor[]> {
  const out: Visitor[] = [];
  for (let i = 0; i < ids.length; i += 1000) out.push(...(await visitorsByIds(ids.slice(i, i + 1000), q)));
  return out;
}

/** One tick of the visit clock: escalations first, then the week's digest when it is due. */
export async function runVisitTick(now = new Date()) {
  const escalated = await escalateUnrecordedVisits(now);
  const digests = await sendWeeklyDigest(now);
  return { ...escalated, digests };
}
