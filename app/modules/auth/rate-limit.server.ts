// Abuse limits kept in the database, so that every app process counts the same attempts. Each change is
// one conditional UPSERT through the write queue; callers pass `now` so tests control the clock. Two kinds:
// fixed-window limits (emails, registrations) and throttles, which slow failures down by a doubling wait
// instead of locking anyone out (sign-in; docs/decisions/016-trust-boundaries.md).
import { eq, sql } from "drizzle-orm";
import { db, getDatabase, schema } from "#db/client.server";

export interface Limit {
  /** How many events the window allows. */
  max: number;
  windowMs: number;
  /** Once `max` is reached, the key stays blocked this long from the last event (default: to the window's end). */
  lockoutMs?: number;
}

const minute = 60 * 1000;
const hour = 60 * minute;
const day = 24 * hour;

/** The limits DESIGN.md and issue 4 ask for; one place to tune them. */
export const limits = {
  emailsPerAddress: { max: 5, windowMs: hour },
  emailsPerIp: { max: 20, windowMs: hour },
  registrationsPerIp: { max: 10, windowMs: hour },
  /** Texted codes (decision 027): each costs money and lands on someone's phone. */
  textsPerNumber: { max: 5, windowMs: hour },
  textsPerIp: { max: 20, windowMs: hour },
  /** Help asked from a connection card's QR, without an account (decision 023). */
  cardRequestsPerCard: { max: 5, windowMs: day },
  cardRequestsPerIp: { max: 10, windowMs: hour },
  /** Claims of a household (decision 022): a few typing mistakes a day, not a search of the registry. */
  claimsPerAccount: { max: 5, windowMs: day },
  /** Service certificates checked on the public page, by QR or typed code: a school checks a few, not thousands. */
  certificateChecksPerIp: { max: 30, windowMs: hour },
} satisfies Record<string, Limit>;

export type Blocked = { blocked: true; retryAfterSeconds: number };
export type RateCheck = { blocked: false } | Blocked;

/** Counts one event against `key` and says whether it went over the limit. */
export async function hit(key: string, limit: Limit, now = new Date()): Promise<RateCheck> {
  const t = now.getTime();
  const windowEnd = t + limit.windowMs;
  const lockEnd = t + (limit.lockoutMs ?? limit.windowMs);
  const { rateLimits: r } = schema;
  const [row] = await getDatabase().writeAtomic((d) =>
    d
      .insert(r)
      .values({ key, count: 1, resetAt: new Date(limit.max <= 1 ? lockEnd : windowEnd) })
      .onConflictDoUpdate({
        target: r.key,
        set: {
          // An expired counter starts again at 1; reaching the limit extends the block to the lockout, once:
          // attempts while blocked do not push it further, or one request a day would keep a form shut.
          count: sql`CASE WHEN ${r.resetAt} <= ${t} THEN 1 ELSE ${r.count} + 1 END`,
          resetAt: sql`CASE WHEN ${r.resetAt} <= ${t} THEN ${windowEnd}
            WHEN ${r.count} + 1 = ${limit.max} THEN MAX(${r.resetAt}, ${lockEnd})
            ELSE ${r.resetAt} END`,
        },
      })
      .returning({ count: r.count, resetAt: r.resetAt }),
  );
  if (!row || row.count <= limit.max) return { blocked: false };
  return blockedUntil(row.resetAt, now);
}

/** Whether `key` has already used up its limit, without counting anything. */
export async function check(key: string, limit: Limit, now = new Date()): Promise<RateCheck> {
  const row = await db().query.rateLimits.findFirst({ where: eq(schema.rateLimits.key, key) });
  if (!row || row.resetAt.getTime() <= now.getTime() || row.count < limit.max) return { blocked: false };
  return blockedUntil(row.resetAt, now);
}

export async function reset(key: string): Promise<void> {
  await getDatabase().writeAtomic((d) => d.delete(schema.rateLimits).where(eq(schema.rateLimits.key, key)));
}

