// The outbox worker, one per channel (email, SMS): claims due outbox rows with a short lease kept alive by a heartbeat, renders them, freezes
// each provider request (its exact bytes, stored under its Idempotency-Key) before it leaves, and sends it at
// the configured request rate. Every later try of a request sends the frozen bytes, never a new rendering, so a
// crash, a dropped connection or a settings change cannot make one key carry two bodies. Several workers may
// share one database: claims are conditional updates inside BEGIN IMMEDIATE, and a worker sends only while its
// lease is certainly its own. Decision 018 names the states and the rules; decision 025 the second channel: a
// channel brings a composer (rows to messages, and what must wait or not go) and a transport.
import { randomUUID } from "node:crypto";
import { and, asc, eq, inArray, isNotNull, isNull, lt, lte, or, sql } from "drizzle-orm";
import { z } from "zod";
import type { SQLiteUpdateSetSource } from "drizzle-orm/sqlite-core";
import { schema, type Database, type Tx } from "#db/client.server";
import type { EmailKind, OutboxChannel } from "#db/schema/email";
import { optedOut, unsubscribeToken, userIdsByEmail } from "./preferences.server";
import { renderEmail } from "./render.server";
import { channelsOf, messageKindOfEmail, type ChannelChoice, type DeliveryChannel } from "./channels";
import { dataWithoutSecrets, maskHeaders } from "./secrets.server";
import type { DeliveryOutcome, EmailTransport, OutgoingEmail, Transport } from "./transport.server";
import {
  forgetSettledRequest,
  idempotencyWindowMs,
  requestKeyFor,
  storeRequest,
  type EncodedRequest,
} from "./requests.server";
import { getTemplate } from "#emails/registry";
import { defaultLocale, getT } from "#app/modules/i18n/i18n";

export type OutboxRow = typeof schema.emailOutbox.$inferSelect;

export interface WorkerClock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const realClock: WorkerClock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

export interface Sender {
  from: string;
  replyTo: string | null;
  communityName: string;
  /** The app's public origin, for unsubscribe links. */
  origin: string;
}

/** What a channel makes of claimed rows: requests to send, and the rows that fail, are cancelled or wait. */
export interface Composed<M> {
  /** Each group is one provider request, its rows in the order of its messages. */
  groups: { row: OutboxRow; message: M }[][];
  failed: { row: OutboxRow; error: string }[];
  /** Not sent, for good: the recipient opted out of this kind (the reason is kept as the row's error). */
  cancelled: { row: OutboxRow; reason: string }[];
  /** Back to the queue without using an attempt, due at `until` (now when null), with why. */
  held: { row: OutboxRow; until: number | null; reason: string | null }[];
}

export interface Composer<M> {
  compose(rows: OutboxRow[], transport: Transport<M>, now: number): Promise<Composed<M>>;
}

interface WorkerTuning {
  database: Database;
  ratePerSecond: number;
  maxAttempts: number;
  owner?: string;
  batchSize?: number;
  /** How long a claim holds its rows without a heartbeat: a dead worker's rows return after this. */
  leaseMs?: number;
  /** How often a batch in flight renews its lease (a third of the lease unless told). */
  heartbeatMs?: number;
  /** How long to wait when nothing is due. */
  idleMs?: number;
  /**
   * Batches in flight at once. Two let the next batch be claimed, rendered and frozen while the current
   * request waits for its slot or is on the wire; the pacer still spaces the requests.
   */
  concurrency?: number;
  clock?: WorkerClock;
  random?: () => number;
}

export interface OutboxWorkerOptions<M> extends WorkerTuning {
  channel: OutboxChannel;
  transport: Transport<M>;
  composer: Composer<M>;
  /** Read in each claim: while true the channel claims nothing (SMS paused on an exhausted balance). */
  paused?: (tx: Tx) => Promise<boolean>;
  /** Called in the transaction that puts back a request the provider refused for want of balance. */
  onPause?: (tx: Tx, error: string, at: Date) => Promise<void>;
}

