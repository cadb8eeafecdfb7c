// Abuse limits kept in the database, so that every app process counts the same attempts. Each change is
// one conditional UPSERT through the write queue; callers pass `now` so tests control the clock.
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

/** The limits DESIGN.md and issue 4 ask for; one place to tune them. */
export const limits = {
  signInFailuresPerAccount: { max: 10, windowMs: 10 * minute, lockoutMs: 10 * minute },
  signInFailuresPerIp: { max: 50, windowMs: 10 * minute, lockoutMs: 10 * minute },
  emailsPerAddress: { max: 5, windowMs: hour },
  emailsPerIp: { max: 20, windowMs: hour },
  registrationsPerIp: { max: 10, windowMs: hour },
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
          // An expired counter starts again at 1; reaching the limit extends the block to the lockout.
          count: sql`CASE WHEN ${r.resetAt} <= ${t} THEN 1 ELSE ${r.count} + 1 END`,
          resetAt: sql`CASE WHEN ${r.resetAt} <= ${t} THEN ${windowEnd}
            WHEN ${r.count} + 1 >= ${limit.max} THEN MAX(${r.resetAt}, ${lockEnd})
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

/** Minutes to show a person who must wait, rounded up so "0 minutes" never appears. */
export function waitMinutes(b: Blocked): number {
  return Math.max(1, Math.ceil(b.retryAfterSeconds / 60));
}
