// The email worker: claims due outbox rows with a lease, renders them, and delivers them through a transport
// at the configured request rate. A row's provider request (and so its Idempotency-Key) is fixed before the
// request leaves, so a retry after a crash, a 5xx or a dropped connection is the same request to the provider.
// Several workers may share one database: claims are conditional updates inside BEGIN IMMEDIATE.
import { createHash, randomUUID } from "node:crypto";
import { and, asc, eq, inArray, isNotNull, isNull, lt, lte, or, sql } from "drizzle-orm";
import { z } from "zod";
import type { SQLiteUpdateSetSource } from "drizzle-orm/sqlite-core";
import { schema, type Database, type Tx } from "#db/client.server";
import type { EmailKind } from "#db/schema/email";
import { optedOut, unsubscribeToken, userIdsByEmail } from "./preferences.server";
import { renderEmail } from "./render.server";
import { dataWithoutSecrets, maskHeaders } from "./secrets.server";
import type { DeliveryOutcome, EmailTransport, OutgoingEmail } from "./transport.server";
import { getTemplate } from "#emails/registry";
import { defaultLocale, getT } from "#app/modules/i18n/i18n";

type OutboxRow = typeof schema.emailOutbox.$inferSelect;

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

export interface EmailWorkerOptions {
  database: Database;
  transport: EmailTransport;
  /** Read before each batch, so a settings change applies without a restart. */
  sender: () => Promise<Sender>;
  ratePerSecond: number;
  maxAttempts: number;
  owner?: string;
  batchSize?: number;
  leaseMs?: number;
  /** How long to wait when nothing is due. */
  idleMs?: number;
  /**
   * Batches in flight at once. Two let the next batch be claimed and rendered while the current request is
   * on the wire, so the worker keeps up with the request rate; the pacer still spaces the requests.
   */
  concurrency?: number;
  clock?: WorkerClock;
  random?: () => number;
}

const backoffBaseMs = 2_000;
const backoffCapMs = 15 * 60_000;
const defaultRetryAfterMs = 1_000;
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

  async acquire(): Promise<void> {
    const now = this.clock.now();
    const at = Math.max(now, this.nextAt, this.pausedUntil);
    this.nextAt = at + this.intervalMs;
    if (at > now) await this.clock.sleep(at - now);
  }

  pauseUntil(at: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, at);
    this.nextAt = Math.max(this.nextAt, at);
  }
}

export class EmailWorker {
  readonly owner: string;
  private readonly clock: WorkerClock;
  private readonly random: () => number;
  private readonly pacer: RequestPacer | null;
  private readonly batchSize: number;
  private readonly leaseMs: number;
  private readonly idleMs: number;
  private stopping = false;
  private loop: Promise<void> | null = null;
  private readonly wakers = new Set<() => void>();

  constructor(private readonly options: EmailWorkerOptions) {
    this.owner = options.owner ?? `worker-${randomUUID()}`;
    this.clock = options.clock ?? realClock;
    this.random = options.random ?? Math.random;
    this.batchSize = options.batchSize ?? 100;
    this.leaseMs = options.leaseMs ?? 60_000;
    this.idleMs = options.idleMs ?? 1_000;
    this.pacer = options.transport.rateLimited
      ? new RequestPacer(1000 / options.ratePerSecond, this.clock)
      : null;
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
          console.error("lianxin: email worker:", error instanceof Error ? error.message : error);
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
    const sender = await this.options.sender();
    const resumed = rows[0]?.requestKey != null;
    const requests = resumed ? await this.resume(rows, sender) : await this.prepare(rows, sender);
    for (const request of requests) {
      await this.pacer?.acquire();
      const outcome = await this.options.transport.deliver(request.emails, request.key);
      await this.settle(request.rows, outcome);
    }
    return rows.length;
  }

