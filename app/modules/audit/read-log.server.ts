// Reads of household data leave a trace in the audit log without each page paying for a write transaction:
// entries wait here up to `flushAfterMs` and go in as one multi-row insert through the write queue. A crash
// may lose the reads of that last moment, never a change (changes are audited in their own transaction); see
// docs/decisions/014-one-source-of-scope.md. Repeated listings of one household to one person for one purpose
// within `listingWindowMs` are kept once: a feed polled every few minutes is one trace, not hundreds.
import { getDatabase, schema } from "#db/client.server";
import { auditRow, type AuditEntry } from "./audit.server";

export const flushAfterMs = 250;
const flushAtRows = 500;
/** SQLite binds at most 32,766 values; an audit row takes seven. */
const rowsPerInsert = 1000;
export const listingWindowMs = 15 * 60_000;
const listedAction = "household.listed";

type Row = typeof schema.auditLog.$inferInsert;

const pending: Row[] = [];
const lastListed = new Map<string, number>();
let timer: ReturnType<typeof setTimeout> | null = null;
let writing: Promise<void> = Promise.resolve();

/** Queues read entries; they reach the database within `flushAfterMs` (or at once in tests). */
export function logReads(entries: readonly AuditEntry[], now = new Date()): void {
  for (const entry of entries) {
    if (entry.action === listedAction && listedRecently(entry, now.getTime())) continue;
    pending.push(auditRow(entry, now));
  }
  if (pending.length === 0) return;
  if (pending.length >= flushAtRows || process.env.NODE_ENV === "test") void flushReadLog();
  else if (!timer) {
    timer = setTimeout(() => void flushReadLog(), flushAfterMs);
    timer.unref();
  }
}

function listedRecently(entry: AuditEntry, now: number): boolean {
  const key = `${entry.actorId}:${entry.targetId}:${JSON.stringify(entry.details?.via ?? null)}`;
  const last = lastListed.get(key);
  if (last !== undefined && now - last < listingWindowMs) return true;
  if (lastListed.size > 50_000)
    for (const [k, at] of lastListed) if (now - at >= listingWindowMs) lastListed.delete(k);
  lastListed.set(key, now);
  return false;
}

/** Writes every queued entry; resolves when they are in the database. Tests and shutdown await it. */
export function flushReadLog(): Promise<void> {
  if (timer) clearTimeout(timer);
  timer = null;
  const rows = pending.splice(0);
  if (rows.length > 0)
    writing = writing.then(() =>
      getDatabase()
        .write(async (tx) => {
          for (let i = 0; i < rows.length; i += rowsPerInsert)
            await tx.insert(schema.auditLog).values(rows.slice(i, i + rowsPerInsert));
        })
        .catch((error: unknown) => {
          // Kept for the next flush rather than dropped: a busy database is not a reason to forget a read.
          pending.unshift(...rows);
          timer ??= setTimeout(() => void flushReadLog(), flushAfterMs);
          timer.unref();
          console.error("[lianxin] read log not written, kept for the next flush:", error);
        }),
    );
  return writing;
}

/** Forgets which listings were logged lately (tests that read the same list twice on purpose). */
export function forgetRecentListings(): void {
  lastListed.clear();
}

// server.ts and the email worker's shutdown find this through a global symbol: they load their own copy of the
// app's modules, and the queue to flush is the build's.
(globalThis as { [key: symbol]: unknown })[Symbol.for("lianxin.flushReadLog")] = flushReadLog;
