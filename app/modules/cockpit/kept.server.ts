// The cockpit's figures kept in cockpit_figures (decision 038), so that the organizer's and admin's home read a
// few hundred rows by primary key instead of counting every household. The fresh count (countFigures,
// trendsByCompound) stays the one source of truth: a tick refreshes every compound from it each minute, a
// write that changes a figure marks its compound stale in its own transaction (changes.server.ts) so the next
// read refreshes it first, and a read finding its rows missing or older than three ticks refreshes them itself.
import cluster from "node:cluster";
import { and, eq, inArray, lte, ne, sql } from "drizzle-orm";
import { db, getDatabase, schema } from "#db/client.server";
import type { Actor } from "#app/modules/auth/policy";
import type { ReadContext } from "#app/modules/households/reader.server";
import { fundNetFen as countFundNet } from "#app/modules/material/ledger.server";
import { getSettings } from "#app/modules/settings/settings.server";
import { communityRow as community, staleKey } from "./changes.server";
import {
  cockpitCompounds,
  compoundsNamed,
  countFigures,
  emptyFigures,
  medianResponseMs,
  urgentCandidates,
  urgentItems,
  type CockpitCompound,
  type CompoundFigures,
  type Figures,
  type UrgentCandidate,
  type UrgentItem,
} from "./figures.server";
import {
  addTrends,
  emptyTrends,
  trendMonths,
  trendSeries,
  trendsByCompound,
  type Trends,
} from "./trends.server";

export const cockpitTickMs = 60_000;
/**
 * Rows older than this are refreshed by the read itself (the tick has stopped). Long, because the tick slows
 * down where a full count is slow (10×), and a read should never wait for one while rows are there.
 */
export const keptMaxAgeMs = 15 * cockpitTickMs;

type Kept = Record<string, number | null>;
const figureKeys = (f: Figures) => Object.keys(f).filter((k) => k !== "helpRating") as (keyof Figures)[];

function figureRows(f: Figures): Kept {
  const out: Kept = {};
  for (const key of figureKeys(f)) out[key] = f[key];
  return out;
}

function trendRows(t: Trends): Kept {
  const out: Kept = {};
  for (const key of trendSeries)
    t.months.forEach((month, i) => (out[`trend.${key}.${month}`] = t[key][i] ?? 0));
  return out;
}

/** Recounts the figures of `scope`'s compounds (and, for "all", the community's row) and keeps them. */
export async function refreshCockpitFigures(
  scope: "all" | readonly number[],
  now = new Date(),
): Promise<void> {
  const all = scope === "all";
  const compounds = await compoundsNamed(scope);
  const ids = compounds.map((c) => c.id);
  const f = schema.cockpitFigures;
  const kept = all ? [...ids, community] : ids;
  // The marks this count answers: those committed before it reads anything (later ones stay, for the next read).
  const [seen] = await db()
    .select({ at: sql<number | null>`max(${f.computedAt})` })
    .from(f)
    .where(and(inArray(f.compoundId, kept), eq(f.key, staleKey)));
  const [count, trends] = await Promise.all([countFigures(compounds, all, now), trendsByCompound(ids, now)]);
  const rows: { compoundId: number; key: string; value: number | null; computedAt: Date }[] = [];
  const push = (compoundId: number, kept: Kept) => {
    for (const [key, value] of Object.entries(kept)) rows.push({ compoundId, key, value, computedAt: now });
  };
  for (const f of count.compounds) {
    push(f.compoundId, {
      ...figureRows(f),
      ...trendRows(trends.byCompound.get(f.compoundId) ?? emptyTrends(trends.months)),
    });
  }
  const fundNetFen = all ? count.fundNetFen : await countFundNet();
  if (all) {
    const total = [...trends.byCompound.values()].reduce(addTrends, emptyTrends(trends.months));
    push(community, { ...figureRows(count.total), ...trendRows(total), fundNetFen });
  }
  await getDatabase().write(async (tx) => {
    await tx.delete(f).where(and(inArray(f.compoundId, kept), ne(f.key, staleKey)));
    const answered = seen?.at;
    if (answered != null)
      await tx
        .delete(f)
        .where(and(inArray(f.compoundId, kept), eq(f.key, staleKey), lte(f.computedAt, new Date(answered))));
    for (let i = 0; i < rows.length; i += 500) await tx.insert(f).values(rows.slice(i, i + 500));
    if (!all)
      await tx
        .insert(f)
        .values({ compoundId: community, key: "fundNetFen", value: fundNetFen, computedAt: now })
        .onConflictDoUpdate({ target: [f.compoundId, f.key], set: { value: fundNetFen, computedAt: now } });
  });
}