  /**
   * Takes the due rows: first a provider request that was started and must be repeated as it was (its rows
   * share a request key), else up to a batch of new rows. A row whose lease ran out counts as due.
   */
  private claim(): Promise<OutboxRow[]> {
    return this.options.database.write(async (tx) => {
      const now = new Date(this.clock.now());
      const t = schema.emailOutbox;
      const due = or(
        and(eq(t.status, "queued"), lte(t.nextAttemptAt, now)),
        and(eq(t.status, "sending"), lt(t.leaseUntil, now)),
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
      return tx
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
    });
  }

  /** New rows: render, drop what cannot or must not be sent, and fix each remaining row's provider request. */
  private async prepare(rows: OutboxRow[], sender: Sender): Promise<Request[]> {
    const db = this.options.database.db;
    const optOuts = await optedOut(
      db,
      rows.map((r) => r.to),
    );
    const failed: { row: OutboxRow; error: string }[] = [];
    const skipped: OutboxRow[] = [];
    const batch: Prepared[] = [];
    const singles: Prepared[] = [];
    const released: OutboxRow[] = [];
    const rendered = await this.render(rows, sender);
    for (const { row, result, email } of rendered) {
      if (!result.ok || !email) failed.push({ row, error: result.ok ? "" : result.error });
      else if (optOuts.get(row.to)?.has(result.email.kind)) skipped.push(row);
      else if (!row.attachments?.length) batch.push({ row, email });
      else if (singles.length < singlesPerClaim) singles.push({ row, email });
      else released.push(row);
    }
    const requests: Request[] = singles.map((s) => ({
      key: requestKeyFor([s.row.key], "email"),
      rows: [s.row],
      emails: [s.email],
    }));
    if (batch.length > 0) {
      requests.unshift({
        key: requestKeyFor(
          batch.map((b) => b.row.key),
          "batch",
        ),
        rows: batch.map((b) => b.row),
        emails: batch.map((b) => b.email),
      });
    }
    await this.options.database.write(async (tx) => {
      for (const request of requests) {
        await this.mine(
          tx,
          request.rows.map((r) => r.id),
          { requestKey: request.key },
        );
      }
      for (const { row, error } of failed) await this.mine(tx, [row.id], this.failure(error));
      const now = new Date(this.clock.now());
      await this.mine(
        tx,
        skipped.map((r) => r.id),
        {
          status: "cancelled",
          lastError: "unsubscribed",
          leaseOwner: null,
          leaseUntil: null,
          updatedAt: now,
        },
      );
      await this.mine(
        tx,
        released.map((r) => r.id),
        {
          status: "queued",
          attempts: sql`${schema.emailOutbox.attempts} - 1`,
          leaseOwner: null,
          leaseUntil: null,
          updatedAt: now,
        },
      );
    });
    return requests;
  }

  /** A started request, repeated exactly: same rows, same key, no second look at preferences. */
  private async resume(rows: OutboxRow[], sender: Sender): Promise<Request[]> {
    const rendered = await this.render(rows, sender);
    const broken = rendered.filter((r) => !r.result.ok);
    if (broken.length > 0) {
      await this.options.database.write(async (tx) => {
        for (const { row, result } of broken)
          await this.mine(tx, [row.id], this.failure(result.ok ? "" : result.error));
      });
    }
    const ok = rendered.flatMap(({ row, email }) => (email ? [{ row, email }] : []));
    const key = rows[0]?.requestKey;
    if (!key || ok.length === 0) return [];
    return [{ key, rows: ok.map((o) => o.row), emails: ok.map((o) => o.email) }];
  }

  private async render(rows: OutboxRow[], sender: Sender) {
    const userIds = await userIdsByEmail(
      this.options.database.db,
      rows.map((r) => r.to),
    );
    const te = getT(defaultLocale);
    return Promise.all(
      rows.map(async (row) => {
        if (!address.safeParse(row.to).success) {
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

  /** Records what the provider said, on the rows this worker still holds (a lease taken back is not ours). */
  private async settle(rows: OutboxRow[], outcome: DeliveryOutcome): Promise<void> {
    const ids = rows.map((r) => r.id);
    const now = this.clock.now();
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
              await this.mine(tx, [row.id], this.failure(result?.error ?? "no answer for this email"));
            }
          }
          return;
        case "rateLimited": {
          // The provider's limit is not the email's fault: it does not use up an attempt.
          const wait = outcome.retryAfterMs ?? defaultRetryAfterMs;
          this.pacer?.pauseUntil(now + wait);
          await this.mine(tx, ids, {
            status: "queued",
            attempts: sql`${schema.emailOutbox.attempts} - 1`,
            nextAttemptAt: new Date(now + wait),
            lastError: outcome.error,
            leaseOwner: null,
            leaseUntil: null,
            updatedAt: new Date(now),
          });
          return;
        }
        case "transient": {
          const attempts = Math.max(...rows.map((r) => r.attempts));
          if (attempts >= this.options.maxAttempts) {
            await this.mine(tx, ids, this.failure(outcome.error));
            return;
          }
          await this.mine(tx, ids, {
            status: "queued",
            nextAttemptAt: new Date(now + this.backoff(attempts)),
            lastError: outcome.error,
            leaseOwner: null,
            leaseUntil: null,
            updatedAt: new Date(now),
          });
          return;
        }
        case "rejected":
          await this.mine(tx, ids, this.failure(outcome.error));
          return;
      }
    });
  }

  /** Exponential, with jitter so that many workers retrying do not arrive together. */
  backoff(attempts: number): number {
    const ceiling = Math.min(backoffCapMs, backoffBaseMs * 2 ** Math.max(0, attempts - 1));
    return Math.round(ceiling * (0.5 + this.random() * 0.5));
  }

  private failure(error: string) {
    return {
      status: "failed" as const,
      lastError: error.slice(0, 1000),
      leaseOwner: null,
      leaseUntil: null,
      updatedAt: new Date(this.clock.now()),
    };
  }

  /** Updates only rows this worker holds in `sending`. */
  private async mine(tx: Tx, ids: number[], set: SQLiteUpdateSetSource<typeof schema.emailOutbox>) {
    if (ids.length === 0) return;
    const t = schema.emailOutbox;
    await tx
      .update(t)
      .set(set)
      .where(and(inArray(t.id, ids), eq(t.status, "sending"), eq(t.leaseOwner, this.owner)));
  }
}

interface Prepared {
  row: OutboxRow;
  email: OutgoingEmail;
}

interface Request {
  key: string;
  rows: OutboxRow[];
  emails: OutgoingEmail[];
}

function templateKind(template: string): EmailKind | null {
  return getTemplate(template)?.kind ?? null;
}

/** Derived from the rows' keys, so the same rows always make the same key (Resend keeps keys 24 h). */
function requestKeyFor(keys: string[], prefix: string): string {
  const digest = createHash("sha256")
    .update([...keys].sort().join("\n"))
    .digest("base64url");
  return `lianxin-${prefix}-${digest}`;
}