export interface EmailWorkerOptions extends WorkerTuning {
  transport: EmailTransport;
  /** Read before each new batch, so a settings change applies without a restart (never to a frozen request). */
  sender: () => Promise<Sender>;
}

const backoffBaseMs = 2_000;
const backoffCapMs = 15 * 60_000;
const defaultRetryAfterMs = 1_000;
/** A key still being worked on by the provider (409 concurrent_idempotent_requests) is asked again after this. */
const inFlightWaitMs = 2_000;
/** Tries of one request within one claim: a 500 or a dropped connection is usually gone on the next slot. */
const triesPerClaim = 3;
/** Emails with attachments go one per request; a claim takes only a few, so the lease is not outlived. */
const singlesPerClaim = 4;
const address = z.email();

/** Spaces requests at the configured rate, and holds them all while the provider asked us to wait. */
export class RequestPacer {
  private nextAt = 0;
  private pausedUntil = 0;
  constructor(
    private readonly intervalMs: number,
    private readonly clock: WorkerClock,
  ) {}

  /**
   * Slots are booked ahead at the configured interval (a late wake-up does not push every later slot back);
   * a pause that arrives while a lane sleeps (another lane's 429) voids its slot, and it books again after it.
   */
  async acquire(): Promise<void> {
    for (;;) {
      const now = this.clock.now();
      const at = Math.max(now, this.nextAt, this.pausedUntil);
      this.nextAt = at + this.intervalMs;
      if (at > now) await this.clock.sleep(at - now);
      if (this.clock.now() >= this.pausedUntil) return;
    }
  }

  pauseUntil(at: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, at);
    this.nextAt = Math.max(this.nextAt, at);
  }
}

/** One provider request: its key, its frozen bytes, and its rows in the order of the emails in it. */
interface FrozenRequest {
  key: string;
  /** Whether an earlier try may have reached the provider (a resumed request, or one that met a fault). */
  uncertain?: boolean;
  encoded: EncodedRequest;
  rows: OutboxRow[];
}

/**
 * The rows of one claim and the lease on them. A heartbeat renews it while the claim is worked on; a renewal
 * that finds a row taken marks the lease lost, and nothing more is sent under it.
 */
class Lease {
  readonly held = new Set<number>();
  private until: number;
  private lost = false;
  private readonly timer: ReturnType<typeof setInterval>;

  constructor(
    private readonly worker: {
      now(): number;
      leaseMs: number;
      renewLease(ids: number[], until: number): Promise<number>;
    },
    rows: OutboxRow[],
    until: number,
    heartbeatMs: number,
  ) {
    for (const row of rows) this.held.add(row.id);
    this.until = until;
    // A renewal that cannot be written leaves the lease in doubt: treat it as lost and send nothing more.
    this.timer = setInterval(() => void this.renew().catch(() => this.lose()), heartbeatMs);
    this.timer.unref();
  }

  /**
   * Whether a request may leave now: the lease runs long enough past this moment that no other worker can
   * have taken these rows before the request is on the wire. Renews first when it is close to running out.
   */
  async ensure(): Promise<boolean> {
    if (this.lost) return false;
    if (this.worker.now() + this.worker.leaseMs / 2 < this.until) return true;
    return this.renew();
  }

  async renew(): Promise<boolean> {
    if (this.lost || this.held.size === 0) return !this.lost;
    const until = this.worker.now() + this.worker.leaseMs;
    const renewed = await this.worker.renewLease([...this.held], until);
    if (renewed < this.held.size) this.lose();
    else this.until = until;
    return !this.lost;
  }

  lose(): void {
    this.lost = true;
  }

  get isLost(): boolean {
    return this.lost;
  }

  release(): void {
    clearInterval(this.timer);
  }
}

