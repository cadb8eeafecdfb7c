// Reads of household data leave a trace in the audit log without each page paying for a write transaction:
// entries wait here up to `flushAfterMs` and go in as one multi-row insert through the write queue. A crash
// may lose the reads of that last moment, never a change (changes are audited in their own transaction); see
// docs/decisions/014-one-source-of-scope.md. Repeated listings of one household to one person for one purpose
// within `listingWindowMs` are kept once: a feed polled every few minutes is one trace, not hundreds.
import { getDatabase, schema, type Database } from "#db/client.server";
import { auditRow, type AuditEntry } from "./audit.server";

export const flushAfterMs = 250;
const flushAtRows = 500;
/** SQLite binds at most 32,766 values; an audit row takes seven. */
const rowsPerInsert = 1000;
export const listingWindowMs = 15 * 60_000;
const listedAction = "household.listed";

type Row = typeof schema.auditLog.$inferInsert;

/**
 * Each entry with the database it was read from (a process that switches databases, as tests and the bench do,
 * writes each entry where its household is) and the flushes that failed to write it.
 */
interface Pending {
  database: Database;
  row: Row;
  failures: number;
}
/** A busy or briefly unavailable database is retried; an entry that fails this often never will be written. */
const maxFailures = 3;

const pending: Pending[] = [];
const lastListed = new Map<string, number>();
let timer: ReturnType<typeof setTimeout> | null = null;
let writing: Promise<void> = Promise.resolve();

/** Queues read entries; they reach the database within `flushAfterMs` (or at once in tests). */
export function logReads(entries: readonly AuditEntry[], now = new Date()): void {
  for (const entry of entries) {
    if (entry.action === listedAction && listedRecently(entry, now.getTime())) continue;
    pending.push({ database: getDatabase(), row: auditRow(entry, now), failures: 0 });
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
  const taken = pending.splice(0);
  const byDatabase = new Map<Database, Pending[]>();
  for (const entry of taken) {
    const entries = byDatabase.get(entry.database);
    if (entries) entries.push(entry);
    else byDatabase.set(entry.database, [entry]);
  }
  for (const [database, entries] of byDatabase)
    writing = writing.then(() =>
      database
        .write(async (tx) => {
          const rows = entries.map((e) => e.row);
          for (let i = 0; i < rows.length; i += rowsPerInsert)
            await tx.insert(schema.auditLog).values(rows.slice(i, i + rowsPerInsert));
        })
        .catch((error: unknown) => {
          // Kept for the next flush rather than dropped: a busy database is not a reason to forget a read. An
          // entry that keeps failing (a closed database, a constraint) is let go, or it would be retried for ever.
          const retried = entries
            .map((e) => ({ ...e, failures: e.failures + 1 }))
            .filter((e) => e.failures < maxFailures);
          pending.unshift(...retried);
          if (retried.length > 0) {
            timer ??= setTimeout(() => void flushReadLog(), flushAfterMs);
            timer.unref();
          }
          const dropped = entries.length - retried.length;
          console.error(
            `[lianxin] read log not written (${String(retried.length)} kept for the next flush, ${String(dropped)} dropped after ${String(maxFailures)} tries):`,
            error instanceof Error ? error.message : error,
          );
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
