// The organizer's cockpit (issue 19): per compound in the reader's reach and in total, whether help is reaching
// the people it is for (coverage, visit cadence, unrecorded visits, verifications, help requests), and the few
// most urgent gaps, each with the page that closes it. Every figure is a GROUP BY over an indexed column of
// the compounds the reader covers as a whole; the urgent items' households are read through the households
// reader, and so logged.
import { and, asc, eq, gte, inArray, isNotNull, lt, sql, type SQL } from "drizzle-orm";
import { DateTime } from "luxon";
import { db, schema } from "#db/client.server";
import type { Actor } from "#app/modules/auth/policy";
import { compoundsOf, reachOf } from "#app/modules/auth/scope.server";
import type { HouseholdBrief } from "#app/modules/households/brief";
import { recordHouseholdBriefs, type ReadContext } from "#app/modules/households/reader.server";
import { getSettings } from "#app/modules/settings/settings.server";
import { volunteerEscalationMs } from "#app/modules/visits/codes";
import { cadenceDueAt } from "#app/modules/visits/cadence.server";
import { communityClock } from "#app/modules/visits/notices.server";
import { countOutcomes, emptyOutcomes, type Outcomes } from "./outcomes.server";

const day = 86_400_000;

/** An extreme-hardship household without a helper for this long leads the urgent items. */
export const unpairedUrgentMs = 30 * day;

export interface Figures extends Outcomes {
  /** Extreme-hardship and hardship households on the registry. */
  covered: number;
  /** Of them, those with an active primary helper. */
  withHelper: number;
  unpairedExtreme: number;
  unpairedHardship: number;
  /** Covered households whose visit is not overdue by their cadence. */
  visitedInCadence: number;
  visitsOverdue: number;
  /** Visits still unrecorded 48 hours after they ended. */
  unrecorded: number;
  verificationsOverdue: number;
  helpOpen: number;
  /** Requests not acknowledged by their deadline. */
  helpOverdue: number;
  helpResolvedThisMonth: number;
  /** Median time from asking to first acknowledgement over the last 30 days; null when none. */
  helpMedianResponseMs: number | null;
  /** Mean rating (1–5) of the requests rated this month, one decimal; null when none. */
  helpRating: number | null;
  helpRatings: number;
  /** The sum of this month's ratings, so that totals over compounds keep an exact mean. */
  helpRatingSum: number;
}

export interface CompoundFigures extends Figures {
  compoundId: number;
  compoundName: string;
}

export type UrgentItem =
  | { kind: "unpaired"; household: HouseholdBrief; since: Date; lateMs: number }
  | { kind: "help"; id: number; household: HouseholdBrief; dueAt: Date; lateMs: number }
  | { kind: "unrecorded"; id: number; household: HouseholdBrief; endedAt: Date; lateMs: number }
  | { kind: "verification"; household: HouseholdBrief; dueAt: Date; lateMs: number };

export interface Cockpit {
  compounds: CompoundFigures[];
  total: Figures;
  urgent: UrgentItem[];
}

export interface FigureCount {
  compounds: CompoundFigures[];
  total: Figures;
  /** The fund's net balance in fen, when the community as a whole was counted. */
  fundNetFen: number | null;
}

export const emptyFigures = (): Figures => ({
  covered: 0,
  withHelper: 0,
  unpairedExtreme: 0,
  unpairedHardship: 0,
  visitedInCadence: 0,
  visitsOverdue: 0,
  unrecorded: 0,
  verificationsOverdue: 0,
  helpOpen: 0,
  helpOverdue: 0,
  helpResolvedThisMonth: 0,
  helpMedianResponseMs: null,
  helpRating: null,
  helpRatings: 0,
  helpRatingSum: 0,
  ...emptyOutcomes(),
});

export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] ?? null) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

const h = schema.households;
const p = schema.pairings;
/**
 * The outer household's id, qualified: drizzle writes a single table's columns unqualified in a select list,
 * where a correlated subquery would read its own table's `id` instead.
 */
const householdId = sql.raw(`"households"."id"`);
const hasHelper = sql<number>`EXISTS (SELECT 1 FROM ${p} WHERE ${p.householdId} = ${householdId} AND ${p.role} = 'primary' AND ${p.status} = 'active')`;