export class OutboxWorker<M> {
  readonly owner: string;
  readonly channel: OutboxChannel;
  readonly leaseMs: number;
  private readonly clock: WorkerClock;
  private readonly random: () => number;
  private readonly pacer: RequestPacer | null;
  private readonly batchSize: number;
  private readonly heartbeatMs: number;
  private readonly idleMs: number;
  private stopping = false;
  private loop: Promise<void> | null = null;
  private readonly wakers = new Set<() => void>();

  constructor(private readonly options: OutboxWorkerOptions<M>) {
    this.channel = options.channel;
    this.owner = options.owner ?? `worker-${randomUUID()}`;
    this.clock = options.clock ?? realClock;
    this.random = options.random ?? Math.random;
    this.batchSize = options.batchSize ?? 100;
    this.leaseMs = options.leaseMs ?? 10_000;
    this.heartbeatMs = options.heartbeatMs ?? Math.round(this.leaseMs / 3);
    this.idleMs = options.idleMs ?? 1_000;
    this.pacer = options.transport.rateLimited
      ? new RequestPacer(1000 / options.ratePerSecond, this.clock)
      : null;
  }

  now(): number {
    return this.clock.now();
  }

  /** Runs until stop(): one batch after another, resting when nothing is due. */
  start(): void {
    if (this.loop) return;
    this.stopping = false;
    const lanes = Array.from({ length: this.options.concurrency ?? 2 }, async () => {
      while (!this.stopping) {
        let handled = 0;
        try {
          handled = await this.runOnce();
        } catch (error) {
          console.error(`lianxin: ${this.channel} worker:`, error instanceof Error ? error.message : error);
        }
        if (handled === 0 && !this.stopping) await this.rest();
      }
    });
    this.loop = Promise.all(lanes).then(() => undefined);
  }

  /** Finishes the batch in flight, then stops. */
  async stop(): Promise<void> {
    this.stopping = true;
    for (const wake of this.wakers) wake();
    await this.loop;
    this.loop = null;
  }