/** Refreshes in flight, by scope: reads arriving together (and the tick) share one count. */
const refreshing = new Map<string, Promise<void>>();

function refreshShared(scope: "all" | readonly number[], now: Date): Promise<void> {
  const key = scope === "all" ? "all" : [...scope].sort((x, y) => x - y).join(",");
  let running = refreshing.get(key);
  if (!running) {
    running = refreshCockpitFigures(scope, now).finally(() => refreshing.delete(key));
    refreshing.set(key, running);
  }
  return running;
}

function refreshAll(now: Date): Promise<void> {
  return refreshShared("all", now);
}

/** The kept rows of `compoundIds` that `wanted` keeps, and when the oldest of them (the fund's aside) was counted. */
async function readKept(
  compoundIds: readonly number[],
  wanted: (compoundId: number, key: string) => boolean,
  trendsOf: "community" | "compounds",
) {
  const f = schema.cockpitFigures;
  // Twelve months of every compound are most of the rows: read only the trends the page shows.
  const trendRowsOf =
    trendsOf === "community" ? sql`${f.compoundId} = ${community}` : sql`${f.compoundId} <> ${community}`;
  const rows = await db()
    .select()
    .from(f)
    .where(
      and(inArray(f.compoundId, [...compoundIds]), sql`(${f.key} NOT LIKE 'trend.%' OR ${trendRowsOf})`),
    );
  const byCompound = new Map<number, Kept>();
  let oldest: number | null = null;
  const stale = new Set<number>();
  for (const r of rows) {
    if (r.key === staleKey) stale.add(r.compoundId);
    if (!wanted(r.compoundId, r.key)) continue;
    const kept = byCompound.get(r.compoundId) ?? {};
    kept[r.key] = r.value;
    byCompound.set(r.compoundId, kept);
    const at = r.computedAt.getTime();
    if (r.key !== "fundNetFen" && (oldest === null || at < oldest)) oldest = at;
  }
  return { byCompound, oldest, stale };
}

function figuresOf(kept: Kept, base: Figures): Figures {
  const out = { ...base };
  for (const key of figureKeys(base)) {
    const value = kept[key];
    if (value === undefined) continue;
    if (key === "helpMedianResponseMs") out[key] = value;
    else out[key] = value ?? 0;
  }
  out.helpRating = out.helpRatings ? Math.round((out.helpRatingSum / out.helpRatings) * 10) / 10 : null;
  return out;
}

function trendsOf(kept: Kept | undefined, months: string[]): Trends {
  const t = emptyTrends(months);
  for (const key of trendSeries) t[key] = months.map((m) => kept?.[`trend.${key}.${m}`] ?? 0);
  return t;
}

export interface KeptCockpit {
  compounds: CompoundFigures[];
  total: Figures;
  trends: Trends;
  urgent: UrgentItem[];
  /** The fund's net balance in fen (the community's one fund); null until first counted. */
  fundNetFen: number | null;
  /** When the oldest figure shown was counted. */
  computedAt: Date;
}

/** The cockpit as kept, refreshed first where a write changed it or the rows are missing or old. */
export async function keptCockpit(actor: Actor, ctx: ReadContext, now = new Date()): Promise<KeptCockpit> {
  const { compounds, community: all } = await cockpitCompounds(actor);
  const { timeZone } = await getSettings();
  const months = trendMonths(now, timeZone);
  if (compounds.length === 0) {
    const none = { compounds: [], total: emptyFigures(), fundNetFen: null, computedAt: now };
    return { ...none, trends: emptyTrends(months), urgent: [] };
  }
  const ids = compounds.map((c) => c.id);
  const kept = await keptFigures(compounds, all, months, now);
  const urgent = await urgentItems(actor, ids, ctx, now, await cachedCandidates(ids, kept.computedAt, now));
  return { ...kept, urgent };
}

/**
 * The urgent list's candidates, kept in the process for as long as the figures they stand beside: a recount
 * (after a pairing, or the tick's) starts a new list, and none is older than `urgentCacheMs`. Counting them
 * cost the admin's home most of its time (38 of 47 ms at full scale). Lateness is reckoned at each read.
 */
export const urgentCacheMs = 30_000;
const candidateCache = new Map<string, { counted: number; at: number; candidates: UrgentCandidate[] }>();