/**
 * Bounds of a household's last visit for the visit cadence at `now`: a visit at or before `overdueBy` leaves it
 * overdue, one after `onTimeAfter` keeps it on time whatever the month arithmetic does (clamping to a month's
 * last day moves a date by three days at most). Between the two, `cadenceDueAt` decides, exactly as the due
 * list does, for the few households whose last visit fell there.
 */
export function cadenceBounds(
  level: "extreme" | "hardship",
  clock: Parameters<typeof cadenceDueAt>[2],
  now: Date,
): { overdueBy: number; onTimeAfter: number } {
  const months = level === "extreme" ? clock.visitExtremeMonths : clock.visitHardshipMonths;
  const back = DateTime.fromJSDate(now, { zone: clock.timeZone }).minus({ months });
  return { overdueBy: back.minus({ days: 4 }).toMillis(), onTimeAfter: back.plus({ days: 4 }).toMillis() };
}

export interface CockpitCompound {
  id: number;
  name: string;
}

/** The compounds `actor` sees the cockpit of: an organizer's own, every one for admins and all-compound staff. */
export async function cockpitCompounds(
  actor: Actor,
): Promise<{ compounds: CockpitCompound[]; community: boolean }> {
  const covered = compoundsOf(await reachOf(actor));
  if (covered !== "all" && covered.length === 0) return { compounds: [], community: false };
  return { compounds: await compoundsNamed(covered), community: covered === "all" };
}

export async function compoundsNamed(ids: "all" | readonly number[]): Promise<CockpitCompound[]> {
  const c = schema.compounds;
  return db()
    .select({ id: c.id, name: c.name })
    .from(c)
    .where(ids === "all" ? undefined : inArray(c.id, [...ids]))
    .orderBy(asc(c.code), asc(c.id));
}

/** The fresh count: what the kept figures (kept.server.ts) are refreshed from, and must always equal. */
export async function cockpit(actor: Actor, ctx: ReadContext, now = new Date()): Promise<Cockpit> {
  const { compounds, community } = await cockpitCompounds(actor);
  if (compounds.length === 0) return { compounds: [], total: emptyFigures(), urgent: [] };
  const count = await countFigures(compounds, community, now);
  const ids = compounds.map((c) => c.id);
  return { compounds: count.compounds, total: count.total, urgent: await urgentItems(actor, ids, ctx, now) };
}

/**
 * Every figure of `compounds` at `now`, each and in total; with `community` (the reader covers every compound)
 * the total also holds what belongs to no compound, and the fund's balance is counted.
 */