  private rest(): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wakers.delete(done);
        resolve();
      };
      const timer = setTimeout(done, this.idleMs);
      this.wakers.add(done);
    });
  }

  /** Claims and handles one batch. Returns how many rows it took (0 when nothing was due). */
  async runOnce(): Promise<number> {
    const rows = await this.claim();
    if (rows.length === 0) return 0;
    const lease = new Lease(this, rows, this.clock.now() + this.leaseMs, this.heartbeatMs);
    try {
      const key = rows[0]?.requestKey;
      const requests = key ? await this.resume(key, rows, lease) : await this.prepare(rows, lease);
      // A resumed request may have left before a crash or a dropped connection.
      if (key) for (const request of requests) request.uncertain = true;
      for (const request of requests) await this.deliver(request, lease);
    } finally {
      lease.release();
    }
    return rows.length;
  }

  /**
   * Takes the due rows: first a frozen request to send again (its rows share a request key), else up to a
   * batch of new rows. A row whose lease ran out counts as due.
   */
  private claim(): Promise<OutboxRow[]> {
    return this.options.database.write(async (tx) => {
      const now = new Date(this.clock.now());
      const t = schema.emailOutbox;
      if (await this.options.paused?.(tx)) return [];
      const due = and(
        eq(t.channel, this.channel),
        or(
          and(eq(t.status, "queued"), lte(t.nextAttemptAt, now)),
          and(eq(t.status, "sending"), lt(t.leaseUntil, now)),
        ),
      );
      const started = await tx
        .select({ requestKey: t.requestKey })
        .from(t)
        .where(and(due, isNotNull(t.requestKey)))
        .orderBy(asc(t.nextAttemptAt))
        .limit(1);
      const requestKey = started[0]?.requestKey;
      const ids = requestKey
        ? (
            await tx
              .select({ id: t.id })
              .from(t)
              .where(and(due, eq(t.requestKey, requestKey)))
          ).map((r) => r.id)
        : (
            await tx
              .select({ id: t.id })
              .from(t)
              .where(and(due, isNull(t.requestKey)))
              .orderBy(asc(t.nextAttemptAt), asc(t.id))
              .limit(this.batchSize)
          ).map((r) => r.id);
      if (ids.length === 0) return [];
      const rows = await tx
        .update(t)
        .set({
          status: "sending",
          leaseOwner: this.owner,
          leaseUntil: new Date(now.getTime() + this.leaseMs),
          attempts: sql`${t.attempts} + 1`,
          updatedAt: now,
        })
        .where(and(inArray(t.id, ids), due))
        .returning();
      return rows.sort((a, b) => a.id - b.id);
    });
  }

  /** Extends the lease on the rows this worker still holds; returns how many it still holds. */
  async renewLease(ids: number[], until: number): Promise<number> {
    const t = schema.emailOutbox;
    const renewed = await this.options.database.writeAtomic((db) =>
      db
        .update(t)
        .set({ leaseUntil: new Date(until) })
        .where(and(inArray(t.id, ids), eq(t.status, "sending"), eq(t.leaseOwner, this.owner)))
        .returning({ id: t.id }),
    );
    return renewed.length;
  }

  /**
   * New rows: compose, drop what cannot or must not be sent now, and freeze each remaining request (its bytes
   * stored, its key on its rows) in one transaction before anything leaves.
   */
  private async prepare(rows: OutboxRow[], lease: Lease): Promise<FrozenRequest[]> {
    const { transport } = this.options;
    const composed = await this.options.composer.compose(rows, transport, this.clock.now());
    const requests = composed.groups.map((group) =>
      this.freezable(
        group.map((p) => p.row),
        transport.encode(group.map((p) => p.message)),
      ),
    );
    const now = new Date(this.clock.now());
    const { failed, cancelled, held } = composed;
    for (const { row } of [...failed, ...cancelled, ...held]) lease.held.delete(row.id);
    await this.options.database.write(async (tx) => {
      for (const request of requests) await this.freeze(tx, request, lease);
      for (const { row, error } of failed) await this.mine(tx, [row.id], this.failure(error));
      for (const { row, reason } of cancelled)
        await this.mine(tx, [row.id], {
          status: "cancelled",
          lastError: reason,
          leaseOwner: null,
          leaseUntil: null,
          updatedAt: now,
        });
      for (const { row, until, reason } of held)
        await this.mine(tx, [row.id], {
          status: "queued",
          attempts: sql`${schema.emailOutbox.attempts} - 1`,
          ...(until === null ? {} : { nextAttemptAt: new Date(until) }),
          ...(reason === null ? {} : { lastError: reason }),
          leaseOwner: null,
          leaseUntil: null,
          updatedAt: now,
        });
    });
    return requests;
  }

  private freezable(rows: OutboxRow[], encoded: EncodedRequest): FrozenRequest {
    return { key: requestKeyFor(this.channel, encoded), encoded, rows };
  }

  /**
   * Stores the request's bytes under its key and puts the key on its rows, all or nothing: when a row is no
   * longer ours, the lease is lost and the request never leaves.
   */
  private async freeze(tx: Tx, request: FrozenRequest, lease: Lease): Promise<void> {
    await storeRequest(tx, this.channel, request.key, request.encoded, new Date(this.clock.now()));
    const marked = await this.mine(
      tx,
      request.rows.map((r) => r.id),
      { requestKey: request.key },
    );
    if (marked < request.rows.length) lease.lose();
  }

  /**
   * A frozen request, sent again exactly as it first left: same rows, same key, same bytes, no second look at
   * settings, templates or preferences. Rows frozen before bytes were kept (before decision 018) are rendered
   * once more and frozen now; the provider refuses them if that differs from what it took.
   */
  private async resume(key: string, rows: OutboxRow[], lease: Lease): Promise<FrozenRequest[]> {
    const stored = await this.options.database.db.query.outboxRequests.findFirst({
      where: eq(schema.outboxRequests.key, key),
    });
    const setAside = async (reason: "email:errors.windowPassed" | "email:errors.requestMismatch") => {
      const te = getT(defaultLocale);
      await this.options.database.write((tx) =>
        this.mine(
          tx,
          rows.map((r) => r.id),
          this.unconfirmed(te(reason)),
        ),
      );
      return [];
    };
    if (stored && this.clock.now() - stored.createdAt.getTime() > idempotencyWindowMs)
      return setAside("email:errors.windowPassed");
    if (stored) {
      const encoded = { endpoint: stored.endpoint, body: stored.body };
      if (this.options.transport.size(encoded) === rows.length) return [{ key, encoded, rows }];
      // The rows of a frozen request move together; if they no longer match it, sending could misfile them.
      return setAside("email:errors.requestMismatch");
    }
    const composed = await this.options.composer.compose(rows, this.options.transport, this.clock.now());
    const broken = [
      ...composed.failed,
      ...[...composed.cancelled, ...composed.held].map(({ row, reason }) => ({ row, error: reason ?? "" })),
    ];
    const ok = composed.groups.flat();
    const request =
      ok.length > 0
        ? {
            key,
            rows: ok.map((o) => o.row),
            encoded: this.options.transport.encode(ok.map((o) => o.message)),
          }
        : null;
    for (const { row } of broken) lease.held.delete(row.id);
    await this.options.database.write(async (tx) => {
      for (const { row, error } of broken) await this.mine(tx, [row.id], this.failure(error));
      if (request) await this.freeze(tx, request, lease);
    });
    return request ? [request] : [];
  }

  /**
   * Sends one frozen request, trying it again at the next free slot when the answer says that may help, and
   * only while the lease is certainly this worker's: a worker that lost its rows sends nothing more (the
   * request it may have had on the wire is covered by the key).
   */
  private async deliver(request: FrozenRequest, lease: Lease): Promise<void> {
    const { transport } = this.options;
    let uncertain = request.uncertain === true;
    for (let tries = 1; ; tries++) {
      await this.pacer?.acquire();
      if (!(await lease.ensure())) return;
      // A provider without idempotency keys is asked first whether an earlier try went out (decision 025).
      const confirmation =
        uncertain && transport.confirm ? await confirmed(transport, request.encoded) : false;
      if (confirmation === null) {
        for (const row of request.rows) lease.held.delete(row.id);
        const error = getT(defaultLocale)("email:errors.unknownIfSent");
        await this.settle(request, { kind: "transient", error, dropped: true });
        return;
      }
      const outcome: DeliveryOutcome =
        confirmation !== false && confirmation.sent
          ? {
              kind: "accepted",
              results: confirmation.providerIds.map((providerId) => ({ ok: true, providerId })),
            }
          : await transport.send(request.encoded, request.key);
      if (outcome.kind === "transient") uncertain = true;
      if (tries < triesPerClaim && !lease.isLost) {
        if (outcome.kind === "transient") continue;
        if (outcome.kind === "rateLimited") {
          this.pacer?.pauseUntil(this.clock.now() + (outcome.retryAfterMs ?? defaultRetryAfterMs));
          continue;
        }
        if (outcome.kind === "inFlight") {
          await this.clock.sleep(inFlightWaitMs);
          continue;
        }
      }
      // Settled rows leave the lease first, so a heartbeat meanwhile does not count them as taken.
      for (const row of request.rows) lease.held.delete(row.id);
      await this.settle(request, outcome);
      return;
    }
  }

  /** Records what the provider said, on the rows this worker still holds (a lease taken back is not ours). */
  private async settle(request: FrozenRequest, outcome: DeliveryOutcome): Promise<void> {
    const { rows } = request;
    const ids = rows.map((r) => r.id);
    const now = this.clock.now();
    const te = getT(defaultLocale);
    const requeue = (at: number, error: string, countsAsAttempt: boolean) =>
      ({
        status: "queued",
        nextAttemptAt: new Date(at),
        lastError: error.slice(0, 1000),
        leaseOwner: null,
        leaseUntil: null,
        updatedAt: new Date(now),
        ...(countsAsAttempt ? {} : { attempts: sql`${schema.emailOutbox.attempts} - 1` }),
      }) as const;
    await this.options.database.write(async (tx) => {
      switch (outcome.kind) {
        case "accepted":
          for (const [index, row] of rows.entries()) {
            const result = outcome.results[index];
            if (result?.ok) {
              // Once the email is on its way the app keeps none of its secrets (decision 015).
              const scrubbed = dataWithoutSecrets(row.template, row.data);
              await this.mine(tx, [row.id], {
                ...(scrubbed ? { data: scrubbed } : {}),
                status: "sent",
                providerId: result.providerId,
                sentAt: new Date(now),
                lastError: null,
                leaseOwner: null,
                leaseUntil: null,
                updatedAt: new Date(now),
              });
            } else {
              await this.mine(
                tx,
                [row.id],
                this.failure(
                  te("email:errors.refusedByProvider", {
                    detail: result?.error ?? te("email:errors.noAnswer"),
                  }),
                ),
              );
            }
          }
          break;
        case "rateLimited": {
          // The provider's limit is not the email's fault: it does not use up an attempt.
          const wait = outcome.retryAfterMs ?? defaultRetryAfterMs;
          this.pacer?.pauseUntil(now + wait);
          await this.mine(tx, ids, requeue(now + wait, outcome.error, false));
          break;
        }
        case "inFlight":
          await this.mine(tx, ids, requeue(now + inFlightWaitMs, outcome.error, false));
          break;
        case "deferred":
          await this.mine(tx, ids, requeue(now + outcome.retryAfterMs, outcome.error, false));
          break;
        case "paused":
          await this.mine(tx, ids, requeue(now, outcome.error, false));
          await this.options.onPause?.(tx, outcome.error, new Date(now));
          break;
        case "transient": {
          const attempts = Math.max(...rows.map((r) => r.attempts));
          // Some try may have reached the provider and been taken: these are not failures to send afresh.
          await this.mine(
            tx,
            ids,
            attempts >= this.options.maxAttempts
              ? this.unconfirmed(te("email:errors.triesRanOut", { detail: outcome.error }))
              : requeue(now + this.backoff(attempts), outcome.error, true),
          );
          break;
        }
        case "keyTaken":
          await this.mine(tx, ids, this.unconfirmed(te("email:errors.keyTaken", { detail: outcome.error })));
          break;
        case "invalid":
          await this.split(tx, request, outcome.error, now);
          break;
        case "rejected":
          await this.mine(
            tx,
            ids,
            this.failure(te("email:errors.refusedByProvider", { detail: outcome.error })),
          );
          break;
      }
      await forgetSettledRequest(tx, request.key);
    });
  }

  /**
   * A request refused whole for one email: its halves become two new frozen requests (the same emails, the
   * same bytes each), queued at once, until the part refused is a single row, which fails with the reason.
   */
  private async split(tx: Tx, request: FrozenRequest, error: string, now: number): Promise<void> {
    const te = getT(defaultLocale);
    const halves = this.options.transport.split(request.encoded);
    if (!halves || request.rows.length < 2) {
      await this.mine(
        tx,
        request.rows.map((r) => r.id),
        this.failure(te("email:errors.refusedByProvider", { detail: error })),
      );
      return;
    }
    const middle = Math.ceil(request.rows.length / 2);
    const parts = [request.rows.slice(0, middle), request.rows.slice(middle)];
    for (const [index, encoded] of halves.entries()) {
      const part = this.freezable(parts[index] ?? [], encoded);
      await storeRequest(tx, this.channel, part.key, encoded, new Date(now));
      await this.mine(
        tx,
        part.rows.map((r) => r.id),
        {
          status: "queued",
          requestKey: part.key,
          attempts: sql`${schema.emailOutbox.attempts} - 1`,
          nextAttemptAt: new Date(now),
          lastError: error.slice(0, 1000),
          leaseOwner: null,
          leaseUntil: null,
          updatedAt: new Date(now),
        },
      );
    }
  }

  /** Exponential, with jitter so that many workers retrying do not arrive together. */
  backoff(attempts: number): number {
    const ceiling = Math.min(backoffCapMs, backoffBaseMs * 2 ** Math.max(0, attempts - 1));
    return Math.round(ceiling * (0.5 + this.random() * 0.5));
  }

  private failure(error: string) {
    return this.finalState("failed", error);
  }

  private unconfirmed(error: string) {
    return this.finalState("unconfirmed", error);
  }

  private finalState(status: "failed" | "unconfirmed", error: string) {
    return {
      status,
      lastError: error.slice(0, 1000),
      leaseOwner: null,
      leaseUntil: null,
      updatedAt: new Date(this.clock.now()),
    };
  }

  /** Updates only rows this worker holds in `sending`; returns how many it changed. */
  private async mine(tx: Tx, ids: number[], set: SQLiteUpdateSetSource<typeof schema.emailOutbox>) {
    if (ids.length === 0) return 0;
    const t = schema.emailOutbox;
    const changed = await tx
      .update(t)
      .set(set)
      .where(and(inArray(t.id, ids), eq(t.status, "sending"), eq(t.leaseOwner, this.owner)))
      .returning({ id: t.id });
    return changed.length;
  }
}

