// Each user's private feed link: a random token of 160 bits in the URL, only its SHA-256 in the database.
// Making a new one replaces the old hash in one statement, so the old link stops working at once; the token
// is shown once, to its owner, and never written to the audit log. Decision 011.
import { sha256 } from "@oslojs/crypto/sha2";
import { encodeBase32LowerCaseNoPadding } from "@oslojs/encoding";
import { and, eq } from "drizzle-orm";
import { audit } from "#app/modules/audit/audit.server";
import { db, getDatabase, schema, type Queryable } from "#db/client.server";

const { calendarFeeds } = schema;

/** 20 bytes, base32 without padding: 32 characters of a-z and 2-7. */
const tokenPattern = /^[a-z2-7]{32}$/;

function newToken(): string {
  const bytes = new Uint8Array(20);
  crypto.getRandomValues(bytes);
  return encodeBase32LowerCaseNoPadding(bytes);
}

function hashToken(token: string): Buffer {
  return Buffer.from(sha256(new TextEncoder().encode(token)));
}

export interface FeedStatus {
  createdAt: Date;
  lastFetchedAt: Date | null;
}

export interface Feed extends FeedStatus {
  id: number;
  userId: number;
}

/** The user's feed, without its token (which is not kept); null when they have none. */
export async function feedStatus(userId: number): Promise<FeedStatus | null> {
  const row = await db().query.calendarFeeds.findFirst({
    where: eq(calendarFeeds.userId, userId),
    columns: { createdAt: true, lastFetchedAt: true },
  });
  return row ?? null;
}

/**
 * Makes the user's feed link, or a new one in place of the old, and returns the token: the only time it exists
 * outside the URL the user copies.
 */
export async function createFeed(
  userId: number,
  meta: { ip?: string | null } = {},
  now = new Date(),
): Promise<string> {
  const token = newToken();
  const tokenHash = hashToken(token);
  await getDatabase().write(async (tx) => {
    const existing = await tx.query.calendarFeeds.findFirst({
      where: eq(calendarFeeds.userId, userId),
      columns: { id: true },
    });
    const [row] = await tx
      .insert(calendarFeeds)
      .values({ userId, tokenHash, createdAt: now, lastFetchedAt: null })
      .onConflictDoUpdate({
        target: calendarFeeds.userId,
        set: { tokenHash, createdAt: now, lastFetchedAt: null },
      })
      .returning({ id: calendarFeeds.id });
    await audit(tx, {
      actorId: userId,
      action: existing ? "calendar.feed.regenerate" : "calendar.feed.create",
      targetType: "calendarFeed",
      targetId: row?.id,
      ip: meta.ip ?? null,
    });
  });
  return token;
}

/** Turns the user's feed off: its link answers 404 from now on. False when there was none. */
export async function revokeFeed(userId: number, meta: { ip?: string | null } = {}): Promise<boolean> {
  return getDatabase().write(async (tx) => {
    const removed = await tx
      .delete(calendarFeeds)
      .where(eq(calendarFeeds.userId, userId))
      .returning({ id: calendarFeeds.id });
    const [row] = removed;
    if (!row) return false;
    await audit(tx, {
      actorId: userId,
      action: "calendar.feed.revoke",
      targetType: "calendarFeed",
      targetId: row.id,
      ip: meta.ip ?? null,
    });
    return true;
  });
}

/**
 * The feed a token names, or null. Looked up by the token's hash: with 160 random bits there is nothing to
 * learn from how long a miss takes, so no separate id and constant-time compare are needed.
 */
export async function findFeed(token: string): Promise<Feed | null> {
  if (!tokenPattern.test(token)) return null;
  const row = await db().query.calendarFeeds.findFirst({
    where: eq(calendarFeeds.tokenHash, hashToken(token)),
    columns: { id: true, userId: true, createdAt: true, lastFetchedAt: true },
  });
  return row ?? null;
}

const fetchedResolutionMs = 5 * 60 * 1000;

/** Records a fetch, at most once every few minutes, so that a busy feed does not write on every request. */
export async function noteFetched(feed: Feed, now = new Date()): Promise<void> {
  if (feed.lastFetchedAt && now.getTime() - feed.lastFetchedAt.getTime() < fetchedResolutionMs) return;
  await getDatabase().writeAtomic((d) =>
    d
      .update(calendarFeeds)
      .set({ lastFetchedAt: now })
      // Not once the link has been regenerated meanwhile: the new link has not been fetched yet.
      .where(and(eq(calendarFeeds.id, feed.id), eq(calendarFeeds.createdAt, feed.createdAt))),
  );
}

/** Inside another change (an account leaving): the user's feed link stops working with it. */
export async function revokeFeedIn(tx: Queryable, userId: number): Promise<boolean> {
  const removed = await tx
    .delete(calendarFeeds)
    .where(eq(calendarFeeds.userId, userId))
    .returning({ id: calendarFeeds.id });
  return removed.length > 0;
}