export async function countFigures(
  compounds: readonly CockpitCompound[],
  community: boolean,
  now = new Date(),
): Promise<FigureCount> {
  if (compounds.length === 0) return { compounds: [], total: emptyFigures(), fundNetFen: null };
  const ids = compounds.map((c) => c.id);
  const { timeZone } = await getSettings();
  const monthStart = DateTime.fromJSDate(now, { zone: timeZone }).startOf("month").toJSDate();
  const inCompounds = (column: typeof h.compoundId): SQL => inArray(column, ids);
  const coveredLevel = inArray(h.hardshipLevel, ["extreme", "hardship"]);
  const v = schema.visits;
  const r = schema.helpRequests;

  const clock = await communityClock(db());
  const v0 = schema.visits;
  const visitedAfter = (at: number) =>
    sql`EXISTS (SELECT 1 FROM ${v0} WHERE ${v0.householdId} = ${householdId} AND ${v0.status} = 'done' AND ${v0.startsAt} > ${at})`;
  const extreme = cadenceBounds("extreme", clock, now);
  const hardship = cadenceBounds("hardship", clock, now);
  const byLevel = (pick: (b: { overdueBy: number; onTimeAfter: number }) => number) =>
    sql`(CASE ${h.hardshipLevel} WHEN 'extreme' THEN ${visitedAfter(pick(extreme))} ELSE ${visitedAfter(pick(hardship))} END)`;
  const surelyOnTime = byLevel((b) => b.onTimeAfter);
  const possiblyOnTime = byLevel((b) => b.overdueBy);
  const [coverage, cadence, borderline, unrecorded, verifications, help, responses, outcomes] =
    await Promise.all([
      db()
        .select({
          compoundId: h.compoundId,
          level: h.hardshipLevel,
          n: sql<number>`count(*)`,
          withHelper: sql<number>`coalesce(sum(${hasHelper}), 0)`,
        })
        .from(h)
        .where(and(inCompounds(h.compoundId), eq(h.status, "active"), coveredLevel))
        .groupBy(h.compoundId, h.hardshipLevel),
      db()
        .select({
          compoundId: h.compoundId,
          onTime: sql<number>`coalesce(sum(${surelyOnTime}), 0)`,
          n: sql<number>`count(*)`,
        })
        .from(h)
        .where(and(inCompounds(h.compoundId), eq(h.status, "active"), coveredLevel))
        .groupBy(h.compoundId),
      db()
        .select({
          compoundId: h.compoundId,
          level: h.hardshipLevel,
          lastDone: sql<number>`(SELECT max(${v0.startsAt}) FROM ${v0} WHERE ${v0.householdId} = ${householdId} AND ${v0.status} = 'done')`,
        })
        .from(h)
        .where(
          and(
            inCompounds(h.compoundId),
            eq(h.status, "active"),
            coveredLevel,
            sql`${possiblyOnTime} AND NOT ${surelyOnTime}`,
          ),
        ),
      db()
        .select({ compoundId: v.compoundId, n: sql<number>`count(*)` })
        .from(v)
        .where(
          and(
            inArray(v.compoundId, ids),
            eq(v.status, "scheduled"),
            lt(v.endsAt, new Date(now.getTime() - volunteerEscalationMs)),
          ),
        )
        .groupBy(v.compoundId),
      db()
        .select({ compoundId: h.compoundId, n: sql<number>`count(*)` })
        .from(h)
        .where(and(inCompounds(h.compoundId), eq(h.status, "active"), lt(h.nextVerificationDue, now)))
        .groupBy(h.compoundId),
      db()
        .select({
          compoundId: r.compoundId,
          open: sql<number>`coalesce(sum(${r.status} != 'resolved'), 0)`,
          overdue: sql<number>`coalesce(sum(${r.status} = 'new' AND ${r.acknowledgeBy} < ${now.getTime()}), 0)`,
          resolved: sql<number>`coalesce(sum(${r.resolvedAt} >= ${monthStart.getTime()}), 0)`,
          ratingSum: sql<number>`coalesce(sum(CASE WHEN ${r.ratedAt} >= ${monthStart.getTime()} THEN ${r.rating} END), 0)`,
          ratings: sql<number>`coalesce(sum(${r.ratedAt} >= ${monthStart.getTime()} AND ${r.rating} IS NOT NULL), 0)`,
        })
        .from(r)
        .where(inArray(r.compoundId, ids))
        .groupBy(r.compoundId),
      db()
        .select({ compoundId: r.compoundId, createdAt: r.createdAt, acknowledgedAt: r.acknowledgedAt })
        .from(r)
        .where(
          and(
            inArray(r.compoundId, ids),
            isNotNull(r.acknowledgedAt),
            gte(r.createdAt, new Date(now.getTime() - 30 * day)),
          ),
        ),
      countOutcomes(ids, community, timeZone, now),
    ]);

  const byId = new Map<number, CompoundFigures>(
    compounds.map((c) => [
      c.id,
      { compoundId: c.id, compoundName: c.name, ...emptyFigures(), ...outcomes.byCompound.get(c.id) },
    ]),
  );
  const at = (compoundId: number) => byId.get(compoundId);
  for (const row of coverage) {
    const f = at(row.compoundId);
    if (!f) continue;
    f.covered += row.n;
    f.withHelper += row.withHelper;
    if (row.level === "extreme") f.unpairedExtreme += row.n - row.withHelper;
    else f.unpairedHardship += row.n - row.withHelper;
  }
  for (const row of cadence) {
    const f = at(row.compoundId);
    if (!f) continue;
    f.visitedInCadence = row.onTime;
    f.visitsOverdue = row.n - row.onTime;
  }
  for (const row of borderline) {
    const f = at(row.compoundId);
    if (!f || row.level === "none") continue;
    const due = cadenceDueAt(row.level, new Date(row.lastDone), clock, now);
    if (due.getTime() > now.getTime()) {
      f.visitedInCadence += 1;
      f.visitsOverdue -= 1;
    }
  }
  for (const row of unrecorded) {
    const f = at(row.compoundId);
    if (f) f.unrecorded = row.n;
  }
  for (const row of verifications) {
    const f = at(row.compoundId);
    if (f) f.verificationsOverdue = row.n;
  }
  for (const row of help) {
    const f = at(row.compoundId);
    if (!f) continue;
    f.helpOpen = row.open;
    f.helpOverdue = row.overdue;
    f.helpResolvedThisMonth = row.resolved;
    f.helpRatings = row.ratings;
    f.helpRatingSum = row.ratingSum;
    f.helpRating = row.ratings ? Math.round((row.ratingSum / row.ratings) * 10) / 10 : null;
  }
  const waits = new Map<number, number[]>();
  for (const row of responses) {
    if (!row.acknowledgedAt) continue;
    const list = waits.get(row.compoundId) ?? [];
    list.push(row.acknowledgedAt.getTime() - row.createdAt.getTime());
    waits.set(row.compoundId, list);
  }
  for (const [compoundId, list] of waits) {
    const f = at(compoundId);
    if (f) f.helpMedianResponseMs = median(list);
  }

  const rows = [...byId.values()];
  const total = emptyFigures();
  for (const f of rows) {
    for (const key of Object.keys(total) as (keyof Figures)[]) {
      const value = f[key];
      if (key === "helpMedianResponseMs" || key === "helpRating") continue;
      if (typeof value === "number") total[key] += value;
    }
  }
  // The outcomes' total is counted apart: it holds what belongs to no compound, and each volunteer once.
  Object.assign(total, outcomes.total);
  total.helpMedianResponseMs = median(
    responses.flatMap((x) => (x.acknowledgedAt ? [x.acknowledgedAt.getTime() - x.createdAt.getTime()] : [])),
  );
  total.helpRating = total.helpRatings
    ? Math.round((total.helpRatingSum / total.helpRatings) * 10) / 10
    : null;
  return { compounds: rows, total, fundNetFen: outcomes.fundNetFen };
}