async function cachedCandidates(ids: number[], counted: Date, now: Date): Promise<UrgentCandidate[]> {
  const key = ids.join(",");
  const hit = candidateCache.get(key);
  if (
    hit &&
    hit.counted === counted.getTime() &&
    now.getTime() - hit.at < urgentCacheMs &&
    hit.at <= now.getTime()
  )
    return hit.candidates;
  const candidates = await urgentCandidates(ids, now);
  // Organizers' sets of compounds are few; a bound keeps an odd mix of them from growing the map.
  if (candidateCache.size > 200) candidateCache.clear();
  candidateCache.set(key, { counted: counted.getTime(), at: now.getTime(), candidates });
  return candidates;
}

async function keptFigures(compounds: readonly CockpitCompound[], all: boolean, months: string[], now: Date) {
  const ids = compounds.map((c) => c.id);
  const single = ids.length === 1;
  // The community's row gives the admin its total and trends, and everyone the fund; a compound's trends are
  // read only where they are the total's.
  const read = () =>
    readKept(
      [...ids, community],
      (id, key) => {
        if (key === staleKey) return false;
        if (key === "fundNetFen") return id === community;
        if (id === community) return all;
        return !key.startsWith("trend.") || !all;
      },
      all ? "community" : "compounds",
    );
  let kept = await read();
  const complete = ids.every((id) => kept.byCompound.has(id)) && (!all || kept.byCompound.has(community));
  const marked = all ? kept.stale.has(community) : ids.some((id) => kept.stale.has(id));
  const missing = !complete || kept.oldest === null || kept.oldest < now.getTime() - keptMaxAgeMs;
  if (missing || (marked && !all)) {
    // An organizer's own compounds are counted at once after a write (one compound is quick); rows missing or
    // long stale are counted before the page shows them.
    await (all ? refreshAll(now) : refreshShared(ids, now));
    kept = await read();
  } else if (marked) {
    // Every compound at once is slow at scale: the admin sees the kept rows and the recount follows.
    void refreshAll(now).catch((error: unknown) =>
      console.error("lianxin: refreshing the cockpit's figures failed", error),
    );
  }
  const zero = emptyFigures();
  const rows: CompoundFigures[] = compounds.map((c) => ({
    compoundId: c.id,
    compoundName: c.name,
    ...figuresOf(kept.byCompound.get(c.id) ?? {}, zero),
  }));
  let total: Figures;
  let trends: Trends;
  if (all) {
    total = figuresOf(kept.byCompound.get(community) ?? {}, zero);
    trends = trendsOf(kept.byCompound.get(community), months);
  } else if (single && rows[0]) {
    const { compoundId: _id, compoundName: _name, ...only } = rows[0];
    total = only;
    trends = trendsOf(kept.byCompound.get(ids[0] ?? community), months);
  } else {
    // Some compounds but not all: their sum; the median is not a sum, so it is counted for them together.
    total = { ...zero };
    for (const r of rows)
      for (const key of figureKeys(zero)) if (key !== "helpMedianResponseMs") total[key] += r[key] ?? 0;
    total = figuresOf({ helpMedianResponseMs: await medianResponseMs(ids, now) }, total);
    trends = ids
      .map((id) => trendsOf(kept.byCompound.get(id), months))
      .reduce(addTrends, emptyTrends(months));
  }
  return {
    compounds: rows,
    total,
    trends,
    fundNetFen: kept.byCompound.get(community)?.fundNetFen ?? null,
    computedAt: new Date(kept.oldest ?? now.getTime()),
  };
}

/**
 * Refreshes every compound's kept figures about each minute, from one process only (the first of the cluster,
 * or `npm run worker`): a full count runs on the process's own thread. The pause after a count is at least
 * twenty times its length, so that at 10× (a count of seconds) the process spends at most 5% of its time on it.
 */
export function startCockpitTick(intervalMs = cockpitTickMs): () => void {
  if (cluster.isWorker && cluster.worker?.id !== 1) return () => undefined;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  const tick = async () => {
    const started = Date.now();
    try {
      await refreshAll(new Date());
    } catch (error) {
      console.error("lianxin: refreshing the cockpit's figures failed", error);
    }
    if (stopped) return;
    timer = setTimeout(() => void tick(), Math.max(intervalMs, 20 * (Date.now() - started)));
    timer.unref();
  };
  void tick();
  return () => {
    stopped = true;
    clearTimeout(timer);
  };
}
