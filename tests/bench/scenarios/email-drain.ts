// email.drain: 10,000 queued emails delivered to a local Resend-compatible server that enforces 2 requests/s
// (Resend's default limit). Reports the drain time and the achieved rate as a share of the limit
// (100 emails a batch × the request rate); the budget is ≥ 0.9. Runs on a database of its own, so the
// server's own worker cannot take these rows.
import { rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { count, inArray } from "drizzle-orm";
import { Database, schema } from "#db/client.server";
import { resendTransport, type EmailTransport } from "#app/modules/notifications/transport.server";
import { EmailWorker } from "#app/modules/notifications/worker.server";
import { FakeResend, type RandomFaults } from "#tests/support/fake-resend";
import { seededFaker } from "#db/seed/context";
import type { CustomScenario, ScenarioResult } from "../types";

export interface DrainOptions {
  emails?: number;
  ratePerSecond?: number;
  /**
   * The provider under faults (seeded, so runs compare): 10% 500s, 5% dropped connections (half after the
   * provider took the emails), and 429s with retry-after from a limiter counting fixed one-second windows.
   * `extra429` adds that share of 429s beyond the limiter's.
   */
  faults?: boolean;
  extra429?: number;
  seed?: number;
}

function providerFaults(seed: number, extra429: number): RandomFaults {
  const faker = seededFaker(seed, "email.drain");
  return { serverErrors: 0.1, drops: 0.05, rateLimited: extra429, random: () => faker.number.float() };
}

export interface DrainResult {
  emails: number;
  seconds: number;
  ratioToLimit: number;
  requests: number;
  rejectedRequests: number;
  latenciesMs: number[];
  /** How many times each email reached the server (all 1 when nothing was sent twice). */
  deliveries: Map<string, number>;
}

const batchSize = 100;

export async function drainEmails({
  emails = 10_000,
  ratePerSecond = 2,
  faults = false,
  extra429 = 0,
  seed = 1,
}: DrainOptions = {}): Promise<DrainResult> {
  const file = join(tmpdir(), `lianxin-email-drain-${process.pid}-${Date.now()}.db`);
  const database = new Database({ url: `file:${file}` });
  const server = await new FakeResend({
    ratePerSecond,
    faults: faults ? providerFaults(seed, extra429) : undefined,
    limiter: faults ? "window" : "bucket",
  }).start();
  try {
    await database.migrate();
    await enqueueMany(database, emails);
    const resend = resendTransport("re_bench", server.url);
    const latenciesMs: number[] = [];
    const timed: EmailTransport = {
      ...resend,
      send: async (request, key) => {
        const started = performance.now();
        const outcome = await resend.send(request, key);
        latenciesMs.push(performance.now() - started);
        return outcome;
      },
    };
    const worker = new EmailWorker({
      database,
      transport: timed,
      ratePerSecond,
      maxAttempts: 8,
      batchSize,
      idleMs: 25,
      sender: async () => ({
        from: "连心 <noreply@lianxin.local>",
        replyTo: null,
        communityName: "连心社区",
        origin: "http://localhost:3000",
      }),
    });
    const started = performance.now();
    worker.start();
    while ((await pending(database)) > 0) await new Promise((resolve) => setTimeout(resolve, 25));
    const seconds = (performance.now() - started) / 1000;
    await worker.stop();
    return {
      emails,
      seconds,
      ratioToLimit: emails / seconds / (ratePerSecond * batchSize),
      requests: server.requests.length,
      rejectedRequests: server.requests.filter((r) => r.status !== 200).length,
      latenciesMs,
      deliveries: server.deliveriesByEmailKey(),
    };
  } finally {
    await server.stop();
    database.close();
    for (const suffix of ["", "-wal", "-shm"]) rmSync(`${file}${suffix}`, { force: true });
  }
}

async function enqueueMany(database: Database, total: number) {
  const now = new Date();
  const rows = Array.from({ length: total }, (_, i) => ({
    key: `bench:drain:${i}`,
    to: `resident${i}@bench.lianxin.test`,
    template: "auth.verifyEmail",
    data: { name: `居民${i}`, code: String(10_000_000 + i), minutes: 15 },
    locale: "zh-CN" as const,
    nextAttemptAt: now,
  }));
  await database.write(async (tx) => {
    for (let i = 0; i < rows.length; i += 500)
      await tx.insert(schema.emailOutbox).values(rows.slice(i, i + 500));
  });
}

async function pending(database: Database): Promise<number> {
  const [row] = await database.db
    .select({ n: count() })
    .from(schema.emailOutbox)
    .where(inArray(schema.emailOutbox.status, ["queued", "sending"]));
  return row?.n ?? 0;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
}

const scenario: CustomScenario = {
  kind: "custom",
  name: "email.drain",
  async run(): Promise<ScenarioResult> {
    const result = await drainEmails();
    const sorted = [...result.latenciesMs].sort((a, b) => a - b);
    return {
      reqPerSec: result.requests / result.seconds,
      p50Ms: percentile(sorted, 50),
      p95Ms: percentile(sorted, 95),
      p99Ms: percentile(sorted, 99),
      extra: {
        emails: result.emails,
        seconds: Number(result.seconds.toFixed(2)),
        ratioToLimit: Number(result.ratioToLimit.toFixed(3)),
      },
    };
  },
};

export default scenario;