/** The median first response over the last 30 days of `compoundIds` together (for a total of some compounds). */
export async function medianResponseMs(
  compoundIds: readonly number[],
  now = new Date(),
): Promise<number | null> {
  const r = schema.helpRequests;
  if (compoundIds.length === 0) return null;
  const rows = await db()
    .select({ createdAt: r.createdAt, acknowledgedAt: r.acknowledgedAt })
    .from(r)
    .where(
      and(
        inArray(r.compoundId, [...compoundIds]),
        isNotNull(r.acknowledgedAt),
        gte(r.createdAt, new Date(now.getTime() - 30 * day)),
      ),
    );
  return median(
    rows.flatMap((x) => (x.acknowledgedAt ? [x.acknowledgedAt.getTime() - x.createdAt.getTime()] : [])),
  );
}

const urgentLimit = 5;

/** A gap the urgent list may show, before its lateness is reckoned against the moment of the read. */
export type UrgentCandidate =
  | { kind: "unpaired"; householdId: number; since: Date }
  | { kind: "help"; id: number; householdId: number; dueAt: Date }
  | { kind: "unrecorded"; id: number; householdId: number; endedAt: Date }
  | { kind: "verification"; householdId: number; dueAt: Date };

/** The gaps of the compounds that may be urgent: every unpaired extreme household, the most overdue of the rest. */
export async function urgentCandidates(compoundIds: number[], now: Date): Promise<UrgentCandidate[]> {
  const v = schema.visits;
  const r = schema.helpRequests;
  const lastEnded = sql<
    number | null
  >`(SELECT max(${p.endedAt}) FROM ${p} WHERE ${p.householdId} = ${householdId} AND ${p.role} = 'primary')`;
  const [unpaired, help, visits, verifications] = await Promise.all([
    db()
      .select({ id: h.id, createdAt: h.createdAt, lastEnded })
      .from(h)
      .where(
        and(
          inArray(h.compoundId, compoundIds),
          eq(h.status, "active"),
          eq(h.hardshipLevel, "extreme"),
          sql`NOT ${hasHelper}`,
        ),
      ),
    db()
      .select({ id: r.id, householdId: r.householdId, dueAt: r.acknowledgeBy })
      .from(r)
      .where(and(inArray(r.compoundId, compoundIds), eq(r.status, "new"), lt(r.acknowledgeBy, now)))
      .orderBy(asc(r.acknowledgeBy))
      .limit(urgentLimit),
    db()
      .select({ id: v.id, householdId: v.householdId, endedAt: v.endsAt })
      .from(v)
      .where(
        and(
          inArray(v.compoundId, compoundIds),
          eq(v.status, "scheduled"),
          lt(v.endsAt, new Date(now.getTime() - volunteerEscalationMs)),
        ),
      )
      .orderBy(asc(v.endsAt))
      .limit(urgentLimit),
    db()
      .select({ id: h.id, dueAt: h.nextVerificationDue })
      .from(h)
      .where(
        and(
          inArray(h.compoundId, compoundIds),
          eq(h.status, "active"),
          eq(h.hardshipLevel, "extreme"),
          lt(h.nextVerificationDue, now),
        ),
      )
      .orderBy(asc(h.nextVerificationDue))
      .limit(urgentLimit),
  ]);
  return [
    ...unpaired.map((x): UrgentCandidate => ({
      kind: "unpaired",
      householdId: x.id,
      since: x.lastEnded ? new Date(x.lastEnded) : x.createdAt,
    })),
    ...help.map((x): UrgentCandidate => ({ kind: "help", ...x })),
    ...visits.map((x): UrgentCandidate => ({ kind: "unrecorded", ...x })),
    ...verifications.flatMap((x): UrgentCandidate[] =>
      x.dueAt ? [{ kind: "verification", householdId: x.id, dueAt: x.dueAt }] : [],
    ),
  ];
}

