// The two ways the benchmark loads a page. Closed loop (autocannon): N clients each send their next request
// when the last one answers, which measures capacity. Open loop (ours, over undici): requests arrive at a
// constant rate whatever the server does, each due at a fixed time, and a request's latency counts from that
// time, so a stall shows in the latencies instead of slowing the arrivals down (coordinated omission).
// docs/decisions/019-benchmark-of-what-users-feel.md explains why autocannon's own rate limit is not that.
import autocannon from "autocannon";
import * as hdr from "hdr-histogram-js";
import { Pool } from "undici";

export interface Target {
  /** Absolute URL. */
  url: string;
  headers?: Record<string, string>;
}

/** A request the open loop sends other than a GET of the target: a form POST, the i-th of the run. */
export interface OpenLoopRequest {
  method: "POST";
  /** The body of request i (e.g. a form with its own idempotency key). */
  body: (i: number) => string;
  headers?: Record<string, string>;
  /** Which answers count as done (default 2xx); a POST that redirects to its result answers 303. */
  ok?: (status: number) => boolean;
}

export interface ClosedLoopResult {
  reqPerSec: number;
  errors: string | null;
}

function autocannonRun(target: Target, connections: number, seconds: number): Promise<autocannon.Result> {
  return new Promise((done, fail) => {
    autocannon(
      { url: target.url, headers: target.headers, connections, duration: seconds },
      (error: unknown, result: autocannon.Result) => (error ? fail(error) : done(result)),
    );
  });
}

/** A second of unrecorded load, then `seconds` of `connections` clients; any non-2xx answer is an error. */
export async function closedLoop(target: Target, connections: number, seconds: number) {
  await autocannonRun(target, connections, Math.min(1, seconds));
  const result = await autocannonRun(target, connections, seconds);
  let errors: string | null = null;
  if (result.non2xx > 0 || result.errors > 0 || result.timeouts > 0) {
    const codes = Object.entries(result.statusCodeStats ?? {})
      .map(([code, stat]) => `${code}×${stat.count ?? 0}`)
      .join(", ");
    errors = `${result.non2xx} non-2xx (${codes}), ${result.errors} errors, ${result.timeouts} timeouts`;
  }
  return { reqPerSec: result.requests.average, errors } satisfies ClosedLoopResult;
}

export interface OpenLoopResult {
  /** Requests per second offered. */
  rate: number;
  sent: number;
  completed: number;
  /** Non-2xx answers, failed connections and requests still unanswered at the deadline, by kind. */
  errors: Record<string, number>;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  maxMs: number;
  /** The most requests in flight at once: the connections the client needed so that it never queued. */
  maxInFlight: number;
  /** How late the client's timer sent the worst request (counted in its latency; a few ms is normal). */
  maxSendLagMs: number;
}

/** Latencies in microseconds, up to ten minutes, three significant digits. */
export function latencyHistogram(): hdr.Histogram {
  return hdr.build({
    lowestDiscernibleValue: 1,
    highestTrackableValue: 600_000_000,
    numberOfSignificantValueDigits: 3,
  });
}

export function histogramSummary(histogram: hdr.Histogram) {
  const ms = (p: number) =>
    histogram.totalCount === 0 ? Number.NaN : histogram.getValueAtPercentile(p) / 1000;
  return {
    p50Ms: ms(50),
    p95Ms: ms(95),
    p99Ms: ms(99),
    maxMs: histogram.totalCount === 0 ? Number.NaN : histogram.maxValue / 1000,
  };
}

export interface OpenLoopOptions {
  rate: number;
  seconds: number;
  /** Where latencies go; a fresh one when omitted. Pass the same one to several runs to pool their rounds. */
  histogram?: hdr.Histogram;
  /** How long after the last request was due the stragglers may take before they count as errors. */
  graceSeconds?: number;
  /** Send this instead of a GET of the target. */
  request?: OpenLoopRequest;
}

/**
 * Offers `rate` requests a second for `seconds`: request i is due at t0 + i / rate and is sent then on a
 * connection of its own if every open one is busy (the pool has no limit, so the client never queues).
 * Latency = completion of the whole body − due time.
 */
export async function openLoop(target: Target, options: OpenLoopOptions): Promise<OpenLoopResult> {
  const { rate, seconds, graceSeconds = 30 } = options;
  const histogram = options.histogram ?? latencyHistogram();
  const url = new URL(target.url);
  const path = url.pathname + url.search;
  const pool = new Pool(url.origin, {
    connections: null,
    pipelining: 1,
    headersTimeout: (seconds + graceSeconds) * 1000,
    bodyTimeout: (seconds + graceSeconds) * 1000,
  });
  const total = Math.max(1, Math.round(rate * seconds));
  const interval = 1000 / rate;
  const errors: Record<string, number> = {};
  const fail = (kind: string) => (errors[kind] = (errors[kind] ?? 0) + 1);
  let sent = 0;
  let completed = 0;
  let inFlight = 0;
  let maxInFlight = 0;
  let maxSendLagMs = 0;
  const settled: Promise<void>[] = [];

  const custom = options.request;
  const ok = custom?.ok ?? ((status: number) => status >= 200 && status < 300);
  const send = (due: number, i: number) => {
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    maxSendLagMs = Math.max(maxSendLagMs, performance.now() - due);
    sent++;
    return pool
      .request(
        custom
          ? {
              path,
              method: custom.method,
              headers: { ...target.headers, ...custom.headers },
              body: custom.body(i),
            }
          : { path, method: "GET", headers: target.headers },
      )
      .then(async (response) => {
        for await (const _chunk of response.body); // the latency ends with the last byte
        if (!ok(response.statusCode)) fail(String(response.statusCode));
        else {
          completed++;
          histogram.recordValue(Math.max(1, Math.round((performance.now() - due) * 1000)));
        }
      })
      .catch((error: unknown) => {
        fail(error instanceof Error && "code" in error ? String(error.code) : "network");
      })
      .finally(() => inFlight--);
  };

  const t0 = performance.now() + 10;
  await new Promise<void>((finished) => {
    let next = 0;
    const tick = () => {
      const now = performance.now();
      while (next < total && t0 + next * interval <= now) {
        settled.push(send(t0 + next * interval, next));
        next++;
      }
      if (next < total) setTimeout(tick, Math.max(0, t0 + next * interval - performance.now()));
      else finished();
    };
    tick();
  });
  const deadline = new Promise<"late">((resolve) =>
    setTimeout(() => resolve("late"), graceSeconds * 1000).unref(),
  );
  if ((await Promise.race([Promise.all(settled), deadline])) === "late") {
    errors.unanswered = inFlight;
  }
  await pool.destroy();
  return { rate, sent, completed, errors, ...histogramSummary(histogram), maxInFlight, maxSendLagMs };
}

export function errorText(errors: Record<string, number>): string | null {
  const entries = Object.entries(errors).filter(([, n]) => n > 0);
  return entries.length === 0 ? null : entries.map(([kind, n]) => `${kind}×${n}`).join(", ");
}