/** Counts against every key at once; blocked when any of them is over its limit. */
export async function hitAll(entries: [string, Limit][], now = new Date()): Promise<RateCheck> {
  let worst: RateCheck = { blocked: false };
  for (const [key, limit] of entries) {
    const result = await hit(key, limit, now);
    if (result.blocked && (!worst.blocked || result.retryAfterSeconds > worst.retryAfterSeconds))
      worst = result;
  }
  return worst;
}

function blockedUntil(resetAt: Date, now: Date): Blocked {
  return {
    blocked: true,
    retryAfterSeconds: Math.max(1, Math.ceil((resetAt.getTime() - now.getTime()) / 1000)),
  };
}

/**
 * A throttle: `free` failures cost nothing; each one after them makes the next attempt wait, starting at
 * `firstWaitMs` and doubling up to `maxWaitMs`. The count is forgotten `forgetMs` after the last failure.
 */
export interface Throttle {
  free: number;
  firstWaitMs: number;
  maxWaitMs: number;
  forgetMs: number;
}

/**
 * Sign-in guesses: per account from browsers it does not know (5 free, then 1, 2, 4… up to 15 minutes
 * between guesses: at most about a hundred a day), and per address over all accounts (50 free, so that a
 * whole community centre behind one address can mistype).
 */
export const throttles = {
  signInAccount: { free: 5, firstWaitMs: minute, maxWaitMs: 15 * minute, forgetMs: day },
  signInAddress: { free: 50, firstWaitMs: minute, maxWaitMs: 15 * minute, forgetMs: hour },
} satisfies Record<string, Throttle>;

/** How long the attempt after `failures` failures must wait. */
export function throttleWaitMs(throttle: Throttle, failures: number): number {
  if (failures <= throttle.free) return 0;
  return Math.min(throttle.maxWaitMs, throttle.firstWaitMs * 2 ** (failures - throttle.free - 1));
}

// A throttle's row keeps the failure count and `resetAt` = last failure + forgetMs, so the last failure's
// time is `resetAt - forgetMs`, and the retention sweep removes a row once it is forgotten.
function throttleState(throttle: Throttle, row: { count: number; resetAt: Date } | undefined, now: Date) {
  const wait = row && row.resetAt.getTime() > now.getTime() ? throttleWaitMs(throttle, row.count) : 0;
  if (!row || wait === 0) return { blocked: false } as const;
  // Another process's clock may run ahead: a failure "after" now counts as now, never as a longer wait.
  const lastFailure = Math.min(row.resetAt.getTime() - throttle.forgetMs, now.getTime());
  const until = lastFailure + wait;
  return until > now.getTime() ? blockedUntil(new Date(until), now) : ({ blocked: false } as const);
}

/** Counts a failure against `key`; says how long the next attempt must wait. */
export async function throttleFailure(key: string, throttle: Throttle, now = new Date()): Promise<RateCheck> {
  const t = now.getTime();
  const { rateLimits: r } = schema;
  const [row] = await getDatabase().writeAtomic((d) =>
    d
      .insert(r)
      .values({ key, count: 1, resetAt: new Date(t + throttle.forgetMs) })
      .onConflictDoUpdate({
        target: r.key,
        set: {
          count: sql`CASE WHEN ${r.resetAt} <= ${t} THEN 1 ELSE ${r.count} + 1 END`,
          resetAt: new Date(t + throttle.forgetMs),
        },
      })
      .returning({ count: r.count, resetAt: r.resetAt }),
  );
  return throttleState(throttle, row, now);
}

/** Whether an attempt against `key` must still wait, without counting anything. */
export async function throttleWait(key: string, throttle: Throttle, now = new Date()): Promise<RateCheck> {
  const row = await db().query.rateLimits.findFirst({ where: eq(schema.rateLimits.key, key) });
  return throttleState(throttle, row, now);
}

/** Minutes to show a person who must wait, rounded up so "0 minutes" never appears. */
export function waitMinutes(b: Blocked): number {
  return Math.max(1, Math.ceil(b.retryAfterSeconds / 60));
}