/**
 * The most overdue gaps across the compounds, at most five, the latest first; their households are logged.
 * `candidates` may come from a cache (decision 038): lateness is reckoned here, at `now`.
 */
export async function urgentItems(
  actor: Actor,
  compoundIds: number[],
  ctx: ReadContext,
  now: Date,
  candidates?: UrgentCandidate[],
): Promise<UrgentItem[]> {
  type Draft = UrgentCandidate & { lateMs: number };
  const drafts = (candidates ?? (await urgentCandidates(compoundIds, now))).flatMap((c): Draft[] => {
    switch (c.kind) {
      case "unpaired": {
        const lateMs = now.getTime() - c.since.getTime();
        // Unpaired for a month is the line the committee draws: before it, pairing is still in hand.
        return lateMs >= unpairedUrgentMs ? [{ ...c, lateMs }] : [];
      }
      case "help":
      case "verification":
        return [{ ...c, lateMs: now.getTime() - c.dueAt.getTime() }];
      case "unrecorded":
        return [{ ...c, lateMs: now.getTime() - c.endedAt.getTime() - volunteerEscalationMs }];
    }
  });
  // An unpaired extreme household outranks the rest at equal lateness: nobody is looking after it at all.
  const weight = (d: Draft) => (d.kind === "unpaired" ? d.lateMs * 2 : d.lateMs);
  const chosen = drafts.sort((a, b) => weight(b) - weight(a)).slice(0, urgentLimit);
  const briefs = new Map(
    (
      await recordHouseholdBriefs(
        actor.id,
        chosen.map((d) => d.householdId),
        ctx,
      )
    ).map((b) => [b.id, b]),
  );
  return chosen.flatMap((d): UrgentItem[] => {
    const household = briefs.get(d.householdId);
    if (!household) return [];
    switch (d.kind) {
      case "unpaired":
        return [{ kind: d.kind, household, since: d.since, lateMs: d.lateMs }];
      case "help":
        return [{ kind: d.kind, id: d.id, household, dueAt: d.dueAt, lateMs: d.lateMs }];
      case "unrecorded":
        return [{ kind: d.kind, id: d.id, household, endedAt: d.endedAt, lateMs: d.lateMs }];
      case "verification":
        return [{ kind: d.kind, household, dueAt: d.dueAt, lateMs: d.lateMs }];
    }
  });
}