/** A confirmation that could not be had (the provider's record unreachable) is unknown, like no answer. */
async function confirmed<M>(transport: Transport<M>, encoded: EncodedRequest) {
  try {
    return (await transport.confirm?.(encoded)) ?? null;
  } catch {
    return null;
  }
}

/** The email worker: the outbox worker with the email channel's composer. */
export class EmailWorker extends OutboxWorker<OutgoingEmail> {
  constructor(options: EmailWorkerOptions) {
    const { sender, ...tuning } = options;
    super({ ...tuning, channel: "email", composer: emailComposer(options.database, sender) });
  }
}

interface Prepared {
  row: OutboxRow;
  message: OutgoingEmail;
}

/**
 * Emails: rendered from their templates, those whose recipient turned the kind off cancelled, one batch for
 * the rest and one request per email with attachments (a few a claim; the others go back at once).
 */
export function emailComposer(database: Database, senderOf: () => Promise<Sender>): Composer<OutgoingEmail> {
  return {
    async compose(rows) {
      const sender = await senderOf();
      const optOuts = await optedOut(
        database.db,
        rows.map((r) => r.to),
      );
      const composed: Composed<OutgoingEmail> = { groups: [], failed: [], cancelled: [], held: [] };
      const batch: Prepared[] = [];
      const singles: Prepared[] = [];
      const notByEmail = await channelsBesidesEmail(database, rows);
      const inApp: { row: OutboxRow; subject: string; text: string }[] = [];
      const te = getT(defaultLocale);
      for (const { row, result, email } of await renderEmails(database, rows, sender)) {
        const elsewhere = notByEmail.get(row.id);
        if (!result.ok || !email) composed.failed.push({ row, error: result.ok ? "" : result.error });
        else if (optOuts.get(row.to)?.has(result.email.kind))
          composed.cancelled.push({ row, reason: "unsubscribed" });
        else if (elsewhere?.includes("inapp")) {
          inApp.push({ row, subject: result.email.subject, text: result.email.text });
          composed.cancelled.push({ row, reason: te("sms:channel.inAppOnly") });
        } else if (elsewhere) composed.cancelled.push({ row, reason: te("sms:channel.textOnly") });
        else if (!row.attachments?.length) batch.push({ row, message: email });
        else if (singles.length < singlesPerClaim) singles.push({ row, message: email });
        else composed.held.push({ row, until: null, reason: null });
      }
      composed.groups = [...(batch.length > 0 ? [batch] : []), ...singles.map((s) => [s])];
      // Written before the rows are cancelled: a crash between the two writes the same message again, once.
      if (inApp.length > 0)
        await database.write(async (tx) => {
          for (const { row, subject, text } of inApp)
            if (row.userId !== null)
              await tx
                .insert(schema.messages)
                .values({ userId: row.userId, sourceKey: row.key, channel: "inapp", subject, text })
                .onConflictDoNothing({ target: schema.messages.sourceKey });
        });
      return composed;
    },
  };
}

/**
 * Rows whose person chose not to get their kind by email (decision 028), with the channels they chose instead:
 * "inapp" puts the message in their /messages; a text alone means the email is not sent.
 */
async function channelsBesidesEmail(database: Database, rows: OutboxRow[]) {
  const result = new Map<number, DeliveryChannel[]>();
  const choosable = rows.filter((r) => r.userId !== null && messageKindOfEmail(r.template) !== null);
  if (choosable.length === 0) return result;
  const people = await database.db
    .select({ id: schema.users.id, phone: schema.users.phone, channels: schema.emailPreferences.channels })
    .from(schema.users)
    .innerJoin(schema.emailPreferences, eq(schema.emailPreferences.userId, schema.users.id))
    .where(inArray(schema.users.id, [...new Set(choosable.map((r) => r.userId ?? 0))]));
  const byId = new Map(people.map((p) => [p.id, p]));
  for (const row of choosable) {
    const person = byId.get(row.userId ?? 0);
    const kind = messageKindOfEmail(row.template);
    if (!person || !kind) continue;
    const channels = channelsOf(person.channels as ChannelChoice, kind, true, Boolean(person.phone));
    if (!channels.includes("email")) result.set(row.id, channels);
  }
  return result;
}

async function renderEmails(database: Database, rows: OutboxRow[], sender: Sender) {
  const userIds = await userIdsByEmail(
    database.db,
    rows.map((r) => r.to),
  );
  const te = getT(defaultLocale);
  return Promise.all(
    rows.map(async (row) => {
      if (!address.safeParse(row.to).success || !withinSmtpLimits(row.to)) {
        const result = { ok: false as const, error: te("email:errors.badAddress", { to: row.to }) };
        return { row, result, email: null };
      }
      const kind = templateKind(row.template);
      const userId = userIds.get(row.to);
      const unsubscribeUrl =
        kind === "announcements" && userId !== undefined
          ? `${sender.origin}/unsubscribe/${await unsubscribeToken(userId, kind)}`
          : undefined;
      const result = renderEmail(row, { communityName: sender.communityName, unsubscribeUrl });
      if (!result.ok) return { row, result, email: null };
      const headers: Record<string, string> = { "X-Lianxin-Email-Key": row.key };
      if (unsubscribeUrl) {
        headers["List-Unsubscribe"] = `<${unsubscribeUrl}>`;
        headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click";
      }
      const email: OutgoingEmail = {
        key: row.key,
        from: sender.from,
        to: row.to,
        replyTo: sender.replyTo ?? undefined,
        subject: result.email.subject,
        html: result.email.html,
        text: result.email.text,
        headers,
        attachments: row.attachments ?? undefined,
        recipientId: row.userId,
        masked: () => ({ ...result.email.masked(), headers: maskHeaders(headers) }),
      };
      return { row, result, email };
    }),
  );
}

function templateKind(template: string): EmailKind | null {
  return getTemplate(template)?.kind ?? null;
}

/** RFC 5321: a local part of at most 64 octets, a path of at most 254. Providers refuse longer. */
function withinSmtpLimits(to: string): boolean {
  const at = to.lastIndexOf("@");
  return Buffer.byteLength(to.slice(0, at)) <= 64 && Buffer.byteLength(to) <= 254;
}
